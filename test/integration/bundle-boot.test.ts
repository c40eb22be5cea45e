/**
 * Deployed bundles must boot: every function's bundle exactly as `cdk synth` builds it, imported in
 * a fresh `node` from its asset folder (no node_modules to fall back on) with the environment the
 * template gives it, serves one real request or event through its handler — tables on DynamoDB
 * Local, KMS, SNS, Secrets Manager, S3 objects and Cognito's JWKS answered at the network edge by a loopback
 * stand-in (test/support/aws-edge.ts). A bundle that reads a file it doesn't ship, imports a module
 * the runtime lacks, or needs a variable the stack doesn't set fails here, not in AWS.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DeleteTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ASSETS } from '#functions/assets/manifest.ts';
import { snsEventOf } from '#functions/sms/sns.ts';
import { signWebhook, WEBHOOK_PATH } from '#functions/sms/webhook.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { caseKey, localTableNames, type TableNames } from '#shared/db/keys.ts';
import { bundledStateless } from '../infra/bundled-synth.ts';
import { type BuiltApp, logicalIdOf } from '../infra/support.ts';
import { type AwsEdge, startAwsEdge } from '../support/aws-edge.ts';

const run = promisify(execFile);
const REGION = 'cn-north-1';
const ISSUER = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_boot';
const AUDIENCE = 'boot-client';
const SECRET = 'boot-test-webhook-secret';
const INBOUND_TOPIC = `arn:aws-cn:sns:${REGION}:000000000000:inbound-sms`;

/** The shared bundled assembly (read only). */
let outdir: string;
/** This file's own folder for event and result files. */
let scratch: string;
let built: BuiltApp;
let edge: AwsEdge;
let db: DynamoDBClient;
let tables: TableNames;
const dynamoEndpoint = inject('dynamoEndpoint');

/** Values for the variables the template sets from other resources (tables, keys, topics, pool). */
function localValueOf(name: string): string {
  const values: Record<string, string> = {
    CASES_TABLE: tables.cases,
    IDENTITY_TABLE: tables.identity,
    DIRECTORY_TABLE: tables.directory,
    IDENTITY_KEY_ID: `arn:aws-cn:kms:${REGION}:000000000000:key/identity`,
    PHONE_HMAC_KEY_ID: `arn:aws-cn:kms:${REGION}:000000000000:key/phone`,
    SERVER_HMAC_KEY_ID: `arn:aws-cn:kms:${REGION}:000000000000:key/server`,
    NOTIFY_TOPIC_ARN: `arn:aws-cn:sns:${REGION}:000000000000:staff`,
    SMS_WEBHOOK_SECRET_ARN: `arn:aws-cn:secretsmanager:${REGION}:000000000000:secret:webhook`,
    INBOUND_SMS_TOPIC_ARN: INBOUND_TOPIC,
    STAFF_JWKS_URL: `${edge.url}${edge.jwksPath}`,
    STAFF_ISSUER: ISSUER,
    STAFF_AUDIENCE: AUDIENCE,
    PUBLIC_URL: 'https://hotline.example',
    EVIDENCE_BUCKET: 'boot-evidence',
    STAFF_AUTH_BASE_URL: 'https://auth.hotline.example',
    STAFF_CALLBACK_URL: 'https://hotline.example/staff/auth/callback',
  };
  const value = values[name];
  if (value === undefined)
    throw new Error(`the template sets ${name} from another resource: give it a local value in this test`);
  return value;
}

interface Fn {
  dir: string;
  env: Record<string, string>;
}

function functionOf(logicalId: string): Fn {
  const res = built.statelessTemplate.findResources('AWS::Lambda::Function')[logicalId];
  if (!res) throw new Error(`no function ${logicalId}`);
  const key: string = res.Properties.Code.S3Key;
  const vars = (res.Properties.Environment?.Variables ?? {}) as Record<string, unknown>;
  const env = Object.fromEntries(
    Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : localValueOf(k)]),
  );
  return { dir: join(outdir, `asset.${key.replace(/\.zip$/, '')}`), env };
}

