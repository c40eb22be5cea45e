/**
 * Queue benchmark (`npx tsx bench/queue.ts [--big 500000] [--small 5000]`, `npm run bench:queue`):
 * does the first page of a township's staff queue stay as fast when the cases table grows?
 *
 * - phase A: an in-memory DynamoDB Local with the tables of shared/db/keys.ts, filled with `--small`
 *   generated cases (default 5,000) spread evenly over the 105 townships of the pilot region
 *   (seeds/divisions/4110.json), written with BatchWriteItem in the shape CaseRepository.create
 *   stores (case key, record, `due` within ±60 days, queueKeys() index attributes, ~400 B of text);
 *   then the first page (25) of one township's queue through CaseRepository.queuePage — the read
 *   the staff queue uses — 20 warm-up calls and 200 timed sequential calls;
 * - phase B: more cases until the table holds `--big` (default 500,000), the same measurement on
 *   the same township, and p50(B) ÷ p50(A) (target ≤ 1.2) and the p99 ratio;
 * - the time and item count of `npm run -s import:divisions -- --province 41`, run as a child with
 *   DATA_DIR set to a temporary folder (it starts its own DynamoDB Local there; .data/ is untouched).
 *
 * Figures are printed and written to .bench/queue.json. Everything listens on 127.0.0.1 only. This
 * is a measurement, not a test: it never fails on a missed target.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  QueryCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { type DynamoLocal, startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import {
  caseKey,
  localTableNames,
  QUEUE_INDEX,
  QUEUE_PK,
  queueKeys,
  type TableNames,
} from '#shared/db/keys.ts';
import type { CaseRecord, CaseStatus, Category } from '#shared/domain/case.ts';
import type { CaseDue } from '#shared/domain/case-deadlines.ts';
import type { Place } from '#shared/domain/place.ts';
import { endOfShanghaiDay, shanghaiDate } from '#shared/domain/shanghai-time.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// DynamoDB Local 3.x sends usage telemetry unless told not to; the bench talks to 127.0.0.1 only.
process.env.DDB_LOCAL_TELEMETRY = '0';

const { values: args } = parseArgs({
  options: {
    small: { type: 'string', default: '5000' },
    big: { type: 'string', default: '500000' },
    concurrency: { type: 'string', default: '16' },
    township: { type: 'string' },
    'skip-import': { type: 'boolean', default: false },
  },
});

const SMALL = Number(args.small);
const BIG = Number(args.big);
/** Parallel BatchWriteItem calls while loading. */
const CONCURRENCY = Number(args.concurrency);
const BATCH = 25;
const PAGE = 25;
const WARMUP = 20;
/** Queue reads of the other townships before each phase's measurement (JIT warm-up of the JVM). */
const JVM_WARMUP = 1_000;
const CALLS = 200;
const TARGET_RATIO = 1.2;
const PROGRESS_EVERY = 50_000;
/** Phase B stops growing the table once loading has taken this long (the largest size reached). */
const LOAD_BUDGET_MS = 25 * 60_000;
/** The import child is killed after this long. */
const IMPORT_TIMEOUT_MS = 20 * 60_000;
const TABLE_PREFIX = 'benchq';

const REPO = resolve(import.meta.dirname, '..');
const OUT_DIR = join(REPO, '.bench');
const OUT_FILE = join(OUT_DIR, 'queue.json');

