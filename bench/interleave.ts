/**
 * Timing a read against its baseline in the same moment: the scale benchmarks keep a small table
 * and a big one in the same DynamoDB Local and call the read on each in turn (A, B, A, B…), so
 * whatever else the machine is doing slows both sides alike and the ratio measures the table size,
 * not the neighbours. A measurement helper, not a test.
 */

export interface Timing {
  p50: number;
  p90: number;
  p99: number;
}

/** The `q` quantile (0…1) of ascending `sorted` samples by the nearest-rank method; NaN when empty. */
export const percentile = (sorted: number[], q: number) =>
  sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;

function summary(samples: number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 0.5), p90: percentile(s, 0.9), p99: percentile(s, 0.99) };
}

/**
 * `warmup` untimed rounds, then `calls` timed rounds of `a()` and `b()` alternating (which one
 * goes first alternates too, so neither always follows the other's cache effects).
 */
export async function interleaved(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  opts: { warmup: number; calls: number },
): Promise<{ a: Timing; b: Timing; ratio: number }> {
  for (let i = 0; i < opts.warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  const timed = async (op: () => Promise<unknown>, into: number[]) => {
    const t = performance.now();
    await op();
    into.push(performance.now() - t);
  };
  for (let i = 0; i < opts.calls; i++) {
    if (i % 2 === 0) {
      await timed(a, sa);
      await timed(b, sb);
    } else {
      await timed(b, sb);
      await timed(a, sa);
    }
  }
  const ta = summary(sa);
  const tb = summary(sb);
  return { a: ta, b: tb, ratio: tb.p50 / ta.p50 };
}
