/** The scheduled sweep: a reminder before the deadline, an escalation after it, each sent once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function fileAt(iso: string, overrides: Record<string, unknown>) {
  h.setNow(iso);
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, ...overrides }));
  expect(res.status).toBe(201);
  return (await res.json()) as { caseNumber: string };
}

const sweepAt = (iso: string) => {
  h.setNow(iso);
  return sweepDeadlines(h.streamDeps);
};

describe('deadline sweep', () => {
  it('reminds the township the day before, escalates to the county after, once each', async () => {
    // Filed Monday 2 Nov 2026: acceptance due Monday 9 Nov 24:00 Shanghai (16:00Z).
    const c = await fileAt('2026-11-02T02:00:00Z', { location: { townshipCode: '411003106' } });
    const early = await sweepAt('2026-11-05T02:00:00Z');
    expect(early.reminded + early.escalated).toBe(0);

    const before = await sweepAt('2026-11-09T02:00:00Z');
    expect(before).toMatchObject({ reminded: 1, escalated: 0 });
    expect((await sweepAt('2026-11-09T03:00:00Z')).reminded).toBe(0);

    const after = await sweepAt('2026-11-09T17:00:00Z');
    expect(after).toMatchObject({ escalated: 1 });
    expect((await sweepAt('2026-11-10T02:00:00Z')).escalated).toBe(0);

    const outbox = (await h.streamDeps.deliveries.outbox()).filter((e) => e.caseNumber === c.caseNumber);
    expect(outbox.map((e) => [e.kind, e.jurisdiction]).sort()).toEqual([
      ['deadline_escalation', '411003'],
      ['deadline_reminder', '411003106'],
    ]);
    h.setNow(null);
  });

  it('escalates an imminent-danger report left in triage after two hours', async () => {
    const c = await fileAt('2026-11-20T02:00:00Z', {
      imminentDanger: true,
      location: { countyCode: '411024', address: '某处' },
    });
    const result = await sweepAt('2026-11-20T04:30:00Z');
    expect(result.escalated).toBeGreaterThanOrEqual(1);
    const outbox = (await h.streamDeps.deliveries.outbox()).filter((e) => e.caseNumber === c.caseNumber);
    expect(outbox.map((e) => [e.kind, e.jurisdiction])).toContainEqual(['deadline_escalation', '411024']);
    h.setNow(null);
  });

  it('reads only due cases through the queue index', async () => {
    const before = await sweepAt('2026-11-26T02:00:00Z');
    await fileAt('2026-11-25T02:00:00Z', { location: { townshipCode: '411002001' } });
    const after = await sweepAt('2026-11-26T02:00:00Z');
    expect(after.queues).toBe(105 + 7 + 1);
    // The new case is due 2 Dec, outside the window: the sweep does not even read it.
    expect(after.dueCases).toBe(before.dueCases);
    h.setNow(null);
  });
});
