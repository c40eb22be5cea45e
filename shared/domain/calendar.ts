/**
 * Working days in mainland China: weekends and the State Council's holiday arrangement, with its
 * make-up working days (调休). Pure: the arrangement comes in as data (`CalendarData`, built by
 * shared/calendar.ts from the npm package `chinese-days` plus yearly overlays in seeds/calendar/).
 *
 * A year whose arrangement is not in the data is never treated as ordinary: the fixed statutory
 * holidays of 全国年节及纪念日放假办法 (2024 revision) still apply — 元旦, 春节 (除夕 to 初三),
 * 清明, 劳动节 (1–2 May), 端午, 中秋, 国庆 (1–3 Oct) — and every answer that relied on such a year
 * says it is provisional.
 */

export interface YearArrangement {
  /** Weekdays that are rest days (holidays and bridged days). */
  holidays: ReadonlySet<string>;
  /** Weekend days made working days (调休). */
  makeUpWorkdays: ReadonlySet<string>;
}

export interface CalendarData {
  /** The official arrangement of a year, or null when it is not known. */
  arrangement(year: number): YearArrangement | null;
  /** Fixed statutory holidays of a year (computed from the lunar calendar and solar terms). */
  statutoryHolidays(year: number): ReadonlySet<string>;
}

export interface DayKind {
  working: boolean;
  /** True when the year's arrangement is unknown and only the statutory minimum was applied. */
  provisional: boolean;
}

/** `YYYY-MM-DD` of a UTC-midnight Date. */
export const ymd = (d: Date) => d.toISOString().slice(0, 10);

export function parseYmd(s: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) throw new RangeError(`not a date: ${s}`);
  const d = new Date(`${s}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || ymd(d) !== s) throw new RangeError(`not a date: ${s}`);
  return d;
}

export function addDays(s: string, n: number): string {
  const d = parseYmd(s);
  d.setUTCDate(d.getUTCDate() + n);
  return ymd(d);
}

export function dayKind(cal: CalendarData, day: string): DayKind {
  const year = Number(day.slice(0, 4));
  const weekday = parseYmd(day).getUTCDay();
  const weekend = weekday === 0 || weekday === 6;
  const known = cal.arrangement(year);
  if (known) {
    if (known.makeUpWorkdays.has(day)) return { working: true, provisional: false };
    return { working: !weekend && !known.holidays.has(day), provisional: false };
  }
  return { working: !weekend && !cal.statutoryHolidays(year).has(day), provisional: true };
}