/** Imports the bundle in a fresh node and calls its handler with `event`; returns what it returned. */
async function invoke(fn: Fn, event: unknown): Promise<unknown> {
  const eventFile = join(scratch, `event-${randomUUID()}.json`);
  const resultFile = `${eventFile}.out`;
  writeFileSync(eventFile, JSON.stringify(event));
  // The result goes to a file: stdout carries the function's own log lines, as in Lambda.
  const script = `
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { handler } = await import(${JSON.stringify(join(fn.dir, 'index.mjs'))});
    const context = { awsRequestId: 'boot', functionName: 'boot', getRemainingTimeInMillis: () => 10000 };
    const out = await handler(JSON.parse(readFileSync(${JSON.stringify(eventFile)}, 'utf8')), context);
    writeFileSync(${JSON.stringify(resultFile)}, JSON.stringify(out ?? null));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fn.dir,
    env: {
      PATH: process.env.PATH,
      ...fn.env,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: 'boot',
      AWS_SECRET_ACCESS_KEY: 'boot',
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_KMS: edge.url,
      AWS_ENDPOINT_URL_SNS: edge.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: edge.url,
      AWS_ENDPOINT_URL_S3: edge.url,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    timeout: 60_000,
  }).catch((err: Error & { stdout?: string }) => {
    throw new Error(`${err.message}\nlog lines:\n${err.stdout ?? ''}`);
  });
  const out = JSON.parse(readFileSync(resultFile, 'utf8'));
  // A server error's cause is only in the function's own log lines (error names, never bodies).
  if ((out as HttpResult | null)?.statusCode && (out as HttpResult).statusCode >= 500)
    (out as HttpResult).body += `\nlog lines:\n${stdout}`;
  return out;
}

/** An API Gateway HTTP API (payload 2.0) event. */
function httpEvent(
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string } = {},
) {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers: { host: 'hotline.example', 'user-agent': 'boot-test', ...opts.headers },
    requestContext: {
      accountId: '000000000000',
      apiId: 'boot',
      domainName: 'hotline.example',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'boot-test' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
    ...(opts.body !== undefined ? { body: opts.body, isBase64Encoded: false } : { isBase64Encoded: false }),
  };
}

interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
}

const callsOf = (service: string, action: string) =>
  edge.calls.filter((c) => c.service === service && c.action === action).length;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'chuishao-boot-'));
  const bundled = await bundledStateless();
  outdir = bundled.outdir;
  built = bundled.built;
  edge = await startAwsEdge(SECRET);
  db = new DynamoDBClient({
    region: 'local',
    endpoint: dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // The run's seeded directory table (dynamo-global-setup.ts), beside this file's own tables.
  tables = { ...localTableNames(`boot${randomUUID().slice(0, 8)}`), directory: inject('directoryTable') };
  await ensureTables(db, tables);
}, 300_000);

afterAll(async () => {
  await Promise.all(
    [tables?.cases, tables?.identity]
      .filter((TableName) => TableName !== undefined)
      .map((TableName) => db.send(new DeleteTableCommand({ TableName }))),
  );
  db?.destroy();
  await edge?.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('every bundle cdk synth builds boots and serves', () => {
  let caseNumber = '';
  let accessKey = '';

  it('covers every function of the stateless stack', () => {
    const s = built.stateless;
    const covered = [
      s.api,
      s.web,
      s.assets,
      s.staff,
      s.reveal,
      s.events.consumer,
      s.events.sweep,
      s.sms.handler,
      s.sms.webhook,
      s.supervision,
      s.evidenceIntake.fn,
    ].map((f) => logicalIdOf(f.function));
    const house = Object.entries(built.statelessTemplate.findResources('AWS::Lambda::Function'))
      .filter(
        ([, r]) => r.Properties.Handler === 'index.handler' && r.Properties.Runtime?.startsWith('nodejs'),
      )
      .map(([id]) => id);
    expect(house.sort()).toEqual(covered.sort());
  });

  it('api: files a report with an identity (DynamoDB, KMS GenerateDataKey at the edge) → 201', async () => {
    const fn = functionOf(logicalIdOf(built.stateless.api.function));
    const out = (await invoke(
      fn,
      httpEvent('POST', '/api/v1/reports', {
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        body: JSON.stringify({
          category: 'general_hazard',
          description: '灵井镇一家作坊在仓库里堆放大量易燃物，没有灭火器。',
          location: { countyCode: '411003', townshipCode: '411003106' },
          reporter: { name: '测试', phone: '13900000001' },
        }),
      }),
    )) as HttpResult;
    expect(out.statusCode, out.body).toBe(201);
    ({ caseNumber, accessKey } = JSON.parse(out.body ?? '{}'));
    const stored = await db.send(
      new GetItemCommand({
        TableName: tables.cases,
        Key: { pk: { S: caseKey(caseNumber).pk }, sk: { S: 'CASE' } },
      }),
    );
    expect(stored.Item?.status?.S).toBe('assigned');
    expect(callsOf('kms', 'GenerateDataKey')).toBeGreaterThan(0);
  });

  it('api: /api/openapi.json from the document it ships beside its bundle → 200 JSON', async () => {
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.api.function)),
      httpEvent('GET', '/api/openapi.json'),
    )) as HttpResult;
    expect(out.statusCode, out.body).toBe(200);
    expect(out.headers?.['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(out.body ?? '{}').paths['/api/v1/reports']).toBeDefined();
  });

  it('api → S3 → strip: presigned POSTs for a case; an incoming object that is no photo → refused and deleted', async () => {
    const asked = (await invoke(
      functionOf(logicalIdOf(built.stateless.api.function)),
      httpEvent('POST', `/api/v1/reports/${caseNumber}/evidence/uploads`, {
        headers: { 'content-type': 'application/json', 'x-access-key': accessKey },
        body: JSON.stringify({ count: 1 }),
      }),
    )) as HttpResult;
    expect(asked.statusCode, asked.body).toBe(201);
    const key: string = JSON.parse(asked.body ?? '{}').uploads[0].fields.key;
    expect(key).toMatch(/^incoming\//);
    // What a browser would have posted; the strip function sees it through the S3 event.
    edge.objects.set(`boot-evidence/${key}`, new TextEncoder().encode('not a photo at all'));
    const out = await invoke(functionOf(logicalIdOf(built.stateless.evidenceIntake.fn.function)), {
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Post',
          s3: { bucket: { name: 'boot-evidence' }, object: { key, size: 18 } },
        },
      ],
    });
    expect(out).toEqual({ ready: 0, refused: 1, ignored: 0 });
    expect(edge.objects.has(`boot-evidence/${key}`)).toBe(false);
    expect(callsOf('s3', 'GetObject')).toBe(1);
  });

  it('web: the home page → 200 HTML', async () => {
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.web.function)),
      httpEvent('GET', '/'),
    )) as HttpResult;
    expect(out.statusCode).toBe(200);
    expect(out.body).toContain('<html');
  });

  it('assets: a stylesheet from the files it ships → 200', async () => {
    const path = Object.keys(ASSETS)[0] as string;
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.assets.function)),
      httpEvent('GET', path),
    )) as HttpResult;
    expect(out.statusCode).toBe(200);
  });

  it('staff: a township queue with a Cognito ID token checked against the JWKS at the edge → 200', async () => {
    const token = await edge.idToken(
      { sub: 'boot-officer', 'cognito:groups': ['township_officer'], 'custom:jurisdiction': '411003106' },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.staff.function)),
      httpEvent('GET', '/api/v1/cases', { headers: { authorization: `Bearer ${token}` } }),
    )) as HttpResult;
    expect(out.statusCode, out.body).toBe(200);
    expect(JSON.parse(out.body ?? '{}').cases.map((c: { caseNumber: string }) => c.caseNumber)).toContain(
      caseNumber,
    );
    expect(callsOf('jwks', 'GET')).toBeGreaterThan(0);
  });

  it('reveal: an unknown identity request of a case → 404, not a crash', async () => {
    const token = await edge.idToken(
      { sub: 'boot-officer', 'cognito:groups': ['township_officer'], 'custom:jurisdiction': '411003106' },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.reveal.function)),
      httpEvent('GET', `/api/v1/cases/${caseNumber}/identity-requests/${randomUUID()}/identity`, {
        headers: { authorization: `Bearer ${token}` },
      }),
    )) as HttpResult;
    expect(out.statusCode).toBe(404);
  });

  it("supervision: a county supervisor's dashboard with a Cognito ID token → 200 HTML", async () => {
    const token = await edge.idToken(
      { sub: 'boot-supervisor', 'cognito:groups': ['county_supervisor'], 'custom:jurisdiction': '411003' },
      { issuer: ISSUER, audience: AUDIENCE },
    );
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.supervision.function)),
      httpEvent('GET', '/staff/dashboard', { headers: { authorization: `Bearer ${token}` } }),
    )) as HttpResult;
    expect(out.statusCode, out.body).toBe(200);
    expect(out.body).toContain('<svg');
    // The spreadsheet writer is a chunk the bundle loads on the first XLSX download.
    const xlsx = (await invoke(
      functionOf(logicalIdOf(built.stateless.supervision.function)),
      httpEvent('GET', '/staff/dashboard?format=xlsx', { headers: { authorization: `Bearer ${token}` } }),
    )) as HttpResult & { isBase64Encoded?: boolean };
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers?.['content-type']).toContain('spreadsheetml');
    // An XLSX file is a zip archive: it starts with "PK".
    expect(
      Buffer.from(xlsx.body ?? '', xlsx.isBase64Encoded ? 'base64' : 'utf8')
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
  });

  it('stream consumer: the new case record → the township notified through SNS at the edge', async () => {
    const stored = await db.send(
      new GetItemCommand({
        TableName: tables.cases,
        Key: { pk: { S: caseKey(caseNumber).pk }, sk: { S: 'CASE' } },
      }),
    );
    const before = callsOf('sns', 'Publish');
    const out = await invoke(functionOf(logicalIdOf(built.stateless.events.consumer.function)), {
      Records: [
        {
          eventID: '1',
          eventName: 'INSERT',
          eventSource: 'aws:dynamodb',
          dynamodb: {
            SequenceNumber: '100',
            Keys: { pk: stored.Item?.pk, sk: stored.Item?.sk },
            NewImage: stored.Item,
          },
        },
      ],
    });
    expect(out).toEqual({ batchItemFailures: [] });
    expect(callsOf('sns', 'Publish')).toBe(before + 1);
  });

  it('sweep: a scheduled run → its counts', async () => {
    const out = await invoke(functionOf(logicalIdOf(built.stateless.events.sweep.function)), {
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      detail: {},
    });
    expect(out).toMatchObject({ reminded: expect.any(Number), escalated: expect.any(Number) });
  });

  it('inbound SMS: a text on the SNS topic → a case, the number hashed by KMS GenerateMac, a reply sent', async () => {
    const before = callsOf('sns', 'Publish');
    await invoke(
      functionOf(logicalIdOf(built.stateless.sms.handler.function)),
      snsEventOf(
        JSON.stringify({
          originationNumber: '+8613900000002',
          destinationNumber: '+8610690000000',
          messageKeyword: '',
          messageBody: '禹州市神垕镇有个黑作坊晚上生产',
          inboundMessageId: randomUUID(),
          previousPublishedMessageId: null,
        }),
        new Date(),
      ),
    );
    expect(callsOf('kms', 'GenerateMac')).toBeGreaterThan(0);
    expect(callsOf('sns', 'Publish')).toBeGreaterThan(before);
  });

  it('SMS webhook: a signed gateway message, the secret read from Secrets Manager, published to the inbound topic → 202; the SMS function opens the case from it', async () => {
    const messageId = randomUUID();
    const body = JSON.stringify({
      from: '+8613900000003',
      to: '+8610690000000',
      body: '灵井镇有个厂子把消防通道堵了',
      messageId,
      sentAt: '2026-12-01T02:00:00.000Z',
    });
    const ts = Math.floor(Date.now() / 1000);
    const published = edge.calls.length;
    const out = (await invoke(
      functionOf(logicalIdOf(built.stateless.sms.webhook.function)),
      httpEvent('POST', WEBHOOK_PATH, {
        headers: {
          'content-type': 'application/json',
          'x-chuishao-timestamp': String(ts),
          'x-chuishao-signature': signWebhook(SECRET, ts, body),
        },
        body,
      }),
    )) as HttpResult;
    expect(out.statusCode, out.body).toBe(202);
    expect(JSON.parse(out.body ?? '')).toEqual({ outcome: 'queued' });
    expect(callsOf('secretsmanager', 'GetSecretValue')).toBeGreaterThan(0);
    const publish = edge.calls.slice(published).find((c) => c.service === 'sns' && c.action === 'Publish');
    expect(publish?.params?.TopicArn).toBe(INBOUND_TOPIC);
    expect(publish?.params?.['MessageAttributes.entry.1.Name']).toBe('sentAt');
    expect(publish?.params?.['MessageAttributes.entry.1.Value.StringValue']).toBe('2026-12-01T02:00:00.000Z');
    // What the topic delivers, the SMS function handles: the text becomes a case.
    const message = publish?.params?.Message ?? '';
    expect(JSON.parse(message)).toMatchObject({ inboundMessageId: `gw:${messageId}` });
    const before = callsOf('kms', 'GenerateMac');
    const replies = callsOf('sns', 'Publish');
    await invoke(
      functionOf(logicalIdOf(built.stateless.sms.handler.function)),
      snsEventOf(message, new Date(), '2026-12-01T02:00:00.000Z'),
    );
    expect(callsOf('kms', 'GenerateMac')).toBeGreaterThan(before);
    // The receipt with the case number goes back to the reporter by SMS.
    expect(callsOf('sns', 'Publish')).toBeGreaterThan(replies);
  });
});
