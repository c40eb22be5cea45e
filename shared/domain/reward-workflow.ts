/**
 * The reward of a substantiated case, from the facts the county records to the payment: its
 * state machine. A pure state machine like the case lifecycle: the reward, the case facts it needs, the request, the actor and `now` come in; a
 * decision comes out (the patch to store, the timeline event, whether the reporter is told) or a
 * refusal value. The amount itself comes from the engine (rewards.ts), called by the service.
 *
 * States and actions (who: from → to):
 *   (substantiation)  system: — → awaiting_facts (the stream consumer opens the reward)
 *   record_facts      county_supervisor, finance_officer: awaiting_facts, not_eligible, calculated
 *                     (no approval yet) → calculated | not_eligible (the engine's determination)
 *   approve           finance_officer: calculated → calculated (first of two) | notified. A manual
 *                     determination needs the amount (within the range) and a reason from the first
 *                     approver. Above `secondApprovalAboveYuan` two different officers approve. The
 *                     final approval is also the award notice: one write, status `notified`, the
 *                     claim window (60 days, end of the Shanghai day) starts.
 *   refuse            finance_officer: calculated → refused (reason)
 *   claim             reporter: notified, before the window ends → claimed (identity sealed apart)
 *   extend_claim      county_supervisor: notified, expired → notified with a later window end (reason)
 *   lapse             system (the sweep): notified after the window end → expired
 *   request_release   finance_officer: claimed → claimed, release requested (they become the payer)
 *   release           identity_custodian: claimed with a request → claimed, released to the requester
 *   mark_paid         finance_officer (the one released to): claimed and released → paid (reference)
 *
 * Separation of duties: whoever verified the case (`verifiedBy`) or recorded its reward facts never
 * approves or refuses it; the second approval comes from a different officer than the first.
 * A case that is no longer substantiated (an upheld objection re-verified it as not) is approved,
 * claimed and paid no further; finance refuses what is left.
 *
 * The record and its vocabulary are in reward-record.ts, the shape of a decision in
 * reward-decision.ts, and the finance approval (amount, two approvals, award notice) in
 * reward-approval.ts.
 */
import { approve } from './reward-approval.ts';
import {
  checkReason,
  type RewardApprovalDecision,
  type RewardDecision,
  type RewardEvent,
  refuse,
} from './reward-decision.ts';
import {
  lastDayOf,
  REWARD_ACTIONS,
  REWARD_STATUS_LABELS,
  type RewardAction,
  type RewardActor,
  type RewardCaseFacts,
  type RewardRecord,
  type RewardRequest,
  type RewardStatus,
  windowEnd,
} from './reward-record.ts';
import { ELIGIBILITY_LABELS } from './reward-rule-set.ts';
import type { StaffRole } from './roles.ts';

export const REWARD_PERMISSIONS: Record<RewardAction, readonly (StaffRole | 'reporter' | 'system')[]> = {
  record_facts: ['county_supervisor', 'finance_officer'],
  approve: ['finance_officer'],
  refuse: ['finance_officer'],
  claim: ['reporter'],
  extend_claim: ['county_supervisor'],
  lapse: ['system'],
  request_release: ['finance_officer'],
  release: ['identity_custodian'],
  mark_paid: ['finance_officer'],
};

