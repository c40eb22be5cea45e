/** When a case's identity may be deleted (shared/domain/retention.ts). */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#shared/domain/case.ts';
import { finalAt, retentionDecision } from '#shared/domain/retention.ts';

const base = {
  caseNumber: '20261127-000001',
  category: 'major_hazard',
  updatedAt: '2026-11-27T02:00:00.000Z',
} as unknown as CaseRecord;
const closed = (extra: Partial<CaseRecord> = {}) =>
  ({
    ...base,
    status: 'closed',
    closedAt: '2026-11-27T02:00:00.000Z',
    objectionWindowEndsAt: '2026-12-07T16:00:00.000Z',
    ...extra,
  }) as CaseRecord;

describe('finalAt', () => {
  it('is the end of the objection window for a closed case, and the decision itself otherwise', () => {
    expect(finalAt(closed())).toBe('2026-12-07T16:00:00.000Z');
    expect(finalAt(closed({ objectionWindowEndsAt: undefined }))).toBe('2026-11-27T02:00:00.000Z');
    expect(
      finalAt({
        ...base,
        status: 'rejected',
        rejection: { at: '2026-11-28T01:00:00.000Z', by: 'o', reason: 'r' },
      }),
    ).toBe('2026-11-28T01:00:00.000Z');
    expect(
      finalAt({
        ...base,
        status: 'transferred',
        transfers: [
          { at: '2026-11-20T01:00:00.000Z', by: 'o', reason: 'r', toTownshipCode: '411003106' },
          { at: '2026-11-29T01:00:00.000Z', by: 'o', reason: 'r', toDepartment: '市场监管局' },
        ],
      }),
    ).toBe('2026-11-29T01:00:00.000Z');
  });

  it('is null while the case is open, including a closed case with a pending objection', () => {
    for (const status of ['assigned', 'accepted', 'verifying', 'substantiated', 'rectifying'] as const)
      expect(finalAt({ ...base, status })).toBeNull();
    expect(
      finalAt(closed({ objection: { status: 'pending', raisedAt: '2026-11-30T00:00:00Z', reason: 'x' } })),
    ).toBeNull();
  });
});

describe('retentionDecision', () => {
  const at = (iso: string) => new Date(iso);
  it('purges only after the whole retention from the final instant', () => {
    expect(retentionDecision(closed(), null, at('2027-12-07T15:59:59.999Z'), 365)).toBe('not_yet');
    expect(retentionDecision(closed(), null, at('2027-12-07T16:00:00.000Z'), 365)).toBe('purge');
  });
  it('waits for a reward in progress, not for one that has ended', () => {
    const later = at('2030-01-01T00:00:00Z');
    for (const s of ['awaiting_facts', 'calculated', 'notified', 'claimed'] as const)
      expect(retentionDecision(closed(), s, later, 365)).toBe('reward_pending');
    for (const s of ['paid', 'refused', 'expired', 'not_eligible'] as const)
      expect(retentionDecision(closed(), s, later, 365)).toBe('purge');
  });
  it('drops the marker of a case that reopened', () => {
    expect(retentionDecision({ ...base, status: 'verifying' }, null, at('2030-01-01T00:00:00Z'), 365)).toBe(
      'not_final',
    );
  });
});
