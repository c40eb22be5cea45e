/**
 * The reward workflow through the real apps on DynamoDB Local (issue 7 "Proof"): substantiate →
 * facts recorded → calculated → approved (one and two approvals) → notified → claimed → released →
 * paid; refused; lapsed and extended; manual amounts; separation-of-duties violations refused with
 * 403; payee details sealed apart and leaving only through the paying officer's CSV.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { firstBrokenLink } from '#shared/domain/audit-chain.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
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
const officer = () => bearer('township_officer', '411003106', 'officer-lingjing');
const supervisor = () => bearer('county_supervisor', '411003', 'supervisor-jianan');
const financeA = () => bearer('finance_officer', '4110', 'finance-a');
const financeB = () => bearer('finance_officer', '4110', 'finance-b');
const custodian = () => bearer('identity_custodian', '4110', 'custodian-xuchang');

const PAYEE = {
  name: '奖励领取测试人',
  idNumber: '11010519491231002X',
  bankName: '中国农业银行许昌分行',
  bankAccount: '6228 4800 1234 5678 901',
};

async function transition(cn: string, version: number, body: Record<string, unknown>) {
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...(await officer()), 'if-match': `"${version}"` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** A report from 灵井镇, accepted, verified and substantiated; the stream consumer opens its reward. */
async function substantiated(overrides: Record<string, unknown> = {}) {
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({ location: { townshipCode: '411003106' }, ...overrides }),
  );
  expect(res.status).toBe(201);
  const c = (await res.json()) as { caseNumber: string; accessKey: string };
  await transition(c.caseNumber, 1, { action: 'accept' });
  await transition(c.caseNumber, 2, { action: 'start_verification' });
  await transition(c.caseNumber, 3, { action: 'substantiate', conclusion: '举报属实，已立案处罚。' });
  await h.drainStream();
  return c;
}

interface RewardBody {
  reward: {
    status: string;
    version: number;
    amountYuan?: number;
    approvals: { staffId: string }[];
    answer?: { determination: string; lines: { step: string; rule: string }[]; ruleSet: { id: string } };
    claimWindowEndsAt?: string;
  };
  allowedActions?: string[];
}

async function reward(cn: string, headers?: Record<string, string>) {
  const res = await h.app.request(`/api/v1/cases/${cn}/reward`, { headers: headers ?? (await financeA()) });
  return { status: res.status, body: (await res.json()) as RewardBody };
}

async function recordFacts(
  cn: string,
  facts: Record<string, unknown>,
  headers?: Record<string, string>,
  version?: number,
) {
  const v = version ?? (await reward(cn)).body.reward.version;
  return h.app.request(`/api/v1/cases/${cn}/reward/facts`, {
    method: 'PUT',
    headers: { ...(headers ?? (await supervisor())), 'if-match': `"${v}"` },
    body: JSON.stringify(facts),
  });
}

async function decide(
  cn: string,
  headers: Record<string, string>,
  body: Record<string, unknown>,
  version?: number,
) {
  const v = version ?? (await reward(cn)).body.reward.version;
  return h.app.request(`/api/v1/cases/${cn}/reward/decisions`, {
    method: 'POST',
    headers: { ...headers, 'if-match': `"${v}"` },
    body: JSON.stringify(body),
  });
}

const penalty = (unitYuan: number, individualsYuan = 0) => ({
  category: 'major_hazard',
  penalty: {
    totalYuan: unitYuan + individualsYuan,
    unitYuan,
    individualsYuan,
    confiscatedYuan: 0,
    decisionNo: '许建应急罚〔2026〕17号',
  },
});

const claim = (c: { caseNumber: string; accessKey: string }, body: unknown = PAYEE) =>
  postJson(h.app, `/api/v1/reports/${c.caseNumber}/reward-claim`, body, { 'x-access-key': c.accessKey });

