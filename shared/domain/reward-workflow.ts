/**
 * The reward of a substantiated case, from the facts the county records to the payment (SPEC §2
 * "Reward sub-states", §5; RULES.md §3.5–3.6). A pure state machine like the
 * case lifecycle: the reward, the case facts it needs, the request, the actor and `now` come in; a
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
 */
import { addDays } from './calendar.ts';
import type { RewardAnswer } from './reward-answer.ts';
import type { RecordedRewardFacts, RewardFacts } from './reward-facts.ts';

export type { RecordedRewardFacts };

import { ELIGIBILITY_LABELS } from './reward-rule-set.ts';
import type { StaffRole } from './roles.ts';
import { endOfShanghaiDay, shanghaiDate } from './shanghai-time.ts';

export const REWARD_STATUSES = [
  'awaiting_facts',
  'not_eligible',
  'calculated',
  'refused',
  'notified',
  'claimed',
  'paid',
  'expired',
] as const;
export type RewardStatus = (typeof REWARD_STATUSES)[number];

export const REWARD_STATUS_LABELS: Record<RewardStatus, { zh: string; en: string }> = {
  awaiting_facts: { zh: '待录入处罚/事故事实', en: 'Awaiting penalty or accident facts' },
  not_eligible: { zh: '不符合奖励条件', en: 'Not eligible' },
  calculated: { zh: '待财务审批', en: 'Awaiting finance approval' },
  refused: { zh: '不予奖励', en: 'Refused' },
  notified: { zh: '已通知，待申领', en: 'Notified, awaiting claim' },
  claimed: { zh: '已申领，待支付', en: 'Claimed, awaiting payment' },
  paid: { zh: '已支付', en: 'Paid' },
  expired: { zh: '逾期未申领', en: 'Lapsed (not claimed in time)' },
};

export interface RewardApproval {
  staffId: string;
  at: string;
  amountYuan: number;
}

export interface RewardExtension {
  staffId: string;
  at: string;
  reason: string;
  until: string;
}

export interface RewardRecord {
  caseNumber: string;
  status: RewardStatus;
  /** Optimistic concurrency (If-Match on the reward), bumped by every action. */
  version: number;
  /** The case's county (6 digits) or the region: which finance and custodian queues it sits in. */
  countyCode: string;
  /** The case's place code (township, else county, else region) for jurisdiction checks. */
  jurisdiction: string;
  createdAt: string;
  updatedAt: string;
  facts?: RecordedRewardFacts;
  factsRecordedBy?: string;
  factsRecordedAt?: string;
  /** The engine's answer for the recorded facts (lines, rule set id and version, parameters). */
  answer?: RewardAnswer;
  /** The amount to pay: the computed one, or the one finance set within a manual range. */
  amountYuan?: number;
  manualReason?: string;
  /** Whether two approvals are needed, fixed with the amount. */
  secondApprovalRequired?: boolean;
  approvals: RewardApproval[];
  refusal?: { staffId: string; at: string; reason: string };
  notifiedAt?: string;
  claimWindowEndsAt?: string;
  extensions: RewardExtension[];
  claimedAt?: string;
  releaseRequestedBy?: string;
  releaseRequestedAt?: string;
  releasedTo?: string;
  releasedBy?: string;
  releasedAt?: string;
  paidAt?: string;
  paidBy?: string;
  paymentReference?: string;
  expiredAt?: string;
}

/** What the machine needs of the case. */
export interface RewardCaseFacts {
  /** Staff who verified the case (lifecycle `verifiedBy`). */
  verifiedBy: string[];
  /** Whether the case was concluded as substantiated. */
  substantiated: boolean;
}

export const REWARD_ACTIONS = [
  'record_facts',
  'approve',
  'refuse',
  'claim',
  'extend_claim',
  'lapse',
  'request_release',
  'release',
  'mark_paid',
] as const;
export type RewardAction = (typeof REWARD_ACTIONS)[number];

