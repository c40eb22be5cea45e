/**
 * Dashboard benchmark (`npm run bench:dashboard [-- --small 5000 --big 500000]`): does a county's
 * 考核 dashboard for a whole year stay as fast when the cases table grows a hundredfold? And how big
 * is the supervision function's bundle, and do the citizen bundles stay free of it?
 *
 * - An in-memory DynamoDB Local with the tables of shared/db/keys.ts and the pilot region's
 *   directory. Phase A loads `--small` closed cases (the archive: case items of ~400 B of text
 *   plus their `received` case-list marker, as the stream consumer leaves them), spread over the
 *   105 townships and the 12 months of 2026, with the supervision counters those cases give
 *   (aggregated per township and month — the items the stream consumer's ADDs build), and a fixed
 *   300 open cases on the county index, a third of them overdue (the live workload, which does
 *   not grow with the archive).
 * - The measurement: `dashboard()` (shared/services/supervision.ts — the reads the page makes:
 *   the county's counters, gauges, the overdue part of the county index, the directory) for
 *   建安区 and the year 2026, 20 warm-up and 100 timed sequential calls; then phase B grows the
 *   archive to `--big` (default 500,000) and measures again. Target: p50(B) ÷ p50(A) ≤ 1.2.
 * - Bundles built as infra/constructs/house-function.ts has CDK build them: the supervision
 *   function, and the api / web / staff functions, each checked for the spreadsheet writer.
 *
 * Figures are printed and written to .bench/dashboard.json. A measurement, not a test.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { build } from 'esbuild';
import { startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import {
  caseKey,
  localTableNames,
  queueKeys,
  supervisionCounterKey,
  supervisionListKeys,
  supervisionMarkerKey,
} from '#shared/db/keys.ts';
import { CATEGORIES } from '#shared/domain/case.ts';
import { metric, parsePeriod } from '#shared/domain/supervision.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import { dashboard } from '#shared/services/supervision.ts';
import { loadSeeds } from '../seeds/load.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY = '0';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '5000' },
    big: { type: 'string', default: '500000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const SMALL = Number(args.small);
const BIG = Number(args.big);
const CONCURRENCY = Number(args.concurrency);
const OPEN = 300;
const WARMUP = 20;
const CALLS = 100;
const COUNTY = '411003';
const REPO = resolve(import.meta.dirname, '..');

const rng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const TEXT = '夜间违规动火作业，无人监护，现场堆放易燃物，灭火器过期未更换。';

async function writeAll(db: DynamoDBClient, table: string, items: Record<string, AttributeValue>[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        let pending: WriteRequest[] = items.slice(next, next + 25).map((Item) => ({ PutRequest: { Item } }));
        next += 25;
        for (let attempt = 0; pending.length; attempt++) {
          if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
          const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
          pending = out.UnprocessedItems?.[table] ?? [];
        }
      }
    }),
  );
}

/** Archive cases from…to-1: closed case items and their received markers; counters added to `acc`. */
function archive(from: number, to: number, townships: string[], acc: Map<string, Record<string, number>>) {
  const items: Record<string, AttributeValue>[] = [];
  for (let i = from; i < to; i++) {
    const r = rng(i * 2654435761 + 7);
    const township = townships[i % townships.length]!;
    const month = `2026-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}`;
    const createdAt = `${month}-${String(1 + Math.floor(r() * 27)).padStart(2, '0')}T02:00:00.000Z`;
    const category = CATEGORIES[Math.floor(r() * 4)]!;
    const caseNumber = `${createdAt.slice(0, 10).replaceAll('-', '')}-${String(i).padStart(6, '0')}`;
    items.push(
      marshall({
        ...caseKey(caseNumber),
        caseNumber,
        status: 'closed',
        category,
        description: `第${i}号：${TEXT}${TEXT}${TEXT}${TEXT}`,
        location: { countyCode: township.slice(0, 6), townshipCode: township },
        townshipCode: township,
        channel: 'web',
        createdAt,
        updatedAt: createdAt,
        acceptedAt: createdAt,
        closedAt: createdAt,
        version: 6,
        lastEventSeq: 6,
      }),
      marshall({
        ...supervisionMarkerKey(caseNumber, 'received'),
        ...supervisionListKeys(township, month, 'received', caseNumber, 'received'),
        caseNumber,
        kind: 'received',
        place: township,
        month,
        at: createdAt,
        category,
        channel: 'web',
      }),
    );
    const key = `${township}|${month}`;
    const c = acc.get(key) ?? {};
    const add = (m: string, d = 1) => {
      c[m] = (c[m] ?? 0) + d;
    };
    add(metric.received);
    add(metric.receivedBy('ch', 'web'));
    add(metric.receivedBy('k', category));
    add('accepted');
    add(metric.clock('acceptance', r() < 0.9));
    add('substantiated');
    add(metric.outcomeByCategory('substantiated', category));
    add(metric.clock('verification', r() < 0.85));
    add('closed');
    add(metric.outcomeByCategory('closed', category));
    add(metric.clock('feedback', r() < 0.95));
    add(metric.closeDays(Math.floor(r() * 90)));
    acc.set(key, c);
  }
  return items;
}

