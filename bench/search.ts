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
 * Phase A at `--small` cases, phase B grown to `--big` (or as far as the load budget allows; the
 * size reached is printed), same JVM warm-up, p50(B) ÷ p50(A) printed for each (target ≤ 1.2).
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
const REPO = resolve(import.meta.dirname, '..');

const places = JSON.parse(readFileSync(join(REPO, 'seeds/divisions/4110.json'), 'utf8')) as Place[];
const townships = places.filter((p) => p.level === 'township').map((p) => p.code);
const COUNTY = '411003';
const TOWNSHIP = '411003106';

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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
        if (next - lastReport >= 25_000) {
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

const pct = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
async function time(op: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i++) await op();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await op();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: pct(samples, 0.5), p99: pct(samples, 0.99) };
}

async function main() {
  const dynamo = await startDynamoLocal({});
  const db = createDynamoClient({ region: 'local', endpoint: dynamo.endpoint });
  // The loader waits longer than the product's client: a bulk load keeps DynamoDB Local busy.
  const loader = new DynamoDBClient({
    region: 'local',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
  });
  const tables = localTableNames('benchs');
  try {
    await ensureTables(db, tables);
    const directory = new DirectoryRepository(db, tables);
    await loadSeeds(directory, '4110');
    const cases = new CaseRepository(db, tables);
    const deps = {
      cases,
      directory,
      search: new SearchRepository(db, tables),
      inbox: new InboxRepository(db, tables),
      regionCode: '4110',
      now: () => new Date(),
    };
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
    const ops = {
      words: async () => {
        const r = await searchCases(deps, supervisor, { q: '化工 动火', limit: 20 });
        if (r.kind !== 'list' || r.cases.length === 0) throw new Error('word search found nothing');
        return r;
      },
      closed: async () => {
        const r = await searchCases(deps, supervisor, { status: 'closed', limit: 20 });
        if (r.kind !== 'list' || r.cases.length !== 20) throw new Error('archive page short');
        return r;
      },
      inbox: async () => {
        const r = await inboxPage(deps, officer, { limit: 25 });
        if (r.items.length === 0) throw new Error('inbox page empty');
        return r;
      },
    };
    const measure = async () => {
      const others = townships.filter((t) => t.startsWith('4110'));
      for (let i = 0; i < JVM_WARMUP; i++) {
        await searchCases(
          deps,
          { ...supervisor, jurisdiction: others[i % others.length]!.slice(0, 6) },
          { q: '建材', limit: 20 },
        );
      }
      return { words: await time(ops.words), closed: await time(ops.closed), inbox: await time(ops.inbox) };
    };

    console.log(`phase A: loading ${SMALL.toLocaleString('en')} cases`);
    const a = await load(loader, tables.cases, 0, SMALL, Number.POSITIVE_INFINITY);
    const phaseA = await measure();
    console.log(`phase B: growing to ${BIG.toLocaleString('en')} cases (budget ${args['budget-min']} min)`);
    const b = await load(loader, tables.cases, SMALL, BIG, performance.now() + LOAD_BUDGET_MS);
    const phaseB = await measure();
    const rows = (['words', 'closed', 'inbox'] as const).map((k) => ({
      read: k,
      [`p50 @${a.reached}`]: phaseA[k].p50.toFixed(2),
      [`p50 @${b.reached}`]: phaseB[k].p50.toFixed(2),
      ratio: (phaseB[k].p50 / phaseA[k].p50).toFixed(2),
      [`p99 @${a.reached}`]: phaseA[k].p99.toFixed(2),
      [`p99 @${b.reached}`]: phaseB[k].p99.toFixed(2),
      target: `≤ ${TARGET}`,
    }));
    console.log(
      `\ncases: ${a.reached.toLocaleString('en')} → ${b.reached.toLocaleString('en')} (load ${b.seconds.toFixed(0)} s); times in ms`,
    );
    console.table(rows);
    mkdirSync(join(REPO, '.bench'), { recursive: true });
    writeFileSync(
      join(REPO, '.bench', 'search.json'),
      JSON.stringify({ small: a.reached, big: b.reached, rows }, null, 2),
    );
  } finally {
    db.destroy();
    loader.destroy();
    await dynamo.stop();
  }
}

await main();
