/**
 * Evidence benchmark (`npm run bench:evidence`): what a report with two 3 MB phone photos costs,
 * against reports without files measured in the same run on the same stack.
 *
 * - json: POST /api/v1/reports with the intake bench's body (bench/report-body.ts) — the intake
 *   bench's request, here one at a time: the no-file baseline;
 * - plain: POST /report (the citizen form, multipart, no file) — the no-file path of the form that
 *   takes photos, which must not be slower than the baseline;
 * - photos: the same form with two 3 MB JPEGs made with sharp, carrying EXIF GPS, camera serial,
 *   XMP and ICC: checked by magic number, decoded and re-encoded, verified, thumbnailed, sealed,
 *   written to the blob store, recorded.
 *
 * One request at a time (stripping is CPU-bound; Lambda serves one request per instance), so the
 * process's memory above its level before a kind ran is what one request of that kind needs: the
 * peak RSS and peak heap (JS heap + buffers) per request, and what each request left behind on
 * average. Figures and ratios are printed, with the intake bench's own figure when
 * `.bench/intake.json` exists (it runs 32 at a time, so only the same-run baseline is comparable).
 * `RUNS=4 npm run bench:evidence` for a short run. A measurement, not a test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStack } from '#functions/local/stack.ts';
import { createLogger } from '#shared/log.ts';
import { bigJpeg } from '../test/support/evidence-samples.ts';
import { reportBody } from './report-body.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const RUNS = Number(process.env.RUNS ?? 12);
const WARMUP = 2;
/** How much slower than the baseline the no-file form may measure before it counts as slower (noise). */
const TOLERANCE = 0.1;
const INTAKE_FIGURES = resolve(import.meta.dirname, '..', '.bench', 'intake.json');

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
console.log(
  `evidence bench — ${RUNS} requests of each kind after ${WARMUP} warm-up, one at a time · node ${process.version}` +
    `${global.gc ? '' : ' · (no --expose-gc: memory figures include garbage not yet collected)'}`,
);
console.log(
  `photos: ${photos.map((p) => `${(p.length / 1048576).toFixed(2)} MB JPEG with EXIF GPS`).join(', ')}`,
);

type Kind = 'json' | 'plain' | 'photos';

function request(kind: Kind, i: number): Promise<Response> {
  const key = `bench-${kind}-${i}-${Date.now()}`;
  if (kind === 'json')
    return fetch(`${stack.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: reportBody(i),
    });
  const fd = new FormData();
  for (const [k, v] of Object.entries({ ...fields, idempotencyKey: key })) fd.append(k, v);
  if (kind === 'photos') for (const [n, p] of photos.entries()) fd.append('file', new File([p], `p${n}.jpg`));
  return fetch(`${stack.url}/report`, { method: 'POST', body: fd });
}

interface Figures {
  p50: number;
  p90: number;
  mean: number;
  /** Peak RSS above the level before the kind ran: what one request in flight needs. */
  rssPerRequest: number;
  /** The same for the JS heap with buffers (external + array buffers). */
  heapPerRequest: number;
  /** What each request left behind on average (after a collection, when available). */
  retainedPerRequest: number;
}

const heapOf = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;

async function measure(kind: Kind): Promise<Figures> {
  for (let i = 0; i < WARMUP; i++) {
    const res = await request(kind, -1 - i);
    await res.arrayBuffer();
  }
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = heapOf(before);
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, heapOf(m));
  }, 2);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const res = await request(kind, i);
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error(`${kind}: HTTP ${res.status}`);
    times.push(performance.now() - started);
  }
  clearInterval(sampler);
  global.gc?.();
  const after = process.memoryUsage();
  times.sort((a, b) => a - b);
  const q = (x: number) => times[Math.min(times.length - 1, Math.ceil(x * times.length) - 1)] ?? Number.NaN;
  return {
    p50: q(0.5),
    p90: q(0.9),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    rssPerRequest: peakRss - before.rss,
    heapPerRequest: peakHeap - heapOf(before),
    retainedPerRequest: (heapOf(after) - heapOf(before)) / RUNS,
  };
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const mb = (x: number) => `${(x / 1048576).toFixed(1)} MB`.padStart(10);
const row = (label: string, f: Figures) =>
  `${label.padEnd(34)}${ms(f.p50)}${ms(f.p90)}${ms(f.mean)}${mb(f.rssPerRequest)}${mb(f.heapPerRequest)}${mb(f.retainedPerRequest)}`;

try {
  const json = await measure('json');
  const plain = await measure('plain');
  const withPhotos = await measure('photos');
  const plainAfter = await measure('plain');
  console.log(
    `${''.padEnd(34)}${'p50'.padStart(10)}${'p90'.padStart(10)}${'mean'.padStart(10)}${'RSS/req'.padStart(10)}${'heap/req'.padStart(10)}${'left/req'.padStart(10)}`,
  );
  console.log(row('json    POST /api/v1/reports', json));
  console.log(row('plain   POST /report, no file', plain));
  console.log(row('photos  POST /report, 2 × 3 MB', withPhotos));
  console.log(row('plain   again, after the photos', plainAfter));
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  console.log(
    `photos ÷ plain: time p50 ${ratio(withPhotos.p50, plain.p50)} (+${(withPhotos.p50 - plain.p50).toFixed(0)} ms), ` +
      `RSS/req ${ratio(withPhotos.rssPerRequest, plain.rssPerRequest)}, heap/req ${ratio(withPhotos.heapPerRequest, plain.heapPerRequest)}`,
  );
  const worstPlain = Math.max(plain.p50, plainAfter.p50);
  const ok = worstPlain <= json.p50 * (1 + TOLERANCE);
  console.log(
    `no-file intake vs the intake bench's request (same run, one at a time): plain p50 ${worstPlain.toFixed(1)} ms, ` +
      `json p50 ${json.p50.toFixed(1)} ms → ${ratio(worstPlain, json.p50)} — ${ok ? 'ok, not slower' : `SLOWER (more than ${TOLERANCE * 100}% over)`}`,
  );
  if (existsSync(INTAKE_FIGURES)) {
    const stored = JSON.parse(readFileSync(INTAKE_FIGURES, 'utf8')) as {
      at: string;
      concurrency: number;
      intake: { p50: number; p99: number };
    };
    console.log(
      `intake bench figures (${stored.at}, ${stored.concurrency} at a time): p50 ${stored.intake.p50.toFixed(1)} ms, p99 ${stored.intake.p99.toFixed(1)} ms`,
    );
  } else console.log('intake bench figures: none yet (npm run bench:intake writes .bench/intake.json)');
} finally {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
