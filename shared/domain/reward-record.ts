/**
 * What a reward is: its statuses (with the labels people read), its stored record, the actions and
 * requests of its state machine (reward-workflow.ts) and who takes them, the queue it waits in, its
 * claim window's dates, and a new reward as the substantiation opens it. Pure.
 */
import { addDays } from './calendar.ts';
import type { RewardAnswer } from './reward-answer.ts';
import type { RecordedRewardFacts } from './reward-facts.ts';
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
