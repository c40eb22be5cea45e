/**
 * The periods of the supervision (考核) dashboard: whole Shanghai months, read from the query as a
 * month, quarter, year or from–to range, with the labels people read. Apart from the tallies and
 * the figures because it is about the calendar only. Pure: `now` comes in.
 */
import { shanghaiMonth } from './shanghai-time.ts';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'range';

/** A dashboard period: whole Shanghai months `from`…`to` (YYYY-MM, inclusive). */
export interface DashboardPeriod {
  kind: PeriodKind;
  from: string;
  to: string;
  /** As people read it: 2026年3月, 2026年第1季度, 2026年, 2026年1月至2026年5月. */
  labelZh: string;
  labelEn: string;
}

/** Longest from–to period (months): keeps every dashboard a bounded number of reads. */
export const MAX_PERIOD_MONTHS = 36;

const monthIndex = (ym: string) => {
  const [y, m] = ym.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
};
const monthOfIndex = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

/** Months from…to inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthOfIndex(i));
  return out;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const zhMonth = (ym: string) => `${ym.slice(0, 4)}年${Number(ym.slice(5))}月`;

export type PeriodInput = { period?: string; from?: string; to?: string };

/**
 * Reads a period from the query: `period=2026-03` (a month), `2026-Q1` (a quarter), `2026` (a
 * year), or `from=2026-01&to=2026-05` (months, inclusive). Without any, the current Shanghai
 * month. Returns a field error instead of throwing.
 */
export function parsePeriod(
  q: PeriodInput,
  now: Date,
): { ok: true; period: DashboardPeriod } | { ok: false; field: string; zh: string; en: string } {
  const bad = (field: string, zh: string, en: string) => ({ ok: false as const, field, zh, en });
  if (q.from || q.to) {
    const from = q.from ?? '';
    const to = q.to ?? '';
    if (!MONTH.test(from))
      return bad('from', '起始月份格式应为 2026-01', 'from must be a month like 2026-01');
    if (!MONTH.test(to)) return bad('to', '截止月份格式应为 2026-12', 'to must be a month like 2026-12');
    if (to < from) return bad('to', '截止月份不能早于起始月份', 'to must not be before from');
    if (monthIndex(to) - monthIndex(from) + 1 > MAX_PERIOD_MONTHS)
      return bad('to', `时间段最长 ${MAX_PERIOD_MONTHS} 个月`, `at most ${MAX_PERIOD_MONTHS} months`);
    return {
      ok: true,
      period: {
        kind: 'range',
        from,
        to,
        labelZh: `${zhMonth(from)}至${zhMonth(to)}`,
        labelEn: `${from} to ${to}`,
      },
    };
  }
  const p = (q.period ?? '').trim() || shanghaiMonth(now);
  if (MONTH.test(p))
    return { ok: true, period: { kind: 'month', from: p, to: p, labelZh: zhMonth(p), labelEn: p } };
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(p);
  if (quarter) {
    const y = quarter[1]!;
    const n = Number(quarter[2]);
    const from = `${y}-${String(n * 3 - 2).padStart(2, '0')}`;
    const to = `${y}-${String(n * 3).padStart(2, '0')}`;
    return {
      ok: true,
      period: { kind: 'quarter', from, to, labelZh: `${y}年第${n}季度`, labelEn: `${y} Q${n}` },
    };
  }
  if (/^\d{4}$/.test(p))
    return {
      ok: true,
      period: { kind: 'year', from: `${p}-01`, to: `${p}-12`, labelZh: `${p}年`, labelEn: p },
    };
  return bad(
    'period',
    '时间段应为月份（2026-03）、季度（2026-Q1）或年份（2026）',
    'period must be 2026-03, 2026-Q1 or 2026',
  );
}

/** First and last Shanghai day of a period (for links to the case search). */
export function periodDays(p: Pick<DashboardPeriod, 'from' | 'to'>): { from: string; to: string } {
  const next = monthOfIndex(monthIndex(p.to) + 1);
  const last = new Date(Date.parse(`${next}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return { from: `${p.from}-01`, to: last };
}
