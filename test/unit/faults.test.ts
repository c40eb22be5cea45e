/**
 * Faults injected with aws-sdk-client-mock: storage throttling or a key service outage must end
 * in a 503 with nothing written, never a 5xx of another kind or a half-written case.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createApiApp } from '#functions/api/app.ts';
import { composeDeps } from '#functions/http/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider.ts';
import { placeKey } from '#shared/db/keys.ts';
import { createLogger } from '#shared/log.ts';

const config = loadConfig({
  MODE: 'local',
  AWS_REGION: 'local',
  CASES_TABLE: 'c',
  IDENTITY_TABLE: 'i',
  DIRECTORY_TABLE: 'd',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
  MASTER_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'faults-')), 'master.key'),
  // Storage and key-service faults only: the flood budget (its own tests) stays out of the way.
  INTAKE_SOURCE_BUDGET: '0',
});

const township = { code: '411081001', name: '颍川街道', level: 'township', parentCode: '411081' };
const body = JSON.stringify({
  category: 'major_hazard',
  description: '配电房积水，带电设备有漏电危险。',
  location: { townshipCode: township.code },
  reporter: { name: '王五', phone: '13700000000' },
});

function setup(opts: { kms?: KMSClient } = {}) {
  const db = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9' });
  const ddb = mockClient(db);
  ddb
    .on(GetItemCommand)
    .resolves({ Item: marshall({ ...placeKey(township.parentCode, township.code), ...township }) });
  const logs: string[] = [];
  const deps = composeDeps(config, {
    db,
    logger: createLogger((l) => logs.push(l)),
    ...(opts.kms ? { keys: new KmsKeyProvider(opts.kms, 'alias/identity') } : {}),
  });
  return { app: createApiApp(deps), ddb, logs };
}

const post = (app: ReturnType<typeof setup>['app']) =>
  app.request('/api/v1/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('storage faults', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('answers 503 with Retry-After when DynamoDB throttles the intake transaction', async () => {
    s.ddb
      .on(TransactWriteItemsCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const res = await post(s.app);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    const json = (await res.json()) as { error: { code: string } };
    expect(json.error.code).toBe('unavailable');
    expect(s.logs.join('\n')).not.toContain('13700000000');
  });

  it('draws a new case number when the first one is taken', async () => {
    const canceled = Object.assign(new Error('canceled'), {
      name: 'TransactionCanceledException',
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
    });
    s.ddb.on(TransactWriteItemsCommand).rejectsOnce(canceled).resolves({});
    const res = await post(s.app);
    expect(res.status).toBe(201);
    const calls = s.ddb.commandCalls(TransactWriteItemsCommand);
    const numbers = calls.map((c) => c.args[0].input.TransactItems?.[0]?.Put?.Item?.caseNumber?.S);
    expect(numbers).toHaveLength(2);
    expect(numbers[0]).not.toBe(numbers[1]);
    expect(((await res.json()) as { caseNumber: string }).caseNumber).toBe(numbers[1]);
  });

  it('answers 503, not 401, when storage fails during follow-up', async () => {
    s.ddb.on(GetItemCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    s.ddb.on(QueryCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    const res = await s.app.request('/api/v1/reports/20261127-000001', {
      headers: { 'x-access-key': '1234123412341234' },
    });
    expect(res.status).toBe(503);
  });
});

describe('key service faults', () => {
  it('answers 503 and writes nothing when KMS cannot make a data key', async () => {
    const kms = new KMSClient({ region: 'cn-north-1' });
    const kmsMock = mockClient(kms);
    kmsMock
      .on(GenerateDataKeyCommand)
      .rejects(Object.assign(new Error('kms down'), { name: 'KMSInternalException' }));
    kmsMock.on(DecryptCommand).rejects(new Error('unused'));
    const s = setup({ kms });
    s.ddb.on(TransactWriteItemsCommand).resolves({});
    const res = await post(s.app);
    expect(res.status).toBe(503);
    expect(s.ddb.commandCalls(TransactWriteItemsCommand)).toHaveLength(0);
  });

  it('asks KMS for a data key bound to the purpose and the case number', async () => {
    const kms = new KMSClient({ region: 'cn-north-1' });
    const kmsMock = mockClient(kms);
    kmsMock.on(GenerateDataKeyCommand).callsFake(async () => ({
      Plaintext: new Uint8Array(32).fill(1),
      CiphertextBlob: new Uint8Array(64).fill(2),
    }));
    const s = setup({ kms });
    s.ddb.on(TransactWriteItemsCommand).resolves({});
    const res = await post(s.app);
    expect(res.status).toBe(201);
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    const contexts = kmsMock
      .commandCalls(GenerateDataKeyCommand)
      .map((c) => c.args[0].input.EncryptionContext);
    expect(contexts).toContainEqual({ purpose: 'identity', caseNumber });
  });
});
