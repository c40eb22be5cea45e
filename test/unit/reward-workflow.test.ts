/** The reward state machine (shared/domain/reward-workflow.ts): every action from every status, by role. */
import { describe, expect, it } from 'vitest';
import type { RewardAnswer } from '#shared/domain/reward-answer.ts';
import { engineFactsOf } from '#shared/domain/reward-facts.ts';
import {
  lastDayOf,
  openReward,
  REWARD_ACTIONS,
  REWARD_STATUSES,
  type RewardActor,
  type RewardRecord,
  type RewardRequest,
  stageOf,
  windowEnd,
} from '#shared/domain/reward-record.ts';
import { allowedRewardActions, decideReward, REWARD_PERMISSIONS } from '#shared/domain/reward-workflow.ts';
import { computeReward } from '#shared/domain/rewards.ts';
import { loadRuleSets, ruleSetById } from '#shared/rules.ts';

const NOW = new Date('2026-11-27T02:00:00Z');
const national = ruleSetById(loadRuleSets(), 'national-2018');
const kase = { verifiedBy: ['officer-1'], substantiated: true };

const answerFor = (penaltyYuan: number | null): RewardAnswer =>
  computeReward(
    engineFactsOf(
      {
        category: 'major_hazard',
        alreadyKnownToAuthority: false,
        ...(penaltyYuan === null
          ? {}
          : {
              penalty: {
                totalYuan: penaltyYuan,
                unitYuan: penaltyYuan,
                individualsYuan: 0,
                confiscatedYuan: 0,
                decisionNo: 'X',
              },
            }),
        excludedReason: null,
        jointSignatories: 1,
      },
      { receivedAt: '2026-11-01T00:00:00Z', jurisdictionCode: '411003106', isEmployeeOfUnit: false },
      true,
    ),
    national,
  );

const fresh = () => openReward('20261127-000001', { countyCode: '411003', jurisdiction: '411003106' }, NOW);
const staff = (
  role: RewardActor extends infer A ? (A extends { role: infer R } ? R : never) : never,
  id = `${role}-1`,
) => ({ kind: 'staff', id, role }) as RewardActor;
const finance = (id = 'finance-1') => staff('finance_officer', id);
const supervisor = staff('county_supervisor', 'supervisor-1');

function apply(r: RewardRecord, req: RewardRequest, actor: RewardActor, now = NOW): RewardRecord {
  const d = decideReward(r, kase, req, actor, now);
  if (!d.ok) throw new Error(`${req.action}: ${d.code} ${d.message}`);
  return d.next;
}

const calculated = (penalty: number | null = 100_000) =>
  apply(
    fresh(),
    {
      action: 'record_facts',
      facts: {
        category: 'major_hazard',
        alreadyKnownToAuthority: false,
        excludedReason: null,
        jointSignatories: 1,
      },
      answer: answerFor(penalty),
    },
    supervisor,
  );

