/**
 * Page-weight benchmark (`npm run bench:page-weight`): the bytes a phone downloads for the home,
 * follow-up (signed-in case view), public and staff queue pages, on a first visit and on a repeat
 * visit, over the wire (response bodies as sent, compressed where the server compresses).
 *
 * A first visit fetches the page and every stylesheet and script it links. A repeat visit (days
 * later) fetches the page again, and an asset again unless its Cache-Control lets the browser keep
 * it without asking (`immutable` with a max-age of at least a year). The baseline, measured in the
 * same run against the same server, is a client that does not accept compression (what every
 * visit cost before responses were compressed).
 *
 * It starts its own stack on an in-memory DynamoDB Local in a temporary folder, listening on
 * 127.0.0.1 only, with the intake budget off. Figures are printed and written to
 * .bench/page-weight.json. This is a measurement, not a test (test/integration/page-weight.test.ts
 * holds the budget).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startLocalStack } from '#functions/local/stack.ts';
import { STAFF_COOKIE } from '#functions/staff/auth.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface Fetched {
  status: number;
  bytes: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One GET with node:http, so the body is counted as sent (no transparent decompression). */
function get(url: string, headers: Record<string, string>): Promise<Fetched> {
  return new Promise((ok, fail) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        ok({
          status: res.statusCode ?? 0,
          bytes: raw.length,
          body: raw.toString('utf8'),
          headers: res.headers,
        });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** Stylesheets and scripts a page links (same-origin paths). */
export function linkedAssets(html: string): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)) out.add(m[1]!);
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) out.add(m[1]!);
  return [...out];
}

const keptWithoutAsking = (cacheControl: string | undefined) =>
  Boolean(
    cacheControl &&
      /immutable/.test(cacheControl) &&
      Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0) >= 31_536_000,
  );

export interface Weight {
  first: number;
  repeat: number;
  html: number;
  assets: number;
}

/** First and repeat visit of one page; the page body is fetched once (the HTML plus its assets). */
export async function pageWeight(
  base: string,
  path: string,
  headers: Record<string, string>,
): Promise<Weight> {
  const page = await get(`${base}${path}`, headers);
  if (page.status !== 200) throw new Error(`${path}: ${page.status}`);
  // Assets are counted compressed as the page is; the body for parsing must be readable, so the
  // asset list comes from an uncompressed copy of the page.
  const plain = page.headers['content-encoding']
    ? await get(`${base}${path}`, { ...headers, 'accept-encoding': 'identity' })
    : page;
  let first = page.bytes;
  let repeat = page.bytes;
  let assets = 0;
  for (const href of linkedAssets(plain.body)) {
    const asset = await get(`${base}${href}`, headers);
    if (asset.status !== 200) throw new Error(`${href}: ${asset.status}`);
    first += asset.bytes;
    assets += asset.bytes;
    if (!keptWithoutAsking(String(asset.headers['cache-control'] ?? ''))) repeat += asset.bytes;
  }
  return { first, repeat, html: page.bytes, assets };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-bench-weight-'));
  const stack = await startLocalStack({
    dataDir: dir,
    persist: false,
    tablePrefix: 'bench',
    logger: { info() {}, warn() {}, error() {} } as never,
    pollIntervalMs: 3_600_000,
    sweepIntervalMs: 0,
    intake: { INTAKE_SOURCE_BUDGET: '0' },
  });
  try {
    const created = await fetch(`${stack.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'major_hazard',
        description: '某厂车间消防通道被堵，灭火器过期，工人多次反映无人处理。',
        location: { townshipCode: '411003106', address: '灵井镇工业园' },
      }),
    }).then((r) => r.json() as Promise<{ caseNumber: string; accessKey: string }>);
    if (!created.caseNumber) throw new Error('the benchmark report was refused');
    const signIn = await fetch(`${stack.url}/follow-up`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ caseNumber: created.caseNumber, accessKey: created.accessKey }),
    });
    if (signIn.status !== 303) throw new Error(`follow-up sign-in answered ${signIn.status}`);
    const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const token = await stack.issuer.issue({
      id: 'bench-officer',
      name: 'bench',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    const pages: [string, string, Record<string, string>][] = [
      ['home', '/', {}],
      ['follow-up', '/follow-up', { cookie: session }],
      ['public', '/public', {}],
      ['staff queue', '/staff', { cookie: `${STAFF_COOKIE}=${token}` }],
    ];
    const rows: Record<string, { baseline: Weight; compressed: Weight }> = {};
    for (const [name, path, headers] of pages) {
      const baseline = await pageWeight(stack.url, path, { ...headers, 'accept-encoding': 'identity' });
      const compressed = await pageWeight(stack.url, path, { ...headers, 'accept-encoding': 'br, gzip' });
      rows[name] = { baseline, compressed };
    }
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(9);
    console.log(
      'page          first visit (uncompressed → as sent)     repeat visit (uncompressed → as sent)',
    );
    for (const [name, { baseline, compressed }] of Object.entries(rows)) {
      console.log(
        `${name.padEnd(13)} ${kb(baseline.first)} → ${kb(compressed.first)}  (×${(compressed.first / baseline.first).toFixed(2)})` +
          `        ${kb(baseline.repeat)} → ${kb(compressed.repeat)}  (×${(compressed.repeat / baseline.repeat).toFixed(2)})`,
      );
    }
    const home = rows.home!.compressed;
    console.log(
      `home first visit ${home.first} B (budget 40 KB = 40960 B): ${home.first <= 40_960 ? 'within' : 'OVER'}`,
    );
    console.log(`home repeat visit ${home.repeat} B, of which the page itself ${home.html} B`);
    const out = resolve(import.meta.dirname, '..', '.bench');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'page-weight.json'), `${JSON.stringify(rows, null, 2)}\n`);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
