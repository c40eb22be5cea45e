/**
 * The staff workplace through the real app on DynamoDB Local: the record of what staff wrote in
 * GET /api/v1/cases/{n}, refusals in Chinese a person would write (API messageZh and pages), the
 * operator's routing by the page's form (If-Match version, Chinese errors), the phone intake
 * receipt, and pages instead of JSON for refused console posts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { postForm as postBrowserForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;

async function file(location: Record<string, string>, extra: Record<string, unknown> = {}) {
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({ occurredAt: undefined, location, ...extra }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

const bearer = async (role: StaffRole, jurisdiction: string, id = `${role}-${jurisdiction}`) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id, name: `测试${role.length}` })}`,
});

/** A console form post with the staff token as the session cookie, as a browser sends it. */
async function postForm(path: string, role: StaffRole, jurisdiction: string, form: Record<string, string>) {
  const token = await h.tokenFor({ role, jurisdiction, id: `${role}-${jurisdiction}`, name: '测试' });
  return postBrowserForm(h.app, path, form, `chuishao_staff=${token}`);
}

async function transition(caseNumber: string, body: Record<string, unknown>, role: StaffRole, j: string) {
  const headers = await bearer(role, j);
  const view = await h.app.request(`/api/v1/cases/${caseNumber}`, { headers });
  const etag = view.headers.get('etag') ?? '';
  return postJson(h.app, `/api/v1/cases/${caseNumber}/transitions`, body, { ...headers, 'if-match': etag });
}

beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('the record of a case', () => {
  it('returns every text staff recorded in GET /api/v1/cases/{n}', async () => {
    const n = await file({ townshipCode: '411003106' });
    const officer: [StaffRole, string] = ['township_officer', '411003106'];
    const steps: Record<string, unknown>[] = [
      { action: 'accept', note: '受理备注甲' },
      { action: 'start_verification' },
      { action: 'record_findings', findings: '核查情况乙' },
      { action: 'request_extension', reason: '延期理由丙' },
    ];
    for (const s of steps) expect((await transition(n, s, ...officer)).status).toBe(200);
    expect(
      (
        await transition(
          n,
          { action: 'approve_extension', days: 10, reason: '同意延期丁' },
          'county_supervisor',
          '411003',
        )
      ).status,
    ).toBe(200);
    for (const s of [
      { action: 'substantiate', conclusion: '结论戊' },
      { action: 'order_rectification', order: '整改要求己', deadline: '2099-01-31' },
      { action: 'confirm_rectification', note: '复查庚' },
      { action: 'close', feedback: '反馈辛' },
    ])
      expect((await transition(n, s, ...officer)).status).toBe(200);

    const res = await h.app.request(`/api/v1/cases/${n}`, { headers: await bearer(...officer) });
    const { record } = (await res.json()) as { record: Record<string, unknown> };
    expect(record).toMatchObject({
      acceptance: { note: '受理备注甲' },
      findings: [{ text: '核查情况乙' }],
      extension: { status: 'approved', reason: '延期理由丙', days: 10, decisionReason: '同意延期丁' },
      conclusion: { outcome: 'substantiated', text: '结论戊' },
      rectification: { order: '整改要求己', deadline: '2099-01-31', note: '复查庚' },
      feedback: [{ text: '反馈辛' }],
    });
    // And the page shows each of them in its record section.
    const page = await h.app.request(`/staff/cases/${n}`, {
      headers: {
        cookie: `chuishao_staff=${await h.tokenFor({ role: 'county_supervisor', jurisdiction: '411003' })}`,
      },
    });
    const html = await page.text();
    for (const t of [
      '受理备注甲',
      '核查情况乙',
      '延期理由丙',
      '同意延期丁',
      '结论戊',
      '整改要求己',
      '复查庚',
      '反馈辛',
    ])
      expect(html).toContain(t);
  });
});

