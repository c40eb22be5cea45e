/**
 * Identity retention (SPEC §6): a final case's sealed identity, SMS number and reward payee are
 * deleted once the configured time has passed — not while an objection can still reopen the case,
 * not while its reward still needs them — and the reporter is told.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { identityKey, retentionKey } from '#shared/db/keys.ts';
import { firstBrokenLink } from '#shared/domain/audit-chain.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const DAY = 86_400_000;
const RETENTION_DAYS = 730;

const bearer = async (role: StaffRole, jurisdiction: string, id: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
  'content-type': 'application/json',
});
const officer = () => bearer('township_officer', '411003106', 'officer-lingjing');
const supervisor = () => bearer('county_supervisor', '411003', 'supervisor-jianan');

async function act(cn: string, body: Record<string, unknown>, headers?: Record<string, string>) {
  const who = headers ?? (await officer());
  const read = await h.app.request(`/api/v1/cases/${cn}`, { headers: who });
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...who, 'if-match': read.headers.get('etag') ?? '' },
    body: JSON.stringify(body),
  });
  expect(res.status, JSON.stringify(body)).toBe(200);
}

async function fileWithIdentity() {
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      location: { townshipCode: '411003106' },
      reporter: { name: '保存期限测试人', phone: '13700009876' },
    }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

const sealedIdentity = async (cn: string) =>
  (
    await h.db.send(
      new GetItemCommand({
        TableName: h.tables.identity,
        Key: marshall(identityKey(cn)),
        ConsistentRead: true,
      }),
    )
  ).Item;
const marker = async (cn: string) =>
  (await h.db.send(new GetItemCommand({ TableName: h.tables.cases, Key: marshall(retentionKey(cn)) }))).Item;

/** Runs the sweep with the clock `days` after now. */
async function sweepAfter(days: number) {
  h.setNow(new Date(Date.now() + days * DAY).toISOString());
  try {
    return await sweepDeadlines(h.streamDeps);
  } finally {
    h.setNow(null);
  }
}

describe('identity retention', () => {
  it('deletes a rejected case’s identity after the retention, once, and tells the reporter', async () => {
    const c = await fileWithIdentity();
    await act(c.caseNumber, { action: 'reject', reason: '不属于安全生产举报受理范围。' });
    await h.drainStream();
    expect(await marker(c.caseNumber)).toBeDefined();

    await sweepAfter(RETENTION_DAYS - 1);
    expect(await sealedIdentity(c.caseNumber)).toBeDefined();

    const swept = await sweepAfter(RETENTION_DAYS + 1);
    expect(swept.purged).toBeGreaterThanOrEqual(1);
    expect(await sealedIdentity(c.caseNumber)).toBeUndefined();
    expect(await marker(c.caseNumber)).toBeUndefined();
    expect((await h.deps.cases.get(c.caseNumber))?.record.hasIdentity).toBe(false);
    await sweepAfter(RETENTION_DAYS + 2);

    const events = await h.deps.cases.listEvents(c.caseNumber);
    expect(events.filter((e) => e.type === 'identity_purged')).toHaveLength(1);
    expect(firstBrokenLink(events)).toBeNull();
    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    expect(JSON.stringify(await view.json())).toContain('您的身份和联系信息已删除');
    // Nothing left to reveal.
    const reveal = await h.app.request(`/api/v1/cases/${c.caseNumber}/identity-requests`, {
      method: 'POST',
      headers: await officer(),
      body: JSON.stringify({ reason: '核实举报人身份以便回访' }),
    });
    expect(reveal.status).toBe(409);
  });

  it('keeps the identity of a case an upheld objection reopened', async () => {
    const c = await fileWithIdentity();
    await act(c.caseNumber, { action: 'accept' });
    await act(c.caseNumber, { action: 'start_verification' });
    await act(c.caseNumber, { action: 'unsubstantiate', conclusion: '现场未发现所述问题。' });
    await act(c.caseNumber, { action: 'close', feedback: '经核查，举报情况不属实。' });
    await h.drainStream();
    expect(await marker(c.caseNumber)).toBeDefined();
    const objection = await postJson(
      h.app,
      `/api/v1/reports/${c.caseNumber}/objection`,
      { reason: '核查时作坊已临时停工，夜间仍在生产。' },
      { 'x-access-key': c.accessKey },
    );
    expect(objection.status).toBe(201);
    await act(
      c.caseNumber,
      { action: 'review_objection', upheld: true, reason: '异议理由成立，重新核查。' },
      await supervisor(),
    );
    await h.drainStream();

    const swept = await sweepAfter(RETENTION_DAYS + 30);
    expect(swept.purged).toBe(0);
    expect(await sealedIdentity(c.caseNumber)).toBeDefined();
    expect(await marker(c.caseNumber)).toBeUndefined();
  });

  it('keeps the identity while the case’s reward is in progress', async () => {
    const c = await fileWithIdentity();
    await act(c.caseNumber, { action: 'accept' });
    await act(c.caseNumber, { action: 'start_verification' });
    await act(c.caseNumber, { action: 'substantiate', conclusion: '举报属实。' });
    await act(c.caseNumber, { action: 'close', feedback: '经核查举报属实，已依法处理。' });
    await h.drainStream();
    expect((await h.streamDeps.rewards?.get(c.caseNumber))?.status).toBe('awaiting_facts');

    await sweepAfter(RETENTION_DAYS + 30);
    expect(await sealedIdentity(c.caseNumber)).toBeDefined();
    // Looked at again later, still kept while the reward waits.
    expect(await marker(c.caseNumber)).toBeDefined();
  });
});