export type RewardRequest =
  | { action: 'record_facts'; facts: RecordedRewardFacts; answer: RewardAnswer }
  | { action: 'approve'; amountYuan?: number; reason?: string }
  | { action: 'refuse'; reason: string }
  /** `channel` 'sms' when claimed by text (the SMS reply confirms it: no second text from the stream). */
  | { action: 'claim'; channel?: 'sms' }
  | { action: 'extend_claim'; days: number; reason: string }
  | { action: 'lapse' }
  | { action: 'request_release' }
  | { action: 'release' }
  | { action: 'mark_paid'; reference: string };

export type RewardActor =
  | { kind: 'staff'; id: string; role: StaffRole }
  | { kind: 'reporter' }
  | { kind: 'system' };

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
const REASON_MIN = 5;
const REASON_MAX = 1000;

export type RewardRefusalCode =
  | 'role_not_allowed'
  | 'not_allowed_in_state'
  | 'separation_of_duties'
  | 'too_late'
  | 'invalid';

export interface RewardRefusal {
  ok: false;
  code: RewardRefusalCode;
  message: string;
  /** The same in Simplified Chinese, for the consoles. */
  zh: string;
  field?: string;
}

export interface RewardEvent {
  action: RewardAction;
  reporterVisible: boolean;
  /** For the reporter (zh, the follow-up page and SMS); only on reporter-visible events. */
  text?: string;
  /** Staff-only: the amount, approval count, reasons. */
  internalNote?: string;
  detail?: Record<string, string | number | boolean>;
}

export interface RewardApprovalDecision {
  ok: true;
  next: RewardRecord;
  event: RewardEvent;
}
export type RewardDecision = RewardApprovalDecision | RewardRefusal;

const refuse = (code: RewardRefusalCode, message: string, zh: string, field?: string): RewardRefusal => ({
  ok: false,
  code,
  message,
  zh,
  ...(field ? { field } : {}),
});

const checkReason = (reason: string | undefined, field = 'reason'): RewardRefusal | null => {
  const r = reason?.trim() ?? '';
  if (r.length < REASON_MIN || r.length > REASON_MAX)
    return refuse(
      'invalid',
      `give a reason of ${REASON_MIN}–${REASON_MAX} characters`,
      `请说明理由（${REASON_MIN}–${REASON_MAX} 个字）`,
      field,
    );
  return null;
};

/** The last instant (24:00 Shanghai) of the day `days` calendar days after `from`'s Shanghai day. */
export function windowEnd(from: Date, days: number): string {
  return endOfShanghaiDay(addDays(shanghaiDate(from), days));
}

/** The last Shanghai calendar day of a window ending at `endsAt` (24:00 of that day). */
export const lastDayOf = (endsAt: string) => shanghaiDate(new Date(Date.parse(endsAt) - 1));

/** A new reward, opened when the case is substantiated. */
export function openReward(
  caseNumber: string,
  place: { countyCode: string; jurisdiction: string },
  now: Date,
): RewardRecord {
  const at = now.toISOString();
  return {
    caseNumber,
    status: 'awaiting_facts',
    version: 1,
    countyCode: place.countyCode,
    jurisdiction: place.jurisdiction,
    createdAt: at,
    updatedAt: at,
    approvals: [],
    extensions: [],
  };
}

/** The queue a reward waits in, if someone must act on it (shared/db/keys.ts rewardQueueKeys). */
export type RewardStage = 'facts' | 'approve' | 'claim' | 'release' | 'pay';
export function stageOf(r: RewardRecord): RewardStage | null {
  switch (r.status) {
    case 'awaiting_facts':
      return 'facts';
    case 'calculated':
      return 'approve';
    case 'notified':
      return 'claim';
    case 'claimed':
      return r.releasedTo ? 'pay' : 'release';
    default:
      return null;
  }
}

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

