/**
 * The canary test (SPEC §6): a unique name, phone and ID number filed with a report must appear in
 * plaintext nowhere — no table, no log line, no response but the one that created the case — and
 * must still be recoverable from the sealed identity with the key provider.
 */
import { randomInt } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Sealed } from '#shared/crypto/envelope.ts';
import { identityKey } from '#shared/db/keys.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
const canaryName = `金丝雀${randomInt(1e6, 1e7)}`;
const canaryPhone = `139${randomInt(1e7, 1e8)}`;
const canaryId = '11010519491231002X';
const responses: string[] = [];

async function scanAll(TableName: string) {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
  do {
    const out = await h.db.send(new ScanCommand({ TableName, ExclusiveStartKey }));
    items.push(...(out.Items ?? []).map((i) => unmarshall(i)));
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

let apiCase: { caseNumber: string; accessKey: string };
let webCaseNumber: string;
let webAccessKey: string;

beforeAll(async () => {
  h = await createHarness();
  const created = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      reporter: { name: canaryName, phone: canaryPhone, idNumber: canaryId, isEmployeeOfUnit: true },
    }),
    { 'Idempotency-Key': 'canary-api-0001' },
  );
  expect(created.status).toBe(201);
  apiCase = (await created.json()) as typeof apiCase;

  const form = new URLSearchParams({
    lang: 'zh',
    idempotencyKey: 'canary-web-0001',
    category: 'illegal_operation',
    description: '某作坊无证生产烟花爆竹，夜间开工。',
    countyCode: '411081',
    townshipCode: '411081001',
    address: '某村东头',
    name: canaryName,
    phone: canaryPhone,
    idNumber: canaryId,
    action: 'submit',
  });
  const page = await postForm(h.app, '/report', form);
  expect(page.status).toBe(201);
  const html = await page.text();
  webCaseNumber = /id="case-number">([^<]+)</.exec(html)?.[1] ?? '';
  webAccessKey = (/id="access-key">([^<]+)</.exec(html)?.[1] ?? '').replace(/\s/g, '');
  expect(webCaseNumber).toMatch(/^\d{8}-\d{6}$/);

  // Everything a reporter, a retry or a browser can see after creation.
  const collect = async (res: Response) => {
    responses.push(await res.text());
    for (const [k, v] of res.headers) responses.push(`${k}: ${v}`);
  };
  await collect(
    await h.app.request(`/api/v1/reports/${apiCase.caseNumber}`, {
      headers: { 'x-access-key': apiCase.accessKey },
    }),
  );
  await collect(
    await postJson(
      h.app,
      `/api/v1/reports/${apiCase.caseNumber}/messages`,
      { text: '现场照片稍后补充。' },
      {
        'x-access-key': apiCase.accessKey,
      },
    ),
  );
  const signIn = await postForm(h.app, '/follow-up', { caseNumber: webCaseNumber, accessKey: webAccessKey });
  await collect(signIn);
  const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  await collect(await h.app.request('/follow-up', { headers: { cookie } }));
  await collect(await postForm(h.app, '/follow-up/message', { text: '补充情况。' }, cookie));
  await collect(await h.app.request('/api/v1/places?parent=411081001'));
  await collect(await h.app.request('/api/openapi.json'));
  await collect(await h.app.request('/'));
});

afterAll(async () => {
  await h.cleanup();
});

describe('reporter identity stays sealed', () => {
  it('appears in no table in plaintext, nor does any access key', async () => {
    for (const table of Object.values(h.tables)) {
      const dump = JSON.stringify(await scanAll(table));
      for (const secret of [canaryName, canaryPhone, canaryId, apiCase.accessKey, webAccessKey]) {
        expect(dump, `${secret} found in ${table}`).not.toContain(secret);
      }
    }
  });

  it('is stored apart from the case, sealed, and opens only with the case number as associated data', async () => {
    const cases = await scanAll(h.tables.cases);
    const identity = await scanAll(h.tables.identity);
    expect(cases.some((i) => String(i.pk).startsWith('IDENT#'))).toBe(false);
    const sealedItem = identity.find((i) => i.pk === identityKey(apiCase.caseNumber).pk);
    expect(sealedItem).toBeDefined();
    const sealed = sealedItem?.sealed as Sealed;
    const opened = await open<Record<string, unknown>>(h.deps.keys, sealed, apiCase.caseNumber, {
      purpose: 'identity',
      caseNumber: apiCase.caseNumber,
    });
    expect(opened).toMatchObject({ name: canaryName, phone: canaryPhone, idNumber: canaryId });
    await expect(
      open(h.deps.keys, sealed, webCaseNumber, { purpose: 'identity', caseNumber: apiCase.caseNumber }),
    ).rejects.toThrow();
  });

  it('appears in no log line', () => {
    expect(h.logs.length).toBeGreaterThan(5);
    const logs = h.logs.join('\n');
    for (const secret of [canaryName, canaryPhone, canaryId, apiCase.accessKey, webAccessKey]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('appears in no response other than the creating one', () => {
    const all = responses.join('\n');
    expect(all).toContain(apiCase.caseNumber);
    for (const secret of [canaryName, canaryPhone, canaryId, apiCase.accessKey, webAccessKey]) {
      expect(all).not.toContain(secret);
    }
  });

  it('keeps case facts staff need without identity', async () => {
    const stored = await h.deps.cases.get(apiCase.caseNumber);
    expect(stored?.record.hasIdentity).toBe(true);
    expect(stored?.record.reporterIsEmployee).toBe(true);
    expect(JSON.stringify(stored?.record)).not.toContain(canaryName);
  });
});