if (!(SMALL > 0 && BIG >= SMALL && CONCURRENCY > 0 && Number.isInteger(BIG) && Number.isInteger(SMALL))) {
  process.stderr.write('usage: npx tsx bench/queue.ts [--small 5000] [--big 500000] [--concurrency 16]\n');
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Generated cases

const places = JSON.parse(readFileSync(join(REPO, 'seeds/divisions/4110.json'), 'utf8')) as Place[];
const townships = places.filter((p) => p.level === 'township').map((p) => p.code);
const villagesOf = new Map<string, string[]>();
for (const v of places.filter((p) => p.level === 'village')) {
  villagesOf.set(v.parentCode, [...(villagesOf.get(v.parentCode) ?? []), v.code]);
}
const TOWNSHIP = args.township ?? townships[0]!;
if (!townships.includes(TOWNSHIP)) throw new Error(`${TOWNSHIP} is not a township of 4110`);
const QUEUE = `Q#T#${TOWNSHIP}`;

/** Deterministic PRNG (mulberry32): the same run generates the same cases. */
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
const UNITS = [
  '某某化工有限公司',
  '某某建材厂',
  '某某建筑工程有限公司',
  '某某物流仓储中心',
  '某某烟花爆竹店',
];
const HAZARDS = [
  '夜间违规动火作业，无人监护，现场堆放易燃物，灭火器过期未更换。',
  '脚手架未按规定设置连墙件，工人高处作业不系安全带，项目负责人长期不在岗。',
  '危险化学品仓库超量储存，库房内私拉电线，应急通道被货物堵塞。',
  '粉尘车间除尘设施停用，地面积尘严重，电气设备不防爆，多次提出整改无果。',
  '受限空间作业未检测气体，未配备呼吸器，上月有工人晕倒后被隐瞒未报。',
  '特种设备超期未检，叉车司机无证上岗，厂内限速标志缺失。',
];
const DAY_MS = 86_400_000;
const NOW = Date.now();
const shanghaiDay = (ms: number) => shanghaiDate(new Date(ms));
const fakeB64 = (seed: string, bytes: number) =>
  createHash('sha512').update(seed).digest().subarray(0, bytes).toString('base64');

/**
 * Case `i` as CaseRepository.create stores it: the case key, the record, the queue index keys and
 * the access-key hash. Township `i mod 105`; due within ±60 days of now (so about half overdue).
 */
function caseItem(i: number): Record<string, AttributeValue> {
  const r = rng(i * 2654435761 + 17);
  const townshipCode = townships[i % townships.length]!;
  const villages = villagesOf.get(townshipCode) ?? [];
  const dueMs = NOW + Math.round((r() * 120 - 60) * DAY_MS);
  const dueDate = shanghaiDay(dueMs);
  const stage = r();
  const [status, period, days]: [CaseStatus, CaseDue['period'], number] =
    stage < 0.4
      ? ['assigned', 'acceptance', 7]
      : stage < 0.9
        ? ['verifying', 'verification', 60]
        : ['rectifying', 'rectification', 30];
  const createdMs = dueMs - days * DAY_MS - Math.round(r() * 3600_000);
  const createdAt = new Date(createdMs).toISOString();
  const caseNumber = `${shanghaiDay(createdMs).replaceAll('-', '')}-${String(i).padStart(6, '0')}`;
  const due: CaseDue = {
    period,
    dueDate,
    dueAt: endOfShanghaiDay(dueDate),
    provisional: false,
    source: 'generated by bench/queue.ts',
  };
  // ~400 bytes of UTF-8 (3 bytes per character).
  let description = `第${i}号：`;
  while (Buffer.byteLength(description) < 400) description += HAZARDS[Math.floor(r() * HAZARDS.length)];
  const accepted = status !== 'assigned';
  const record: CaseRecord = {
    caseNumber,
    status,
    category: CATEGORIES[Math.floor(r() * CATEGORIES.length)]!,
    description,
    unitName: UNITS[Math.floor(r() * UNITS.length)],
    occurredAt: shanghaiDay(createdMs - DAY_MS),
    imminentDanger: r() < 0.05,
    location: {
      countyCode: townshipCode.slice(0, 6),
      townshipCode,
      villageCode: villages.length ? villages[Math.floor(r() * villages.length)] : undefined,
      address: `某路${Math.floor(r() * 500)}号`,
    },
    townshipCode,
    channel: r() < 0.8 ? 'web' : 'sms',
    hasIdentity: r() < 0.5,
    reporterIsEmployee: r() < 0.3,
    ...(accepted
      ? { acceptedAt: createdAt, acceptedBy: `staff-${townshipCode}-1`, verificationFrom: createdAt }
      : {}),
    due,
    createdAt,
    updatedAt: createdAt,
    version: accepted ? 3 : 1,
    lastEventSeq: accepted ? 3 : 1,
    lastEventHash: createHash('sha256').update(`evt:${i}`).digest('hex'),
  };
  return marshall(
    {
      ...caseKey(caseNumber),
      ...record,
      ...queueKeys(
        { townshipCode, countyCode: townshipCode.slice(0, 6), regionCode: '4110' },
        due.dueAt,
        caseNumber,
      ),
      accessKeySalt: fakeB64(`salt:${i}`, 16),
      accessKeyHash: fakeB64(`hash:${i}`, 32),
    },
    { removeUndefinedValues: true },
  );
}

// ---------------------------------------------------------------------------------------------
// Loading

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function writeBatch(db: DynamoDBClient, table: string, requests: WriteRequest[]): Promise<void> {
  let pending = requests;
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt > 0) await sleep(Math.min(1_000, 20 * 2 ** attempt));
    if (attempt > 12) throw new Error(`BatchWriteItem: ${pending.length} items still unprocessed`);
    const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
    pending = out.UnprocessedItems?.[table] ?? [];
  }
}