describe('refusals in words a person would write', () => {
  it('answers the API in Chinese without codes or field names', async () => {
    const n = await file({ townshipCode: '411003106' });
    const missing = await transition(n, { action: 'reject' }, 'township_officer', '411003106');
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as { error: { messageZh: string; fields: { zh: string }[] } };
    expect(body.error.messageZh).toBe('请修改：请填写理由');
    expect(body.error.fields[0]?.zh).toBe('请填写理由');
    const wrongState = await transition(
      n,
      { action: 'close', feedback: 'x' },
      'township_officer',
      '411003106',
    );
    expect(wrongState.status).toBe(409);
    const refused = (await wrongState.json()) as { error: { messageZh: string } };
    expect(refused.error.messageZh).toBe('案件现为“已交办乡镇”，不能办结并反馈');
    const role = await transition(n, { action: 'accept' }, 'county_supervisor', '411003');
    expect(((await role.json()) as { error: { messageZh: string } }).error.messageZh).toBe(
      '您的岗位不能受理',
    );
  });

  it('re-renders the case page with the reason and an error summary, never JSON', async () => {
    const n = await file({ countyCode: '411003', address: '某个说不清的地方' });
    const res = await postForm(`/staff/cases/${n}/transitions`, 'operator', '4110', {
      action: 'assign_township',
      version: '1',
      lang: 'zh',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toMatch(
      /<section role="alert" class="errors" id="errors"[^>]*>.*<a href="#a-assign_township-township">请选择乡镇（街道）<\/a>/,
    );
    expect(html).not.toContain('townshipCode must');
  });
});

describe("the operator's routing", () => {
  it('routes a triage case from the form with the version it was drawn with; a stale form is refused', async () => {
    const n = await file({ countyCode: '411003', address: '某个说不清的地方' });
    const stale = await postForm(`/staff/cases/${n}/transitions`, 'operator', '4110', {
      action: 'assign_township',
      townshipCode: '411003106',
      version: '0',
      lang: 'zh',
    });
    expect(stale.status).toBe(412);
    expect(await stale.text()).toContain('案件已被他人修改');
    const view = await h.app.request(`/api/v1/cases/${n}`, { headers: await bearer('operator', '4110') });
    const version = (view.headers.get('etag') ?? '').replaceAll('"', '');
    const ok = await postForm(`/staff/cases/${n}/transitions`, 'operator', '4110', {
      action: 'assign_township',
      townshipCode: '411003106',
      county: '411003',
      version,
      lang: 'zh',
    });
    expect(ok.status).toBe(303);
    const after = await h.app.request(`/api/v1/cases/${n}`, { headers: await bearer('operator', '4110') });
    expect(((await after.json()) as { case: { status: string; townshipCode: string } }).case).toMatchObject({
      status: 'assigned',
      townshipCode: '411003106',
    });
  });

  it("the phone intake's receipt says where the case went and links to it", async () => {
    const token = await h.tokenFor({ role: 'operator', jurisdiction: '4110', id: 'op', name: '陈接' });
    const res = await postBrowserForm(
      h.app,
      '/staff/intake',
      {
        lang: 'zh',
        action: 'submit',
        idempotencyKey: crypto.randomUUID(),
        category: 'major_hazard',
        description: '来电反映灵井镇某厂夜间违规动火作业。',
        countyCode: '411003',
        townshipCode: '411003106',
      },
      `chuishao_staff=${token}`,
    );
    expect(res.status).toBe(201);
    const html = await res.text();
    expect(html).toContain('已交办灵井镇');
    expect(html).toMatch(/href="\/staff\/cases\/\d{8}-\d{6}\?lang=zh" id="open-case"/);
  });

  it('never offers a form the role cannot use: no intake for an officer, no message form for an auditor', async () => {
    const officer = await h.tokenFor({ role: 'township_officer', jurisdiction: '411003106' });
    const intake = await h.app.request('/staff/intake', { headers: { cookie: `chuishao_staff=${officer}` } });
    expect(intake.status).toBe(403);
    expect(await intake.text()).toContain('只有话务员和县级人员登记电话举报');
    const n = await file({ townshipCode: '411003106' });
    const auditor = await h.tokenFor({ role: 'auditor', jurisdiction: '4110' });
    const page = await (
      await h.app.request(`/staff/cases/${n}`, { headers: { cookie: `chuishao_staff=${auditor}` } })
    ).text();
    expect(page).not.toContain('/messages"');
    expect(page).not.toContain('data-action=');
  });
});
