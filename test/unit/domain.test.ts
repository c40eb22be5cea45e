import { describe, expect, it } from 'vitest';
import { chainEvent, firstBrokenLink } from '#shared/domain/audit-chain.ts';
import { type CaseEvent, initialStatus, newCaseNumber, normalizeCaseNumber } from '#shared/domain/case.ts';
import { isValidResidentIdNumber, normalizeMobile } from '#shared/domain/id-number.ts';

describe('case numbers', () => {
  it('use the Shanghai calendar date of receipt', () => {
    expect(newCaseNumber(new Date('2026-11-27T15:59:59Z'), '000123')).toBe('20261127-000123');
    expect(newCaseNumber(new Date('2026-11-27T16:00:00Z'), '000123')).toBe('20261128-000123');
  });

  it('normalise what people type', () => {
    expect(normalizeCaseNumber('20261127482913')).toBe('20261127-482913');
    expect(normalizeCaseNumber(' 2026 1127-482 913 ')).toBe('20261127-482913');
    expect(normalizeCaseNumber('2026112748291')).toBeNull();
    expect(normalizeCaseNumber('abc')).toBeNull();
  });
});

describe('initial routing', () => {
  it('assigns when a township is known, else triage', () => {
    expect(initialStatus({ townshipCode: '411081001' })).toBe('assigned');
    expect(initialStatus({ address: '某地' })).toBe('triage');
  });
});

describe('resident ID numbers (GB 11643)', () => {
  it('accepts a valid number with X check digit, in either case', () => {
    expect(isValidResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isValidResidentIdNumber('11010519491231002x')).toBe(true);
  });
  it('rejects a wrong check digit, an impossible date and wrong lengths', () => {
    expect(isValidResidentIdNumber('110105194912310021')).toBe(false);
    expect(isValidResidentIdNumber('110105194902300020')).toBe(false);
    expect(isValidResidentIdNumber('1101051949123100')).toBe(false);
  });
});

describe('mobile numbers', () => {
  it('normalise +86 and spaces', () => {
    expect(normalizeMobile('+86 138 0013 8000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
  });
  it('reject landlines and short numbers', () => {
    expect(normalizeMobile('0374-1234567')).toBeNull();
    expect(normalizeMobile('1380013800')).toBeNull();
    expect(normalizeMobile('12800138000')).toBeNull();
  });
});

describe('tamper-evident timeline', () => {
  const chain = (): CaseEvent[] => {
    const a = chainEvent(
      {
        seq: 1,
        type: 'received',
        at: '2026-11-27T00:00:00Z',
        actor: { kind: 'reporter' },
        reporterVisible: true,
      },
      '',
    );
    const b = chainEvent(
      {
        seq: 2,
        type: 'reporter_message',
        at: '2026-11-27T01:00:00Z',
        actor: { kind: 'reporter' },
        reporterVisible: true,
        text: '补充',
      },
      a.hash,
    );
    const c = chainEvent(
      {
        seq: 3,
        type: 'staff_message',
        at: '2026-11-27T02:00:00Z',
        actor: { kind: 'staff', staffId: 's1' },
        reporterVisible: true,
        text: '收到',
      },
      b.hash,
    );
    return [a, b, c];
  };

  it('verifies an intact chain', () => {
    expect(firstBrokenLink(chain())).toBeNull();
  });
  it('finds an edited event', () => {
    const events = chain();
    events[1] = { ...(events[1] as CaseEvent), text: '篡改' };
    expect(firstBrokenLink(events)).toBe(2);
  });
  it('finds a removed event', () => {
    const events = chain();
    events.splice(1, 1);
    expect(firstBrokenLink(events)).toBe(3);
  });
  it('verifies details whose keys come back from storage in another order, but not edited ones', () => {
    const e = chainEvent(
      {
        seq: 1,
        type: 'reward',
        at: '2026-11-27T00:00:00Z',
        actor: { kind: 'system' },
        reporterVisible: false,
        detail: { ruleSet: 'henan-2025', amountYuan: 15000, determination: 'computed' },
      },
      '',
    );
    const reordered = {
      ...e,
      detail: { determination: 'computed', amountYuan: 15000, ruleSet: 'henan-2025' },
    };
    expect(firstBrokenLink([reordered])).toBeNull();
    expect(firstBrokenLink([{ ...e, detail: { ...e.detail, amountYuan: 150000 } }])).toBe(1);
  });
});