/**
 * Writes cases `from`…`to - 1` with CONCURRENCY parallel BatchWriteItem calls of 25, printing
 * progress every 50,000 items. Stops early (returns the count reached) once `deadline` passes.
 */
async function load(db: DynamoDBClient, table: string, from: number, to: number, deadline = Infinity) {
  const started = performance.now();
  let next = from;
  let written = from;
  let lastReport = from - (from % PROGRESS_EVERY);
  let stopped = false;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < to && !stopped) {
        if (performance.now() > deadline) {
          stopped = true;
          break;
        }
        const start = next;
        next = Math.min(to, next + BATCH);
        const requests: WriteRequest[] = [];
        for (let i = start; i < next; i++) requests.push({ PutRequest: { Item: caseItem(i) } });
        await writeBatch(db, table, requests);
        written += requests.length;
        if (written - lastReport >= PROGRESS_EVERY || written === to) {
          lastReport = written - (written % PROGRESS_EVERY);
          const s = (performance.now() - started) / 1000;
          const rate = (written - from) / s;
          const eta = (to - written) / rate;
          console.log(
            `  loaded ${written.toLocaleString('en').padStart(7)} items  ${rate.toFixed(0).padStart(6)} items/s  ${s.toFixed(0).padStart(4)} s elapsed${written < to ? `, ~${eta.toFixed(0)} s to go` : ''}`,
          );
        }
      }
    }),
  );
  // A writer that was mid-batch at the deadline finishes it first: the table holds cases 0…written-1.
  return { reached: written, seconds: (performance.now() - started) / 1000, stopped };
}

// ---------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  calls: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Share of the machine's CPU used by other processes during the timed calls (shared machine). */
  otherCpuPct: number | null;
}

let dynamoPid: number | undefined;

