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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoLocal, startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { localTableNames } from '#shared/db/keys.ts';
import { type ImportTiming, killImport, timeImport } from './queue/import-timing.ts';
import { load, townships } from './queue/load.ts';
import { measurePhase, PAGE, type Target } from './queue/measure.ts';
import { fmt, type Outcome, printTable, resultJson } from './queue/report.ts';

// The parts live in bench/queue/: generated cases and their loading, the timed reads, the import
// timing and the printed report. This file reads the flags and runs the phases in order.

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
/** Phase B stops growing the table once loading has taken this long (the largest size reached). */
const LOAD_BUDGET_MS = 25 * 60_000;
const TABLE_PREFIX = 'benchq';

const REPO = resolve(import.meta.dirname, '..');
const OUT_DIR = join(REPO, '.bench');
const OUT_FILE = join(OUT_DIR, 'queue.json');

if (!(SMALL > 0 && BIG >= SMALL && CONCURRENCY > 0 && Number.isInteger(BIG) && Number.isInteger(SMALL))) {
  process.stderr.write('usage: npx tsx bench/queue.ts [--small 5000] [--big 500000] [--concurrency 16]\n');
  process.exit(2);
}

const TOWNSHIP = args.township ?? townships[0]!;
if (!townships.includes(TOWNSHIP)) throw new Error(`${TOWNSHIP} is not a township of 4110`);
const QUEUE = `Q#T#${TOWNSHIP}`;

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
    const target: Target = { township: TOWNSHIP, queue: QUEUE, townships, dynamoPid: dynamo.process.pid };
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
    const a = await load(loader, tables.cases, 0, SMALL, { concurrency: CONCURRENCY });
    const phaseA = await measurePhase(target, db, tables, a.reached, a.seconds);
    console.log(
      `phase A: ${phaseA.tableItems.toLocaleString('en')} cases (${phaseA.queueItems} in the queue): p50 ${fmt(phaseA.queuePage.p50)} ms, p99 ${fmt(phaseA.queuePage.p99)} ms`,
    );

    console.log(
      `phase B: loading up to ${BIG.toLocaleString('en')} cases (budget ${LOAD_BUDGET_MS / 60_000} min)`,
    );
    const b = await load(loader, tables.cases, SMALL, BIG, {
      concurrency: CONCURRENCY,
      deadline: performance.now() + LOAD_BUDGET_MS,
    });
    if (b.stopped) {
      console.log(
        `phase B: load budget spent — stopped at ${b.reached.toLocaleString('en')} cases, not ${BIG.toLocaleString('en')}`,
      );
    }
    const phaseB = await measurePhase(target, db, tables, b.reached, b.seconds);
    console.log(
      `phase B: ${phaseB.tableItems.toLocaleString('en')} cases (${phaseB.queueItems} in the queue): p50 ${fmt(phaseB.queuePage.p50)} ms, p99 ${fmt(phaseB.queuePage.p99)} ms`,
    );
    await stopAll();

    let imp: ImportTiming | null = null;
    if (!args['skip-import']) {
      console.log('import: npm run -s import:divisions -- --province 41 (DATA_DIR = temporary folder)');
      imp = await timeImport(REPO);
      console.log(`  ${imp.summary || '(no summary line)'}`);
    }

    const outcome: Outcome = {
      queue: QUEUE,
      concurrency: CONCURRENCY,
      requested: BIG,
      phaseA,
      phaseB,
      stoppedEarly: b.stopped,
      imp,
    };
    printTable(outcome);
    const result = resultJson(outcome);
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
