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
 * One request at a time (stripping is CPU-bound; Lambda serves one request per instance), every
 * kind warmed up first and then measured in rounds, so a busy machine slows all kinds alike. Per
 * request: its time, the peak RSS and peak heap (JS heap + buffers) above the level just before it
 * (the median is printed), and what it left behind on average. Figures and ratios are printed, with the intake bench's own figure when
 * `.bench/intake.json` exists (it runs 32 at a time, so only the same-run baseline is comparable).
 * `RUNS=4 npm run bench:evidence` for a short run. A measurement, not a test.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CSRF_FIELD } from '#functions/http/csrf.tsx';
import { startLocalStack } from '#functions/local/stack.ts';
import { createLogger } from '#shared/log.ts';
import { csrfFor } from '../test/support/browser-form.ts';
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
// The form is posted as a browser posts it: with its page's CSRF token and cookie, from its origin.
const csrf = await csrfFor({ request: (path, init) => fetch(`${stack.url}${path}`, init) }, '/report');
const browser = {
  origin: new URL(stack.url).origin,
  'sec-fetch-site': 'same-origin',
  ...(csrf.cookie ? { cookie: csrf.cookie } : {}),
};
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
  for (const [k, v] of Object.entries({ ...fields, idempotencyKey: key, [CSRF_FIELD]: csrf.token }))
    fd.append(k, v);
  if (kind === 'photos') for (const [n, p] of photos.entries()) fd.append('file', new File([p], `p${n}.jpg`));
  return fetch(`${stack.url}/report`, { method: 'POST', body: fd, headers: browser });
}

interface Figures {
  p50: number;
  p90: number;
  mean: number;
  /** Median over the requests of the peak RSS above the level just before it: what one request needs. */
  rssPerRequest: number;
  /** The same for the JS heap with buffers (external + array buffers). */
  heapPerRequest: number;
  /** What each request left behind on average (after a collection, when available). */
  retainedPerRequest: number;
}

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(10);
const mb = (x: number) => `${(x / 1048576).toFixed(1)} MB`.padStart(10);
/** A full collection, then another once finalizers ran (buffers outside the JS heap go then). */
async function collect() {
  if (!global.gc) return;
  global.gc();
  await new Promise((r) => setImmediate(r));
  global.gc();
}
const heapOf = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external + m.arrayBuffers;

interface Sample {
  ms: number;
  rss: number;
  heap: number;
  retained: number;
}

/** One request, alone: its time, the memory it took at its peak, and what it left behind. */
async function sample(kind: Kind, i: number): Promise<Sample> {
  await collect();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = heapOf(before);
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, heapOf(m));
  }, 2);
  const started = performance.now();
  const res = await request(kind, i);
  await res.arrayBuffer();
  const ms = performance.now() - started;
  clearInterval(sampler);
  if (res.status !== 201) throw new Error(`${kind}: HTTP ${res.status}`);
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, heapOf(m));
  await collect();
  return {
    ms,
    rss: peakRss - before.rss,
    heap: peakHeap - heapOf(before),
    retained: heapOf(process.memoryUsage()) - heapOf(before),
  };
}

const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
};

function figuresOf(samples: Sample[]): Figures {
  const times = samples.map((x) => x.ms);
  return {
    p50: quantile(times, 0.5),
    p90: quantile(times, 0.9),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    rssPerRequest: quantile(
      samples.map((x) => x.rss),
      0.5,
    ),
    heapPerRequest: quantile(
      samples.map((x) => x.heap),
      0.5,
    ),
    retainedPerRequest: samples.reduce((a, x) => a + x.retained, 0) / samples.length,
  };
}

/**
 * Every kind warmed up first, then measured in rounds (json, plain, photos, json, …), so that
 * what else runs on the machine falls on all kinds alike.
 */
async function measureAll(): Promise<Record<Kind, Figures>> {
  const kinds: Kind[] = ['json', 'plain', 'photos'];
  for (const kind of kinds) for (let i = 0; i < WARMUP; i++) await sample(kind, 90_000 + i);
  const samples: Record<Kind, Sample[]> = { json: [], plain: [], photos: [] };
  await collect();
  const start = process.memoryUsage();
  for (let i = 0; i < RUNS; i++) for (const kind of kinds) samples[kind].push(await sample(kind, i));
  await collect();
  const end = process.memoryUsage();
  // Whether memory builds up over the whole run (a leak), not only within one request.
  console.log(
    `over the measured rounds: RSS ${mb(start.rss).trim()} → ${mb(end.rss).trim()}, heap+buffers ${mb(heapOf(start)).trim()} → ${mb(heapOf(end)).trim()}`,
  );
  return {
    json: figuresOf(samples.json),
    plain: figuresOf(samples.plain),
    photos: figuresOf(samples.photos),
  };
}

const row = (label: string, f: Figures) =>
  `${label.padEnd(34)}${ms(f.p50)}${ms(f.p90)}${ms(f.mean)}${mb(f.rssPerRequest)}${mb(f.heapPerRequest)}${mb(f.retainedPerRequest)}`;

try {
  const { json, plain, photos: withPhotos } = await measureAll();
  console.log(
    `${''.padEnd(34)}${'p50'.padStart(10)}${'p90'.padStart(10)}${'mean'.padStart(10)}${'RSS/req'.padStart(10)}${'heap/req'.padStart(10)}${'left/req'.padStart(10)}`,
  );
  console.log(row('json    POST /api/v1/reports', json));
  console.log(row('plain   POST /report, no file', plain));
  console.log(row('photos  POST /report, 2 × 3 MB', withPhotos));
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : 'n/a');
  console.log(
    `photos ÷ plain: time p50 ${ratio(withPhotos.p50, plain.p50)} (+${(withPhotos.p50 - plain.p50).toFixed(0)} ms), ` +
      `RSS/req ${ratio(withPhotos.rssPerRequest, plain.rssPerRequest)}, heap/req ${ratio(withPhotos.heapPerRequest, plain.heapPerRequest)}`,
  );
  const ok = plain.p50 <= json.p50 * (1 + TOLERANCE);
  console.log(
    `no-file intake vs the intake bench's request (same run, one at a time): plain p50 ${plain.p50.toFixed(1)} ms, ` +
      `json p50 ${json.p50.toFixed(1)} ms → ${ratio(plain.p50, json.p50)} — ${ok ? 'ok, not slower' : `SLOWER (more than ${TOLERANCE * 100}% over)`}`,
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
  const load = loadavg()[0] ?? 0;
  if (load > availableParallelism())
    console.log(
      `WARNING: the machine's load (${load.toFixed(1)} on ${availableParallelism()} CPUs) was above its CPUs: times are not comparable across runs; rerun on a quiet machine.`,
    );
} finally {
  await stack.stop();
  rmSync(dir, { recursive: true, force: true });
}
