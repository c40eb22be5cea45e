/**
 * The lifecycle through the staff API: guarded transitions with If-Match (412 when stale, so two
 * officers cannot both win), deadlines moving with the case, the reporter seeing what is theirs.
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

async function file(location: Record<string, string> = { townshipCode: '411003106' }) {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, location }));
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

const auth = async (role: StaffRole, jurisdiction: string, id = `${role}@${jurisdiction}`) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
});

async function act(
  headers: Record<string, string>,
  cn: string,
  version: number | null,
  body: Record<string, unknown>,
) {
  return h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: {
      ...headers,
      'content-type': 'application/json',
      ...(version === null ? {} : { 'if-match': `"${version}"` }),
    },
    body: JSON.stringify(body),
  });
}

describe('an officer works a case to closure', () => {
  it('accepts, verifies, substantiates and closes; the reporter sees the feedback', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106', 'officer-lingjing');
    const accept = await act(officer, c.caseNumber, 1, { action: 'accept' });
    expect(accept.status).toBe(200);
    expect(accept.headers.get('etag')).toBe('"2"');
    const accepted = (await accept.json()) as { case: { status: string; due: { period: string } } };
    expect(accepted.case).toMatchObject({ status: 'accepted', due: { period: 'verification' } });

    expect((await act(officer, c.caseNumber, 2, { action: 'start_verification' })).status).toBe(200);
    expect(
      (await act(officer, c.caseNumber, 3, { action: 'record_findings', findings: '现场查见无证动火。' }))
        .status,
    ).toBe(200);
    const sub = await act(officer, c.caseNumber, 4, {
      action: 'substantiate',
      conclusion: '举报属实，已责令停业整顿。',
    });
    expect(sub.status).toBe(200);
    expect(((await sub.json()) as { case: { due: { period: string } } }).case.due.period).toBe('feedback');
    const close = await act(officer, c.caseNumber, 5, {
      action: 'close',
      feedback: '经核查举报属实，已依法处理。感谢您的举报。',
    });
    expect(close.status).toBe(200);

    const view = (await (
      await h.app.request(`/api/v1/reports/${c.caseNumber}`, { headers: { 'x-access-key': c.accessKey } })
    ).json()) as { status: string; timeline: { type: string }[] };
    expect(view.status).toBe('closed');
    expect(JSON.stringify(view)).toContain('经核查举报属实');
    expect(JSON.stringify(view)).not.toContain('现场查见无证动火');

    const queue = (await (await h.app.request('/api/v1/cases', { headers: officer })).json()) as {
      cases: { caseNumber: string }[];
    };
    expect(queue.cases.map((x) => x.caseNumber)).not.toContain(c.caseNumber);
    expect(firstBrokenLink(await h.deps.cases.listEvents(c.caseNumber))).toBeNull();
  });
});

describe('guards', () => {
  it('needs If-Match (428) and refuses a stale one (412 with the current version)', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106');
    expect((await act(officer, c.caseNumber, null, { action: 'accept' })).status).toBe(428);
    expect((await act(officer, c.caseNumber, 1, { action: 'accept' })).status).toBe(200);
    const stale = await act(officer, c.caseNumber, 1, { action: 'reject', reason: '不属于安全生产领域' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
  });

  it('lets only one of two officers acting on the same version win', async () => {
    const c = await file();
    const a = await auth('township_officer', '411003106', 'officer-a');
    const b = await auth('township_officer', '411003106', 'officer-b');
    const results = await Promise.all([
      act(a, c.caseNumber, 1, { action: 'accept' }),
      act(b, c.caseNumber, 1, { action: 'reject', reason: '重复举报' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const transitions = (await h.deps.cases.listEvents(c.caseNumber)).filter((e) => e.type === 'transition');
    expect(transitions).toHaveLength(1);
  });

  it('refuses actions in the wrong state (409), by the wrong role (403), outside the jurisdiction (404)', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106');
    expect((await act(officer, c.caseNumber, 1, { action: 'close', feedback: 'x' })).status).toBe(409);
    expect((await act(await auth('auditor', '4110'), c.caseNumber, 1, { action: 'accept' })).status).toBe(
      403,
    );
    expect(
      (await act(await auth('township_officer', '411081103'), c.caseNumber, 1, { action: 'accept' })).status,
    ).toBe(404);
    const bad = await act(officer, c.caseNumber, 1, { action: 'reject' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('reason');
  });
});

describe('routing by people', () => {
  it('lets an operator assign a triage case to a township, starting its acceptance clock', async () => {
    const c = await file({ countyCode: '411003', address: '说不清的地方' });
    const operator = await auth('operator', '4110');
    const res = await act(operator, c.caseNumber, 1, {
      action: 'assign_township',
      townshipCode: '411003106',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      case: { status: string; townshipCode: string; due: { period: string } };
    };
    expect(body.case).toMatchObject({
      status: 'assigned',
      townshipCode: '411003106',
      due: { period: 'acceptance' },
    });
    const officerQueue = (await (
      await h.app.request('/api/v1/cases', { headers: await auth('township_officer', '411003106') })
    ).json()) as { cases: { caseNumber: string }[] };
    expect(officerQueue.cases.map((x) => x.caseNumber)).toContain(c.caseNumber);
  });

  it('transfers between townships with the reporter told and the history kept', async () => {
    const c = await file();
    const supervisor = await auth('county_supervisor', '411003');
    const res = await act(supervisor, c.caseNumber, 1, {
      action: 'transfer',
      toTownshipCode: '411003001',
      reason: '实际地点属于另一乡镇',
    });
    expect(res.status).toBe(200);
    const stored = (await h.deps.cases.get(c.caseNumber))!.record;
    expect(stored.townshipCode).toBe('411003001');
    expect(stored.transfers?.length).toBe(1);
  });

  it('approves one extension of at most 30 days, and tells the reporter why', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106');
    await act(officer, c.caseNumber, 1, { action: 'accept' });
    const before = (await h.deps.cases.get(c.caseNumber))!.record.due!.dueDate;
    await act(officer, c.caseNumber, 2, { action: 'request_extension', reason: '需要第三方检测' });
    const supervisor = await auth('county_supervisor', '411003');
    expect(
      (await act(supervisor, c.caseNumber, 3, { action: 'approve_extension', days: 31, reason: 'x' })).status,
    ).toBe(400);
    const ok = await act(supervisor, c.caseNumber, 3, {
      action: 'approve_extension',
      days: 30,
      reason: '检测周期较长',
    });
    expect(ok.status).toBe(200);
    const after = (await h.deps.cases.get(c.caseNumber))!.record.due!.dueDate;
    expect(after > before).toBe(true);
    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    expect(JSON.stringify(await view.json())).toContain('检测周期较长');
  });
});

describe("the reporter's objection", () => {
  async function closedCase() {
    const c = await file();
    const officer = await auth('township_officer', '411003106', 'officer-lingjing');
    await act(officer, c.caseNumber, 1, { action: 'accept' });
    await act(officer, c.caseNumber, 2, { action: 'start_verification' });
    await act(officer, c.caseNumber, 3, { action: 'unsubstantiate', conclusion: '现场未发现所述情况。' });
    await act(officer, c.caseNumber, 4, { action: 'close', feedback: '经核查，未发现您反映的问题。' });
    return c;
  }
  const object = (c: { caseNumber: string; accessKey: string }, reason: string) =>
    postJson(h.app, `/api/v1/reports/${c.caseNumber}/objection`, { reason }, { 'x-access-key': c.accessKey });

  it('is taken within the window and reviewed by the county, which can reopen verification', async () => {
    const c = await closedCase();
    const res = await object(c, '核查时工厂已临时停工，请在夜间复查。');
    expect(res.status).toBe(201);
    expect((await object(c, '再次提出异议。')).status).toBe(409);
    const stored = (await h.deps.cases.get(c.caseNumber))!.record;
    expect(stored.due?.period).toBe('objectionReview');
    const supervisor = await auth('county_supervisor', '411003');
    const review = await act(supervisor, c.caseNumber, stored.version, {
      action: 'review_objection',
      upheld: true,
      reason: '异议理由成立，重新核查。',
    });
    expect(review.status).toBe(200);
    expect(((await review.json()) as { case: { status: string } }).case.status).toBe('verifying');
  });

  it('is refused after the window has passed', async () => {
    const c = await closedCase();
    h.setNow(new Date(Date.now() + 40 * 86_400_000).toISOString());
    try {
      expect((await object(c, '过了很久才看到结论。')).status).toBe(409);
    } finally {
      h.setNow(null);
    }
  });

  it('is offered on the follow-up page only while it can be made', async () => {
    const c = await closedCase();
    const signIn = await postForm(h.app, '/follow-up', { caseNumber: c.caseNumber, accessKey: c.accessKey });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(await (await h.app.request('/follow-up', { headers: { cookie } })).text()).toContain(
      '/follow-up/objection',
    );
    const sent = await postForm(
      h.app,
      '/follow-up/objection',
      { reason: '结论与事实不符，请复查。' },
      cookie,
    );
    expect(sent.status).toBe(303);
    expect(await (await h.app.request('/follow-up', { headers: { cookie } })).text()).not.toContain(
      '/follow-up/objection',
    );
  });
});

describe('the remaining actions through the API', () => {
  it('orders and confirms rectification before closing', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106', 'officer-lingjing');
    await act(officer, c.caseNumber, 1, { action: 'accept' });
    await act(officer, c.caseNumber, 2, { action: 'start_verification' });
    await act(officer, c.caseNumber, 3, { action: 'substantiate', conclusion: '属实。' });
    const order = await act(officer, c.caseNumber, 4, {
      action: 'order_rectification',
      order: '停产整改，更换锈蚀钢梁。',
      deadline: '2027-01-15',
    });
    expect(order.status).toBe(200);
    const ordered = (await order.json()) as {
      case: { status: string; due: { period: string; dueDate: string } };
    };
    expect(ordered.case).toMatchObject({
      status: 'rectifying',
      due: { period: 'rectification', dueDate: '2027-01-15' },
    });
    expect((await act(officer, c.caseNumber, 5, { action: 'close', feedback: '已整改。' })).status).toBe(409);
    expect((await act(officer, c.caseNumber, 5, { action: 'confirm_rectification' })).status).toBe(200);
    expect(
      (await act(officer, c.caseNumber, 6, { action: 'close', feedback: '已整改完毕，感谢举报。' })).status,
    ).toBe(200);
  });

  it('refuses an extension with a reason, and marks a duplicate of an earlier report', async () => {
    const c = await file();
    const officer = await auth('township_officer', '411003106');
    await act(officer, c.caseNumber, 1, { action: 'accept' });
    await act(officer, c.caseNumber, 2, { action: 'request_extension', reason: '需要更多时间' });
    const supervisor = await auth('county_supervisor', '411003');
    expect(
      (await act(supervisor, c.caseNumber, 3, { action: 'refuse_extension', reason: '期限内可以完成' }))
        .status,
    ).toBe(200);
    const first = await file();
    const dup = await file();
    const marked = await act(officer, dup.caseNumber, 1, {
      action: 'mark_duplicate',
      ofCaseNumber: first.caseNumber,
    });
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as { case: { status: string; duplicateOf: string } }).case).toMatchObject({
      status: 'closed',
      duplicateOf: first.caseNumber,
    });
    expect(
      (await act(officer, first.caseNumber, 1, { action: 'mark_duplicate', ofCaseNumber: first.caseNumber }))
        .status,
    ).toBe(400);
  });

  it('lets the county list a major hazard for supervision (挂牌督办)', async () => {
    const c = await file();
    const supervisor = await auth('county_supervisor', '411003');
    const res = await act(supervisor, c.caseNumber, 1, {
      action: 'list_for_supervision',
      deadline: '2027-03-31',
    });
    expect(res.status).toBe(200);
    expect((await h.deps.cases.get(c.caseNumber))!.record.supervision).toMatchObject({
      deadline: '2027-03-31',
    });
    const officer = await auth('township_officer', '411003106');
    expect(
      (await act(officer, c.caseNumber, 2, { action: 'list_for_supervision', deadline: '2027-03-31' }))
        .status,
    ).toBe(403);
  });
});
