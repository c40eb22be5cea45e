/**
 * Builds the working-day calendar data from the npm package `chinese-days` (the official
 * arrangements it ships) and the yearly overlays in seeds/calendar/ (so next year's arrangement,
 * published by the State Council each November, is a data change, not a code change).
 */
import chineseDays from 'chinese-days';
import { addDays, type CalendarData, type YearArrangement } from './domain/calendar.ts';

// The package's CommonJS build has no named exports Node can see; its default export has them all.
const { getDayDetail, getHolidaysInRange, getSolarDateFromLunar, getSolarTermDate } = chineseDays;

export interface CalendarOverlay {
  year: number;
  /** Where the arrangement was published, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  source: string;
  /** Rest days on weekdays (holidays and bridged days). */
  holidays: string[];
  /** Weekend days that are working days (调休). */
  workdays: string[];
}

/** 全国年节及纪念日放假办法 (2024 revision): the 13 statutory holiday days of a year. */
export function statutoryHolidays(year: number): Set<string> {
  const days = new Set<string>([
    `${year}-01-01`,
    `${year}-05-01`,
    `${year}-05-02`,
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ]);
  const newYear = getSolarDateFromLunar(`${year}-01-01`).date;
  for (let i = -1; i <= 2; i++) days.add(addDays(newYear, i)); // 除夕, 初一 to 初三
  days.add(getSolarTermDate(year, 4, 'pure_brightness')); // 清明
  days.add(getSolarDateFromLunar(`${year}-05-05`).date); // 端午
  days.add(getSolarDateFromLunar(`${year}-08-15`).date); // 中秋
  return days;
}

/** The arrangement chinese-days ships for a year, or null when it has none. */
function packageArrangement(year: number): YearArrangement | null {
  const holidays = new Set(getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false));
  if (holidays.size === 0) return null;
  const makeUpWorkdays = new Set<string>();
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if ((weekday === 0 || weekday === 6) && getDayDetail(day).work) makeUpWorkdays.add(day);
  }
  return { holidays, makeUpWorkdays };
}

/** Years are worked out on first use, so a cold start pays only for the years it touches. */
export function buildCalendar(overlays: CalendarOverlay[] = []): CalendarData {
  const years = new Map<number, YearArrangement | null>();
  const statutory = new Map<number, Set<string>>();
  const byYear = new Map(overlays.map((o) => [o.year, o]));
  return {
    arrangement: (year) => {
      if (!years.has(year)) {
        const overlay = byYear.get(year);
        years.set(
          year,
          overlay
            ? { holidays: new Set(overlay.holidays), makeUpWorkdays: new Set(overlay.workdays) }
            : packageArrangement(year),
        );
      }
      return years.get(year) ?? null;
    },
    statutoryHolidays: (year) => {
      let set = statutory.get(year);
      if (!set) {
        set = statutoryHolidays(year);
        statutory.set(year, set);
      }
      return set;
    },
  };
}