describe('reward workflow', () => {
  it('opens awaiting the facts, in the county facts queue', () => {
    const r = fresh();
    expect(r).toMatchObject({ status: 'awaiting_facts', version: 1, approvals: [] });
    expect(stageOf(r)).toBe('facts');
  });

  it('records facts into the engine answer: computed, manual or not eligible', () => {
    expect(calculated()).toMatchObject({
      status: 'calculated',
      amountYuan: 15_000,
      secondApprovalRequired: false,
    });
    const manual = calculated(null);
    expect(manual.status).toBe('calculated');
    expect(manual.amountYuan).toBeUndefined();
    const ineligible = apply(
      fresh(),
      {
        action: 'record_facts',
        facts: {
          category: 'major_hazard',
          alreadyKnownToAuthority: true,
          excludedReason: null,
          jointSignatories: 1,
        },
        answer: { ...answerFor(1), determination: 'ineligible', amountYuan: null },
      },
      supervisor,
    );
    expect(ineligible.status).toBe('not_eligible');
    expect(stageOf(ineligible)).toBeNull();
  });

  it('grants each action only to its roles (the full role × action grid)', () => {
    const roles = [
      'operator',
      'township_officer',
      'county_supervisor',
      'finance_officer',
      'identity_custodian',
      'auditor',
    ] as const;
    for (const action of REWARD_ACTIONS) {
      for (const role of roles) {
        const d = decideReward(calculated(), kase, { action } as RewardRequest, staff(role), NOW);
        const allowed = REWARD_PERMISSIONS[action].includes(role);
        if (!allowed) expect(d, `${role} ${action}`).toMatchObject({ ok: false, code: 'role_not_allowed' });
        else expect(d.ok || d.code !== 'role_not_allowed', `${role} ${action}`).toBe(true);
      }
    }
  });

  it('refuses every action from a status it does not start from', () => {
    const from: Record<string, string[]> = {
      record_facts: ['awaiting_facts', 'not_eligible', 'calculated'],
      approve: ['calculated'],
      refuse: ['calculated'],
      claim: ['notified'],
      extend_claim: ['notified', 'expired'],
      lapse: ['notified'],
      request_release: ['claimed'],
      release: ['claimed'],
      mark_paid: ['claimed'],
    };
    for (const status of REWARD_STATUSES) {
      for (const action of REWARD_ACTIONS) {
        const role = REWARD_PERMISSIONS[action][0] as string;
        const actor: RewardActor =
          role === 'reporter'
            ? { kind: 'reporter' }
            : role === 'system'
              ? { kind: 'system' }
              : staff(role as never);
        const d = decideReward({ ...calculated(), status }, kase, { action } as RewardRequest, actor, NOW);
        if (!from[action]?.includes(status))
          expect(d, `${action} from ${status}`).toMatchObject({ ok: false, code: 'not_allowed_in_state' });
      }
    }
  });

  it('keeps the verifier and the facts recorder away from the decision, and needs two officers above the threshold', () => {
    const verifierInFinance = decideReward(
      calculated(),
      kase,
      { action: 'approve' },
      finance('officer-1'),
      NOW,
    );
    expect(verifierInFinance).toMatchObject({ ok: false, code: 'separation_of_duties' });
    const recordedByFinance = apply(
      fresh(),
      {
        action: 'record_facts',
        facts: {
          category: 'major_hazard',
          alreadyKnownToAuthority: false,
          excludedReason: null,
          jointSignatories: 1,
        },
        answer: answerFor(1_000_000),
      },
      finance('finance-1'),
    );
    expect(
      decideReward(recordedByFinance, kase, { action: 'approve' }, finance('finance-1'), NOW),
    ).toMatchObject({
      ok: false,
      code: 'separation_of_duties',
    });
    const first = apply(recordedByFinance, { action: 'approve' }, finance('finance-2'));
    expect(first).toMatchObject({ status: 'calculated', amountYuan: 150_000, secondApprovalRequired: true });
    expect(decideReward(first, kase, { action: 'approve' }, finance('finance-2'), NOW)).toMatchObject({
      ok: false,
      code: 'separation_of_duties',
    });
    const second = apply(first, { action: 'approve' }, finance('finance-3'));
    expect(second).toMatchObject({ status: 'notified', notifiedAt: NOW.toISOString() });
    expect(second.approvals.map((a) => a.staffId)).toEqual(['finance-2', 'finance-3']);
  });

  it('needs a manual amount within the range and a reason from the first approver', () => {
    const manual = calculated(null);
    expect(decideReward(manual, kase, { action: 'approve' }, finance(), NOW)).toMatchObject({
      field: 'amountYuan',
    });
    expect(
      decideReward(
        manual,
        kase,
        { action: 'approve', amountYuan: 2_999, reason: '理由充分的说明' },
        finance(),
        NOW,
      ),
    ).toMatchObject({
      field: 'amountYuan',
    });
    expect(
      decideReward(manual, kase, { action: 'approve', amountYuan: 3_000 }, finance(), NOW),
    ).toMatchObject({ field: 'reason' });
    const big = apply(
      manual,
      { action: 'approve', amountYuan: 60_000, reason: '重大隐患，影响面广' },
      finance(),
    );
    expect(big).toMatchObject({
      status: 'calculated',
      secondApprovalRequired: true,
      manualReason: '重大隐患，影响面广',
    });
    expect(
      decideReward(big, kase, { action: 'approve', amountYuan: 70_000 }, finance('finance-2'), NOW),
    ).toMatchObject({
      field: 'amountYuan',
    });
    expect(apply(big, { action: 'approve' }, finance('finance-2'))).toMatchObject({
      status: 'notified',
      amountYuan: 60_000,
    });
  });

  it('opens a 60-day claim window to 24:00 Shanghai, lapses after it, and extends with a reason', () => {
    const notified = apply(calculated(), { action: 'approve' }, finance());
    expect(notified.claimWindowEndsAt).toBe('2027-01-26T16:00:00.000Z');
    expect(lastDayOf(notified.claimWindowEndsAt as string)).toBe('2027-01-26');
    expect(stageOf(notified)).toBe('claim');
    const end = new Date(notified.claimWindowEndsAt as string);
    expect(decideReward(notified, kase, { action: 'lapse' }, { kind: 'system' }, end)).toMatchObject({
      ok: false,
    });
    const after = new Date(end.getTime() + 1);
    expect(decideReward(notified, kase, { action: 'claim' }, { kind: 'reporter' }, after)).toMatchObject({
      code: 'too_late',
    });
    expect(decideReward(notified, kase, { action: 'claim' }, { kind: 'reporter' }, end).ok).toBe(true);
    const expired = apply(notified, { action: 'lapse' }, { kind: 'system' }, after);
    expect(expired.status).toBe('expired');
    expect(
      decideReward(
        expired,
        kase,
        { action: 'extend_claim', days: 61, reason: '住院未能申领' },
        supervisor,
        after,
      ),
    ).toMatchObject({
      field: 'days',
    });
    const extended = apply(
      expired,
      { action: 'extend_claim', days: 10, reason: '住院未能申领' },
      supervisor,
      after,
    );
    expect(extended).toMatchObject({ status: 'notified', claimWindowEndsAt: '2027-02-06T16:00:00.000Z' });
    expect(extended.expiredAt).toBeUndefined();
    // Extending a window still open counts from its last day.
    const early = apply(notified, { action: 'extend_claim', days: 5, reason: '举报人申请延期' }, supervisor);
    expect(early.claimWindowEndsAt).toBe('2027-01-31T16:00:00.000Z');
  });

  it('releases only on request, to the requester, who alone marks it paid', () => {
    let r = apply(
      apply(calculated(), { action: 'approve' }, finance()),
      { action: 'claim' },
      { kind: 'reporter' },
    );
    expect(stageOf(r)).toBe('release');
    expect(decideReward(r, kase, { action: 'release' }, staff('identity_custodian'), NOW)).toMatchObject({
      code: 'not_allowed_in_state',
    });
    expect(
      decideReward(r, kase, { action: 'mark_paid', reference: 'REF-1' }, finance('payer'), NOW),
    ).toMatchObject({
      code: 'not_allowed_in_state',
    });
    r = apply(r, { action: 'request_release' }, finance('payer'));
    expect(decideReward(r, kase, { action: 'request_release' }, finance('other'), NOW)).toMatchObject({
      code: 'not_allowed_in_state',
    });
    r = apply(r, { action: 'release' }, staff('identity_custodian'));
    expect(r).toMatchObject({ releasedTo: 'payer' });
    expect(stageOf(r)).toBe('pay');
    expect(
      decideReward(r, kase, { action: 'mark_paid', reference: 'REF-1' }, finance('other'), NOW),
    ).toMatchObject({
      code: 'separation_of_duties',
    });
    expect(
      decideReward(r, kase, { action: 'mark_paid', reference: ' ' }, finance('payer'), NOW),
    ).toMatchObject({
      field: 'reference',
    });
    expect(apply(r, { action: 'mark_paid', reference: 'REF-1' }, finance('payer'))).toMatchObject({
      status: 'paid',
      paymentReference: 'REF-1',
    });
  });

  it('tells the reporter of the notice, refusal, lapse and payment, never of internal steps', () => {
    const visible = (r: RewardRecord, req: RewardRequest, actor: RewardActor, now = NOW) => {
      const d = decideReward(r, kase, req, actor, now);
      if (!d.ok) throw new Error(d.message);
      return d.event.reporterVisible;
    };
    expect(
      visible(fresh(), { action: 'record_facts', facts: {} as never, answer: answerFor(10_000) }, supervisor),
    ).toBe(false);
    expect(visible(calculated(), { action: 'approve' }, finance())).toBe(true);
    expect(visible(calculated(), { action: 'refuse', reason: '处罚决定已撤销' }, finance())).toBe(true);
    const d = decideReward(
      calculated(),
      kase,
      { action: 'refuse', reason: '处罚决定已撤销' },
      finance(),
      NOW,
    );
    expect(d.ok && d.event.text).not.toContain('处罚决定已撤销');
  });

  it('stops approving, claiming and paying once the case is no longer substantiated', () => {
    const reverified = { ...kase, substantiated: false };
    expect(decideReward(calculated(), reverified, { action: 'approve' }, finance(), NOW)).toMatchObject({
      code: 'not_allowed_in_state',
    });
    const notified = apply(calculated(), { action: 'approve' }, finance());
    expect(decideReward(notified, reverified, { action: 'claim' }, { kind: 'reporter' }, NOW)).toMatchObject({
      code: 'not_allowed_in_state',
    });
    expect(
      decideReward(calculated(), reverified, { action: 'refuse', reason: '复核认定不属实' }, finance(), NOW)
        .ok,
    ).toBe(true);
  });

  it('offers the actions whose only missing piece is the form', () => {
    expect(allowedRewardActions(calculated(), kase, finance(), NOW).sort()).toEqual([
      'approve',
      'record_facts',
      'refuse',
    ]);
    // The verifier may record facts, never decide.
    expect(allowedRewardActions(calculated(), kase, finance('officer-1'), NOW)).toEqual(['record_facts']);
    expect(allowedRewardActions(fresh(), kase, supervisor, NOW)).toEqual(['record_facts']);
  });

  it('computes window ends on Shanghai days', () => {
    expect(windowEnd(new Date('2026-11-27T15:59:59Z'), 1)).toBe('2026-11-28T16:00:00.000Z');
    expect(windowEnd(new Date('2026-11-27T16:00:00Z'), 1)).toBe('2026-11-29T16:00:00.000Z');
  });
});
