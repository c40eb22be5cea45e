/**
 * Search and inbox benchmark (`npx tsx bench/search.ts [--small 5000] [--big 500000]`,
 * `npm run bench:search`): do a staff search page and the inbox stay as fast when the cases table
 * grows a hundredfold?
 *
 * An in-memory DynamoDB Local with the tables of shared/db/keys.ts is filled, with BatchWriteItem
 * as bench/queue.ts does, with generated cases spread over the 105 townships of the pilot region,
 * each stored as the product stores it: the case item, its archive entry (shared/services/
 * case-search.ts, a third of them closed) and its word postings (caseTokens of a short unit name
 * and report, the product's own tokeniser), plus the inbox entry of its assignment. Then, through
 * the product's services (not raw Queries):
 *
 * - search by words: a county supervisor of 建安区 searches two words (the service's postings
 *   intersection, then the 20 cases read back with BatchGetItem and checked);
 * - the archive: the same supervisor lists 已办结 (closed) cases, newest first;
 * - the inbox: a township officer's first page with read marks and the unread count.
 *
 * Two sets of tables, each in its own DynamoDB Local on this machine: a baseline of `--small` cases and a big one grown
 * to `--big` (or as far as the load budget allows; the size reached is printed). After the same JVM
 * warm-up on both, each read is called on the two in turn (bench/interleave.ts), so whatever else
 * the machine does slows both alike; p50(big) ÷ p50(small) is printed for each (target ≤ 1.2).
 * A measurement, not a test. Everything listens on 127.0.0.1.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import {
  archiveIndexKeys,
  archiveKey,
  caseKey,
  inboxEntryKey,
  inboxPartition,
  localTableNames,
  TIME_PK,
  TIME_SK,
  wordPartition,
} from '#shared/db/keys.ts';
import type { CaseRecord, CaseStatus, Category } from '#shared/domain/case.ts';
import type { Place } from '#shared/domain/place.ts';
import { caseTokens } from '#shared/domain/search-text.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { InboxRepository } from '#shared/repositories/inbox-repository.ts';
import { SearchRepository } from '#shared/repositories/search-repository.ts';
import { searchCases } from '#shared/services/case-search.ts';
import { inboxPage } from '#shared/services/inbox.ts';
import { loadSeeds } from '../seeds/load.ts';
import { interleaved } from './interleave.ts';
import { rng } from './random.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY = '0';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '5000' },
    big: { type: 'string', default: '500000' },
    concurrency: { type: 'string', default: '16' },
    'budget-min': { type: 'string', default: '25' },
  },
});
const SMALL = Number(args.small);
const BIG = Number(args.big);
const CONCURRENCY = Number(args.concurrency);
const LOAD_BUDGET_MS = Number(args['budget-min']) * 60_000;
const WARMUP = 20;
const JVM_WARMUP = 300;
const CALLS = 150;
const TARGET = 1.2;
const REPORT_EVERY = Number(process.env.BENCH_REPORT_EVERY ?? 25_000);
const REPO = resolve(import.meta.dirname, '..');

const places = JSON.parse(readFileSync(join(REPO, 'seeds/divisions/4110.json'), 'utf8')) as Place[];
const townships = places.filter((p) => p.level === 'township').map((p) => p.code);
const COUNTY = '411003';
const TOWNSHIP = '411003106';

const CATEGORIES: Category[] = ['major_hazard', 'illegal_operation', 'concealed_accident', 'general_hazard'];
const NAMES =
  '宏达 永兴 建华 金利 恒通 鑫源 华丰 东方 长城 新星 天宇 瑞祥 富民 兴旺 安达 中原 三联 顺发 光明 万通'.split(
    ' ',
  );
const TRADES = '化工 建材 砖瓦 陶瓷 鞭炮 机械 纸箱 木业 铸造 食品'.split(' ');
const HAZARDS = '违规动火 粉尘超标 无证上岗 通道堵塞 私拉电线 超量储存 设备超检 未系安全带'.split(' ');
const DAY_MS = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00Z');

/** Case `i`: the case item, its archive entry, its postings and its assignment's inbox entry. */
function itemsOf(i: number): Record<string, AttributeValue>[] {
  const r = rng(i * 2654435761 + 7);
  const townshipCode = townships[i % townships.length]!;
  const county = townshipCode.slice(0, 6);
  const createdAt = new Date(
    START + Math.floor((i / 2000) * DAY_MS) + Math.floor(r() * 3600_000),
  ).toISOString();
  const caseNumber = `${createdAt.slice(0, 10).replaceAll('-', '')}-${String(i % 1_000_000).padStart(6, '0')}`;
  const status: CaseStatus = r() < 0.33 ? 'closed' : r() < 0.5 ? 'assigned' : 'verifying';
  const unitName = `${NAMES[Math.floor(r() * NAMES.length)]}${TRADES[Math.floor(r() * TRADES.length)]}厂`;
  const description = `${HAZARDS[Math.floor(r() * HAZARDS.length)]}，${HAZARDS[Math.floor(r() * HAZARDS.length)]}。`;
  const record: CaseRecord = {
    caseNumber,
    status,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)]!,
    description,
    unitName,
    imminentDanger: false,
    location: { countyCode: county, townshipCode },
    townshipCode,
    channel: 'web',
    hasIdentity: false,
    reporterIsEmployee: false,
    createdAt,
    updatedAt: createdAt,
    version: 3,
    lastEventSeq: 3,
    lastEventHash: 'x',
  };
  const items: Record<string, unknown>[] = [
    { ...caseKey(caseNumber), ...record },
    {
      ...archiveKey(caseNumber),
      caseNumber,
      status,
      category: record.category,
      countyCode: county,
      townshipCode,
      receivedAt: createdAt,
      seq: 3,
      postedCounty: county,
      ...archiveIndexKeys(county, status, createdAt, caseNumber),
    },
    ...caseTokens(record).map((t) => ({ pk: wordPartition(county, t), sk: `${createdAt}#${caseNumber}` })),
    {
      ...inboxEntryKey(`assigned:${caseNumber}:${townshipCode}`),
      id: `assigned:${caseNumber}:${townshipCode}`,
      kind: 'case_assigned',
      caseNumber,
      audience: 'township_officer',
      jurisdiction: townshipCode,
      category: record.category,
      at: createdAt,
      [TIME_PK]: inboxPartition('township_officer', townshipCode),
      [TIME_SK]: `${createdAt}#assigned:${caseNumber}:${townshipCode}`,
    },
  ];
  return items.map((x) => marshall(x, { removeUndefinedValues: true }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function writeBatch(db: DynamoDBClient, table: string, requests: WriteRequest[]) {
  let pending = requests;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 0) await sleep(Math.min(1_000, 20 * 2 ** attempt));
    if (attempt > 12) throw new Error('unprocessed items');
    const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}

async function load(db: DynamoDBClient, table: string, from: number, to: number, deadline: number) {
  const started = performance.now();
  let next = from;
  let items = 0;
  let lastReport = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const buffer: WriteRequest[] = [];
      while (next < to && performance.now() < deadline) {
        const i = next++;
        for (const Item of itemsOf(i)) buffer.push({ PutRequest: { Item } });
        while (buffer.length >= 25) {
          await writeBatch(db, table, buffer.splice(0, 25));
          items += 25;
        }
        if (next - lastReport >= REPORT_EVERY) {
          lastReport = next;
          const s = (performance.now() - started) / 1000;
          console.log(
            `  ${next.toLocaleString('en').padStart(8)} cases, ${items.toLocaleString('en')} items, ${s.toFixed(0)} s`,
          );
        }
      }
      if (buffer.length) await writeBatch(db, table, buffer.splice(0));
    }),
  );
  return { reached: Math.min(next, to), seconds: (performance.now() - started) / 1000 };
}

