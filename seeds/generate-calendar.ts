/**
 * Regenerates seeds/calendar/chinese-days.json from the npm package `chinese-days`: the official
 * holiday arrangements it ships (weekday rest days and make-up working weekends) and, for the years
 * after, the fixed statutory holidays of 全国年节及纪念日放假办法 (2024 revision), whose lunar and
 * solar-term dates the package computes. Shipping the result as data keeps the Lambda bundles free
 * of the package and makes a new year's arrangement a data change. Days are written as `MM-DD`
 * under their year, and a statutory-only year lists just the days that need the lunar calendar or
 * a solar term (春节, 清明, 端午, 中秋): the fixed ones (元旦, 劳动节, 国庆) are in the code
 * (shared/calendar.ts), so every function that computes deadlines carries less than half the data.
 * Usage: npm run seeds:calendar
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import chineseDays from 'chinese-days';
import { FIXED_STATUTORY_DAYS } from '#shared/calendar.ts';
import { addDays } from '#shared/domain/calendar.ts';

const { getDayDetail, getHolidaysInRange, getSolarDateFromLunar, getSolarTermDate } = chineseDays;

export const FIRST_YEAR = 2018;
export const LAST_STATUTORY_YEAR = 2060;

export function arrangementOf(year: number): { holidays: string[]; workdays: string[] } | null {
  const holidays = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false);
  if (holidays.length === 0) return null;
  const workdays: string[] = [];
  for (let day = `${year}-01-01`; day.startsWith(String(year)); day = addDays(day, 1)) {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    if ((weekday === 0 || weekday === 6) && getDayDetail(day).work) workdays.push(day);
  }
  return {
    holidays: holidays.filter((d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())),
    workdays,
  };
}

/** The 13 statutory holiday days: 元旦, 春节 (除夕–初三), 清明, 劳动节 (1–2 May), 端午, 中秋, 国庆 (1–3 Oct). */
export function statutoryHolidaysOf(year: number): string[] {
  const days = new Set<string>([
    `${year}-01-01`,
    `${year}-05-01`,
    `${year}-05-02`,
    `${year}-10-01`,
    `${year}-10-02`,
    `${year}-10-03`,
  ]);
  const newYear = getSolarDateFromLunar(`${year}-01-01`).date;
  for (let i = -1; i <= 2; i++) days.add(addDays(newYear, i));
  days.add(getSolarTermDate(year, 4, 'pure_brightness'));
  days.add(getSolarDateFromLunar(`${year}-05-05`).date);
  days.add(getSolarDateFromLunar(`${year}-08-15`).date);
  return [...days].sort();
}

/** `2027-02-05` → `02-05`: the year is the key the day is listed under. */
const monthDay = (day: string) => day.slice(5);

export function generateCalendar() {
  const require = createRequire(import.meta.url);
  const version = (require('chinese-days/package.json') as { version: string }).version;
  const arrangements: Record<string, { holidays: string[]; workdays: string[] }> = {};
  const statutory: Record<string, string[]> = {};
  for (let year = FIRST_YEAR; year <= LAST_STATUTORY_YEAR; year++) {
    const a = arrangementOf(year);
    if (a) arrangements[year] = { holidays: a.holidays.map(monthDay), workdays: a.workdays.map(monthDay) };
    else {
      const fixed = new Set<string>(FIXED_STATUTORY_DAYS);
      statutory[year] = statutoryHolidaysOf(year)
        .map(monthDay)
        .filter((md) => !fixed.has(md));
    }
  }
  return { generatedFrom: `chinese-days@${version}`, arrangements, statutory };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(dirname(fileURLToPath(import.meta.url)), 'calendar', 'chinese-days.json');
  const data = generateCalendar();
  const lines = (o: Record<string, unknown>) =>
    Object.entries(o)
      .map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
      .join(',\n');
  writeFileSync(
    out,
    `{\n "generatedFrom": ${JSON.stringify(data.generatedFrom)},\n "arrangements": {\n${lines(data.arrangements)}\n },\n "statutory": {\n${lines(data.statutory)}\n }\n}\n`,
  );
  console.log(
    `${out}: arrangements ${Object.keys(data.arrangements).join(', ')}; statutory-only ${Object.keys(data.statutory)[0]}…`,
  );
}
