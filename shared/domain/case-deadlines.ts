/**
 * Which deadline a case is under at each point of its life, computed from the policy in force for
 * its jurisdiction and the holiday calendar. Pure.
 */
import type { CalendarData } from './calendar.ts';
import type { PeriodName, ResolvedPolicy } from './deadline-policy.ts';
import { dueOf } from './deadlines.ts';

export interface CaseDue {
  /** The policy period, or 'rectification' for the date a rectification order set. */
  period: PeriodName | 'rectification';
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  /** The rule the period comes from, so staff can see why this date. */
  source: string;
}

export function computeDue(
  cal: CalendarData,
  policy: ResolvedPolicy,
  period: PeriodName,
  from: Date,
): CaseDue {
  const p = policy.periods[period];
  const { source, ...length } = p;
  return { period, ...dueOf(cal, from, length), source };
}

/**
 * The first deadline at intake: the township's acceptance decision (受理) when the case is routed,
 * otherwise the county's triage; hours instead of days when the reporter marks imminent danger.
 */
export function intakeDue(
  cal: CalendarData,
  policy: ResolvedPolicy,
  status: 'assigned' | 'triage',
  imminentDanger: boolean,
  receivedAt: Date,
): CaseDue {
  const period: PeriodName =
    status === 'assigned'
      ? imminentDanger
        ? 'acceptanceImminent'
        : 'acceptance'
      : imminentDanger
        ? 'triageImminent'
        : 'triage';
  return computeDue(cal, policy, period, receivedAt);
}