async function main() {
  // Two DynamoDB Local processes, one per table set: one process holding both sets was found to
  // write to the second set about eight times slower, which would cut the big table short.
  const [dynamoA, dynamoB] = await Promise.all([startDynamoLocal({}), startDynamoLocal({})]);
  const product = (endpoint: string) => createDynamoClient({ region: 'local', endpoint });
  // The loader waits longer than the product's client: a bulk load keeps DynamoDB Local busy.
  const patient = (endpoint: string) =>
    new DynamoDBClient({
      region: 'local',
      endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    });
  const dbA = product(dynamoA.endpoint);
  const dbB = product(dynamoB.endpoint);
  const loaderA = patient(dynamoA.endpoint);
  const loaderB = patient(dynamoB.endpoint);
  const small = localTableNames('benchsa');
  const big = localTableNames('benchsb');
  try {
    const supervisor: StaffPrincipal = {
      id: 'bench-sup',
      name: 'b',
      role: 'county_supervisor',
      jurisdiction: COUNTY,
    };
    const officer: StaffPrincipal = {
      id: 'bench-off',
      name: 'b',
      role: 'township_officer',
      jurisdiction: TOWNSHIP,
    };
    /** The three reads on one set of tables, each checking that it found what it should. */
    const readsOn = async (db: DynamoDBClient, tables: typeof small) => {
      await ensureTables(db, tables);
      const directory = new DirectoryRepository(db, tables);
      await loadSeeds(directory, '4110');
      const deps = {
        cases: new CaseRepository(db, tables),
        directory,
        search: new SearchRepository(db, tables),
        inbox: new InboxRepository(db, tables),
        regionCode: '4110',
        now: () => new Date(),
      };
      return {
        words: async () => {
          const r = await searchCases(deps, supervisor, { q: '化工 动火', limit: 20 });
          if (r.kind !== 'list' || r.cases.length === 0) throw new Error('word search found nothing');
        },
        closed: async () => {
          const r = await searchCases(deps, supervisor, { status: 'closed', limit: 20 });
          if (r.kind !== 'list' || r.cases.length !== 20) throw new Error('archive page short');
        },
        inbox: async () => {
          const r = await inboxPage(deps, officer, { limit: 25 });
          if (r.items.length === 0) throw new Error('inbox page empty');
        },
        /** Other counties' searches: JIT warm-up that touches neither measured partition. */
        warm: async (i: number) => {
          const others = townships.filter((t) => !t.startsWith(COUNTY));
          await searchCases(
            deps,
            { ...supervisor, jurisdiction: others[i % others.length]!.slice(0, 6) },
            { q: '建材', limit: 20 },
          );
        },
      };
    };
    const a = await readsOn(dbA, small);
    const b = await readsOn(dbB, big);

    console.log(`baseline table: loading ${SMALL.toLocaleString('en')} cases`);
    const loadA = await load(loaderA, small.cases, 0, SMALL, Number.POSITIVE_INFINITY);
    console.log(
      `big table: loading up to ${BIG.toLocaleString('en')} cases (budget ${args['budget-min']} min)`,
    );
    const loadB = await load(loaderB, big.cases, 0, BIG, performance.now() + LOAD_BUDGET_MS);
    for (let i = 0; i < JVM_WARMUP; i++) {
      await a.warm(i);
      await b.warm(i);
    }
    const rows = [];
    const figures: Record<string, unknown> = {};
    for (const k of ['words', 'closed', 'inbox'] as const) {
      const t = await interleaved(a[k], b[k], { warmup: WARMUP, calls: CALLS });
      figures[k] = t;
      rows.push({
        read: k,
        [`p50 @${loadA.reached}`]: t.a.p50.toFixed(2),
        [`p50 @${loadB.reached}`]: t.b.p50.toFixed(2),
        ratio: t.ratio.toFixed(2),
        [`p99 @${loadA.reached}`]: t.a.p99.toFixed(2),
        [`p99 @${loadB.reached}`]: t.b.p99.toFixed(2),
        target: `≤ ${TARGET} ${t.ratio <= TARGET ? 'met' : 'MISSED'}`,
      });
    }
    console.log(
      `\ncases: ${loadA.reached.toLocaleString('en')} vs ${loadB.reached.toLocaleString('en')} (big table loaded in ${loadB.seconds.toFixed(0)} s); calls alternate between the two tables; times in ms`,
    );
    console.table(rows);
    mkdirSync(join(REPO, '.bench'), { recursive: true });
    writeFileSync(
      join(REPO, '.bench', 'search.json'),
      JSON.stringify({ small: loadA.reached, big: loadB.reached, figures, rows }, null, 2),
    );
  } finally {
    for (const c of [dbA, dbB, loaderA, loaderB]) c.destroy();
    await Promise.all([dynamoA.stop(), dynamoB.stop()]);
  }
}

await main();
