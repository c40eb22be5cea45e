/**
 * Retention of a reporter's identity (SPEC §6): the sealed identity, the sealed SMS number and a
 * reward claim's payee are deleted a configured time after the case is final. Pure: when a case is
 * final and from when the time counts; whether its reward still needs the identity.
 */
import type { CaseRecord } from './case.ts';
import { isOpen } from './lifecycle/facts.ts';
import type { RewardStatus } from './reward-record.ts';

/**
 * The instant a case became final, or null while it is open: a closed case once its objection
 * window has ended (an objection can reopen it until then), a rejected or transferred one at once.
 */
export function finalAt(c: CaseRecord): string | null {
  if (isOpen(c)) return null;
  switch (c.status) {
    case 'closed': {
      const closed = c.closedAt ?? c.updatedAt;
      const window = c.objectionWindowEndsAt;
      return window && window > closed ? window : closed;
    }
    case 'rejected':
      return c.rejection?.at ?? c.updatedAt;
    case 'transferred':
      return c.transfers?.at(-1)?.at ?? c.updatedAt;
    default:
      return null;
  }
}

/** Rewards that still need the payee or reporter: identity is kept until they end. */
const REWARD_IN_PROGRESS: readonly RewardStatus[] = ['awaiting_facts', 'calculated', 'notified', 'claimed'];

export type RetentionDecision =
  /** The case reopened (or never closed): forget the marker; the next close sets a new one. */
  | 'not_final'
  /** Final, but not yet for long enough (the marker is early, e.g. after a reopen and close). */
  | 'not_yet'
  /** Final long enough, but its reward is still in progress: look again later. */
  | 'reward_pending'
  | 'purge';

/** Whether a case's identity may be deleted now, `retentionDays` after it became final. */
export function retentionDecision(
  c: CaseRecord,
  rewardStatus: RewardStatus | null,
  now: Date,
  retentionDays: number,
): RetentionDecision {
  const at = finalAt(c);
  if (!at) return 'not_final';
  if (Date.parse(at) + retentionDays * 86_400_000 > now.getTime()) return 'not_yet';
  if (rewardStatus && REWARD_IN_PROGRESS.includes(rewardStatus)) return 'reward_pending';
  return 'purge';
}
