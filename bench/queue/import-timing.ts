/**
 * The queue benchmark's side figure: how long `npm run -s import:divisions -- --province 41` takes,
 * run as a child with DATA_DIR in a temporary folder (it starts its own DynamoDB Local there, so
 * .data/ is untouched). The child runs in its own process group so a stop can end all of it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The import child is killed after this long. */
const IMPORT_TIMEOUT_MS = 20 * 60_000;

export interface ImportTiming {
  wallSeconds: number;
  reportedSeconds: number | null;
  items: number | null;
  summary: string;
  exitCode: number | null;
}

let importChild: ChildProcess | undefined;

/** Kills the import child's whole process group (npm → tsx → node → java). */
export function killImport(signal: NodeJS.Signals = 'SIGTERM') {
  const pid = importChild?.pid;
  if (!pid || importChild?.exitCode !== null || importChild?.signalCode !== null) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Runs the province import in `repo` and reads its summary line; a failed import is printed and returned, not thrown. */
export async function timeImport(repo: string): Promise<ImportTiming> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chuishao-benchq-import-'));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir };
    delete env.TABLE_PREFIX;
    const started = performance.now();
    const child = spawn('npm', ['run', '-s', 'import:divisions', '--', '--province', '41'], {
      cwd: repo,
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
