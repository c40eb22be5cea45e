/**
 * The one write path on DynamoDB Local: two transitions racing on one case give one success and
 * one clear answer — a stale version when both held the same If-Match, a refusal when the loser's
 * action no longer fits the case — and nothing half-written: one transition event, an intact
 * hash chain whose head the case item points to, the version bumped once, the queue keys of the
 * winner's state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { townshipQueuePk } from '#shared/db/keys.ts';
import { RefusedError, StaleVersionError } from '#shared/errors.ts';
import { verifyCaseChain } from '#shared/services/audit.ts';
import { transitionCase } from '#shared/services/staff-cases.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const officer = (id: string): StaffPrincipal => ({
  id,
  name: id,
  role: 'township_officer',
  jurisdiction: '411003106',
});

async function file(): Promise<string> {
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({ location: { townshipCode: '411003106' } }),
  );
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

async function race(caseNumber: string, version: number | undefined) {
  return Promise.allSettled([
    transitionCase(h.deps, { staff: officer('officer-a') }, caseNumber, { action: 'accept' }, version),
    transitionCase(
      h.deps,
      { staff: officer('officer-b') },
      caseNumber,
      { action: 'reject', reason: '不属于安全生产举报范围' },
      version,
    ),
  ]);
}

async function nothingHalfWritten(caseNumber: string) {
  const stored = await h.deps.cases.get(caseNumber);
  const events = await h.deps.cases.listEvents(caseNumber);
  const transitions = events.filter((e) => e.type === 'transition');
  expect(transitions).toHaveLength(1);
  expect(stored?.record.version).toBe(2);
  expect(stored?.record.status).toBe(transitions[0]?.status);
  expect(await verifyCaseChain(h.deps.cases, caseNumber)).toMatchObject({ intact: true, headMatches: true });
  return stored?.record;
}

describe('two transitions racing on one case', () => {
  it('with the same If-Match: one wins, the other is told the version moved', async () => {
    const caseNumber = await file();
    const results = await race(caseNumber, 1);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(StaleVersionError);
    expect((lost[0] as PromiseRejectedResult).reason.currentVersion).toBe(2);
    await nothingHalfWritten(caseNumber);
  });

  it('without a version: the loser decides again on the new state and is refused', async () => {
    const caseNumber = await file();
    const results = await race(caseNumber, undefined);
    const lost = results.filter((r) => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    const reason = (lost[0] as PromiseRejectedResult).reason;
    expect(reason).toBeInstanceOf(RefusedError);
    expect(reason.code).toBe('not_allowed_in_state');
    const record = await nothingHalfWritten(caseNumber);
    // The winner's queue: an accepted case waits for verification, a rejected one in no queue.
    const listed = await h.deps.cases.queuePage(townshipQueuePk('411003106'), 100);
    const inQueue = listed.cases.some((c) => c.caseNumber === caseNumber);
    expect(inQueue).toBe(record?.status === 'accepted');
  });
});
