/**
 * After commit, through the real stream of DynamoDB Local: unrouted reports are routed by the place
 * matcher (or left in triage, never guessed), and staff are notified once — also across an SNS outage.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnsNotifier } from '#shared/notify.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

async function file(h: Harness, overrides: Record<string, unknown>) {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, ...overrides }));
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string; accessKey: string; status: string };
}

describe('routing by address and notifications (local outbox)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('routes an address naming a unique township, starts its acceptance clock and notifies it', async () => {
    const c = await file(h, {
      location: { address: '禹州市神垕镇老街东头的作坊' },
      reporter: { name: '赵六', phone: '13611112222' },
    });
    expect(c.status).toBe('triage');
    await h.drainStream();
    await h.drainStream();
    const stored = (await h.deps.cases.get(c.caseNumber))!.record;
    expect(stored.status).toBe('assigned');
    expect(stored.townshipCode).toBe('411081103');
    expect(stored.due?.period).toBe('acceptance');
    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    const body = (await view.json()) as { status: string; timeline: { type: string }[] };
    expect(body.status).toBe('assigned');
    expect(body.timeline.map((e) => e.type)).toEqual(['received', 'routed']);

    const outbox = await h.streamDeps.deliveries.outbox();
    const mine = outbox.filter((e) => e.caseNumber === c.caseNumber);
    expect(mine.map((e) => [e.kind, e.jurisdiction])).toEqual([['case_assigned', '411081103']]);
    const text = JSON.stringify(mine);
    for (const secret of ['赵六', '13611112222', c.accessKey, '作坊']) expect(text).not.toContain(secret);
    expect(mine[0]?.body).toContain(stored.due!.dueDate);
  });

  it('leaves an ambiguous address in triage with the candidates noted for the operator only', async () => {
    const c = await file(h, { location: { address: '陈庄村西边的砖厂' } });
    await h.drainStream();
    const stored = (await h.deps.cases.get(c.caseNumber))!.record;
    expect(stored.status).toBe('triage');
    const events = await h.deps.cases.listEvents(c.caseNumber);
    const note = events.find((e) => e.type === 'triaged');
    expect(note?.reporterVisible).toBe(false);
    // The operator's note names the candidates, in Chinese; the reporter never sees it.
    expect(note?.text).toContain('多个可能的地点');
    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    expect(JSON.stringify(await view.json())).not.toContain('多个可能的地点');
    const outbox = await h.streamDeps.deliveries.outbox();
    expect(outbox.filter((e) => e.caseNumber === c.caseNumber).map((e) => [e.kind, e.jurisdiction])).toEqual([
      ['triage_needed', '4110'],
    ]);
  });

  it('narrows by the county the reporter chose', async () => {
    const c = await file(h, { location: { countyCode: '411003', address: '灵井的陈庄' } });
    await h.drainStream();
    expect((await h.deps.cases.get(c.caseNumber))!.record.townshipCode).toBe('411003106');
  });

  it('notifies a directly routed case once, however often the stream is replayed', async () => {
    const c = await file(h, { location: { townshipCode: '411002001' } });
    await h.drainStream();
    const { handleCaseChange } = await import('#shared/services/case-changes.ts');
    const stored = (await h.deps.cases.get(c.caseNumber))!.record;
    await handleCaseChange(h.streamDeps, {
      id: 'replay',
      eventName: 'INSERT',
      newImage: { pk: `CASE#${c.caseNumber}`, sk: 'CASE', ...stored },
    });
    const outbox = await h.streamDeps.deliveries.outbox();
    expect(outbox.filter((e) => e.caseNumber === c.caseNumber)).toHaveLength(1);
  });
});

describe('SNS outage', () => {
  const sns = new SNSClient({ region: 'cn-north-1' });
  const snsMock = mockClient(sns);
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(
      {},
      { notifier: new SnsNotifier(sns, 'arn:aws-cn:sns:cn-north-1:000000000000:staff') },
    );
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('never blocks intake, and delivers every notification exactly once after recovery', async () => {
    snsMock.on(PublishCommand).rejects(Object.assign(new Error('down'), { name: 'InternalErrorException' }));
    const cases = [];
    for (const t of ['411002001', '411003106', '411081103'])
      cases.push(await file(h, { location: { townshipCode: t } }));
    expect(cases.every((c) => c.status === 'assigned')).toBe(true);
    await h.drainStream();
    await h.drainStream();
    expect(snsMock.commandCalls(PublishCommand).length).toBeGreaterThan(0);

    snsMock.reset();
    const delivered: string[] = [];
    snsMock.on(PublishCommand).callsFake(async (input: { Message?: string }) => {
      delivered.push(input.Message ?? '');
      return { MessageId: String(delivered.length) };
    });
    await h.drainStream();
    await h.drainStream();
    for (const c of cases) {
      expect(
        delivered.filter((m) => m.includes(c.caseNumber)),
        c.caseNumber,
      ).toHaveLength(1);
    }
  });
});
