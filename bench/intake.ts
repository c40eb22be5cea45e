/**
 * Intake benchmark (`npx tsx bench/intake.ts`, `npm run bench:intake`): what filing one report costs
 * compared with the work it cannot avoid.
 *
 * - intake: POST /api/v1/reports over real HTTP to the local stack (the same Hono app as in Lambda),
 *   with a reporter identity and an Idempotency-Key, i.e. the full path;
 * - floor: the one TransactWriteItems an intake needs (case, first event, sealed identity,
 *   idempotency record), sent with a bare @aws-sdk/client-dynamodb client to the same DynamoDB
 *   Local, with items copied from what the intake really stored (same attributes, same sizes);
 * - hash: the scrypt access-key hash (`hashAccessKey`);
 * all at the same concurrency, and intake ÷ (floor + hash) for p50 and p99 (target ≤ 1.3).
 *
 * Also every function's bundle, built the way infra/constructs/house-function.ts has CDK build it,
 * and the API function's cold init (bench/bundles.ts: sizes, init against a same-run baseline).
 *
 * Figures are printed and written to .bench/intake.json. This is a measurement, not a test: it
 * never fails on a missed target.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  ScanCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { startLocalStack } from '#functions/local/stack.ts';
import { generateAccessKey, hashAccessKey } from '#shared/crypto/access-key.ts';
import {
  caseKey,
  eventKey,
  IDEMPOTENCY_PK_PREFIX,
  identityKey,
  localTableNames,
  PK,
} from '#shared/db/keys.ts';
import { createLogger } from '#shared/log.ts';
import {
  type ColdStart,
  coldStartLines,
  measureColdStart,
  spawnedCpuMs,
  TARGET_INIT_MS,
  TARGET_OWN_KB,
} from './bundles.ts';
import { cpuSnapshot, otherCpuPct } from './cpu.ts';
import { reportBody } from './report-body.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const CONCURRENCY = 32;
const WARMUP = 200;
const REQUESTS = 2_000;
/** The diagnostic rows only explain the ratio; fewer calls keep the run short. */
const DIAG_REQUESTS = 500;
const TARGET_RATIO = 1.3;
const TABLE_PREFIX = 'bench';

const REPO = resolve(import.meta.dirname, '..');
const OUT_DIR = join(REPO, '.bench');

// ---------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  perSecond: number;
  /** Share of the machine's CPU used by processes other than this one and its DynamoDB Local. */
  otherCpuPct: number | null;
}

/** The DynamoDB Local this bench started; its CPU counts as ours. */
let dynamoPid: number | undefined;

/** CPU of the machine and of this benchmark, its DynamoDB Local and the processes it spawned. */
const snapshot = () => cpuSnapshot({ pid: dynamoPid, extraMs: spawnedCpuMs });

function percentile(sorted: number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function stats(samples: number[], wallMs: number, otherCpu: number | null): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    otherCpuPct: otherCpu,
    n: sorted.length,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    mean: sorted.reduce((s, x) => s + x, 0) / sorted.length,
    perSecond: (sorted.length / wallMs) * 1000,
  };
}

/** Runs `op(i)` `count` times from `concurrency` workers; returns per-call latencies (ms). */
async function load(
  count: number,
  concurrency: number,
  op: (i: number) => Promise<void>,
): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

/** Warm-up, then the measured run. `seq` numbers every call uniquely across both. */
async function measure(
  op: (seq: number) => Promise<void>,
  { warmup = WARMUP, count = REQUESTS, onMeasured = () => {} } = {},
): Promise<Stats> {
  await load(warmup, CONCURRENCY, (i) => op(i));
  onMeasured();
  const before = snapshot();
  const { latencies, wallMs } = await load(count, CONCURRENCY, (i) => op(warmup + i));
  return stats(latencies, wallMs, otherCpuPct(before, snapshot()));
}

// ---------------------------------------------------------------------------------------------
// The three latencies

async function benchIntake(url: string, runId: string, serverMs: number[]) {
  let failures = 0;
  const statuses = new Map<number, number>();
  const result = await measure(
    async (i) => {
      const res = await fetch(`${url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-${i}` },
        body: reportBody(i),
      });
      await res.arrayBuffer();
      if (res.status !== 201) {
        failures++;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    },
    { onMeasured: () => serverMs.splice(0) },
  );
  return { ...result, failures, statuses: Object.fromEntries(statuses) };
}

