/** Tampering with a stored event is detected, by the service and by `npm run audit:verify`. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventKey } from '#shared/db/keys.ts';
import { verifyCaseChain } from '#shared/services/audit.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let dataDir: string;
beforeAll(async () => {
  h = await createHarness();
  // Point the CLI at this harness's store, as `npm start` would advertise it.
  dataDir = mkdtempSync(join(tmpdir(), 'audit-cli-'));
  writeFileSync(join(dataDir, 'endpoint.json'), JSON.stringify({ endpoint: inject('dynamoEndpoint') }));
});
afterAll(async () => {
  await h.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts', ...args], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      TABLE_PREFIX: h.tables.cases.replace(/-cases$/, ''),
      DIRECTORY_TABLE: h.tables.directory,
    },
  }).then(
    (r) => ({ code: 0, out: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
  );

describe('audit chain verification', () => {
  it('passes an intact chain and fails once an event is edited in the store', async () => {
    const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined }));
    const { caseNumber, accessKey } = (await res.json()) as { caseNumber: string; accessKey: string };
    await postJson(
      h.app,
      `/api/v1/reports/${caseNumber}/messages`,
      { text: '原始补充信息' },
      { 'x-access-key': accessKey },
    );
    expect(await verifyCaseChain(h.deps.cases, caseNumber)).toMatchObject({ intact: true, events: 2 });
    const good = await cli(caseNumber);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ caseNumber, intact: true });

    await h.db.send(
      new UpdateItemCommand({
        TableName: h.tables.cases,
        Key: marshall(eventKey(caseNumber, 2)),
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'text' },
        ExpressionAttributeValues: marshall({ ':t': '被篡改的内容' }),
      }),
    );
    expect(await verifyCaseChain(h.deps.cases, caseNumber)).toMatchObject({ intact: false, brokenAt: 2 });
    const bad = await cli(caseNumber);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ intact: false, brokenAt: 2 });
  });

  it('refuses bad usage', async () => {
    expect((await cli('not-a-case')).code).toBe(2);
  });
});
