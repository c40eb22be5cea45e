/**
 * The holiday calendar as data. `chinese-days.json` is generated from the npm package
 * (npm run seeds:calendar). When the State Council publishes a year the package does not have yet
 * (each November), add `<year>.json` beside this file in the CalendarOverlay shape
 * (shared/calendar.ts: { year, source, holidays: [weekday rest days], workdays: [make-up weekend
 * working days] }) and list it in `overlays` below. Until then, computations reaching into that
 * year apply only its fixed statutory holidays and are marked provisional.
 */
import generated from './chinese-days.json' with { type: 'json' };

export const generatedCalendar: unknown = generated;
export const overlays: unknown[] = [];
