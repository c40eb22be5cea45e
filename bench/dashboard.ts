/**
 * Dashboard benchmark (`npm run bench:dashboard [-- --small 5000 --big 500000]`): does a county's
 * 考核 dashboard for a whole year stay as fast when the cases table grows a hundredfold? And how big
 * is the supervision function's bundle, and do the citizen bundles stay free of it?
 *
 * - Two in-memory DynamoDB Locals, each with the tables of shared/db/keys.ts and the pilot
 *   region's directory. The baseline gets `--small` closed cases, the big one `--big` (default
 *   500,000): the archive, case items of ~400 B of text plus their `received` case-list marker as
 *   the stream consumer leaves them, spread over the 105 townships and the 12 months of 2026, with
 *   the supervision counters those cases give (per township and month, and the year and month
 *   roll-ups, built by the repository's own counterTargets), and in each a fixed 300 open cases on
 *   the county index, a third of them overdue (the live workload, which does not grow with the
 *   archive).
 * - The measurement: `dashboard()` (shared/services/supervision.ts — the reads the page makes:
 *   the county's year roll-ups, its month totals, gauges, the overdue part of the county index,
 *   the directory) for 建安区 and the year 2026; after the same JVM warm-up on both, 20 untimed
 *   and 100 timed calls alternating between the two tables (bench/interleave.ts), so load from
 *   elsewhere slows both alike. Target: p50(big) ÷ p50(baseline) ≤ 1.2.
 * - Bundles built as infra/constructs/house-function.ts has CDK build them: the supervision
 *   function, and the api / web / staff functions, each checked for the spreadsheet writer.
 *
 * Figures are printed and written to .bench/dashboard.json. A measurement, not a test.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
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
import { startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import {
  caseKey,
  localTableNames,
  PK,
  queueKeys,
  SK,
  supervisionListKeys,
  supervisionMarkerKey,
} from '#shared/db/keys.ts';
import { CATEGORIES } from '#shared/domain/case.ts';
import { metric } from '#shared/domain/supervision.ts';
import { parsePeriod } from '#shared/domain/supervision-period.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { counterTargets, SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import { dashboard } from '#shared/services/supervision.ts';
import { loadSeeds } from '../seeds/load.ts';
import { bundle as buildFunction, figureOf } from './bundles.ts';
import { interleaved } from './interleave.ts';
import { rng } from './random.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY = '0';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '5000' },
    big: { type: 'string', default: '500000' },
    concurrency: { type: 'string', default: '8' },
    /** Phase B stops growing the archive after this many minutes and measures at the size reached. */
    'budget-min': { type: 'string', default: '30' },
  },
});
const SMALL = Number(args.small);
const BIG = Number(args.big);
const CONCURRENCY = Number(args.concurrency);
const BUDGET_MS = Number(args['budget-min']) * 60_000;
const OPEN = 300;
const WARMUP = 20;
const CALLS = 100;
const COUNTY = '411003';
const REPO = resolve(import.meta.dirname, '..');

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

