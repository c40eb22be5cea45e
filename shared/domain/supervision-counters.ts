/**
 * The supervision (考核) counters' vocabulary: the statutory clocks, the kinds of tally, the shape
 * of a counter change and the counters' attribute names. Apart from the tallies (supervision.ts)
 * because both sides use it: the tallies write these counters, the figures
 * (supervision-figures.ts), the dashboards and the case lists behind them read them. Pure.
 *
 * Statutory clocks (seeds/policies/deadlines.json), each counted once, when an action discharges
 * it, met or missed:
 *   acceptance      受理 decision (accept, reject, transfer) within 5 working days (2 h if imminent)
 *   triage          routing a report to a township within 1 working day (2 h if imminent)
 *   verification    substantiated / not within 60 days of acceptance
 *   verificationExtended  the same, when the county granted an extension (≤ 30 days)
 *   feedback        close with feedback within 10 days after verification or rectification ended
 *   rectification   rectification confirmed by the date the order set
 *   objectionReview the county's review of an objection within 30 days
 */
import type { Category } from './case.ts';

export const CLOCKS = [
  'acceptance',
  'triage',
  'verification',
  'verificationExtended',
  'feedback',
  'rectification',
  'objectionReview',
] as const;
export type Clock = (typeof CLOCKS)[number];

/** What a tally counts; also the first part of a case-list row's key. */
export const TALLY_KINDS = [
  'received',
  'accepted',
  'rejected',
  'transferred_out',
  'transferred_in',
  'substantiated',
  'unsubstantiated',
  'closed',
  'duplicate',
  'reopened',
  'objection',
  'listed',
  'listed_rectified',
  'clock',
  'reward_computed',
  'reward_not_eligible',
  'reward_approved',
  'reward_refused',
  'reward_claimed',
  'reward_paid',
  'reward_expired',
] as const;
export type TallyKind = (typeof TALLY_KINDS)[number];

/** One counter change: `delta` on `metric` of `place` in `month` ('NOW' = a gauge of the present). */
export interface CounterAdd {
  place: string;
  month: string;
  metric: string;
  delta: number;
}

/** One thing counted once per case. */
export interface Tally {
  /** Unique within the case (the marker's sort key): kind, and the event seq where it recurs. */
  id: string;
  kind: TallyKind;
  place: string;
  month: string;
  at: string;
  adds: CounterAdd[];
  /** For the case list behind a figure. */
  clock?: Clock;
  met?: boolean;
  /**
   * A report first routed out of triage: its `received` count moves from wherever it was counted
   * to `place` (the repository reads the received marker to know from where).
   */
  move?: 'received';
}

/**
 * Days from acceptance to close are counted in bands named by their upper bound: day by day for
 * the first three days, then up to 5, 7, 10, 15, 20, 30, 45, 60 (the verification limit), 75, 90
 * (with its extension), 120, 180 and 365 days, and 366 for anything longer. A fixed handful of
 * bands keeps every counter item the same size however many cases it counts, so a dashboard
 * costs the same for a small county and a large one; a median or 90th percentile is read as the
 * upper bound of its band ("at most N days").
 */
export const CLOSE_DAYS_BANDS = [
  0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 75, 90, 120, 180, 365, 366,
] as const;
export const CLOSE_DAYS_CAP = 366;
const closeDaysBand = (d: number) => CLOSE_DAYS_BANDS.find((b) => d <= b) ?? CLOSE_DAYS_CAP;

/** Counter attribute names. */
export const metric = {
  received: 'received',
  receivedBy: (dim: 'ch' | 'k', v: string) => `received@${dim}:${v}`,
  outcomeByCategory: (kind: string, c: Category) => `${kind}@k:${c}`,
  clock: (c: Clock, met: boolean) => `clock:${c}:${met ? 'met' : 'missed'}`,
  closeDays: (d: number) => `close_days:${closeDaysBand(Math.max(0, d))}`,
  yuan: (kind: string) => `${kind}_yuan`,
  claimsPending: 'claims_pending',
} as const;
