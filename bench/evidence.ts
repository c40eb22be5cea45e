/**
 * Evidence benchmark (`npm run bench:evidence`): what a report with two 3 MB phone photos costs,
 * against a report without files measured in the same run on the same stack.
 *
 * - plain: POST /report (the citizen form, multipart, no file) — the no-file path;
 * - photos: the same form with two 3 MB JPEGs carrying GPS/EXIF/XMP/ICC: checked by magic number,
 *   decoded and re-encoded, verified, thumbnailed, sealed, written to the blob store, recorded;
 * one request at a time (stripping is CPU-bound; Lambda serves one request per instance), with the
 * time per request and the process's peak RSS and heap while each kind ran, printed as figures and
 * ratios. A measurement, not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '#functions/local/stack.ts';
import { createLogger } from '#shared/log.ts';
import { bigJpeg } from '../test/support/evidence-samples.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const RUNS = Number(process.env.RUNS ?? 12);

const fields = {
  lang: 'zh',
  category: 'major_hazard',
  description: '仓库内违规存放大量液化气钢瓶，无通风，附照片。',
  countyCode: '411003',
  townshipCode: '411003106',
  address: '灵井镇某仓库',
  action: 'submit',
};

const dir = mkdtempSync(join(tmpdir(), 'chuishao-bench-evidence-'));
const stack = await startLocalStack({
  dataDir: dir,
  persist: false,
  logger: createLogger(() => {}),
  pollIntervalMs: 3_600_000,
  sweepIntervalMs: 0,
});
const photos = await Promise.all([bigJpeg(3, 31), bigJpeg(3, 32)]);
console.log(`photos: ${photos.map((p) => `${(p.length / 1048576).toFixed(2)} MB`).join(', ')}`);

function form(i: number, withPhotos: boolean) {
  const fd = new FormData();
  for (const [k, v] of Object.entries({
    ...fields,
    idempotencyKey: `bench-${withPhotos}-${i}-${Date.now()}`,
  }))
    fd.append(k, v);
  if (withPhotos) for (const [n, p] of photos.entries()) fd.append('file', new File([p], `p${n}.jpg`));
  return fd;
}

async function measure(label: string, withPhotos: boolean) {
  const times: number[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  global.gc?.();
  const before = process.memoryUsage();
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
  }, 5);
  for (let i = 0; i < RUNS + 2; i++) {
    const started = performance.now();
    const res = await fetch(`${stack.url}/report`, { method: 'POST', body: form(i, withPhotos) });
    await res.text();
    if (res.status !== 201) throw new Error(`${label}: HTTP ${res.status}`);
    if (i >= 2) times.push(performance.now() - started); // two warm-up requests
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
  console.log(
    `${label.padEnd(7)} p50 ${p(0.5).toFixed(0)} ms  p90 ${p(0.9).toFixed(0)} ms  mean ${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(0)} ms  peak RSS ${mb(peakRss)} (+${mb(peakRss - before.rss)})  peak heap+buffers ${mb(peakHeap)}`,
  );
  return { p50: p(0.5), peakRss };
}

try {
  const plain = await measure('plain', false);
  const withPhotos = await measure('photos', true);
  console.log(
    `photos ÷ plain, p50: ${(withPhotos.p50 / plain.p50).toFixed(1)}×  (two 3 MB photos add ${(withPhotos.p50 - plain.p50).toFixed(0)} ms per request)`,
  );
  const plainAfter = await measure('plain', false);
  console.log(
    `plain after photos ÷ plain before, p50: ${(plainAfter.p50 / plain.p50).toFixed(2)}× (the no-file path loads no image library)`,
  );
} finally {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
