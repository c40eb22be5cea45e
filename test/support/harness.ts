/**
 * Test harness: the real app over the shared DynamoDB Local, with tables under a unique prefix per
 * call (files run in parallel without seeing each other's data), seeds loaded, and every log line
 * captured so tests can check nothing confidential was logged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createApiApp } from '#functions/api/app.ts';
import { createAssetsApp } from '#functions/assets/app.ts';
import { type AppDeps, composeDeps } from '#functions/http/compose.ts';
import { createLocalRouter } from '#functions/local/router.ts';
import { resolveAsset } from '#functions/local/stack.ts';
import { startStreamPoller } from '#functions/local/stream-poller.ts';
import { composeStreamDeps } from '#functions/stream/compose.ts';
import { createWebApp } from '#functions/web/app.tsx';
import { loadConfig } from '#shared/config.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { localTableNames, type TableNames } from '#shared/db/keys.ts';
import { createLogger } from '#shared/log.ts';
import type { CaseChangeDeps } from '#shared/services/case-changes.ts';
import { loadSeeds } from '../../seeds/load.ts';

export interface Harness {
  /** API, pages and assets behind the same path routing as API Gateway. */
  app: ReturnType<typeof createLocalRouter>;
  deps: AppDeps;
  db: DynamoDBClient;
  tables: TableNames;
  logs: string[];
  streamDeps: CaseChangeDeps;
  /** Runs the stream consumer (routing, notifications) over everything written so far. */
  drainStream(): Promise<number>;
  /** Moves the harness clock; services read time only through deps.now. */
  setNow(iso: string | null): void;
  cleanup(): Promise<void>;
}

export async function createHarness(
  overrides: Partial<AppDeps> = {},
  streamOverrides: Partial<CaseChangeDeps> = {},
): Promise<Harness> {
  const endpoint = inject('dynamoEndpoint');
  const tables = localTableNames(`t${randomUUID().slice(0, 8)}`);
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-test-'));
  const db = createDynamoClient({ region: 'local', endpoint });
  await ensureTables(db, tables);
  const logs: string[] = [];
  let fixedNow: Date | null = null;
  const config = loadConfig({
    MODE: 'local',
    AWS_REGION: 'local',
    CASES_TABLE: tables.cases,
    IDENTITY_TABLE: tables.identity,
    DIRECTORY_TABLE: tables.directory,
    DYNAMODB_ENDPOINT: endpoint,
    MASTER_KEY_FILE: join(dir, 'master.key'),
  });
  const deps = composeDeps(config, {
    db,
    logger: createLogger((line) => logs.push(line)),
    now: () => fixedNow ?? new Date(),
    ...overrides,
  });
  await loadSeeds(deps.directory, config.REGION_CODE);
  const streamDeps = composeStreamDeps(config, {
    db,
    now: deps.now,
    cases: deps.cases,
    directory: deps.directory,
    ...streamOverrides,
  });
  // Driven by hand (drainStream) so tests are deterministic; the timer never fires in a test.
  const poller = await startStreamPoller({
    db,
    endpoint,
    table: tables.cases,
    deps: streamDeps,
    logger: deps.logger,
    intervalMs: 3_600_000,
  });
  return {
    streamDeps,
    drainStream: () => poller.drain(),
    app: createLocalRouter({
      api: createApiApp(deps),
      web: createWebApp(deps),
      assets: createAssetsApp((asset) => resolveAsset(asset.source)),
    }),
    deps,
    db,
    tables,
    logs,
    setNow: (iso) => {
      fixedNow = iso ? new Date(iso) : null;
    },
    cleanup: async () => {
      poller.stop();
      await Promise.all(
        Object.values(tables).map((TableName) => db.send(new DeleteTableCommand({ TableName }))),
      );
      db.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A valid report body; override any part. */
export function reportBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    category: 'major_hazard',
    description: '某化工厂夜间违规动火作业，无人监护，现场堆放易燃物。',
    unitName: '某某化工有限公司',
    occurredAt: '2026-11-20',
    location: { countyCode: '411081', townshipCode: '411081001', address: '颍川街道某路 12 号' },
    ...overrides,
  };
}

export function postJson(
  app: Harness['app'],
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
