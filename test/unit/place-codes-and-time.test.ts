/** Division-code arithmetic and Shanghai time: the two small modules every count and page relies on. */
import { describe, expect, it } from 'vitest';
import {
  cityOf,
  countyOf,
  isCountyOrBelow,
  levelOfCode,
  parentCode,
  placeLevel,
  townshipOfVillage,
  within,
} from '#shared/domain/division-code.ts';
import {
  endOfShanghaiDay,
  shanghaiClock,
  shanghaiDate,
  shanghaiDateTime,
  shanghaiMonth,
  startOfShanghaiDay,
} from '#shared/domain/shanghai-time.ts';

describe('division codes', () => {
  it('name the prefixes: county, city, township of a village, parent', () => {
    expect(countyOf('411003106')).toBe('411003');
    expect(countyOf('411003106201')).toBe('411003');
    expect(cityOf('411003')).toBe('4110');
    expect(townshipOfVillage('411003106201')).toBe('411003106');
    expect(parentCode('411003106201')).toBe('411003106');
    expect(parentCode('41')).toBe('');
  });

  it('tell the level by length; placeLevel also wants digits', () => {
    expect(['41', '4110', '411003', '411003106', '411003106201'].map(levelOfCode)).toEqual([
      'province',
      'city',
      'county',
      'township',
      'village',
    ]);
    expect(levelOfCode('41100')).toBeNull();
    expect(placeLevel('41100a')).toBeNull();
    expect(placeLevel('411003')).toBe('county');
    expect(isCountyOrBelow('4110')).toBe(false);
    expect(isCountyOrBelow('411003106')).toBe(true);
  });

  it('an empty area holds nothing', () => {
    expect(within('411003106', '411003')).toBe(true);
    expect(within('411081103', '411003')).toBe(false);
    expect(within('411003106', '')).toBe(false);
  });
});

describe('Shanghai time', () => {
  it('days and months turn at 16:00 UTC', () => {
    expect(shanghaiDate('2026-01-31T15:59:59.999Z')).toBe('2026-01-31');
    expect(shanghaiDate(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-01');
    expect(shanghaiMonth('2026-12-31T16:00:00Z')).toBe('2027-01');
  });

  it('formats date-time and clock in 24 hours, midnight as 00', () => {
    expect(shanghaiDateTime('2026-12-06T06:05:00Z')).toBe('2026-12-06 14:05');
    expect(shanghaiClock('2026-12-06T16:05:00Z')).toBe('00:05');
    expect(shanghaiDateTime('2026-12-06T06:05:09Z', { seconds: true })).toBe('2026-12-06 14:05:09');
  });

  it('a day runs from 16:00Z the day before to 16:00Z', () => {
    expect(startOfShanghaiDay('2026-12-06')).toBe('2026-12-05T16:00:00.000Z');
    expect(endOfShanghaiDay('2026-12-06')).toBe('2026-12-06T16:00:00.000Z');
  });
});