const reporterView = async (c: { caseNumber: string; accessKey: string }) =>
  JSON.stringify(
    await (
      await h.app.request(`/api/v1/reports/${c.caseNumber}`, { headers: { 'x-access-key': c.accessKey } })
    ).json(),
  );

async function scanAll(TableName: string) {
  const out = await h.db.send(new ScanCommand({ TableName }));
  return (out.Items ?? []).map((i) => unmarshall(i));
}

describe('a reward from substantiation to payment', () => {
  it('is calculated, approved once, notified, claimed, released, exported and paid', async () => {
    const c = await substantiated();
    const opened = await reward(c.caseNumber);
    expect(opened.status).toBe(200);
    expect(opened.body.reward).toMatchObject({ status: 'awaiting_facts', version: 1 });
    // The stream redelivering the substantiation opens nothing new.
    await h.drainStream();
    expect((await reward(c.caseNumber)).body.reward.version).toBe(1);

    const facts = await recordFacts(c.caseNumber, penalty(100_000));
    expect(facts.status).toBe(200);
    const calculated = (await reward(c.caseNumber)).body;
    expect(calculated.reward).toMatchObject({ status: 'calculated', amountYuan: 15_000 });
    expect(calculated.reward.answer?.ruleSet.id).toBe('henan-2025');
    expect(calculated.reward.answer?.lines.map((l) => l.step)).toContain('rate');
    expect(calculated.allowedActions).toEqual(expect.arrayContaining(['approve', 'refuse']));

    const approved = await decide(c.caseNumber, await financeA(), { action: 'approve' });
    expect(approved.status).toBe(200);
    const notified = (await reward(c.caseNumber)).body.reward;
    expect(notified).toMatchObject({ status: 'notified', amountYuan: 15_000 });
    expect(notified.approvals.map((a) => a.staffId)).toEqual(['finance-a']);
    expect(await reporterView(c)).toContain('奖励金额 15000 元');

    // The claim: bad fields are named; a good claim is sealed apart and a retry changes nothing.
    const bad = await claim(c, { ...PAYEE, idNumber: '110105194912310021', bankAccount: '12ab' });
    expect(bad.status).toBe(400);
    const badFields = ((await bad.json()) as { error: { fields: { field: string }[] } }).error.fields;
    expect(badFields.map((f) => f.field).sort()).toEqual(['bankAccount', 'idNumber']);
    expect((await claim({ ...c, accessKey: '0000000000000000' })).status).toBe(401);
    const claimed = await claim(c);
    expect(claimed.status).toBe(201);
    expect(await claimed.json()).toMatchObject({ reward: { status: 'claimed', amountYuan: 15_000 } });
    expect((await claim(c)).status).toBe(201);
    const claimEvents = (await h.deps.cases.listEvents(c.caseNumber)).filter(
      (e) => e.type === 'reward' && e.action === 'claim',
    );
    expect(claimEvents).toHaveLength(1);
    for (const table of [h.tables.cases, h.tables.identity]) {
      const items = JSON.stringify(await scanAll(table));
      expect(items).not.toContain(PAYEE.name);
      expect(items).not.toContain('6228480012345678901');
      expect(items).not.toContain(PAYEE.idNumber);
    }

    // Release: requested by the paying officer, decided by the custodian (who sees no breakdown).
    expect((await decide(c.caseNumber, await financeA(), { action: 'release' })).status).toBe(403);
    expect((await decide(c.caseNumber, await financeA(), { action: 'request_release' })).status).toBe(200);
    const releaseQueue = (await (
      await h.app.request('/api/v1/rewards?stage=release', { headers: await custodian() })
    ).json()) as { rewards: Record<string, unknown>[] };
    const queued = releaseQueue.rewards.find((r) => r.caseNumber === c.caseNumber);
    expect(queued).toBeDefined();
    expect(queued).not.toHaveProperty('answer');
    expect(
      (await h.app.request(`/api/v1/cases/${c.caseNumber}`, { headers: await custodian() })).status,
    ).toBe(404);
    expect((await decide(c.caseNumber, await custodian(), { action: 'release' })).status).toBe(200);

    // Only the officer it was released to exports and pays.
    const csvOf = async (headers: Record<string, string>) =>
      h.app.request('/api/v1/rewards/payment-batch', { headers });
    const otherBatch = await csvOf(await financeB());
    expect(otherBatch.status).toBe(200);
    expect(await otherBatch.text()).not.toContain(c.caseNumber);
    const batch = await csvOf(await financeA());
    expect(batch.status).toBe(200);
    expect(batch.headers.get('content-type')).toContain('text/csv');
    const rows = parse((await batch.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.find((r) => r.case_number === c.caseNumber)).toMatchObject({
      amount_yuan: '15000',
      payee_name: PAYEE.name,
      id_number: PAYEE.idNumber,
      bank_account: '6228480012345678901',
      approved_by: 'finance-a',
    });
    const exports = (await h.deps.cases.listEvents(c.caseNumber)).filter(
      (e) => e.action === 'export_payment',
    );
    expect(exports).toHaveLength(1);
    expect(exports[0]?.detail?.batchId).toBe(batch.headers.get('x-batch-id'));
    expect((await csvOf(await supervisor())).status).toBe(403);

    expect(
      (await decide(c.caseNumber, await financeB(), { action: 'mark_paid', reference: 'BANK-2026-0001' }))
        .status,
    ).toBe(403);
    expect(
      (await decide(c.caseNumber, await financeA(), { action: 'mark_paid', reference: '' })).status,
    ).toBe(400);
    const paid = await decide(c.caseNumber, await financeA(), {
      action: 'mark_paid',
      reference: 'BANK-2026-0001',
    });
    expect(paid.status).toBe(200);
    expect((await reward(c.caseNumber)).body.reward).toMatchObject({ status: 'paid' });
    expect(await reporterView(c)).toContain('已支付');

    // Every step is in the case's hash chain, and no log line holds the payee.
    const events = await h.deps.cases.listEvents(c.caseNumber);
    expect(firstBrokenLink(events)).toBeNull();
    expect(events.filter((e) => e.type === 'reward').map((e) => e.action)).toEqual([
      'record_facts',
      'approve',
      'claim',
      'request_release',
      'release',
      'export_payment',
      'mark_paid',
    ]);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(PAYEE.name);
    expect(logs).not.toContain('6228');

    // Each waiting step was notified once, to the county and the role it waits for; no amounts.
    await h.drainStream();
    await h.drainStream();
    const notices = (await h.streamDeps.deliveries.outbox(500))
      .filter((e) => e.caseNumber === c.caseNumber && e.kind !== 'case_assigned')
      .reverse();
    expect(notices.map((e) => [e.kind, e.audience, e.jurisdiction])).toEqual([
      ['reward_facts_needed', 'county_supervisor', '411003'],
      ['reward_to_approve', 'finance_officer', '411003'],
      ['reward_claimed', 'finance_officer', '411003'],
      ['payee_release_requested', 'identity_custodian', '411003'],
      ['payee_released', 'finance_officer', '411003'],
    ]);
    expect(JSON.stringify(notices)).not.toMatch(/15000|15,000|奖励领取测试人/);
  });

  it('needs two different finance officers above the threshold', async () => {
    const c = await substantiated();
    expect((await recordFacts(c.caseNumber, penalty(1_000_000))).status).toBe(200);
    expect((await reward(c.caseNumber)).body.reward.amountYuan).toBe(150_000);
    expect((await decide(c.caseNumber, await financeA(), { action: 'approve' })).status).toBe(200);
    const half = (await reward(c.caseNumber)).body.reward;
    expect(half).toMatchObject({ status: 'calculated', approvals: [{ staffId: 'finance-a' }] });
    expect(await reporterView(c)).not.toContain('奖励金额');
    expect((await decide(c.caseNumber, await financeA(), { action: 'approve' })).status).toBe(403);
    expect((await decide(c.caseNumber, await financeB(), { action: 'approve', amountYuan: 1 })).status).toBe(
      400,
    );
    expect((await decide(c.caseNumber, await financeB(), { action: 'approve' })).status).toBe(200);
    expect((await reward(c.caseNumber)).body.reward).toMatchObject({
      status: 'notified',
      amountYuan: 150_000,
    });
    await h.drainStream();
    const approvals = (await h.streamDeps.deliveries.outbox(500)).filter(
      (e) => e.caseNumber === c.caseNumber && e.kind === 'reward_to_approve',
    );
    expect(approvals).toHaveLength(2);
  });

  it('lets one of two officers approving the same version win; the other gets 412', async () => {
    const c = await substantiated();
    expect((await recordFacts(c.caseNumber, penalty(1_000_000))).status).toBe(200);
    const v = (await reward(c.caseNumber)).body.reward.version;
    const [a, b] = await Promise.all([
      decide(c.caseNumber, await financeA(), { action: 'approve' }, v),
      decide(c.caseNumber, await financeB(), { action: 'approve' }, v),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const r = (await reward(c.caseNumber)).body.reward;
    expect(r).toMatchObject({ status: 'calculated', version: v + 1 });
    expect(r.approvals).toHaveLength(1);
    expect(firstBrokenLink(await h.deps.cases.listEvents(c.caseNumber))).toBeNull();
  });

  it('refuses separation-of-duties violations with 403', async () => {
    const c = await substantiated();
    // A finance officer who records the facts cannot decide the reward.
    expect((await recordFacts(c.caseNumber, penalty(40_000), await financeA())).status).toBe(200);
    const own = await decide(c.caseNumber, await financeA(), { action: 'approve' });
    expect(own.status).toBe(403);
    expect(await own.json()).toMatchObject({
      error: {
        message: 'the officer who recorded the facts may not decide the reward',
        messageZh: '录入事实的人员不得审批该奖励',
      },
    });
    expect(
      (await decide(c.caseNumber, await financeA(), { action: 'refuse', reason: '不应奖励的理由' })).status,
    ).toBe(403);
    // Nor can the verifying officer or a supervisor approve; the auditor only reads.
    expect((await decide(c.caseNumber, await officer(), { action: 'approve' })).status).toBe(403);
    expect((await decide(c.caseNumber, await supervisor(), { action: 'approve' })).status).toBe(403);
    expect(
      (await decide(c.caseNumber, await bearer('auditor', '4110', 'auditor-x'), { action: 'approve' }))
        .status,
    ).toBe(403);
    // An officer outside the county does not see the reward at all.
    expect(
      (await reward(c.caseNumber, await bearer('finance_officer', '411081', 'finance-yuzhou'))).status,
    ).toBe(404);
    expect((await decide(c.caseNumber, await financeB(), { action: 'approve' })).status).toBe(200);
    expect((await reward(c.caseNumber)).body.reward.amountYuan).toBe(6_000);
  });

  it('is refused with a reason, and the reporter is told', async () => {
    const c = await substantiated();
    expect((await recordFacts(c.caseNumber, penalty(30_000))).status).toBe(200);
    const noReason = await decide(c.caseNumber, await financeA(), { action: 'refuse', reason: '' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toContain('reason');
    expect(
      (
        await decide(c.caseNumber, await financeA(), {
          action: 'refuse',
          reason: '处罚决定已被撤销，不予奖励。',
        })
      ).status,
    ).toBe(200);
    expect((await reward(c.caseNumber)).body.reward.status).toBe('refused');
    const view = await reporterView(c);
    expect(view).toContain('不予发放举报奖励');
    expect(view).not.toContain('处罚决定已被撤销');
    expect((await claim(c)).status).toBe(409);
  });

  it('lapses at the end of the claim window unless a supervisor extends it', async () => {
    const c = await substantiated();
    expect((await recordFacts(c.caseNumber, penalty(50_000))).status).toBe(200);
    h.setNow('2026-12-01T02:00:00Z');
    try {
      expect((await decide(c.caseNumber, await financeA(), { action: 'approve' })).status).toBe(200);
      const r = (await reward(c.caseNumber)).body.reward;
      // 60 days after the notice (Shanghai 2026-12-01), to 24:00 of 2027-01-30.
      expect(r.claimWindowEndsAt).toBe('2027-01-30T16:00:00.000Z');
      // (Other tests' awards, notified earlier, lapse in the same sweeps.)
      h.setNow('2027-01-30T15:59:00Z');
      await sweepDeadlines(h.streamDeps);
      expect((await reward(c.caseNumber)).body.reward.status).toBe('notified');
      h.setNow('2027-01-30T16:00:01Z');
      expect((await sweepDeadlines(h.streamDeps)).lapsed).toBeGreaterThanOrEqual(1);
      expect((await reward(c.caseNumber)).body.reward.status).toBe('expired');
      expect((await sweepDeadlines(h.streamDeps)).lapsed).toBe(0);
      expect(await reporterView(c)).toContain('奖励申领期限已过');
      expect((await claim(c)).status).toBe(409);

      expect(
        (await decide(c.caseNumber, await supervisor(), { action: 'extend_claim', days: 10, reason: '' }))
          .status,
      ).toBe(400);
      expect(
        (
          await decide(c.caseNumber, await financeA(), {
            action: 'extend_claim',
            days: 10,
            reason: '住院无法申领',
          })
        ).status,
      ).toBe(403);
      const extended = await decide(c.caseNumber, await supervisor(), {
        action: 'extend_claim',
        days: 10,
        reason: '举报人住院，未能按期申领，有医院证明。',
      });
      expect(extended.status).toBe(200);
      expect((await reward(c.caseNumber)).body.reward).toMatchObject({
        status: 'notified',
        claimWindowEndsAt: '2027-02-10T16:00:00.000Z',
      });
      expect((await claim(c)).status).toBe(201);
    } finally {
      h.setNow(null);
    }
  });

  it('lets finance set a manual amount within the range, with a reason', async () => {
    const c = await substantiated();
    expect((await recordFacts(c.caseNumber, { category: 'major_hazard' })).status).toBe(200);
    const r = (await reward(c.caseNumber)).body.reward;
    expect(r).toMatchObject({ status: 'calculated', answer: { determination: 'manual' } });
    expect(r.amountYuan).toBeUndefined();
    const noAmount = await decide(c.caseNumber, await financeA(), { action: 'approve' });
    expect(noAmount.status).toBe(400);
    expect(JSON.stringify(await noAmount.json())).toContain('amountYuan');
    expect(
      (
        await decide(c.caseNumber, await financeA(), {
          action: 'approve',
          amountYuan: 500,
          reason: '隐患重大',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await decide(c.caseNumber, await financeA(), {
          action: 'approve',
          amountYuan: 5_000,
          reason: '隐患重大，已停产整改',
        })
      ).status,
    ).toBe(200);
    expect((await reward(c.caseNumber)).body.reward).toMatchObject({ status: 'notified', amountYuan: 5_000 });
  });

  it('checks facts field by field, guards the version, and rewards nothing when ineligible', async () => {
    const c = await substantiated();
    const mismatch = await recordFacts(c.caseNumber, {
      category: 'major_hazard',
      penalty: { totalYuan: 10, unitYuan: 5, individualsYuan: 0, confiscatedYuan: 0, decisionNo: 'x' },
    });
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(await mismatch.json())).toContain('penalty.totalYuan');
    expect((await recordFacts(c.caseNumber, { category: 'not_a_category' })).status).toBe(400);
    expect((await recordFacts(c.caseNumber, penalty(10_000), undefined, 7)).status).toBe(412);
    const noIfMatch = await h.app.request(`/api/v1/cases/${c.caseNumber}/reward/facts`, {
      method: 'PUT',
      headers: await supervisor(),
      body: JSON.stringify(penalty(10_000)),
    });
    expect(noIfMatch.status).toBe(428);

    expect(
      (await recordFacts(c.caseNumber, { ...penalty(10_000), alreadyKnownToAuthority: true })).status,
    ).toBe(200);
    const r = (await reward(c.caseNumber)).body.reward;
    expect(r).toMatchObject({ status: 'not_eligible', answer: { determination: 'ineligible' } });
    expect((await decide(c.caseNumber, await financeA(), { action: 'approve' })).status).toBe(409);
    // Corrected facts recalculate.
    expect((await recordFacts(c.caseNumber, penalty(10_000))).status).toBe(200);
    expect((await reward(c.caseNumber)).body.reward).toMatchObject({
      status: 'calculated',
      amountYuan: 3_000,
    });
  });

  it('texts an SMS reporter the award notice', async () => {
    const phone = '+8613911112222';
    const res = await postJson(h.app, '/local/sms/inbound', {
      originationNumber: phone,
      destinationNumber: '+8610690000000',
      messageKeyword: 'KEYWORD_TEST',
      messageBody: '建安区灵井镇有个小作坊无证生产烟花爆竹，晚上偷偷开工。',
      inboundMessageId: `reward-sms-${Date.now()}`,
      previousPublishedMessageId: null,
    });
    expect(res.status).toBe(202);
    await h.drainStream();
    const receipt = /案件编号(\d{8}-\d{6})/.exec(h.smsOutbox.list(phone).at(-1)?.text ?? '');
    expect(receipt).not.toBeNull();
    const cn = receipt?.[1] as string;
    const act = async (body: Record<string, unknown>) => {
      const read = await h.app.request(`/api/v1/cases/${cn}`, { headers: await officer() });
      expect(read.status).toBe(200);
      const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
        method: 'POST',
        headers: { ...(await officer()), 'if-match': read.headers.get('etag') ?? '' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    };
    await act({ action: 'accept' });
    await act({ action: 'start_verification' });
    await act({ action: 'substantiate', conclusion: '举报属实，已取缔并处罚。' });
    await h.drainStream();
    expect((await recordFacts(cn, { ...penalty(200_000), category: 'illegal_operation' })).status).toBe(200);
    expect((await decide(cn, await financeA(), { action: 'approve' })).status).toBe(200);
    await h.drainStream();
    const notice = h.smsOutbox.list(phone).at(-1)?.text ?? '';
    expect(notice).toContain(cn);
    expect(notice).toContain('30000');
    expect(notice.length).toBeLessThanOrEqual(140);
  });

  it('has no reward before substantiation, and lists rewards by stage inside the jurisdiction', async () => {
    const res = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({ location: { townshipCode: '411003106' } }),
    );
    const fresh = (await res.json()) as { caseNumber: string };
    expect((await reward(fresh.caseNumber)).status).toBe(404);

    const c = await substantiated();
    const list = async (stage: string, headers: Record<string, string>) =>
      h.app.request(`/api/v1/rewards?stage=${stage}`, { headers });
    const facts = (await (await list('facts', await supervisor())).json()) as {
      rewards: { caseNumber: string }[];
    };
    expect(facts.rewards.map((r) => r.caseNumber)).toContain(c.caseNumber);
    const elsewhere = (await (
      await list('facts', await bearer('county_supervisor', '411081', 'sup-yz'))
    ).json()) as {
      rewards: { caseNumber: string }[];
    };
    expect(elsewhere.rewards.map((r) => r.caseNumber)).not.toContain(c.caseNumber);
    expect((await list('pay', await supervisor())).status).toBe(403);
    expect((await list('bogus', await supervisor())).status).toBe(400);
    await recordFacts(c.caseNumber, penalty(20_000));
    const approve = (await (await list('approve', await financeA())).json()) as {
      rewards: { caseNumber: string }[];
    };
    expect(approve.rewards.map((r) => r.caseNumber)).toContain(c.caseNumber);
  });
});
