/**
 * Test harness: the whole local hotline (the same composition as `npm start`) over the shared
 * DynamoDB Local, with tables under a unique prefix per call (files run in parallel without seeing
 * each other's data) beside the run's one seeded directory table, a settable clock, the stream
 * consumer driven by hand, and every log line captured so tests can check nothing confidential
 * was logged.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import type { AppDeps } from '#functions/http/compose.ts';
import { type LocalStack, startLocalStack } from '#functions/local/stack.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import type { TableNames } from '#shared/db/keys.ts';
import { createLogger } from '#shared/log.ts';
import type { CaseChangeDeps } from '#shared/services/case-changes.ts';

export interface Harness {
  /** API, pages, staff app, assets and local routes behind the same path routing as API Gateway. */
  app: LocalStack['app'];
  /** The apps behind the router, each with its Hono `routes`. */
  apps: LocalStack['apps'];
  url: string;
  deps: AppDeps;
  db: DynamoDBClient;
  tables: TableNames;
  logs: string[];
  streamDeps: CaseChangeDeps;
  /** The SMS inbound handler's dependencies. */
  smsDeps: LocalStack['smsDeps'];
  /** What was texted to reporters (the local SMS gateway's stand-in, in memory). */
  smsOutbox: LocalStack['smsOutbox'];
  /** Runs the stream consumer (routing, notifications) over everything written so far. */
  drainStream(): Promise<number>;
  /** A signed staff token from the local issuer (the same one `POST /local/token` gives). */
  tokenFor(user: Partial<StaffPrincipal> & Pick<StaffPrincipal, 'role' | 'jurisdiction'>): Promise<string>;
  /** Signs exactly these claims with the local issuer's key (to test what the verifier refuses). */
  signClaims(claims: Record<string, unknown>): Promise<string>;
  /** Moves the harness clock; services read time only through deps.now. */
  setNow(iso: string | null): void;
  cleanup(): Promise<void>;
}

export async function createHarness(
  overrides: {
    now?: () => Date;
    intake?: { INTAKE_SOURCE_BUDGET?: string; INTAKE_POW_DIFFICULTY?: string };
  } = {},
  streamOverrides: Partial<CaseChangeDeps> = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-test-'));
  const logs: string[] = [];
  let fixedNow: Date | null = null;
  const stack = await startLocalStack({
    dataDir: dir,
    persist: false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `t${randomUUID().slice(0, 8)}`,
    directoryTable: inject('directoryTable'),
    logger: createLogger((line) => logs.push(line)),
    now: overrides.now ?? (() => fixedNow ?? new Date()),
    streamOverrides,
    // The intake budget is off unless a test sets it (most tests file many reports from one address).
    ...(overrides.intake ? { intake: overrides.intake } : {}),
    // Driven by hand (drainStream) so tests are deterministic; the timers never fire in a test.
    pollIntervalMs: 3_600_000,
    sweepIntervalMs: 0,
  });
  return {
    app: stack.app,
    apps: stack.apps,
    url: stack.url,
    deps: stack.deps,
    db: stack.db,
    tables: stack.tables,
    logs,
    streamDeps: stack.streamDeps,
    smsDeps: stack.smsDeps,
    smsOutbox: stack.smsOutbox,
    drainStream: stack.drainStream,
    tokenFor: (u) =>
      stack.issuer.issue({ id: u.id ?? `${u.role}-${u.jurisdiction}`, name: u.name ?? u.role, ...u }),
    signClaims: (claims) => stack.issuer.sign(claims),
    setNow: (iso) => {
      fixedNow = iso ? new Date(iso) : null;
    },
    cleanup: async () => {
      const { db, tables } = stack;
      // The directory table is the run's shared one (dynamo-global-setup.ts): it stays.
      await Promise.all(
        [tables.cases, tables.identity].map((TableName) => db.send(new DeleteTableCommand({ TableName }))),
      );
      await stack.stop();
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
