/**
 * The outcome of a reward action: the record to store and the timeline event, or a refusal with a
 * code, English and Chinese messages and the field at fault. Apart from the state machine so that
 * its approval rules (reward-approval.ts) shape their answers the same way.
 */
import type { RewardAction, RewardRecord } from './reward-record.ts';

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

/** A refusal, naming the field when the request itself is at fault. */
export const refuse = (
  code: RewardRefusalCode,
  message: string,
  zh: string,
  field?: string,
): RewardRefusal => ({
  ok: false,
  code,
  message,
  zh,
  ...(field ? { field } : {}),
});

/** A refusal when a required reason is missing, too short or too long; else null. */
export const checkReason = (reason: string | undefined, field = 'reason'): RewardRefusal | null => {
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
