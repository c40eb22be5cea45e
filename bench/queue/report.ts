/**
 * How the queue benchmark reports: the table printed at the end and the JSON written to
 * .bench/queue.json. Apart from the measuring so the figures' wording and file shape are in one
 * place; this is a measurement, not a test, so a missed target is printed, never failed.
 */
import { availableParallelism } from 'node:os';
import type { ImportTiming } from './import-timing.ts';
import { CALLS, JVM_WARMUP, PAGE, type Phase, WARMUP } from './measure.ts';

/** p50 of the big table over p50 of the small one that counts as "as fast". */
const TARGET_RATIO = 1.2;

export const fmt = (x: number | null | undefined, digits = 2) =>
  x == null || Number.isNaN(x) ? '—' : x.toFixed(digits);

/** Everything one run found, as the table and the JSON file show it. */
export interface Outcome {
  queue: string;
  /** Parallel BatchWriteItem calls while loading. */
  concurrency: number;
  /** The table size asked for in phase B (`--big`). */
  requested: number;
  phaseA: Phase;
  phaseB: Phase;
  /** Phase B's load budget ran out before `requested`. */
  stoppedEarly: boolean;
  imp: ImportTiming | null;
}

/** Phase B's latencies over phase A's: how much slower the page read got as the table grew. */
function ratios({ phaseA, phaseB }: Outcome) {
  return {
    p50Ratio: phaseB.queuePage.p50 / phaseA.queuePage.p50,
    p99Ratio: phaseB.queuePage.p99 / phaseA.queuePage.p99,
  };
}

/** Prints the closing table of figures. */
export function printTable(o: Outcome): void {
  const { phaseA, phaseB, imp } = o;
  const { p50Ratio, p99Ratio } = ratios(o);
  const rows: [string, string][] = [
    [
      'measured queue',
      `${o.queue} (first page of ${PAGE}; ${JVM_WARMUP} reads of other queues, ${WARMUP} warm-up, ${CALLS} timed sequential calls)`,
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
      `${phaseB.tableItems.toLocaleString('en')}${o.stoppedEarly ? ` (stopped early; asked for ${o.requested.toLocaleString('en')})` : ''}`,
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
}

/** The JSON written to .bench/queue.json. */
export function resultJson(o: Outcome) {
  const { phaseA, phaseB } = o;
  const { p50Ratio, p99Ratio } = ratios(o);
  return {
    at: new Date().toISOString(),
    machine: { cpus: availableParallelism(), node: process.version },
    queue: o.queue,
    page: PAGE,
    warmup: WARMUP,
    jvmWarmup: JVM_WARMUP,
    calls: CALLS,
    loadConcurrency: o.concurrency,
    phaseA,
    phaseB: { ...phaseB, requested: o.requested, stoppedEarly: o.stoppedEarly },
    ratio: { p50: p50Ratio, p99: p99Ratio, target: TARGET_RATIO, met: p50Ratio <= TARGET_RATIO },
    importProvince41: o.imp,
  };
}
