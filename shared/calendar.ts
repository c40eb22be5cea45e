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

export interface GeneratedCalendar {
  generatedFrom: string;
  arrangements: Record<string, { holidays: string[]; workdays: string[] }>;
  statutory: Record<string, string[]>;
}

/** Beyond the generated years only the solar-date statutory holidays are known. */
const solarStatutory = (year: number) =>
  [`01-01`, `05-01`, `05-02`, `10-01`, `10-02`, `10-03`].map((md) => `${year}-${md}`);

export function buildCalendar(generated: GeneratedCalendar, overlays: CalendarOverlay[] = []): CalendarData {
  const arrangements = new Map<number, YearArrangement>();
  for (const [year, a] of Object.entries(generated.arrangements)) {
    arrangements.set(Number(year), { holidays: new Set(a.holidays), makeUpWorkdays: new Set(a.workdays) });
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
        set = new Set(generated.statutory[year] ?? solarStatutory(year));
        statutory.set(year, set);
      }
      return set;
    },
  };
}
