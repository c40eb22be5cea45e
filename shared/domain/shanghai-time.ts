/**
 * Time as people in China read it. Every date the hotline shows or counts by — a deadline's last
 * day, a case number's date, a month of statistics, a time on a page — is Asia/Shanghai wall-clock
 * time (UTC+8, no daylight saving), whatever the server's zone. One module, so no page or count
 * does its own offset arithmetic. Pure: instants come in as arguments.
 */

/** China has kept UTC+8 all year since 1991: a fixed offset is exact for every date we handle. */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

const instant = (at: Date | string) => (typeof at === 'string' ? Date.parse(at) : at.getTime());
/** `YYYY-MM-DDTHH:mm:ss.sssZ` of the Shanghai wall clock at `at` (the Z is meaningless). */
const wallClock = (at: Date | string) => new Date(instant(at) + SHANGHAI_OFFSET_MS).toISOString();

/**
 * Shanghai calendar day of an instant.
 * @example shanghaiDate('2026-11-27T16:30:00Z') // '2026-11-28'
 */
export function shanghaiDate(at: Date | string): string {
  return wallClock(at).slice(0, 10);
}

/** Shanghai calendar month (`YYYY-MM`) of an instant: counts are bucketed the way people read dates. */
export function shanghaiMonth(at: Date | string): string {
  return wallClock(at).slice(0, 7);
}

/**
 * `2026-12-06 14:05`: date and minute in Shanghai (the date always shown: staff work across days),
 * the one way every page and export writes a time; `{ seconds: true }` gives `2026-12-06 14:05:09`
 * where events a second apart must be told apart (the audit chain, the access log).
 */
export function shanghaiDateTime(at: Date | string, opts: { seconds?: boolean } = {}): string {
  const d = wallClock(at);
  return `${d.slice(0, 10)} ${d.slice(11, opts.seconds ? 19 : 16)}`;
}

/** `14:05` in Shanghai. */
export function shanghaiClock(at: Date | string): string {
  return wallClock(at).slice(11, 16);
}

/** 00:00 Shanghai at the start of `day` (YYYY-MM-DD), as an ISO UTC instant (16:00Z the day before). */
export function startOfShanghaiDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS).toISOString();
}

/** 24:00 Shanghai at the end of `day`, as an ISO UTC instant (16:00Z of that day). */
export function endOfShanghaiDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS).toISOString();
}