/** The four items one intake stored, read back by key (the bench may Scan; product code may not). */
async function sampleIntakeItems(db: DynamoDBClient, tables: ReturnType<typeof localTableNames>) {
  let idem: Record<string, AttributeValue> | undefined;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(
      new ScanCommand({ TableName: tables.identity, Limit: 100, ExclusiveStartKey }),
    );
    idem = page.Items?.find((it) => it[PK]?.S?.startsWith(IDEMPOTENCY_PK_PREFIX));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (!idem && ExclusiveStartKey);
  const caseNumber = idem?.caseNumber?.S;
  if (!idem || !caseNumber) throw new Error('no idempotency record found after the intake run');
  const get = async (TableName: string, key: Record<string, string>) => {
    const out = await db.send(
      new GetItemCommand({
        TableName,
        Key: Object.fromEntries(Object.entries(key).map(([k, v]) => [k, { S: v }])),
      }),
    );
    if (!out.Item) throw new Error(`item ${JSON.stringify(key)} missing`);
    return out.Item;
  };
  return {
    caseNumber,
    caseItem: await get(tables.cases, caseKey(caseNumber)),
    eventItem: await get(tables.cases, eventKey(caseNumber, 1)),
    identityItem: await get(tables.identity, identityKey(caseNumber)),
    idemItem: idem,
  };
}

const itemBytes = (item: Record<string, AttributeValue>) => JSON.stringify(item).length;

/**
 * The floor transaction for call `seq`: the sampled items with fresh keys of the same length, and
 * the same conditions as shared/repositories/case-repository.ts `create()`.
 */
function floorTransaction(
  sample: Awaited<ReturnType<typeof sampleIntakeItems>>,
  tables: ReturnType<typeof localTableNames>,
  seq: number,
): TransactWriteItem[] {
  const cn = `${sample.caseNumber.slice(0, 8)}F${String(seq).padStart(sample.caseNumber.length - 9, '0')}`;
  const swap = (item: Record<string, AttributeValue>, pk: string) => {
    const copy: Record<string, AttributeValue> = { ...item, [PK]: { S: pk } };
    if (copy.caseNumber) copy.caseNumber = { S: cn };
    return copy;
  };
  const notExists = {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': PK },
  };
  const idemPk = `${IDEMPOTENCY_PK_PREFIX}${createHash('sha256').update(`floor:${seq}`).digest('hex')}`;
  return [
    { Put: { TableName: tables.cases, Item: swap(sample.caseItem, caseKey(cn)[PK]), ...notExists } },
    { Put: { TableName: tables.cases, Item: swap(sample.eventItem, eventKey(cn, 1)[PK]) } },
    {
      Put: { TableName: tables.identity, Item: swap(sample.identityItem, identityKey(cn)[PK]), ...notExists },
    },
    { Put: { TableName: tables.identity, Item: swap(sample.idemItem, idemPk), ...notExists } },
  ];
}

// ---------------------------------------------------------------------------------------------

