/**
 * Identity reveal (SPEC §6): request with a reason → the custodian (never the requester) decides →
 * only the requester, only after approval, sees the decrypted identity; the view is audited and the
 * reporter sees that it happened and why — not by whom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { firstBrokenLink } from '#shared/domain/audit-chain.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const bearer = async (role: StaffRole, jurisdiction: string, id: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
  'content-type': 'application/json',
});

async function fileWith(reporter?: Record<string, unknown>) {
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      occurredAt: undefined,
      location: { townshipCode: '411003106' },
      ...(reporter ? { reporter } : {}),
    }),
  );
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

describe('identity reveal', () => {
  it('goes request → custodian approval → the requester alone sees it → the reporter is told why', async () => {
    const c = await fileWith({ name: '揭示测试人', phone: '13700001234', isEmployeeOfUnit: true });
    const officer = await bearer('township_officer', '411003106', 'officer-lingjing');
    const custodian = await bearer('identity_custodian', '4110', 'custodian-xuchang');
    const req = await h.app.request(`/api/v1/cases/${c.caseNumber}/identity-requests`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({ reason: '发放奖励需核实实名举报人身份' }),
    });
    expect(req.status).toBe(201);
    const { requestId } = (await req.json()) as { requestId: string };
    const reveal = (headers: Record<string, string>) =>
      h.app.request(`/api/v1/cases/${c.caseNumber}/identity-requests/${requestId}/identity`, { headers });

    expect((await reveal(officer)).status).toBe(409);
    const pending = (await (
      await h.app.request('/api/v1/identity-requests', { headers: custodian })
    ).json()) as {
      requests: { requestId: string; reason: string }[];
    };
    expect(pending.requests.map((r) => r.requestId)).toContain(requestId);
    expect(JSON.stringify(pending)).not.toContain('揭示测试人');
    expect((await h.app.request('/api/v1/identity-requests', { headers: officer })).status).toBe(403);

    const decide = (headers: Record<string, string>, approve: boolean) =>
      h.app.request(`/api/v1/identity-requests/${c.caseNumber}/${requestId}/decision`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ approve, reason: '理由充分，同意用于奖励发放' }),
      });
    expect((await decide(await bearer('identity_custodian', '4110', 'officer-lingjing'), true)).status).toBe(
      403,
    );
    expect((await decide(custodian, true)).status).toBe(200);
    expect((await decide(custodian, false)).status).toBe(409);

    expect((await reveal(await bearer('township_officer', '411003106', 'another-officer'))).status).toBe(404);
    const seen = await reveal(officer);
    expect(seen.status).toBe(200);
    expect(await seen.json()).toMatchObject({ identity: { name: '揭示测试人', phone: '13700001234' } });

    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    const body = (await view.json()) as { timeline: { type: string; text?: string }[] };
    const told = body.timeline.find((e) => e.type === 'identity_viewed');
    expect(told?.text).toBe('发放奖励需核实实名举报人身份');
    expect(JSON.stringify(body)).not.toContain('officer-lingjing');
    expect(h.logs.join('\n')).not.toContain('13700001234');
    expect(firstBrokenLink(await h.deps.cases.listEvents(c.caseNumber))).toBeNull();
  });

  it('refuses a request for an anonymous report, and a refused request reveals nothing', async () => {
    const officer = await bearer('township_officer', '411003106', 'officer-lingjing');
    const anonymous = await fileWith();
    const none = await h.app.request(`/api/v1/cases/${anonymous.caseNumber}/identity-requests`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({ reason: '想知道是谁举报的' }),
    });
    expect(none.status).toBe(409);

    const c = await fileWith({ name: '拒绝测试人' });
    const req = await h.app.request(`/api/v1/cases/${c.caseNumber}/identity-requests`, {
      method: 'POST',
      headers: officer,
      body: JSON.stringify({ reason: '核查需要联系举报人' }),
    });
    const { requestId } = (await req.json()) as { requestId: string };
    await h.app.request(`/api/v1/identity-requests/${c.caseNumber}/${requestId}/decision`, {
      method: 'POST',
      headers: await bearer('identity_custodian', '4110', 'custodian-xuchang'),
      body: JSON.stringify({ approve: false, reason: '可通过留言联系，无需身份' }),
    });
    const res = await h.app.request(`/api/v1/cases/${c.caseNumber}/identity-requests/${requestId}/identity`, {
      headers: officer,
    });
    expect(res.status).toBe(409);
    expect(await res.text()).not.toContain('拒绝测试人');
  });
});

describe('identity reveal in the consoles', () => {
  it('request on the case page → custodian queue page → the requester views the identity page', async () => {
    const c = await fileWith({ name: '页面测试人', phone: '13600005678' });
    const cookieOf = async (role: StaffRole, jurisdiction: string, id: string) =>
      `chuishao_staff=${await h.tokenFor({ role, jurisdiction, id })}`;
    const officer = await cookieOf('township_officer', '411003106', 'officer-lingjing');
    const custodian = await cookieOf('identity_custodian', '4110', 'custodian-xuchang');

    const page = await (
      await h.app.request(`/staff/cases/${c.caseNumber}`, { headers: { cookie: officer } })
    ).text();
    expect(page).toContain(`/staff/cases/${c.caseNumber}/identity-requests`);
    expect(page).not.toContain('页面测试人');
    const asked = await postForm(
      h.app,
      `/staff/cases/${c.caseNumber}/identity-requests`,
      { reason: '核查需要电话联系举报人' },
      officer,
    );
    expect(asked.status).toBe(303);

    const queue = await h.app.request('/staff', { headers: { cookie: custodian } });
    expect(queue.headers.get('location')).toContain('/staff/identity-requests');
    const queuePage = await (
      await h.app.request('/staff/identity-requests', { headers: { cookie: custodian } })
    ).text();
    const action = /action="(\/staff\/identity-requests\/[^"]+\/decision)"/.exec(queuePage)?.[1] ?? '';
    expect(action).toContain(c.caseNumber);
    expect(queuePage).not.toContain('页面测试人');
    const decided = await postForm(
      h.app,
      action,
      { approve: 'yes', reason: '同意，用于核查联系' },
      custodian,
    );
    expect(decided.status).toBe(303);

    const after = await (
      await h.app.request(`/staff/cases/${c.caseNumber}`, { headers: { cookie: officer } })
    ).text();
    const link = /href="(\/staff\/reveal\/[^"?]+)/.exec(after)?.[1] ?? '';
    expect(link).toContain(c.caseNumber);
    const shown = await h.app.request(link, { headers: { cookie: officer } });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('cache-control')).toBe('no-store');
    expect(await shown.text()).toContain('页面测试人');
    const other = await cookieOf('township_officer', '411003106', 'someone-else');
    expect((await h.app.request(link, { headers: { cookie: other } })).status).toBe(404);
  });
});