function counterItems(acc: Map<string, Record<string, number>>) {
  return [...acc.entries()].map(([key, counters]) => {
    const [place, month] = key.split('|') as [string, string];
    return marshall({ ...supervisionCounterKey(place, month), place, month, ...counters });
  });
}

/** The live workload: OPEN open cases of the county on its index, a third overdue. */
function openCases(townships: string[]) {
  const now = Date.now();
  return Array.from({ length: OPEN }, (_, i) => {
    const township = townships[i % townships.length]!;
    const caseNumber = `20261201-9${String(i).padStart(5, '0')}`;
    const dueAt = new Date(now + (i % 3 === 0 ? -1 : 1) * (1 + i) * 3600_000).toISOString();
    return marshall({
      ...caseKey(caseNumber),
      caseNumber,
      status: 'accepted',
      townshipCode: township,
      location: { countyCode: township.slice(0, 6), townshipCode: township },
      ...queueKeys({ townshipCode: township, regionCode: '4110' }, dueAt, caseNumber),
    });
  });
}

const pct = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

async function measure(run: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await run();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: pct(samples, 0.5), p90: pct(samples, 0.9), p99: pct(samples, 0.99) };
}

async function bundle(entry: string) {
  const dir = join(tmpdir(), `chuishao-bench-dash-${process.pid}`);
  const outfile = join(dir, `${entry.replaceAll('/', '_')}.mjs`);
  const result = await build({
    entryPoints: [join(REPO, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    minify: true,
    charset: 'utf8',
    banner: {
      js: "import{createRequire as __houseRequire}from'node:module';const require=__houseRequire(import.meta.url);",
    },
    tsconfig: join(REPO, 'tsconfig.json'),
    external: ['@aws-sdk/*'],
    absWorkingDir: REPO,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const kb = statSync(outfile).size / 1024;
  return {
    entry,
    kb: Math.round(kb * 10) / 10,
    spreadsheetWriter: inputs.some((i) => i.includes('write-excel-file') || i.includes('fflate')),
    charts: inputs.some((i) => i.endsWith('functions/http/charts.tsx')),
    writerKb:
      Math.round(
        (Object.entries(result.metafile.inputs)
          .filter(([i]) => i.includes('write-excel-file') || i.includes('fflate'))
          .reduce((s, [, v]) => s + v.bytes, 0) /
          1024) *
          10,
      ) / 10,
  };
}

async function main() {
  const dynamo = await startDynamoLocal({});
  // The product's client (its timeouts) for the reads; a patient one for loading on a busy machine.
  const db = createDynamoClient({ region: 'local', endpoint: dynamo.endpoint });
  const loader = new DynamoDBClient({
    region: 'local',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 10,
    requestHandler: { requestTimeout: 60_000 },
  });
  const tables = localTableNames('benchd');
  try {
    await ensureTables(loader, tables);
    const directory = new DirectoryRepository(db, tables);
    await loadSeeds(directory, '4110');
    const townships = (
      await Promise.all((await directory.children('4110')).map((c) => directory.children(c.code)))
    )
      .flat()
      .map((t) => t.code);
    const deps = {
      supervision: new SupervisionRepository(db, tables),
      cases: new CaseRepository(db, tables),
      directory,
      regionCode: '4110',
      now: () => new Date(),
    };
    const staff = { id: 'bench', name: 'bench', role: 'county_supervisor' as const, jurisdiction: COUNTY };
    const parsed = parsePeriod({ period: '2026' }, new Date());
    if (!parsed.ok) throw new Error('period');
    const run = () => dashboard(deps, staff, parsed.period);
    // The same JVM warm-up before each phase, on another county, so phase A (soon after DynamoDB
    // Local started) is not slowed by a cold JIT compared with phase B.
    const other = { ...staff, jurisdiction: '411081' };
    const warmJvm = async () => {
      for (let i = 0; i < 200; i++) await dashboard(deps, other, parsed.period);
    };

    const acc = new Map<string, Record<string, number>>();
    let t = performance.now();
    await writeAll(loader, tables.cases, [...archive(0, SMALL, townships, acc), ...openCases(townships)]);
    await writeAll(loader, tables.cases, counterItems(acc));
    const loadA = (performance.now() - t) / 1000;
    await warmJvm();
    const viewA = await run();
    const a = await measure(run);
    console.log(
      `phase A: ${SMALL.toLocaleString('en')} cases (loaded in ${loadA.toFixed(0)} s), received ${viewA.total.counters.received}, overdue ${viewA.total.overdue}: p50 ${a.p50.toFixed(1)} ms, p90 ${a.p90.toFixed(1)} ms`,
    );

    t = performance.now();
    const step = 50_000;
    for (let from = SMALL; from < BIG; from += step) {
      await writeAll(loader, tables.cases, archive(from, Math.min(BIG, from + step), townships, acc));
      console.log(
        `  loaded ${Math.min(BIG, from + step).toLocaleString('en')} cases, ${((performance.now() - t) / 1000).toFixed(0)} s`,
      );
    }
    await writeAll(loader, tables.cases, counterItems(acc));
    const loadB = (performance.now() - t) / 1000;
    await warmJvm();
    const viewB = await run();
    const b = await measure(run);
    console.log(
      `phase B: ${BIG.toLocaleString('en')} cases (loaded in ${loadB.toFixed(0)} s), received ${viewB.total.counters.received}, overdue ${viewB.total.overdue}: p50 ${b.p50.toFixed(1)} ms, p90 ${b.p90.toFixed(1)} ms`,
    );
    const ratio = b.p50 / a.p50;
    console.log(
      `county dashboard for a year: p50 ratio ${ratio.toFixed(2)} (target ≤ 1.2) ${ratio <= 1.2 ? 'MET' : 'MISSED'}`,
    );

    const bundles = [];
    for (const entry of [
      'functions/supervision/handler.ts',
      'functions/api/handler.ts',
      'functions/web/handler.ts',
      'functions/staff/handler.ts',
    ])
      bundles.push(await bundle(entry));
    for (const x of bundles)
      console.log(
        `bundle ${x.entry}: ${x.kb} KB minified${x.spreadsheetWriter ? ` (with the spreadsheet writer, ${x.writerKb} KB of its source before minifying)` : ', no spreadsheet writer'}${x.charts ? ', SVG charts' : ''}`,
      );
    mkdirSync(join(REPO, '.bench'), { recursive: true });
    writeFileSync(
      join(REPO, '.bench/dashboard.json'),
      JSON.stringify({ small: SMALL, big: BIG, open: OPEN, phaseA: a, phaseB: b, ratio, bundles }, null, 2),
    );
  } finally {
    db.destroy();
    loader.destroy();
    await dynamo.stop();
    rmSync(join(tmpdir(), `chuishao-bench-dash-${process.pid}`), { recursive: true, force: true });
  }
}

await main();
