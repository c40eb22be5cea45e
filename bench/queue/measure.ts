/**
 * The queue benchmark's measurement: the first page of one township's queue read through
 * CaseRepository.queuePage (the read the staff queue uses), checked for sanity, warmed up and timed,
 * with the CPU other processes took meanwhile (the machine is shared, so a busy neighbour shows).
 * Apart from loading so the timed reads are all that is here.
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { QUEUE_INDEX, QUEUE_PK, type TableNames } from '#shared/db/keys.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { cpuSnapshot, otherCpuPct } from '../cpu.ts';
import { percentile } from '../interleave.ts';

export const PAGE = 25;
export const WARMUP = 20;
/** Queue reads of the other townships before each phase's measurement (JIT warm-up of the JVM). */
export const JVM_WARMUP = 1_000;
export const CALLS = 200;

/** What is measured, and where: the township's queue and the DynamoDB Local process. */
export interface Target {
  township: string;
  /** Its queue's partition, `Q#T#<township>`. */
  queue: string;
  /** Every township of the region (the others' queues warm the JVM). */
  townships: readonly string[];
  /** DynamoDB Local's process id, counted as ours in the CPU figures. */
  dynamoPid: number | undefined;
}

export interface Stats {
  calls: number;
  p50: number;
  p99: number;
  mean: number;
  min: number;
  max: number;
  /** Share of the machine's CPU used by other processes during the timed calls (shared machine). */
  otherCpuPct: number | null;
}

async function timeCalls(op: () => Promise<unknown>, dynamoPid: number | undefined): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await op();
  const before = cpuSnapshot({ pid: dynamoPid });
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
    otherCpuPct: otherCpuPct(before, cpuSnapshot({ pid: dynamoPid })),
  };
}

/** Items in the measured queue (Select COUNT on the index; the bench's own check, not a product read). */
async function queueSize(db: DynamoDBClient, tables: TableNames, queue: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tables.cases,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: '#q = :q',
        ExpressionAttributeNames: { '#q': QUEUE_PK },
        ExpressionAttributeValues: { ':q': { S: queue } },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += out.Count ?? 0;
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

export interface Phase {
  tableItems: number;
  queueItems: number;
  loadSeconds: number;
  queuePage: Stats;
  /** The first page's due dates are ascending and it starts overdue (sanity of the read). */
  firstDue: string;
  pageItems: number;
}

/** Checks the first page of the target's queue, warms the JVM up, then times the page read. */
export async function measurePhase(
  target: Target,
  db: DynamoDBClient,
  tables: TableNames,
  tableItems: number,
  loadSeconds: number,
): Promise<Phase> {
  const repo = new CaseRepository(db, tables);
  const { township, queue, townships, dynamoPid } = target;
  const queueItems = await queueSize(db, tables, queue);
  const page = await repo.queuePage(queue, PAGE);
  const dues = page.cases.map((c) => c.due?.dueAt ?? '');
  if (page.cases.length !== Math.min(PAGE, queueItems) || dues.some((d, k) => k > 0 && d < dues[k - 1]!)) {
    throw new Error(`queue page is wrong: ${page.cases.length} cases, due ${dues.join(', ')}`);
  }
  if (page.cases.some((c) => c.townshipCode !== township)) throw new Error('queue page has other townships');
  // The same JVM warm-up in both phases, on the other townships' queues, so phase A (measured soon
  // after DynamoDB Local started) is not slowed by a cold JIT compared with phase B.
  const others = townships.filter((t) => t !== township);
  for (let i = 0; i < JVM_WARMUP; i++) await repo.queuePage(`Q#T#${others[i % others.length]}`, PAGE);
  const stats = await timeCalls(() => repo.queuePage(queue, PAGE), dynamoPid);
  return {
    tableItems,
    queueItems,
    loadSeconds,
    queuePage: stats,
    firstDue: dues[0]!,
    pageItems: page.cases.length,
  };
}
