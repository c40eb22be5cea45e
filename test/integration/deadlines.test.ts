/** Every case carries its current statutory deadline from intake, and queues list by it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function fileAt(iso: string, overrides: Record<string, unknown> = {}) {
  h.setNow(iso);
  try {
    const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, ...overrides }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { caseNumber: string; accessKey: string };
    const stored = await h.deps.cases.get(created.caseNumber);
    return { ...created, record: stored!.record };
  } finally {
    h.setNow(null);
  }
}

describe('deadlines at intake', () => {
  it('gives a routed case 5 working days to decide on acceptance, skipping the National Day week', async () => {
    const c = await fileAt('2026-09-28T02:00:00Z');
    expect(c.record.due).toMatchObject({ period: 'acceptance', dueDate: '2026-10-10', provisional: false });
    expect(c.record.due?.source).toContain('working days');
    const view = await h.app.request(`/api/v1/reports/${c.caseNumber}`, {
      headers: { 'x-access-key': c.accessKey },
    });
    expect(((await view.json()) as { nextDeadline: unknown }).nextDeadline).toEqual({
      period: 'acceptance',
      dueDate: '2026-10-10',
      provisional: false,
    });
  });

  it('gives imminent danger two hours', async () => {
    const c = await fileAt('2026-11-27T03:00:00Z', { imminentDanger: true });
    expect(c.record.due).toMatchObject({ period: 'acceptanceImminent', dueAt: '2026-11-27T05:00:00.000Z' });
  });

  it('gives an unrouted report the triage deadline of the local policy', async () => {
    const c = await fileAt('2026-09-28T02:00:00Z', { location: { address: '某工业园' } });
    expect(c.record.status).toBe('triage');
    expect(c.record.due).toMatchObject({ period: 'triage', dueDate: '2026-09-29' });
    expect(c.record.due?.source).toContain('许昌');
  });

  it('marks a deadline provisional when it reaches into an unpublished year', async () => {
    const c = await fileAt('2026-12-28T02:00:00Z');
    expect(c.record.due).toMatchObject({ dueDate: '2027-01-05', provisional: true });
  });
});

describe('queues by due date', () => {
  it("lists one township's cases earliest due first, and nothing from elsewhere", async () => {
    const township = '411002001';
    const late = await fileAt('2026-11-20T02:00:00Z', { location: { townshipCode: township } });
    const early = await fileAt('2026-11-02T02:00:00Z', { location: { townshipCode: township } });
    const urgent = await fileAt('2026-11-25T02:00:00Z', {
      location: { townshipCode: township },
      imminentDanger: true,
    });
    await fileAt('2026-11-01T02:00:00Z', { location: { townshipCode: '411081001' } });

    const page = await h.deps.cases.queuePage(`Q#T#${township}`, 10);
    expect(page.cases.map((c) => c.caseNumber)).toEqual([
      early.caseNumber,
      urgent.caseNumber,
      late.caseNumber,
    ]);

    const first = await h.deps.cases.queuePage(`Q#T#${township}`, 2);
    expect(first.cases).toHaveLength(2);
    const rest = await h.deps.cases.queuePage(`Q#T#${township}`, 2, first.cursor);
    expect(rest.cases.map((c) => c.caseNumber)).toEqual([late.caseNumber]);
  });

  it('puts unrouted reports in their county triage queue', async () => {
    const c = await fileAt('2026-11-02T02:00:00Z', {
      location: { countyCode: '411024', address: '鄢陵县某处' },
    });
    const page = await h.deps.cases.queuePage('Q#TRIAGE#411024', 10);
    expect(page.cases.map((x) => x.caseNumber)).toContain(c.caseNumber);
  });
});
