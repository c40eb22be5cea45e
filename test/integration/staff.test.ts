/**
 * Staff sign-in and case work through the real app: tokens from the local issuer verified via its
 * JWKS URL, queues by jurisdiction, audited case views, messages and internal notes, and denials
 * that never reveal whether a case exists elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let lingjing: { caseNumber: string; accessKey: string };
let shenhou: { caseNumber: string; accessKey: string };
let triage: { caseNumber: string; accessKey: string };

async function file(location: Record<string, string>) {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, location }));
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

const as = async (role: StaffRole, jurisdiction: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});

beforeAll(async () => {
  h = await createHarness();
  lingjing = await file({ townshipCode: '411003106' });
  shenhou = await file({ townshipCode: '411081103' });
  triage = await file({ countyCode: '411003', address: '无法识别的地方' });
});
afterAll(async () => {
  await h.cleanup();
});

describe('sign-in', () => {
  it('refuses the staff API without a token, with a forged one, and with one from another issuer', async () => {
    expect((await h.app.request('/api/v1/cases')).status).toBe(401);
    const forged = await h.app.request('/api/v1/cases', { headers: { authorization: 'Bearer e30.e30.x' } });
    expect(forged.status).toBe(401);
    const { createLocalIssuer } = await import('#functions/local/issuer.ts');
    const other = await createLocalIssuer();
    const token = await other.issue({
      id: 'x',
      name: 'x',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    expect(
      (await h.app.request('/api/v1/cases', { headers: { authorization: `Bearer ${token}` } })).status,
    ).toBe(401);
  });

  it('issues tokens at POST /local/token and demo sign-in sets an HttpOnly cookie', async () => {
    const res = await postJson(h.app, '/local/token', {
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    const { token } = (await res.json()) as { token: string };
    const queue = await h.app.request('/api/v1/cases', { headers: { authorization: `Bearer ${token}` } });
    expect(queue.status).toBe(200);
    expect((await postJson(h.app, '/local/token', { role: 'king', jurisdiction: '4110' })).status).toBe(400);

    const signIn = await postForm(h.app, '/local/sign-in', { userId: 'officer-lingjing' });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('set-cookie')).toMatch(/chuishao_staff=.*HttpOnly/i);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await h.app.request('/staff', { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(lingjing.caseNumber);
  });

  it('sends a signed-out visitor of any console page to the sign-in page', async () => {
    for (const path of [
      '/staff',
      '/staff/intake',
      `/staff/cases/${lingjing.caseNumber}`,
      '/staff/not-a-page',
    ]) {
      const res = await h.app.request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toContain('/staff/sign-in');
    }
    expect((await h.app.request('/staff/sign-in')).status).toBe(200);
  });
});

describe('queues by jurisdiction', () => {
  const numbers = async (headers: Record<string, string>) => {
    const res = await h.app.request('/api/v1/cases', { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { cases: { caseNumber: string }[] }).cases.map((c) => c.caseNumber);
  };

  it('shows a township officer only their township', async () => {
    const mine = await numbers(await as('township_officer', '411003106'));
    expect(mine).toContain(lingjing.caseNumber);
    expect(mine).not.toContain(shenhou.caseNumber);
    expect(mine).not.toContain(triage.caseNumber);
  });

  it("shows a county supervisor the county's townships and its triage", async () => {
    const county = await numbers(await as('county_supervisor', '411003'));
    expect(county).toEqual(expect.arrayContaining([lingjing.caseNumber, triage.caseNumber]));
    expect(county).not.toContain(shenhou.caseNumber);
  });

  it('shows a city operator the triage queues only', async () => {
    const operator = await numbers(await as('operator', '4110'));
    expect(operator).toContain(triage.caseNumber);
    expect(operator).not.toContain(lingjing.caseNumber);
  });

  it('refuses the identity custodian any case list', async () => {
    const res = await h.app.request('/api/v1/cases', { headers: await as('identity_custodian', '4110') });
    expect(res.status).toBe(403);
  });
});

describe('the case page', () => {
  it('shows the report without identity and audits the view in the hash chain', async () => {
    const headers = await as('township_officer', '411003106');
    const res = await h.app.request(`/api/v1/cases/${lingjing.caseNumber}`, { headers });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    const body = (await res.json()) as { case: Record<string, unknown>; timeline: { type: string }[] };
    expect(body.case.description).toBeDefined();
    expect(JSON.stringify(body)).not.toMatch(/accessKey|sealed/);
    expect(body.timeline.map((e) => e.type)).toEqual(['received', 'staff_viewed']);
    const { firstBrokenLink } = await import('#shared/domain/audit-chain.ts');
    expect(firstBrokenLink(await h.deps.cases.listEvents(lingjing.caseNumber))).toBeNull();
  });

  it('answers a case of another township exactly like an unknown one', async () => {
    const headers = await as('township_officer', '411003106');
    const other = await h.app.request(`/api/v1/cases/${shenhou.caseNumber}`, { headers });
    const unknown = await h.app.request('/api/v1/cases/20000101-000000', { headers });
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    const strip = (b: unknown) => JSON.stringify(b).replace(/"requestId":"[^"]+"/, '');
    expect(strip(await other.json())).toBe(strip(await unknown.json()));
    const events = await h.deps.cases.listEvents(shenhou.caseNumber);
    expect(events.some((e) => e.type === 'staff_viewed')).toBe(false);
  });

  it('sends messages to the reporter and keeps internal notes internal', async () => {
    const headers = { ...(await as('township_officer', '411003106')), 'content-type': 'application/json' };
    const sent = await h.app.request(`/api/v1/cases/${lingjing.caseNumber}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '请问现场具体在厂区哪个位置？' }),
    });
    expect(sent.status).toBe(201);
    await h.app.request(`/api/v1/cases/${lingjing.caseNumber}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text: '内部：已联系派出所协查', internal: true }),
    });
    const view = await h.app.request(`/api/v1/reports/${lingjing.caseNumber}`, {
      headers: { 'x-access-key': lingjing.accessKey },
    });
    const text = JSON.stringify(await view.json());
    expect(text).toContain('请问现场具体在厂区哪个位置');
    expect(text).not.toContain('内部');
    expect(
      (
        await h.app.request(`/api/v1/cases/${lingjing.caseNumber}/messages`, {
          method: 'POST',
          headers: { ...(await as('auditor', '4110')), 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'x' }),
        })
      ).status,
    ).toBe(403);
  });
});

describe('phone intake by an operator', () => {
  it('files a report with channel phone and the same validation as the web', async () => {
    const headers = { ...(await as('operator', '4110')), 'content-type': 'application/json' };
    const bad = await h.app.request('/api/v1/cases', {
      method: 'POST',
      headers,
      body: JSON.stringify({ category: 'x' }),
    });
    expect(bad.status).toBe(400);
    const body = JSON.stringify(
      reportBody({ occurredAt: undefined, location: { townshipCode: '411003106' } }),
    );
    const res = await h.app.request('/api/v1/cases', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'call-0001' },
      body,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { caseNumber: string; accessKey: string };
    expect(created.accessKey).toMatch(/^\d{16}$/);
    expect((await h.deps.cases.get(created.caseNumber))?.record.channel).toBe('phone');
    const again = await h.app.request('/api/v1/cases', {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'call-0001' },
      body,
    });
    expect(((await again.json()) as { caseNumber: string }).caseNumber).toBe(created.caseNumber);
  });

  it('is refused to a township officer', async () => {
    const headers = { ...(await as('township_officer', '411003106')), 'content-type': 'application/json' };
    const res = await h.app.request('/api/v1/cases', {
      method: 'POST',
      headers,
      body: JSON.stringify(reportBody({ occurredAt: undefined })),
    });
    expect(res.status).toBe(403);
  });

  it('has a console page that files the report and shows the credentials to read back', async () => {
    const cookie = `chuishao_staff=${await h.tokenFor({ role: 'operator', jurisdiction: '4110', id: 'operator-xuchang' })}`;
    const page = await h.app.request('/staff/intake', { headers: { cookie } });
    expect(page.status).toBe(200);
    const form = new URLSearchParams({
      lang: 'zh',
      idempotencyKey: 'phone-page-1',
      category: 'concealed_accident',
      description: '来电称某矿上周有工人死亡但未上报。',
      countyCode: '411081',
      townshipCode: '411081103',
      action: 'submit',
    });
    const res = await postForm(h.app, '/staff/intake', form, cookie);
    expect(res.status).toBe(201);
    expect(await res.text()).toMatch(/id="access-key">\d{4} \d{4} \d{4} \d{4}</);
  });
});

describe('queue filters', () => {
  it('lets a county supervisor narrow the queue to one township, on the page and in the API', async () => {
    const extra = await file({ townshipCode: '411003001' });
    const headers = await as('county_supervisor', '411003');
    const api = (await (await h.app.request('/api/v1/cases?township=411003001', { headers })).json()) as {
      cases: { caseNumber: string }[];
    };
    expect(api.cases.map((c) => c.caseNumber)).toEqual([extra.caseNumber]);
    const cookie = `chuishao_staff=${headers.authorization.slice(7)}`;
    const page = await (await h.app.request('/staff?township=411003001', { headers: { cookie } })).text();
    expect(page).toContain(extra.caseNumber);
    expect(page).not.toContain(lingjing.caseNumber);
    expect(page).toContain('name="township"');
  });
});
