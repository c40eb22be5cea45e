/**
 * The local stream poller (`npm start`'s stand-in for the stream → Lambda trigger) keeps reading
 * after it has polled an empty stream: DynamoDB Local refuses an iterator taken on an empty shard
 * once records arrive, and the poller must take a fresh one rather than stop for good.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

describe('local stream poller', () => {
  it('routes a report written after a poll of the empty stream, and every one after', async () => {
    expect(await h.drainStream()).toBe(0);
    for (let i = 0; i < 3; i++) {
      const res = await postJson(
        h.app,
        '/api/v1/reports',
        reportBody({ location: { address: '禹州市神垕镇某村' } }),
      );
      expect(res.status).toBe(201);
      const { caseNumber } = (await res.json()) as { caseNumber: string };
      expect(await h.drainStream()).toBeGreaterThan(0);
      expect((await h.deps.cases.get(caseNumber))?.record).toMatchObject({
        status: 'assigned',
        townshipCode: '411081103',
      });
      expect(await h.drainStream()).toBe(0);
    }
    expect(h.logs.join('\n')).not.toContain('stream poll failed');
  });
});