const FROM: Record<RewardAction, readonly RewardStatus[]> = {
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

export const CLAIM_EXTENSION_MAX_DAYS = 60;

/** The actions this actor may take on the reward now (buttons and forms). */
export function allowedRewardActions(
  reward: RewardRecord,
  kase: RewardCaseFacts,
  actor: RewardActor,
  now: Date,
): RewardAction[] {
  // An action whose only objection is the (empty) probe request needs a form: offer it.
  return REWARD_ACTIONS.filter((action) => {
    const d = decideReward(reward, kase, probe(action), actor, now);
    return d.ok || d.code === 'invalid';
  });
}

const probe = (action: RewardAction): RewardRequest => {
  switch (action) {
    case 'record_facts':
      return { action, facts: undefined as never, answer: undefined as never };
    case 'refuse':
      return { action, reason: '' };
    case 'extend_claim':
      return { action, days: 0, reason: '' };
    case 'mark_paid':
      return { action, reference: '' };
    default:
      return { action } as RewardRequest;
  }
};

/**
 * Decides a reward action. Checks, in order: the role may take the action; the status allows it
 * (and the facts it needs: a release request, a release); separation of duties; the window; the
 * request's own fields (`invalid` names the field).
 */
export function decideReward(
  reward: RewardRecord,
  kase: RewardCaseFacts,
  req: RewardRequest,
  actor: RewardActor,
  now: Date,
): RewardDecision {
  const role = actor.kind === 'staff' ? actor.role : actor.kind;
  if (!REWARD_PERMISSIONS[req.action].includes(role))
    return refuse('role_not_allowed', `${role} may not ${req.action}`, '您的角色无权执行此操作');
  if (!FROM[req.action].includes(reward.status))
    return refuse(
      'not_allowed_in_state',
      `${req.action} is not possible while the reward is ${reward.status}`,
      `奖励当前状态（${REWARD_STATUS_LABELS[reward.status].zh}）下不能执行此操作`,
    );
  // An objection upheld after the award can end in "not substantiated": nothing more is paid.
  if (
    !kase.substantiated &&
    (req.action === 'approve' || req.action === 'claim' || req.action === 'mark_paid')
  )
    return refuse('not_allowed_in_state', 'the case is no longer substantiated', '案件已不再认定属实');
  const staffId = actor.kind === 'staff' ? actor.id : '';
  const at = now.toISOString();
  const base = { ...reward, version: reward.version + 1, updatedAt: at };
  const ok = (next: RewardRecord, event: RewardEvent): RewardApprovalDecision => ({ ok: true, next, event });

  switch (req.action) {
    case 'record_facts': {
      if (reward.approvals.length > 0)
        return refuse(
          'not_allowed_in_state',
          'facts cannot change once an officer has approved',
          '已有财务人员审批，事实不能再修改',
        );
      if (!kase.substantiated)
        return refuse('not_allowed_in_state', 'the case is not substantiated', '案件未经核查属实');
      if (!req.facts || !req.answer) return refuse('invalid', 'facts are required', '请填写事实', 'facts');
      const a = req.answer;
      const status: RewardStatus = a.determination === 'ineligible' ? 'not_eligible' : 'calculated';
      const { amountYuan: _a, manualReason: _m, secondApprovalRequired: _s, ...rest } = base;
      const next: RewardRecord = {
        ...rest,
        status,
        facts: req.facts,
        factsRecordedBy: staffId,
        factsRecordedAt: at,
        answer: a,
        ...(a.determination === 'computed' && a.amountYuan !== null
          ? { amountYuan: a.amountYuan, secondApprovalRequired: a.secondApprovalRequired === true }
          : {}),
      };
      return ok(next, {
        action: 'record_facts',
        reporterVisible: false,
        // Staff read this note in the timeline; the rule set id and version are in `detail`.
        internalNote:
          a.determination === 'computed'
            ? `按规则计算：${a.amountYuan} 元`
            : a.determination === 'manual'
              ? `由财务在 ${a.range?.minYuan}–${a.range?.maxYuan} 元范围内确定`
              : `不予奖励${a.failedCheck ? `：${ELIGIBILITY_LABELS[a.failedCheck].zh}不符合` : ''}`,
        detail: {
          determination: a.determination,
          ruleSet: a.ruleSet.id,
          ruleSetVersion: a.ruleSet.version,
          ...(a.amountYuan !== null ? { amountYuan: a.amountYuan } : {}),
        },
      });
    }

    case 'approve':
    case 'refuse': {
      if (kase.verifiedBy.includes(staffId))
        return refuse(
          'separation_of_duties',
          'an officer who verified the case may not decide its reward',
          '参与核查本案的人员不得审批其奖励',
        );
      if (reward.factsRecordedBy === staffId)
        return refuse(
          'separation_of_duties',
          'the officer who recorded the facts may not decide the reward',
          '录入事实的人员不得审批该奖励',
        );
      if (reward.approvals.some((a) => a.staffId === staffId))
        return refuse(
          'separation_of_duties',
          'the second approval must come from a different officer',
          '第二次审批须由另一名财务人员进行',
        );
      if (req.action === 'refuse') {
        const bad = checkReason(req.reason);
        if (bad) return bad;
        return ok(
          { ...base, status: 'refused', refusal: { staffId, at, reason: req.reason.trim() } },
          {
            action: 'refuse',
            reporterVisible: true,
            text: '经审核，本案不予发放举报奖励。如有疑问，可向受理机关咨询。',
            internalNote: req.reason.trim(),
          },
        );
      }
      return approve(base, reward, req, staffId, now);
    }

    case 'claim': {
      if (!reward.claimWindowEndsAt || at > reward.claimWindowEndsAt)
        return refuse('too_late', 'the claim window has ended', '奖励申领期限已过');
      return ok(
        { ...base, status: 'claimed', claimedAt: at },
        {
          action: 'claim',
          reporterVisible: true,
          text: '已收到您的奖励申领。身份信息已加密保存，仅用于支付。',
          ...(req.channel === 'sms' ? { detail: { channel: 'sms' } } : {}),
        },
      );
    }

    case 'extend_claim': {
      if (!Number.isInteger(req.days) || req.days < 1 || req.days > CLAIM_EXTENSION_MAX_DAYS)
        return refuse(
          'invalid',
          `days must be 1–${CLAIM_EXTENSION_MAX_DAYS}`,
          `延长天数须为 1–${CLAIM_EXTENSION_MAX_DAYS} 天`,
          'days',
        );
      const bad = checkReason(req.reason);
      if (bad) return bad;
      const from =
        reward.claimWindowEndsAt && reward.claimWindowEndsAt > at ? new Date(reward.claimWindowEndsAt) : now;
      // The window end is 24:00 of a day, i.e. 00:00 of the next: count from the last day itself.
      const until = windowEnd(new Date(from.getTime() - 1), req.days);
      const { expiredAt: _e, ...rest } = base;
      return ok(
        {
          ...rest,
          status: 'notified',
          claimWindowEndsAt: until,
          extensions: [...reward.extensions, { staffId, at, reason: req.reason.trim(), until }],
        },
        {
          action: 'extend_claim',
          reporterVisible: true,
          text: `奖励申领期限已延长至 ${lastDayOf(until)}。`,
          internalNote: req.reason.trim(),
          detail: { days: req.days, until },
        },
      );
    }

    case 'lapse': {
      if (!reward.claimWindowEndsAt || at <= reward.claimWindowEndsAt)
        return refuse('not_allowed_in_state', 'the claim window has not ended', '申领期限尚未届满');
      return ok(
        { ...base, status: 'expired', expiredAt: at },
        {
          action: 'lapse',
          reporterVisible: true,
          text: '奖励申领期限已过，奖励未申领。如有正当理由，可向受理机关申请延期。',
        },
      );
    }

    case 'request_release': {
      if (reward.releaseRequestedBy)
        return refuse(
          'not_allowed_in_state',
          'a release of the payee details is already requested',
          '已申请调取领奖人信息',
        );
      return ok(
        { ...base, releaseRequestedBy: staffId, releaseRequestedAt: at },
        { action: 'request_release', reporterVisible: false },
      );
    }

    case 'release': {
      if (!reward.releaseRequestedBy || reward.releasedTo)
        return refuse('not_allowed_in_state', 'no release request is pending', '没有待处理的调取申请');
      return ok(
        { ...base, releasedTo: reward.releaseRequestedBy, releasedBy: staffId, releasedAt: at },
        {
          action: 'release',
          reporterVisible: true,
          text: '您的身份信息已由身份保管人交付财务用于支付奖励。',
          detail: { releasedTo: reward.releaseRequestedBy },
        },
      );
    }

    case 'mark_paid': {
      if (!reward.releasedTo)
        return refuse('not_allowed_in_state', 'the payee details are not released yet', '领奖人信息尚未交付');
      if (reward.releasedTo !== staffId)
        return refuse(
          'separation_of_duties',
          'only the officer the payee details were released to pays',
          '只有获交付领奖人信息的财务人员可以办理支付',
        );
      const reference = req.reference.trim();
      if (reference.length < 3 || reference.length > 64)
        return refuse(
          'invalid',
          'give the payment reference (3–64 characters)',
          '请填写支付凭证号（3–64 个字符）',
          'reference',
        );
      return ok(
        { ...base, status: 'paid', paidAt: at, paidBy: staffId, paymentReference: reference },
        {
          action: 'mark_paid',
          reporterVisible: true,
          text: `举报奖励 ${reward.amountYuan ?? 0} 元已支付。`,
          detail: { reference },
        },
      );
    }
  }
}
