/**
 * Builds the working-day calendar from data in seeds/calendar/: the official arrangements and
 * statutory holidays generated from the npm package `chinese-days` (npm run seeds:calendar), plus
 * arrangements added by hand when the State Council publishes a year the package does not have yet.
 */
import type { CalendarData, YearArrangement } from './domain/calendar.ts';

export interface CalendarOverlay {
  year: number;
  /** Where the arrangement was published, e.g. 国务院办公厅关于2027年部分节假日安排的通知. */
  source: string;
  /** Rest days on weekdays (holidays and bridged days). */
  holidays: string[];
  /** Weekend days that are working days (调休). */
  workdays: string[];
}

/**
 * seeds/calendar/chinese-days.json: days as `MM-DD` under their year. `statutory` lists, for the
 * years without a published arrangement, the statutory days that need the lunar calendar or a solar
 * term; the fixed ones are FIXED_STATUTORY_DAYS.
 */
export interface GeneratedCalendar {
  generatedFrom: string;
  arrangements: Record<string, { holidays: string[]; workdays: string[] }>;
  statutory: Record<string, string[]>;
}

/** The statutory holidays on fixed solar dates: 元旦, 劳动节 (1–2 May), 国庆 (1–3 Oct). */
export const FIXED_STATUTORY_DAYS = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'] as const;

const inYear = (year: number | string, days: readonly string[]) => days.map((md) => `${year}-${md}`);

export function buildCalendar(generated: GeneratedCalendar, overlays: CalendarOverlay[] = []): CalendarData {
  const arrangements = new Map<number, YearArrangement>();
  for (const [year, a] of Object.entries(generated.arrangements)) {
    arrangements.set(Number(year), {
      holidays: new Set(inYear(year, a.holidays)),
      makeUpWorkdays: new Set(inYear(year, a.workdays)),
    });
  }
  for (const o of overlays) {
    arrangements.set(o.year, { holidays: new Set(o.holidays), makeUpWorkdays: new Set(o.workdays) });
  }
  const statutory = new Map<number, ReadonlySet<string>>();
  return {
    arrangement: (year) => arrangements.get(year) ?? null,
    statutoryHolidays: (year) => {
      let set = statutory.get(year);
      if (!set) {
        // Beyond the generated years only the fixed-date statutory holidays are known.
        set = new Set(inYear(year, [...FIXED_STATUTORY_DAYS, ...(generated.statutory[year] ?? [])]));
        statutory.set(year, set);
      }
      return set;
    },
  };
}
