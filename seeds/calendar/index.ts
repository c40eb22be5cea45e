/**
 * Yearly holiday arrangements not (yet) in the npm package `chinese-days`. When the State Council
 * publishes next year's arrangement (each November), add `<year>.json` here in the CalendarOverlay
 * shape (shared/calendar.ts) — { year, source, holidays: [weekday rest days], workdays: [make-up
 * weekend working days] } — and import it below. Until then, computations reaching into that year
 * apply only the fixed statutory holidays and are marked provisional.
 */
const overlays: unknown[] = [];
export default overlays;