function approve(
  base: RewardRecord,
  reward: RewardRecord,
  req: Extract<RewardRequest, { action: 'approve' }>,
  staffId: string,
  now: Date,
): RewardDecision {
  const at = now.toISOString();
  const answer = reward.answer;
  if (!answer) return refuse('not_allowed_in_state', 'no calculation to approve', '尚无可审批的计算结果');
  let amount = reward.amountYuan;
  let second = reward.secondApprovalRequired;
  let manualReason = reward.manualReason;
  const first = reward.approvals.length === 0;
  if (answer.determination === 'manual' && first) {
    const range = answer.range;
    if (req.amountYuan === undefined || !Number.isInteger(req.amountYuan))
      return refuse(
        'invalid',
        'set the amount in whole yuan (manual determination)',
        '请以整数元填写金额（须人工确定）',
        'amountYuan',
      );
    if (range && (req.amountYuan < range.minYuan || req.amountYuan > range.maxYuan))
      return refuse(
        'invalid',
        `the amount must be within ${range.minYuan}–${range.maxYuan} yuan`,
        `金额须在 ${range.minYuan}–${range.maxYuan} 元之间`,
        'amountYuan',
      );
    const bad = checkReason(req.reason);
    if (bad) return bad;
    amount = req.amountYuan;
    manualReason = req.reason?.trim();
    second = amount > Number(answer.parameters.secondApprovalAboveYuan ?? Number.POSITIVE_INFINITY);
  } else if (req.amountYuan !== undefined && req.amountYuan !== amount) {
    return refuse(
      'invalid',
      `the amount is ${amount} yuan; an approval cannot change it`,
      `金额为 ${amount} 元，审批不能更改`,
      'amountYuan',
    );
  }
  if (amount === undefined) return refuse('not_allowed_in_state', 'no amount to approve', '尚无可审批的金额');
  const approvals = [...reward.approvals, { staffId, at, amountYuan: amount }];
  const needed = second ? 2 : 1;
  const withAmount = {
    ...base,
    amountYuan: amount,
    secondApprovalRequired: second === true,
    approvals,
    ...(manualReason ? { manualReason } : {}),
  };
  if (approvals.length < needed) {
    return {
      ok: true,
      next: withAmount,
      event: {
        action: 'approve',
        reporterVisible: false,
        internalNote: `第一人审批：${amount} 元${manualReason ? `（${manualReason}）` : ''}，待另一名财务人员复核`,
        detail: { amountYuan: amount, approvals: approvals.length, needed },
      },
    };
  }
  const claimWindowDays = Number(answer.parameters.claimWindowDays ?? 60);
  const until = windowEnd(now, claimWindowDays);
  return {
    ok: true,
    next: { ...withAmount, status: 'notified', notifiedAt: at, claimWindowEndsAt: until },
    event: {
      action: 'approve',
      reporterVisible: true,
      text: `您的举报符合奖励条件，奖励金额 ${amount} 元。请于 ${lastDayOf(until)} 前凭案件编号和查询码申领。`,
      internalNote: `批准奖励 ${amount} 元${manualReason ? `（${manualReason}）` : ''}`,
      detail: { amountYuan: amount, approvals: approvals.length, needed, claimWindowEndsAt: until },
    },
  };
}

/**
 * Engine facts for a case: what staff recorded plus what the case knows. The one mapping between
 * the two shapes: the recorded parts go through as they are, the reporter's two fields nest.
 */
export function engineFactsOf(
  recorded: RecordedRewardFacts,
  kase: { receivedAt: string; jurisdictionCode: string; isEmployeeOfUnit: boolean; duplicateOf?: string },
  substantiated: boolean,
): RewardFacts {
  const { excludedReason, jointSignatories, ...parts } = recorded;
  return {
    ...parts,
    substantiated,
    reporter: {
      // Anonymous while the case is handled; the real name is established at claim (RULES.md §3.5).
      realName: false,
      isEmployeeOfUnit: kase.isEmployeeOfUnit,
      excludedReason,
      isFirstValidReporter: !kase.duplicateOf,
      jointSignatories,
    },
    receivedAt: kase.receivedAt,
    jurisdictionCode: kase.jurisdictionCode,
  };
}