/** CPU time (ms) of the whole machine and of this process plus its DynamoDB Local, from /proc. */
function cpuSnapshot(): { at: number; machine: number; ours: number } | null {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    const self = process.cpuUsage();
    let java = 0;
    if (dynamoPid) {
      const stat = readFileSync(`/proc/${dynamoPid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      java = (Number(rest[11]) + Number(rest[12])) * 10;
    }
    return {
      at: performance.now(),
      machine: (total - idle) * 10,
      ours: (self.user + self.system) / 1000 + java,
    };
  } catch {
    return null;
  }
}

function otherCpuPct(a: ReturnType<typeof cpuSnapshot>, b: ReturnType<typeof cpuSnapshot>): number | null {
  if (!a || !b) return null;
  const other = b.machine - a.machine - (b.ours - a.ours);
  return Math.max(0, (100 * other) / ((b.at - a.at) * availableParallelism()));
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

async function timeCalls(op: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await op();
  const before = cpuSnapshot();
  const samples: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    await op();
    samples.push(performance.now() - t);
  }
  const sorted = samples.sort((a, b) => a - b);
  return {
    calls: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    otherCpuPct: otherCpuPct(before, cpuSnapshot()),
  };
}

/** Items in the measured queue (Select COUNT on the index; the bench's own check, not a product read). */
async function queueSize(db: DynamoDBClient, tables: TableNames): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tables.cases,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: '#q = :q',
        ExpressionAttributeNames: { '#q': QUEUE_PK },
        ExpressionAttributeValues: { ':q': { S: QUEUE } },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

interface Phase {
  tableItems: number;
  queueItems: number;
  loadSeconds: number;
  queuePage: Stats;
  /** The first page's due dates are ascending and it starts overdue (sanity of the read). */
  firstDue: string;
  pageItems: number;
}

async function measurePhase(
  db: DynamoDBClient,
  tables: TableNames,
  tableItems: number,
  loadSeconds: number,
): Promise<Phase> {
  const repo = new CaseRepository(db, tables);
  const queueItems = await queueSize(db, tables);
  const page = await repo.queuePage(QUEUE, PAGE);
  const dues = page.cases.map((c) => c.due?.dueAt ?? '');
  if (page.cases.length !== Math.min(PAGE, queueItems) || dues.some((d, k) => k > 0 && d < dues[k - 1]!)) {
    throw new Error(`queue page is wrong: ${page.cases.length} cases, due ${dues.join(', ')}`);
  }
  if (page.cases.some((c) => c.townshipCode !== TOWNSHIP)) throw new Error('queue page has other townships');
  // The same JVM warm-up in both phases, on the other townships' queues, so phase A (measured soon
  // after DynamoDB Local started) is not slowed by a cold JIT compared with phase B.
  const others = townships.filter((t) => t !== TOWNSHIP);
  for (let i = 0; i < JVM_WARMUP; i++) await repo.queuePage(`Q#T#${others[i % others.length]}`, PAGE);
  const stats = await timeCalls(() => repo.queuePage(QUEUE, PAGE));
  return {
    tableItems,
    queueItems,
    loadSeconds,
    queuePage: stats,
    firstDue: dues[0]!,
    pageItems: page.cases.length,
  };
}

// ---------------------------------------------------------------------------------------------
// import:divisions --province 41

let importChild: ChildProcess | undefined;

/** Kills the import child's whole process group (npm → tsx → node → java). */
function killImport(signal: NodeJS.Signals = 'SIGTERM') {
  const pid = importChild?.pid;
  if (!pid || importChild?.exitCode !== null || importChild?.signalCode !== null) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

async function timeImport(): Promise<{
  wallSeconds: number;
  reportedSeconds: number | null;
  items: number | null;
  summary: string;
  exitCode: number | null;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chuishao-benchq-import-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.TABLE_PREFIX;
    const started = performance.now();
    const child = spawn('npm', ['run', '-s', 'import:divisions', '--', '--province', '41'], {
      cwd: REPO,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    importChild = child;
    let stdout = '';
    let stderrTail = '';
    let lastBar = 0;
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderrTail = (stderrTail + d.toString()).slice(-4000);
      if (performance.now() - lastBar > 10_000) {
        lastBar = performance.now();
        const bar = stderrTail.split('\r').at(-1)?.trim();
        if (bar) console.log(`  import: ${bar}`);
      }
    });
    const timer = setTimeout(() => {
      console.log(`  import: no result after ${IMPORT_TIMEOUT_MS / 60_000} min, killing it`);
      killImport('SIGKILL');
    }, IMPORT_TIMEOUT_MS);
    const exitCode = await new Promise<number | null>((ok, fail) => {
      child.once('error', fail);
      child.once('exit', (code) => ok(code));
    });
    clearTimeout(timer);
    const wallSeconds = (performance.now() - started) / 1000;
    const summary = stdout.split('\n').find((l) => l.startsWith('imported ')) ?? '';
    const m = /—\s*(\d+) items in ([\d.]+) s/.exec(summary);
    if (exitCode !== 0 || !m) {
      console.log(
        `  import failed (exit ${exitCode}):\n${stdout}\n${stderrTail.split('\r').join('\n').slice(-1500)}`,
      );
    }
    return {
      wallSeconds,
      reportedSeconds: m ? Number(m[2]) : null,
      items: m ? Number(m[1]) : null,
      summary,
      exitCode,
    };
  } finally {
    killImport('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (x: number | null | undefined, digits = 2) =>
  x == null || Number.isNaN(x) ? '—' : x.toFixed(digits);

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  let dynamo: DynamoLocal | undefined;
  let loader: DynamoDBClient | undefined;
  let db: DynamoDBClient | undefined;
  const stopAll = async () => {
    loader?.destroy();
    db?.destroy();
    await dynamo?.stop();
    dynamo = undefined;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping DynamoDB Local and the import`);
    killImport('SIGKILL');
    void stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(`bench/queue: ${townships.length} townships, measured queue ${QUEUE}, page ${PAGE}`);
    dynamo = await startDynamoLocal();
    dynamoPid = dynamo.process.pid;
    const tables = localTableNames(TABLE_PREFIX);
    // The loader waits longer than the product client (5 s) under bulk load; the measured reads
    // use the product's client settings (createDynamoClient).
    loader = new DynamoDBClient({
      region: 'local',
      endpoint: dynamo.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 5,
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 120_000 },
    });
    db = createDynamoClient({ region: 'local', endpoint: dynamo.endpoint });
    await ensureTables(db, tables);

    console.log(`phase A: loading ${SMALL.toLocaleString('en')} cases`);
    const a = await load(loader, tables.cases, 0, SMALL);
    const phaseA = await measurePhase(db, tables, a.reached, a.seconds);
    console.log(
      `phase A: ${phaseA.tableItems.toLocaleString('en')} cases (${phaseA.queueItems} in the queue): p50 ${fmt(phaseA.queuePage.p50)} ms, p99 ${fmt(phaseA.queuePage.p99)} ms`,
    );

    console.log(
      `phase B: loading up to ${BIG.toLocaleString('en')} cases (budget ${LOAD_BUDGET_MS / 60_000} min)`,
    );
    const b = await load(loader, tables.cases, SMALL, BIG, performance.now() + LOAD_BUDGET_MS);
    if (b.stopped) {
      console.log(
        `phase B: load budget spent — stopped at ${b.reached.toLocaleString('en')} cases, not ${BIG.toLocaleString('en')}`,
      );
    }
    const phaseB = await measurePhase(db, tables, b.reached, b.seconds);
    console.log(
      `phase B: ${phaseB.tableItems.toLocaleString('en')} cases (${phaseB.queueItems} in the queue): p50 ${fmt(phaseB.queuePage.p50)} ms, p99 ${fmt(phaseB.queuePage.p99)} ms`,
    );
    await stopAll();

    let imp: Awaited<ReturnType<typeof timeImport>> | null = null;
    if (!args['skip-import']) {
      console.log('import: npm run -s import:divisions -- --province 41 (DATA_DIR = temporary folder)');
      imp = await timeImport();
      console.log(`  ${imp.summary || '(no summary line)'}`);
    }

    const p50Ratio = phaseB.queuePage.p50 / phaseA.queuePage.p50;
    const p99Ratio = phaseB.queuePage.p99 / phaseA.queuePage.p99;
    const rows: [string, string][] = [
      [
        'measured queue',
        `${QUEUE} (first page of ${PAGE}; ${JVM_WARMUP} reads of other queues, ${WARMUP} warm-up, ${CALLS} timed sequential calls)`,
      ],
      ['A: cases in table', phaseA.tableItems.toLocaleString('en')],
      ['A: cases in the queue', phaseA.queueItems.toLocaleString('en')],
      ['A: load time', `${fmt(phaseA.loadSeconds, 1)} s`],
      [
        'A: queue page p50 / p99 / mean',
        `${fmt(phaseA.queuePage.p50)} / ${fmt(phaseA.queuePage.p99)} / ${fmt(phaseA.queuePage.mean)} ms`,
      ],
      ['A: other processes\u2019 CPU', `${fmt(phaseA.queuePage.otherCpuPct, 0)} %`],
      [
        'B: cases in table',
        `${phaseB.tableItems.toLocaleString('en')}${b.stopped ? ` (stopped early; asked for ${BIG.toLocaleString('en')})` : ''}`,
      ],
      ['B: cases in the queue', phaseB.queueItems.toLocaleString('en')],
      [
        'B: load time (after A)',
        `${fmt(phaseB.loadSeconds, 1)} s (${fmt((phaseB.tableItems - phaseA.tableItems) / phaseB.loadSeconds, 0)} items/s)`,
      ],
      [
        'B: queue page p50 / p99 / mean',
        `${fmt(phaseB.queuePage.p50)} / ${fmt(phaseB.queuePage.p99)} / ${fmt(phaseB.queuePage.mean)} ms`,
      ],
      ['B: other processes\u2019 CPU', `${fmt(phaseB.queuePage.otherCpuPct, 0)} %`],
      ['ratio p50 B/A (target ≤ 1.2)', `${fmt(p50Ratio)} ${p50Ratio <= TARGET_RATIO ? 'met' : 'MISSED'}`],
      ['ratio p99 B/A', fmt(p99Ratio)],
      ...(imp
        ? ([
            ['import --province 41: items', imp.items?.toLocaleString('en') ?? '— (no summary)'],
            [
              'import --province 41: time',
              `${fmt(imp.reportedSeconds, 1)} s reported, ${fmt(imp.wallSeconds, 1)} s wall (incl. tsx + DynamoDB Local start)`,
            ],
          ] as [string, string][])
        : []),
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    console.log(`\n${'─'.repeat(width + 50)}`);
    for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
    console.log('─'.repeat(width + 50));

    const result = {
      at: new Date().toISOString(),
      machine: { cpus: availableParallelism(), node: process.version },
      queue: QUEUE,
      page: PAGE,
      warmup: WARMUP,
      jvmWarmup: JVM_WARMUP,
      calls: CALLS,
      loadConcurrency: CONCURRENCY,
      phaseA,
      phaseB: { ...phaseB, requested: BIG, stoppedEarly: b.stopped },
      ratio: { p50: p50Ratio, p99: p99Ratio, target: TARGET_RATIO, met: p50Ratio <= TARGET_RATIO },
      importProvince41: imp,
    };
    writeFileSync(OUT_FILE, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${OUT_FILE.slice(REPO.length + 1)}`);
  } finally {
    killImport('SIGKILL');
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await main();