async function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const runId = Date.now().toString(36);

  // Bundles and cold init first, before DynamoDB Local and the load compete for the CPUs.
  const initBefore = snapshot();
  const coldStart = await measureColdStart();
  const initOtherCpuPct = otherCpuPct(initBefore, snapshot());

  const dir = mkdtempSync(join(tmpdir(), 'chuishao-bench-'));
  const dynamo = await startDynamoLocal();
  dynamoPid = dynamo.process.pid;
  let serverErrors = 0;
  /** Server-side time of each intake, from the app's own request log line. */
  const serverMs: number[] = [];
  const stack = await startLocalStack({
    dataDir: dir,
    persist: false,
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tablePrefix: TABLE_PREFIX,
    // In AWS the stream consumer and the sweep are other functions; here they would share the CPUs.
    pollIntervalMs: 3_600_000,
    sweepIntervalMs: 0,
    logger: createLogger((line) => {
      if (line.includes('"level":"error"')) serverErrors++;
      const entry = JSON.parse(line) as { msg?: string; method?: string; route?: string; ms?: number };
      if (entry.msg === 'request' && entry.method === 'POST' && entry.route === '/api/v1/reports') {
        serverMs.push(entry.ms ?? Number.NaN);
      }
    }),
  });
  const db = new DynamoDBClient({
    region: 'local',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tables = localTableNames(TABLE_PREFIX);
  try {
    const intake = await benchIntake(stack.url, runId, serverMs);
    // Same run as the intake row, seen from inside the app: the rest is HTTP and the client.
    const server = stats(serverMs, Number.NaN, intake.otherCpuPct);

    const sample = await sampleIntakeItems(db, tables);
    const floor = await measure(async (seq) => {
      await db.send(new TransactWriteItemsCommand({ TransactItems: floorTransaction(sample, tables, seq) }));
    });

    const hash = await measure(async () => {
      await hashAccessKey(generateAccessKey());
    });

    // Diagnostics: where intake time goes beyond floor + hash.
    const health = await measure(
      async () => {
        const res = await fetch(`${stack.url}/health`);
        await res.arrayBuffer();
      },
      { count: DIAG_REQUESTS },
    );
    const sequence = await measure(
      async (seq) => {
        await hashAccessKey(generateAccessKey());
        await db.send(
          new TransactWriteItemsCommand({ TransactItems: floorTransaction(sample, tables, 1_000_000 + seq) }),
        );
      },
      { warmup: CONCURRENCY, count: DIAG_REQUESTS },
    );

    const ratio = {
      p50: intake.p50 / (floor.p50 + hash.p50),
      p99: intake.p99 / (floor.p99 + hash.p99),
    };
    const figures = {
      at: new Date().toISOString(),
      node: process.version,
      cpus: availableParallelism(),
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      requests: REQUESTS,
      intake: { ...intake, serverErrors },
      floor,
      hash,
      ratio,
      diagnostics: { server, health, hashThenWrite: sequence },
      items: {
        count: 4,
        bytes: {
          case: itemBytes(sample.caseItem),
          event: itemBytes(sample.eventItem),
          identity: itemBytes(sample.identityItem),
          idempotency: itemBytes(sample.idemItem),
        },
      },
      coldStart: { ...coldStart, otherCpuPct: initOtherCpuPct },
      targets: { ratio: TARGET_RATIO, ownBundleKb: TARGET_OWN_KB, initMs: TARGET_INIT_MS },
    };
    writeFileSync(join(OUT_DIR, 'intake.json'), `${JSON.stringify(figures, null, 2)}\n`);
    print(figures);
  } finally {
    db.destroy();
    await stack.stop();
    await dynamo.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function print(f: {
  node: string;
  cpus: number;
  intake: Stats & { failures: number; statuses: Record<string, number>; serverErrors: number };
  floor: Stats;
  hash: Stats;
  ratio: { p50: number; p99: number };
  diagnostics: { server: Stats; health: Stats; hashThenWrite: Stats };
  items: { bytes: Record<string, number> };
  coldStart: ColdStart & { otherCpuPct: number | null };
}) {
  const W = 46;
  const num = (x: number, digits = 1) => x.toFixed(digits).padStart(8);
  const pct = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(0)}%`).padStart(8);
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const row = (label: string, s: Stats) =>
    `${label.padEnd(W)}${num(s.p50)}${num(s.p99)}${Number.isFinite(s.perSecond) ? num(s.perSecond, 0) : '       -'}${pct(s.otherCpuPct)}`;
  const phases = [f.intake, f.floor, f.hash, f.diagnostics.health, f.diagnostics.hashThenWrite, f.coldStart];
  const busiest = Math.max(...phases.map((s) => s.otherCpuPct ?? 0));
  const bytes = Object.entries(f.items.bytes).map(([k, v]) => `${k} ${v}`);
  const answers = f.intake.failures ? `NON-201 ${JSON.stringify(f.intake.statuses)}` : 'all 201';
  const ratioOk = Math.max(f.ratio.p50, f.ratio.p99) <= TARGET_RATIO;
  const lines = [
    `intake bench — ${CONCURRENCY} concurrent, ${REQUESTS} measured after ${WARMUP} warm-up · node ${f.node} · ${f.cpus} CPUs`,
    `${''.padEnd(W)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'req/s'.padStart(8)}${'other'.padStart(8)}`,
    row('intake   POST /api/v1/reports (identity+idem)', f.intake),
    row('floor    TransactWriteItems, 4 items', f.floor),
    row('hash     hashAccessKey (scrypt)', f.hash),
    `${'ratio    intake ÷ (floor + hash)'.padEnd(W)}${num(f.ratio.p50, 2)}${num(f.ratio.p99, 2)}   target ≤ ${TARGET_RATIO}: ${mark(ratioOk)}`,
    row('  diag   intake inside the server (request log)', f.diagnostics.server),
    row('  diag   GET /health over HTTP', f.diagnostics.health),
    row('  diag   hash then floor write, no HTTP', f.diagnostics.hashThenWrite),
    `  items (bytes as JSON): ${bytes.join(', ')} · intake answers: ${answers} · server 5xx logs: ${f.intake.serverErrors}`,
    ...coldStartLines(f.coldStart),
    busiest > 10
      ? `WARNING: other processes used up to ${busiest.toFixed(0)}% of the CPUs during a phase ('other'); these figures are not comparable — rerun on a quiet machine.`
      : `quiet machine: other processes used ≤ ${busiest.toFixed(0)}% of the CPUs in every phase ('other')`,
    'figures → .bench/intake.json',
  ];
  console.log(lines.join('\n'));
}

await main();
