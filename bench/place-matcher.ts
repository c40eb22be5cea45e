/**
 * Place matcher benchmark (`npm run bench:place-matcher`): building the index of the pilot region
 * (7 counties, 105 townships, 2,505 villages) and locating a 200-character report in it, against a
 * baseline measured in the same run — the naive way, every place name searched in the text with
 * `includes` — so the figure is a ratio that holds on any machine.
 */
import { buildPlaceIndex, locate } from '#shared/domain/place-matcher.ts';
import { readDivisionSeed } from '../seeds/load.ts';

const { places } = readDivisionSeed('4110');
const best = (runs: number, f: () => void) => {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};

const base =
  '许昌市禹州市神垕镇驻驾山村委会附近有个黑作坊在生产烟花，晚上偷偷开工，张庄村后面的砖厂塌方了，陈庄也有人反映。';
const text = [...base.repeat(5)].slice(0, 200).join('');
const CALLS = 200;

const buildMs = best(9, () => buildPlaceIndex(places));
const index = buildPlaceIndex(places);
const locateMs =
  best(9, () => {
    for (let i = 0; i < CALLS; i++) locate(index, text);
  }) / CALLS;
const names = places.map((p) => p.name);
const naiveMs =
  best(9, () => {
    for (let i = 0; i < CALLS; i++) names.filter((n) => text.includes(n));
  }) / CALLS;

console.log(`place matcher — ${places.length} places, a ${text.length}-character text, best of 9`);
console.log(`  build index            ${buildMs.toFixed(2).padStart(8)} ms`);
console.log(`  locate (index)         ${locateMs.toFixed(4).padStart(8)} ms per text`);
console.log(
  `  baseline: every name   ${naiveMs.toFixed(4).padStart(8)} ms per text (includes, no suffix handling)`,
);
console.log(`  ratio locate ÷ baseline ${(locateMs / naiveMs).toFixed(2).padStart(7)}`);
