/**
 * Arithmetic on division codes (统计用区划代码): province 2 digits, city 4, county 6, township 9,
 * village 12, each code beginning with its parent's. A place's county, city or township is a
 * prefix of its code, so no lookup is needed; these names say which prefix is meant instead of
 * `slice(0, 6)` at every use. Pure; a code is trusted to be one (check with `placeLevel` first
 * where it comes from outside).
 */
import type { PlaceLevel } from './place.ts';

const LEVEL_BY_LENGTH: Readonly<Record<number, PlaceLevel>> = {
  2: 'province',
  4: 'city',
  6: 'county',
  9: 'township',
  12: 'village',
};
const PARENT_LENGTH: Readonly<Record<number, number>> = { 4: 2, 6: 4, 9: 6, 12: 9 };

/** The level of a code by its length, or null. @example levelOfCode('411003106') // 'township' */
export function levelOfCode(code: string): PlaceLevel | null {
  return LEVEL_BY_LENGTH[code.length] ?? null;
}

/** The level of a code that is all digits and of a known length, else null (input checking). */
export function placeLevel(code: string): PlaceLevel | null {
  return /^\d+$/.test(code) ? levelOfCode(code) : null;
}

/** The code of the place one level up ('' for a province or an unknown length). */
export function parentCode(code: string): string {
  const len = PARENT_LENGTH[code.length];
  return len === undefined ? '' : code.slice(0, len);
}

/** The county (6 digits) of a county, township or village code. @example countyOf('411003106') // '411003' */
export const countyOf = (code: string) => code.slice(0, 6);

/** The city (4 digits) of a code below the province. */
export const cityOf = (code: string) => code.slice(0, 4);

/** The township (9 digits) of a village code. */
export const townshipOfVillage = (villageCode: string) => villageCode.slice(0, 9);

/** Whether a code is a county's or lies below one (a township, a village). */
export const isCountyOrBelow = (code: string) => code.length >= 6;

/**
 * Whether `code` is `area` or lies within it (a county within its city, a village in its
 * township). An empty area holds nothing: a missing jurisdiction must never mean everywhere.
 */
export const within = (code: string, area: string) => area !== '' && code.startsWith(area);
