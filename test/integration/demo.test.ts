/**
 * `npm run demo` (scripts/demo.ts) against the real local stack over HTTP: afterwards every queue
 * the demo promises is populated, the rewards sit at their stages, /public lists the hazard, the
 * reporter-side keys work — and a second run duplicates nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { type DemoResult, PUBLIC_NAME, runDemo } from '../../scripts/demo.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let first: DemoResult;
beforeAll(async () => {
  h = await createHarness();
  first = await runDemo({ baseUrl: h.url, waitForStream: () => h.drainStream(), timeoutMs: 15_000 });
});
afterAll(async () => {
  await h?.cleanup();
});

const as = async (role: StaffRole, jurisdiction: string, id = `${role}-${jurisdiction}`) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
});

async function json(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}${path}`, { headers });
  expect(res.status, path).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Case numbers in a staff queue (open cases). */
async function queue(headers: Record<string, string>, query = '') {
  const body = (await json(`/api/v1/cases?limit=100${query}`, headers)) as {
    cases: { caseNumber: string; status: string }[];
  };
  return new Map(body.cases.map((c) => [c.caseNumber, c.status]));
}

async function rewardStage(stage: string, headers: Record<string, string>) {
  const body = (await json(`/api/v1/rewards?stage=${stage}`, headers)) as {
    rewards: { caseNumber: string; status: string }[];
  };
  return body.rewards.map((r) => r.caseNumber);
}

describe('npm run demo', () => {
  it('gives every role something to do', async () => {
    const c = first.cases;
    expect(Object.values(c).every((x) => x.created)).toBe(true);
    expect(first.skipped).toEqual([]);

    const lingjing = await queue(await as('township_officer', '411003106'));
    expect(lingjing.get(c.freshLingjing.caseNumber)).toBe('assigned');
    expect(lingjing.get(c.verifying.caseNumber)).toBe('verifying');
    expect(lingjing.get(c.rectifying.caseNumber)).toBe('rectifying');

    const shenhou = await queue(await as('township_officer', '411081103'));
    expect(shenhou.get(c.freshShenhou.caseNumber)).toBe('assigned');
    expect(shenhou.get(c.addressRouted.caseNumber)).toBe('assigned');
    expect(first.sms.caseNumber).toMatch(/^\d{8}-\d{6}$/);
    expect(shenhou.get(first.sms.caseNumber ?? '')).toBe('assigned');
    expect(first.sms.outcomes).toEqual(['open_report', 'append_to_case']);

    const triage = await queue(await as('operator', '4110'));
    expect(triage.get(c.triage.caseNumber)).toBe('triage');
    const triaged = await h.deps.cases.listEvents(c.triage.caseNumber);
    expect(triaged.find((e) => e.type === 'triaged')?.text).toContain('灵井镇');

    // Closed: no longer in any queue; the reporter sees the feedback.
    const closed = (await json(`/api/v1/reports/${c.closed.caseNumber}`, {
      'x-access-key': c.closed.accessKey,
    })) as { status: string };
    expect(closed.status).toBe('closed');
    expect(JSON.stringify(closed)).toContain('感谢您的举报');

    // Rewards at their stages.
    expect(await rewardStage('facts', await as('county_supervisor', '411003'))).toContain(
      c.rectifying.caseNumber,
    );
    expect(await rewardStage('facts', await as('county_supervisor', '411081'))).toContain(
      c.rewardFacts.caseNumber,
    );
    const finance = await as('finance_officer', '4110', 'finance-xuchang');
    expect(await rewardStage('approve', finance)).toEqual([c.rewardApprove.caseNumber]);
    const notified = (await json(`/api/v1/cases/${c.rewardNotified.caseNumber}/reward`, finance)) as {
      reward: { status: string; amountYuan: number; approvals: { staffId: string }[] };
    };
    expect(notified.reward).toMatchObject({ status: 'notified', amountYuan: 15_000 });
    expect(notified.reward.approvals.map((a) => a.staffId)).toEqual(['finance-xuchang-2']);
    // The reporter can claim with the printed key.
    const reporter = JSON.stringify(
      await json(`/api/v1/reports/${c.rewardNotified.caseNumber}`, {
        'x-access-key': c.rewardNotified.accessKey,
      }),
    );
    expect(reporter).toContain('奖励金额 15000 元');

    // The custodian has a request to decide.
    const requests = (await json(
      '/api/v1/identity-requests',
      await as('identity_custodian', '4110', 'custodian-xuchang'),
    )) as { requests: { caseNumber: string }[] };
    expect(requests.requests.map((r) => r.caseNumber)).toEqual([c.verifying.caseNumber]);

    // /public lists the hazard under the county's name for it, with this month's counts.
    const page = await fetch(`${h.url}/public`);
    const html = await page.text();
    expect(html).toContain(PUBLIC_NAME);
    expect(html).toContain('建安区灵井镇');
  });

  it('duplicates nothing when run again', async () => {
    const auditor = await as('auditor', '4110');
    const before = await queue(auditor);
    const second = await runDemo({ baseUrl: h.url, waitForStream: () => h.drainStream(), timeoutMs: 15_000 });
    expect(second.skipped).toEqual([]);
    expect(Object.values(second.cases).some((x) => x.created)).toBe(false);
    for (const [name, c] of Object.entries(second.cases))
      expect(c, name).toEqual({ ...first.cases[name as keyof DemoResult['cases']], created: false });
    expect(second.sms.outcomes).toEqual(['duplicate', 'duplicate']);
    expect(await queue(auditor)).toEqual(before);
    const requests = (await json(
      '/api/v1/identity-requests',
      await as('identity_custodian', '4110', 'custodian-xuchang'),
    )) as { requests: unknown[] };
    expect(requests.requests).toHaveLength(1);
    const events = await h.deps.cases.listEvents(first.cases.verifying.caseNumber);
    expect(events.filter((e) => e.type === 'staff_message')).toHaveLength(1);
  });

  it('says plainly when no server is there', async () => {
    await expect(runDemo({ baseUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/cannot reach/);
  });
});
