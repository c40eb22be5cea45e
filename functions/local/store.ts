/**
 * For command-line tools (import:divisions, audit:verify …): the local store of `npm start`.
 * If `npm start` is running, its DynamoDB Local endpoint (written to .data/endpoint.json) is used;
 * otherwise the tool starts DynamoDB Local on the same data folder itself and stops it at the end.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { localTableNames, type TableNames } from '#shared/db/keys.ts';
import { startDynamoLocal } from './dynamodb-local.ts';

export const LOCAL_TABLE_PREFIX = 'chuishao';

export function defaultDataDir(): string {
  return resolve(process.env.DATA_DIR ?? '.data');
}

const endpointFile = (dataDir: string) => join(dataDir, 'endpoint.json');

/** Called by `npm start`: tells tools where the running store is. */
export function advertiseEndpoint(dataDir: string, endpoint: string): () => void {
  writeFileSync(endpointFile(dataDir), `${JSON.stringify({ endpoint, pid: process.pid })}\n`);
  return () => rmSync(endpointFile(dataDir), { force: true });
}

export interface LocalStore {
  db: DynamoDBClient;
  tables: TableNames;
  endpoint: string;
  /** True when this process started DynamoDB Local (no running `npm start`). */
  started: boolean;
  close(): Promise<void>;
}

async function reachable(endpoint: string): Promise<boolean> {
  const probe = createDynamoClient({ region: 'local', endpoint });
  try {
    await probe.send(new ListTablesCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  } finally {
    probe.destroy();
  }
}

export async function openLocalStore(dataDir = defaultDataDir()): Promise<LocalStore> {
  // TABLE_PREFIX lets tests point a tool at their own tables (DIRECTORY_TABLE at the run's shared
  // directory); `npm start` uses the default.
  const tables = {
    ...localTableNames(process.env.TABLE_PREFIX ?? LOCAL_TABLE_PREFIX),
    ...(process.env.DIRECTORY_TABLE ? { directory: process.env.DIRECTORY_TABLE } : {}),
  };
  let running: string | undefined;
  try {
    running = (JSON.parse(readFileSync(endpointFile(dataDir), 'utf8')) as { endpoint: string }).endpoint;
  } catch {
    running = undefined;
  }
  if (running && (await reachable(running))) {
    const db = createDynamoClient({ region: 'local', endpoint: running });
    return { db, tables, endpoint: running, started: false, close: async () => db.destroy() };
  }
  const dynamo = await startDynamoLocal({ dbPath: join(dataDir, 'dynamodb') });
  const db = createDynamoClient({ region: 'local', endpoint: dynamo.endpoint });
  await ensureTables(db, tables);
  return {
    db,
    tables,
    endpoint: dynamo.endpoint,
    started: true,
    close: async () => {
      db.destroy();
      await dynamo.stop();
    },
  };
}
