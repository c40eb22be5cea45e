/**
 * The supervision (考核) figures read from summed counters: on-time rates per statutory clock and
 * overall, percentiles of days to close from the banded histogram, and the ranking of places. Apart
 * from the tallies (what is counted, supervision.ts) because these only read counters. Pure.
 */
import type { CaseStatus, Channel } from './case.ts';
import { CLOCKS, type Clock, metric } from './supervision-counters.ts';

/** A place's counters summed over the period: metric → value. */
export type Counters = Record<string, number>;

export function sumCounters(into: Counters, from: Counters): Counters {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
  return into;
}

export interface ClockFigure {
  met: number;
  missed: number;
  /** met / (met + missed), or null when nothing was discharged. */
  rate: number | null;
}

export function clockFigure(c: Counters, clock: Clock): ClockFigure {
  const met = c[metric.clock(clock, true)] ?? 0;
  const missed = c[metric.clock(clock, false)] ?? 0;
  return { met, missed, rate: met + missed ? met / (met + missed) : null };
}

/** All clocks together: the on-time handling a 考核 ranking uses. */
export function overallOnTime(c: Counters): ClockFigure {
  let met = 0;
  let missed = 0;
  for (const k of CLOCKS) {
    const f = clockFigure(c, k);
    met += f.met;
    missed += f.missed;
  }
  return { met, missed, rate: met + missed ? met / (met + missed) : null };
}

/**
 * A percentile of days from acceptance to close, from the banded histogram (nearest rank): the
 * upper bound of the band it falls in.
 * @example closeDaysPercentile({ 'close_days:3': 1, 'close_days:10': 1 }, 0.5) // → 3
 */
export function closeDaysPercentile(c: Counters, q: number): number | null {
  const buckets: [number, number][] = [];
  for (const [k, v] of Object.entries(c)) {
    if (!k.startsWith('close_days:') || v <= 0) continue;
    buckets.push([Number(k.slice('close_days:'.length)), v]);
  }
  const total = buckets.reduce((s, [, v]) => s + v, 0);
  if (!total) return null;
  buckets.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [d, v] of buckets) {
    seen += v;
    if (seen >= rank) return d;
  }
  return buckets.at(-1)![0];
}

export interface RankedPlace {
  place: string;
  onTime: ClockFigure;
  rank: number;
}

/**
 * Places ranked by on-time handling: rate high to low, then more actions in time, then code;
 * places with nothing discharged come last, unranked (rank 0).
 */
export function rankPlaces(rows: { place: string; counters: Counters }[]): RankedPlace[] {
  const scored = rows.map((r) => ({ place: r.place, onTime: overallOnTime(r.counters) }));
  scored.sort((a, b) => {
    const ra = a.onTime.rate ?? -1;
    const rb = b.onTime.rate ?? -1;
    if (ra !== rb) return rb - ra;
    if (a.onTime.met !== b.onTime.met) return b.onTime.met - a.onTime.met;
    return a.place.localeCompare(b.place);
  });
  let rank = 0;
  let prev: string | null = null;
  return scored.map((s, i) => {
    const key = `${s.onTime.rate}:${s.onTime.met}`;
    if (s.onTime.rate === null) return { ...s, rank: 0 };
    if (key !== prev) rank = i + 1;
    prev = key;
    return { ...s, rank };
  });
}

/** Statuses in which a case still waits on someone (for "overdue now" labels). */
export const OPEN_STATUSES: readonly CaseStatus[] = [
  'triage',
  'assigned',
  'accepted',
  'verifying',
  'substantiated',
  'unsubstantiated',
  'rectifying',
];

export const CHANNELS: readonly Channel[] = ['web', 'sms', 'phone', 'coordinator'];
