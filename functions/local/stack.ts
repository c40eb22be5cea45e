/**
 * The whole hotline on one machine: DynamoDB Local, tables from the shared key design, seeds, and
 * the same Hono app as in Lambda served by @hono/node-server, with assets read from node_modules.
 * Used by `npm start`, the browser tests and the benchmarks.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApiApp } from '#functions/api/app.ts';
import { createAssetsApp } from '#functions/assets/app.ts';
import { type AppDeps, composeDeps } from '#functions/http/compose.ts';
import { composeStreamDeps } from '#functions/stream/compose.ts';
import { createWebApp } from '#functions/web/app.tsx';
import { loadConfig } from '#shared/config.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { localTableNames } from '#shared/db/keys.ts';
import type { Logger } from '#shared/log.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import { loadSeeds } from '../../seeds/load.ts';
import { type DynamoLocal, startDynamoLocal } from './dynamodb-local.ts';
import { createLocalApp } from './local-app.tsx';
import { createLocalRouter } from './router.ts';
import { startStreamPoller } from './stream-poller.ts';

const require = createRequire(import.meta.url);
const repoRoot = resolve(import.meta.dirname, '..', '..');

export function resolveAsset(source: string): string {
  return source.startsWith('./') ? join(repoRoot, source) : require.resolve(source);
}

export interface LocalStack {
  url: string;
  /** The DynamoDB Local this stack started (absent when given an endpoint). */
  dynamo?: DynamoLocal;
  dynamoEndpoint: string;
  deps: AppDeps;
  /** Runs the stream consumer over everything written so far (tests use it instead of waiting). */
  drainStream(): Promise<number>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Folder for DynamoDB data and the master key; omitted = DynamoDB in memory, key in a temp dir. */
  dataDir: string;
  persist: boolean;
  port?: number;
  /** Reuse a running DynamoDB Local (its endpoint) instead of starting one. */
  dynamoEndpoint?: string;
  tablePrefix?: string;
  logger?: Logger;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const dynamo = opts.dynamoEndpoint
    ? undefined
    : await startDynamoLocal({ dbPath: opts.persist ? join(opts.dataDir, 'dynamodb') : undefined });
  const endpoint = opts.dynamoEndpoint ?? dynamo!.endpoint;
  const tables = localTableNames(opts.tablePrefix ?? 'chuishao');
  const config = loadConfig({
    MODE: 'local',
    AWS_REGION: 'local',
    CASES_TABLE: tables.cases,
    IDENTITY_TABLE: tables.identity,
    DIRECTORY_TABLE: tables.directory,
    DYNAMODB_ENDPOINT: endpoint,
    MASTER_KEY_FILE: join(opts.dataDir, 'master.key'),
  });
  const db = createDynamoClient({ region: 'local', endpoint });
  await ensureTables(db, tables);
  const deps = composeDeps(config, { db, ...(opts.logger ? { logger: opts.logger } : {}) });
  await loadSeeds(deps.directory, config.REGION_CODE);

  const streamDeps = composeStreamDeps(config, {
    db,
    now: deps.now,
    cases: deps.cases,
    directory: deps.directory,
  });
  const poller = await startStreamPoller({
    db,
    endpoint,
    table: tables.cases,
    deps: streamDeps,
    logger: deps.logger,
  });

  // The EventBridge schedule's stand-in: the deadline sweep once a minute.
  const sweepTimer = setInterval(() => {
    sweepDeadlines(streamDeps).catch(() => deps.logger.warn('deadline sweep failed', { component: 'sweep' }));
  }, 60_000);
  sweepTimer.unref();

  const root = createLocalRouter({
    api: createApiApp(deps),
    web: createWebApp(deps),
    assets: createAssetsApp((asset) => resolveAsset(asset.source)),
    local: createLocalApp(streamDeps.deliveries),
  });

  const server = await new Promise<Server>((ok) => {
    const s = serve({ fetch: root.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () =>
      ok(s as Server),
    );
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    dynamo,
    dynamoEndpoint: endpoint,
    deps,
    drainStream: () => poller.drain(),
    stop: async () => {
      poller.stop();
      clearInterval(sweepTimer);
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections?.();
      db.destroy();
      await dynamo?.stop();
    },
  };
}
