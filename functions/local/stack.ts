/**
 * The whole hotline on one machine: DynamoDB Local, tables from the shared key design, seeds, the
 * same Hono apps as in Lambda behind the API Gateway-like router, the stream consumer on DynamoDB
 * Local's stream, the deadline sweep on a timer, and a local token issuer for staff. Served by
 * @hono/node-server. Used by `npm start`, the integration and browser tests, and the benchmarks.
 */
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { serve } from '@hono/node-server';
import { createApiApp } from '#functions/api/app.ts';
import { openApiJson } from '#functions/api/openapi.ts';
import { createAssetsApp } from '#functions/assets/app.ts';
import { resolveAssetSource } from '#functions/assets/hashed.ts';
import { type AppDeps, composeDeps } from '#functions/http/compose.ts';
import { createRevealApp } from '#functions/reveal/app.tsx';
import { handleAsSnsEvent, handleSnsEvent, snsEventOf } from '#functions/sms/sns.ts';
import { createSmsWebhookApp } from '#functions/sms/webhook.ts';
import { createStaffApp } from '#functions/staff/app.tsx';
import { composeStreamDeps } from '#functions/stream/compose.ts';
import { createSupervisionApp } from '#functions/supervision/app.tsx';
import { createWebApp } from '#functions/web/app.tsx';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { loadOrCreateMasterKey } from '#shared/crypto/local-key-provider.ts';
import { LocalPhoneHasher } from '#shared/crypto/phone-hash.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { localTableNames, type TableNames } from '#shared/db/keys.ts';
import type { Logger } from '#shared/log.ts';
import { InboxRepository } from '#shared/repositories/inbox-repository.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { SearchRepository } from '#shared/repositories/search-repository.ts';
import { SmsRepository } from '#shared/repositories/sms-repository.ts';
import { SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import type { CaseChangeDeps } from '#shared/services/case-changes.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import type { SmsInboundDeps } from '#shared/services/sms-inbound.ts';
import { MemorySmsOutbox } from '#shared/sms-sender.ts';
import { loadSeeds } from '../../seeds/load.ts';
import { type DynamoLocal, startDynamoLocal } from './dynamodb-local.ts';
import { createLocalIssuer, demoUsers, LOCAL_AUDIENCE, LOCAL_ISSUER, type LocalIssuer } from './issuer.ts';
import { createLocalApp } from './local-app.tsx';
import { createLocalRouter } from './router.ts';
import { startStreamPoller } from './stream-poller.ts';

/** The local stand-in gateway secret (npm start only; in AWS the secret is deployment configuration). */
export const LOCAL_WEBHOOK_SECRET = 'chuishao-local-webhook-secret';

export const resolveAsset = resolveAssetSource;

export interface LocalStack {
  url: string;
  /** The router itself, for `app.request()` in tests. */
  app: ReturnType<typeof createLocalRouter>;
  /** Each app behind the router (their `routes` drive the route fuzz test). */
  apps: Parameters<typeof createLocalRouter>[0];
  /** The DynamoDB Local this stack started (absent when given an endpoint). */
  dynamo?: DynamoLocal;
  dynamoEndpoint: string;
  db: DynamoDBClient;
  tables: TableNames;
  deps: AppDeps;
  streamDeps: CaseChangeDeps;
  issuer: LocalIssuer;
  /** The SMS inbound handler's dependencies (the same handler as the inbound Lambda). */
  smsDeps: SmsInboundDeps;
  /** The SMS gateway's stand-in: what was texted to reporters, in memory only. */
  smsOutbox: MemorySmsOutbox;
  /** Runs the stream consumer over everything written so far (tests use it instead of waiting). */
  drainStream(): Promise<number>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  /** Folder for DynamoDB data, the master key and the issuer key. */
  dataDir: string;
  /** Keep DynamoDB Local's data in `dataDir` (npm start) or in memory. */
  persist: boolean;
  port?: number;
  /** Reuse a running DynamoDB Local (its endpoint) instead of starting one. */
  dynamoEndpoint?: string;
  tablePrefix?: string;
  /**
   * A directory table that already exists and holds the seeds, used instead of the prefix's own:
   * the test runs share one, since it holds only the division tree and seeding it costs seconds.
   */
  directoryTable?: string;
  logger?: Logger;
  now?: () => Date;
  streamOverrides?: Partial<CaseChangeDeps>;
  /** Stream poll interval; tests set it high and call drainStream(). @default 500 */
  pollIntervalMs?: number;
  /**
   * The intake budget and proof-of-work, as the environment variables `npm start` reads (unset
   * values take shared/config.ts's defaults). Absent: the budget is off — tests and benchmarks file
   * many reports from one address and set their own values where they test the budget.
   */
  intake?: { INTAKE_SOURCE_BUDGET?: string; INTAKE_POW_DIFFICULTY?: string };
  /** Deadline sweep interval; 0 turns the timer off. @default 60 000 */
  sweepIntervalMs?: number;
}

export async function startLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const dynamo = opts.dynamoEndpoint
    ? undefined
    : await startDynamoLocal({ dbPath: opts.persist ? join(opts.dataDir, 'dynamodb') : undefined });
  const endpoint = opts.dynamoEndpoint ?? dynamo!.endpoint;
  const tables: TableNames = {
    ...localTableNames(opts.tablePrefix ?? 'chuishao'),
    ...(opts.directoryTable ? { directory: opts.directoryTable } : {}),
  };
  let url = '';
  const config = loadConfig({
    MODE: 'local',
    AWS_REGION: 'local',
    CASES_TABLE: tables.cases,
    IDENTITY_TABLE: tables.identity,
    DIRECTORY_TABLE: tables.directory,
    DYNAMODB_ENDPOINT: endpoint,
    MASTER_KEY_FILE: join(opts.dataDir, 'master.key'),
    ...(opts.port ? { PUBLIC_URL: `http://localhost:${opts.port}` } : {}),
    ...(opts.intake ?? { INTAKE_SOURCE_BUDGET: '0' }),
  });
  const db = createDynamoClient({ region: 'local', endpoint });
  await ensureTables(db, tables);
  const deps = composeDeps(config, {
    db,
    ...(opts.logger ? { logger: opts.logger } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });
  await loadSeeds(deps.directory, config.REGION_CODE);

  // The SMS gateway's stand-in: replies and updates to reporters' phones are kept in memory only,
  // so no phone number ever reaches .data/.
  const smsOutbox = new MemorySmsOutbox(deps.now);
  const smsRepository = new SmsRepository(db, tables);
  const streamDeps = composeStreamDeps(config, {
    db,
    now: deps.now,
    cases: deps.cases,
    directory: deps.directory,
    smsOut: { sender: smsOutbox, contacts: smsRepository, keys: deps.keys },
    ...opts.streamOverrides,
  });
  const poller = await startStreamPoller({
    db,
    endpoint,
    table: tables.cases,
    deps: streamDeps,
    logger: deps.logger,
    intervalMs: opts.pollIntervalMs,
  });

  // The EventBridge schedule's stand-in: the deadline sweep once a minute.
  const sweepEvery = opts.sweepIntervalMs ?? 60_000;
  const sweepTimer = sweepEvery
    ? setInterval(() => {
        sweepDeadlines(streamDeps).catch(() =>
          deps.logger.warn('deadline sweep failed', { component: 'sweep' }),
        );
      }, sweepEvery)
    : undefined;
  sweepTimer?.unref();

  // Cognito's stand-in: tokens signed locally, verified through this server's JWKS URL by the
  // same verifier as in AWS.
  const issuer = await createLocalIssuer(opts.persist ? join(opts.dataDir, 'issuer-key.json') : undefined);
  const users = demoUsers();
  const verify = createStaffVerifier({
    jwksUrl: () => `${url}/local/jwks.json`,
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
  });

  const reveals = new RevealRepository(db, tables);
  const rewards = new RewardRepository(db, tables, deps.cases);
  const smsDeps: SmsInboundDeps = {
    ...deps,
    sms: smsRepository,
    phoneHasher: new LocalPhoneHasher(loadOrCreateMasterKey(config.MASTER_KEY_FILE!)),
    smsSender: smsOutbox,
    rewards,
  };
  const apps = {
    api: createApiApp(deps, openApiJson),
    web: createWebApp({ ...deps, rewards, publicRecords: new PublicRepository(db, tables) }),
    assets: createAssetsApp((asset) => resolveAsset(asset.source)),
    staff: createStaffApp(deps, {
      verify,
      demoUsers: users,
      reveals,
      rewards,
      searchInbox: { search: new SearchRepository(db, tables), inbox: new InboxRepository(db, tables) },
    }),
    reveal: createRevealApp({ ...deps, reveals, rewards }, verify),
    supervision: createSupervisionApp(
      { ...deps, supervision: new SupervisionRepository(db, tables) },
      verify,
    ),
    // A domestic gateway's signed webhook; locally the shared secret is LOCAL_WEBHOOK_SECRET.
    sms: createSmsWebhookApp(
      smsDeps,
      async () => process.env.SMS_WEBHOOK_SECRET ?? LOCAL_WEBHOOK_SECRET,
      handleAsSnsEvent(smsDeps),
    ),
    local: createLocalApp(streamDeps.deliveries, issuer, users, {
      outbox: smsOutbox,
      // Wrapped into the SNS event the inbound Lambda gets, stamped with the local clock.
      handle: async (message) => (await handleSnsEvent(smsDeps, snsEventOf(message, deps.now())))[0]!,
    }),
  };
  const app = createLocalRouter(apps);

  const server = await new Promise<Server>((ok) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: '127.0.0.1' }, () => ok(s as Server));
  });
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  return {
    url,
    app,
    apps,
    dynamo,
    dynamoEndpoint: endpoint,
    db,
    tables,
    deps,
    streamDeps,
    issuer,
    smsDeps,
    smsOutbox,
    drainStream: () => poller.drain(),
    stop: async () => {
      poller.stop();
      if (sweepTimer) clearInterval(sweepTimer);
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections?.();
      db.destroy();
      await dynamo?.stop();
    },
  };
}
