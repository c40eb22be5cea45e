/**
 * A village safety coordinator's photos through the real staff app on DynamoDB Local: the patrol
 * report form and the re-check form take photos (multipart), stripped and sealed like a citizen's;
 * a refused file leaves no report and no re-check behind and is named (`file`); the officer's case
 * page shows the re-check's photo beside its result; the coordinator never sees the case's files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { jpegWithMetadata } from '../support/evidence-samples.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const LINGJING = '411003106';
const GANGWANG = '411003106207';
const auth = async (role: StaffRole, jurisdiction: string, id: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id, name: id })}`,
});
const officer = () => auth('township_officer', LINGJING, 'officer-lingjing');
const coordinator = () => auth('village_coordinator', GANGWANG, 'coordinator-gangwang');

function form(values: Record<string, string>, files: Uint8Array[]) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(values)) fd.append(k, v);
  for (const [i, bytes] of files.entries())
    fd.append('file', new File([bytes], `IMG_000${i}.jpg`, { type: 'image/jpeg' }));
  return fd;
}

async function act(cn: string, body: Record<string, unknown>) {
  const headers = await officer();
  const version = (await h.deps.cases.get(cn))!.record.version;
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
}

const patrol = {
  lang: 'zh',
  category: 'general_hazard',
  description: '巡查发现村东仓库消防通道被货物堵死，灭火器已过期。',
  unitName: '岗王村东仓库',
  action: 'submit',
};

describe("the coordinator's photos", () => {
  it('go with a patrol report, stripped; a refused file leaves no report and names `file`', async () => {
    const c = await coordinator();
    const refused = await h.app.request('/staff/coordinator/report', {
      method: 'POST',
      headers: c,
      body: form({ ...patrol, idempotencyKey: crypto.randomUUID() }, [
        new TextEncoder().encode('not a photo at all'),
      ]),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('id="e-file"');
    const none = await h.app.request('/api/v1/coordinator/reports', { headers: c });
    expect(((await none.json()) as { reports: unknown[] }).reports).toEqual([]);

    const photo = await jpegWithMetadata({ seed: 51 });
    const filed = await h.app.request('/staff/coordinator/report', {
      method: 'POST',
      headers: c,
      body: form({ ...patrol, idempotencyKey: crypto.randomUUID() }, [photo]),
    });
    expect(filed.status).toBe(201);
    const html = await filed.text();
    expect(html).toContain('已保存 1 张照片');
    const cn = /id="case-number">([^<]+)</.exec(html)![1]!;
    const items = await h.deps.evidence.list(cn);
    expect(items.map((i) => ({ source: i.source, kind: i.kind }))).toEqual([
      { source: 'patrol', kind: 'photo' },
    ]);
  });

  it('go with a re-check, shown to the officer beside its result; the coordinator cannot open them', async () => {
    const c = await coordinator();
    const filed = await h.app.request('/api/v1/coordinator/reports', {
      method: 'POST',
      headers: { ...c, 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'general_hazard',
        description: '巡查发现村西作坊电线乱拉，存在火灾隐患。',
      }),
    });
    const cn = ((await filed.json()) as { caseNumber: string }).caseNumber;
    for (const body of [
      { action: 'accept' },
      { action: 'start_verification' },
      { action: 'substantiate', conclusion: '属实。' },
      { action: 'order_rectification', order: '限期整改线路', deadline: '2099-01-31' },
      {
        action: 'request_recheck',
        summary: '作坊电线乱拉，已责令整改。',
        unitName: '村西作坊',
        villageCode: GANGWANG,
      },
    ])
      await act(cn, body);
    const tasks = (await (await h.app.request('/api/v1/coordinator/rechecks', { headers: c })).json()) as {
      rechecks: { taskId: string; status: string }[];
    };
    const task = tasks.rechecks.find((t) => t.status === 'requested')!;
    const path = `/staff/coordinator/rechecks/${task.taskId}`;

    const bad = await h.app.request(path, {
      method: 'POST',
      headers: c,
      body: form({ lang: 'zh', result: 'rectified', note: '已整改。' }, [new Uint8Array(12)]),
    });
    expect(bad.status).toBe(400);
    expect((await h.deps.cases.get(cn))!.record.recheck?.status).toBe('requested');

    const recorded = await h.app.request(path, {
      method: 'POST',
      headers: c,
      body: form({ lang: 'zh', result: 'rectified', note: '线路已重新敷设。' }, [
        await jpegWithMetadata({ seed: 52 }),
      ]),
    });
    expect(recorded.status).toBe(303);
    const items = await h.deps.evidence.list(cn);
    expect(items.map((i) => i.source)).toEqual(['recheck']);
    const page = await (await h.app.request(`/staff/cases/${cn}`, { headers: await officer() })).text();
    const photos = /<ul class="evidence-thumbs" id="recheck-photos">([\s\S]*?)<\/ul>/.exec(page)?.[1] ?? '';
    expect(photos).toContain(`/staff/cases/${cn}/evidence/${items[0]!.id}/thumbnail`);
    expect(page).toContain('复查照片');
    const thumb = await h.app.request(`/staff/cases/${cn}/evidence/${items[0]!.id}/thumbnail`, {
      headers: c,
    });
    expect(thumb.status).toBe(404);
  });
});