/** The counter items those cases give, roll-ups included, as the stream consumer's ADDs leave them. */
function counterItems(acc: Map<string, Record<string, number>>) {
  const items = new Map<string, Record<string, unknown>>();
  for (const [key, counters] of acc) {
    const [place, month] = key.split('|') as [string, string];
    for (const [name, delta] of Object.entries(counters)) {
      for (const t of counterTargets({ place, month, metric: name, delta })) {
        const k = `${t.key[PK]}|${t.key[SK]}`;
        const item = items.get(k) ?? { ...t.key, place: t.place, month: t.month };
        item[name] = ((item[name] as number | undefined) ?? 0) + delta;
        items.set(k, item);
      }
    }
  }
  return [...items.values()].map((i) => marshall(i));
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

async function bundle(entry: string) {
  // Built as `cdk synth` builds the functions (infra/constructs/house-bundle.ts), entry and chunks.
  const meta = await buildFunction(
    entry,
    join(tmpdir(), `chuishao-bench-dash-${process.pid}`, entry.replaceAll('/', '_')),
  );
  const { kb } = figureOf(entry, meta);
  const inputs = Object.keys(meta.inputs);
  const sdkKb =
    Object.entries(meta.inputs)
      .filter(([i]) => i.includes('node_modules/@aws-sdk/') || i.includes('node_modules/@smithy/'))
      .reduce((s, [, v]) => s + v.bytes, 0) / 1024;
  return {
    entry,
    kb: Math.round(kb * 10) / 10,
    /** Source bytes of the AWS SDK the bundle carries (before minifying). */
    sdkSourceKb: Math.round(sdkKb),
    spreadsheetWriter: inputs.some((i) => i.includes('write-excel-file') || i.includes('fflate')),
    charts: inputs.some((i) => i.endsWith('functions/http/charts.tsx')),
    writerKb:
      Math.round(
        (Object.entries(meta.inputs)
          .filter(([i]) => i.includes('write-excel-file') || i.includes('fflate'))
          .reduce((s, [, v]) => s + v.bytes, 0) /
          1024) *
          10,
      ) / 10,
  };
}

async function main() {
  // Two DynamoDB Local processes: the baseline table and the big one, so that the reads can be
  // timed in turn (bench/interleave.ts) and one table's load does not slow the other's writes.
  const [dynamoA, dynamoB] = await Promise.all([startDynamoLocal({}), startDynamoLocal({})]);
  // A patient client for loading and for the reads: on a shared, overloaded machine a 2.5 s
  // timeout would measure the neighbours, not the dashboard.
  const patient = (endpoint: string) =>
    new DynamoDBClient({
      region: 'local',
      endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 10,
      requestHandler: { requestTimeout: 60_000 },
    });
  const dbA = patient(dynamoA.endpoint);
  const dbB = patient(dynamoB.endpoint);
  const tables = localTableNames('benchd');
  try {
    const staff = { id: 'bench', name: 'bench', role: 'county_supervisor' as const, jurisdiction: COUNTY };
    const parsed = parsePeriod({ period: '2026' }, new Date());
    if (!parsed.ok) throw new Error('period');
    const period = parsed.period;
    const setUp = async (db: DynamoDBClient) => {
      await ensureTables(db, tables);
      const directory = new DirectoryRepository(db, tables);
      await loadSeeds(directory, '4110');
      const deps = {
        supervision: new SupervisionRepository(db, tables),
        cases: new CaseRepository(db, tables),
        directory,
        regionCode: '4110',
        now: () => new Date(),
      };
      return {
        db,
        directory,
        run: () => dashboard(deps, staff, period),
        /** JIT warm-up on another county, touching neither measured partition. */
        warm: () => dashboard(deps, { ...staff, jurisdiction: '411081' }, period),
      };
    };
    const [a, b] = await Promise.all([setUp(dbA), setUp(dbB)]);
    const townships = (
      await Promise.all((await a.directory.children('4110')).map((c) => a.directory.children(c.code)))
    )
      .flat()
      .map((t) => t.code);

    let t = performance.now();
    const accA = new Map<string, Record<string, number>>();
    await writeAll(dbA, tables.cases, [...archive(0, SMALL, townships, accA), ...openCases(townships)]);
    await writeAll(dbA, tables.cases, counterItems(accA));
    console.log(
      `baseline: ${SMALL.toLocaleString('en')} cases loaded in ${((performance.now() - t) / 1000).toFixed(0)} s`,
    );

    t = performance.now();
    const accB = new Map<string, Record<string, number>>();
    await writeAll(dbB, tables.cases, openCases(townships));
    const step = 5_000;
    let reached = 0;
    for (let from = 0; from < BIG && performance.now() - t < BUDGET_MS; from += step) {
      reached = Math.min(BIG, from + step);
      await writeAll(dbB, tables.cases, archive(from, reached, townships, accB));
      if (reached % 25_000 === 0 || reached === BIG)
        console.log(
          `  loaded ${reached.toLocaleString('en')} cases, ${((performance.now() - t) / 1000).toFixed(0)} s`,
        );
    }
    if (reached < BIG)
      console.log(
        `  load budget (${args['budget-min']} min) used up at ${reached.toLocaleString('en')} cases: measuring there`,
      );
    await writeAll(dbB, tables.cases, counterItems(accB));
    const loadB = (performance.now() - t) / 1000;

    for (let i = 0; i < 200; i++) {
      await a.warm();
      await b.warm();
    }
    const [viewA, viewB] = [await a.run(), await b.run()];
    const m = await interleaved(a.run, b.run, { warmup: WARMUP, calls: CALLS });
    console.log(
      `baseline: ${SMALL.toLocaleString('en')} cases, received ${viewA.total.counters.received}, overdue ${viewA.total.overdue}: p50 ${m.a.p50.toFixed(1)} ms, p90 ${m.a.p90.toFixed(1)} ms`,
    );
    console.log(
      `big:      ${reached.toLocaleString('en')} cases (loaded in ${loadB.toFixed(0)} s), received ${viewB.total.counters.received}, overdue ${viewB.total.overdue}: p50 ${m.b.p50.toFixed(1)} ms, p90 ${m.b.p90.toFixed(1)} ms`,
    );
    const ratio = m.ratio;
    console.log(
      `county dashboard for a year, calls alternating between the two tables: p50 ratio ${ratio.toFixed(2)} (target ≤ 1.2) ${ratio <= 1.2 ? 'MET' : 'MISSED'}`,
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
      JSON.stringify({ small: SMALL, big: reached, open: OPEN, timings: m, ratio, bundles }, null, 2),
    );
  } finally {
    dbA.destroy();
    dbB.destroy();
    await Promise.all([dynamoA.stop(), dynamoB.stop()]);
    rmSync(join(tmpdir(), `chuishao-bench-dash-${process.pid}`), { recursive: true, force: true });
  }
}

await main();
