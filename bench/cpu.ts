/**
 * Whether a benchmark phase had the machine to itself: CPU time of the whole machine and of the
 * benchmark (this process, its DynamoDB Local and any processes it spawned), read from /proc
 * (Linux). When something else runs during a phase, its figures are not comparable, and the
 * benchmarks' tables say so.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface CpuSnapshot {
  at: number;
  machine: number;
  ours: number;
}

/** `pid`: a child whose CPU counts as ours (DynamoDB Local); `extraMs`: CPU reported by others. */
export function cpuSnapshot(opts: { pid?: number | undefined; extraMs?: number } = {}): CpuSnapshot | null {
  try {
    // cpu user nice system idle iowait irq softirq steal (USER_HZ = 100 on Linux)
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    const total = f.reduce((a, b) => a + b, 0);
    const self = process.cpuUsage();
    let child = 0;
    if (opts.pid) {
      const stat = readFileSync(`/proc/${opts.pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      child = (Number(rest[11]) + Number(rest[12])) * 10;
    }
    return {
      at: performance.now(),
      machine: (total - idle) * 10,
      ours: (self.user + self.system) / 1000 + child + (opts.extraMs ?? 0),
    };
  } catch {
    return null;
  }
}

/** The share of the machine's CPU that other processes used between two snapshots. */
export function otherCpuPct(a: CpuSnapshot | null, b: CpuSnapshot | null): number | null {
  if (!a || !b) return null;
  const other = b.machine - a.machine - (b.ours - a.ours);
  return Math.max(0, (100 * other) / ((b.at - a.at) * availableParallelism()));
}
