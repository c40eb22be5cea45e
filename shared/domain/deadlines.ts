/**
 * Statutory deadline arithmetic (RULES.md §4), following the Civil Code:
 * - Art 201: a period in days starts counting the day after the start day;
 * - Art 203: if the last day is a rest day or statutory holiday, the period ends on the first
 *   working day after it; a period ends at 24:00 of its last day (Asia/Shanghai).
 * "Days" are calendar days unless the rule says working days (工作日). Hour periods (e.g. two
 * hours for imminent danger) run from the moment of receipt. Pure: the calendar comes in as data.
 */
import { addDays, type CalendarData, dayKind } from './calendar.ts';
import { endOfShanghaiDay, shanghaiDate } from './shanghai-time.ts';

export type Period = { days: number; working?: boolean } | { hours: number };

export interface Due {
  /** Last day of the period, Shanghai calendar date. */
  dueDate: string;
  /** The instant the period ends (24:00 Shanghai of `dueDate`, or start + hours), ISO UTC. */
  dueAt: string;
  /** True when a year without a published holiday arrangement was involved. */
  provisional: boolean;
}

const MAX_SCAN_DAYS = 3660;

/**
 * When a period that starts at `start` ends.
 * @example dueOf(cal, new Date('2026-09-28T02:00:00Z'), { days: 5, working: true })
 *   // → 2026-10-10 (the National Day week is skipped; Saturday 10 Oct is a make-up working day)
 */
export function dueOf(cal: CalendarData, start: Date, period: Period): Due {
  if ('hours' in period) {
    const at = new Date(start.getTime() + period.hours * 3600_000);
    return { dueDate: shanghaiDate(at), dueAt: at.toISOString(), provisional: false };
  }
  if (!Number.isInteger(period.days) || period.days < 0)
    throw new RangeError('days must be a whole number ≥ 0');
  let day = shanghaiDate(start);
  let provisional = false;
  const working = (d: string) => {
    const k = dayKind(cal, d);
    provisional ||= k.provisional;
    return k.working;
  };
  if (period.working) {
    let counted = 0;
    for (let i = 0; counted < period.days; i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('period too long');
      day = addDays(day, 1);
      if (working(day)) counted++;
    }
  } else {
    day = addDays(day, period.days);
    for (let i = 0; !working(day); i++) {
      if (i > MAX_SCAN_DAYS) throw new RangeError('no working day found');
      day = addDays(day, 1);
    }
  }
  return { dueDate: day, dueAt: endOfShanghaiDay(day), provisional };
}
