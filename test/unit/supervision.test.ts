/**
 * The pure part of the 考核 figures: which tallies a timeline gives (clocks met or missed where the
 * state machine stamped them, places before and after transfers, a late-routed report moved to its
 * township), reward tallies, periods, percentiles and the ranking; and the SVG chart scale.
 */
import { describe, expect, it } from 'vitest';
import { niceMax } from '#functions/http/charts.tsx';
import type { CaseEvent } from '#shared/domain/case.ts';
import type { RewardRecord } from '#shared/domain/reward-record.ts';
import {
  CLOSE_DAYS_BANDS,
  caseTallies,
  metric,
  rewardTallies,
  type TallySource,
} from '#shared/domain/supervision.ts';
import { closeDaysPercentile, rankPlaces } from '#shared/domain/supervision-figures.ts';
import { parsePeriod, periodDays } from '#shared/domain/supervision-period.ts';

const record = (over: Partial<TallySource> = {}): TallySource => ({
  caseNumber: '20260302-000001',
  category: 'major_hazard',
  channel: 'web',
  createdAt: '2026-03-02T02:00:00.000Z',
  townshipCode: '411003106',
  location: { countyCode: '411003', townshipCode: '411003106' },
  status: 'closed',
  ...over,
});

let seq = 0;
const ev = (over: Partial<CaseEvent>): CaseEvent => ({
  seq: ++seq,
  type: 'transition',
  at: '2026-03-02T03:00:00.000Z',
  actor: { kind: 'staff', staffId: 's' },
  reporterVisible: true,
  prevHash: '',
  hash: '',
  ...over,
});
const timeline = (...events: Partial<CaseEvent>[]) => {
  seq = 0;
  return events.map(ev);
};

describe('caseTallies', () => {
  it('counts receipt, acceptance on time, a late verification, feedback and days to close', () => {
    const events = timeline(
      { type: 'received', status: 'assigned', at: '2026-03-02T02:00:00.000Z' },
      { action: 'accept', at: '2026-03-02T03:00:00.000Z' },
      { action: 'start_verification' },
      { action: 'substantiate', at: '2026-05-20T03:00:00.000Z', detail: { late: true } },
      { action: 'close', at: '2026-05-25T03:00:00.000Z' },
    );
    const t = caseTallies(record(), events, '4110');
    const byId = Object.fromEntries(t.map((x) => [x.id, x]));
    expect(byId.received?.adds.map((a) => a.metric)).toEqual([
      'received',
      'received@ch:web',
      'received@k:major_hazard',
    ]);
    expect(byId.received?.month).toBe('2026-03');
    expect(byId['clock:acceptance@2']).toMatchObject({ met: true, place: '411003106', month: '2026-03' });
    expect(byId['clock:verification@4']).toMatchObject({ met: false, month: '2026-05' });
    expect(byId['clock:feedback@5']).toMatchObject({ met: true });
    // 84 days falls in the band up to 90 days.
    expect(byId.closed?.adds.map((a) => a.metric)).toContain('close_days:90');
  });

  it('follows a transfer: out of the old township, in to the new, later clocks at the new one', () => {
    const events = timeline(
      { type: 'received', status: 'assigned' },
      { action: 'transfer', detail: { toTownshipCode: '411003100', fromTownshipCode: '411003106' } },
      { action: 'accept', detail: { late: true } },
    );
    const t = caseTallies(record({ townshipCode: '411003100', status: 'accepted' }), events, '4110');
    expect(t.find((x) => x.id === 'received')?.place).toBe('411003106');
    expect(t.find((x) => x.kind === 'transferred_out')?.place).toBe('411003106');
    expect(t.find((x) => x.kind === 'transferred_in')?.place).toBe('411003100');
    expect(t.filter((x) => x.kind === 'clock').map((x) => [x.place, x.met])).toEqual([
      ['411003106', true],
      ['411003100', false],
    ]);
  });

  it('moves a report received in triage to the township it is first routed to; the triage clock is the county’s', () => {
    const events = timeline(
      { type: 'received', status: 'triage' },
      { action: 'assign_township', detail: { townshipCode: '411003106', late: true } },
    );
    const t = caseTallies(record({ status: 'assigned' }), events, '4110');
    expect(t.find((x) => x.id === 'received')?.place).toBe('411003');
    expect(t.find((x) => x.id === 'received_routed')).toMatchObject({ move: 'received', place: '411003106' });
    expect(t.find((x) => x.kind === 'clock')).toMatchObject({ clock: 'triage', met: false, place: '411003' });
  });

  it('counts verification after an approved extension apart, and an upheld objection as a reopening', () => {
    const events = timeline(
      { type: 'received', status: 'assigned' },
      { action: 'accept' },
      { action: 'approve_extension', detail: { days: 30 } },
      { action: 'substantiate' },
      { action: 'close' },
      { action: 'object', actor: { kind: 'reporter' } },
      { action: 'review_objection', detail: { upheld: true } },
      { action: 'substantiate', detail: { late: true } },
    );
    const clocks = caseTallies(record(), events, '4110')
      .filter((x) => x.kind === 'clock')
      .map((x) => `${x.clock}:${x.met}`);
    expect(clocks).toEqual([
      'acceptance:true',
      'verificationExtended:true',
      'feedback:true',
      'objectionReview:true',
      'verification:false',
    ]);
    const kinds = caseTallies(record(), events, '4110').map((x) => x.kind);
    expect(kinds.filter((k) => k === 'reopened')).toHaveLength(1);
    // Outcomes count once per case (the first conclusion); clocks count every discharge.
    expect(kinds.filter((k) => k === 'substantiated')).toHaveLength(1);
  });

  it('does not count a transfer from verification as a discharged clock', () => {
    const events = timeline(
      { type: 'received', status: 'assigned' },
      { action: 'accept' },
      { action: 'start_verification' },
      { action: 'transfer', detail: { toDepartment: '市场监管局', fromTownshipCode: '411003106' } },
    );
    const clocks = caseTallies(record({ status: 'transferred' }), events, '4110').filter(
      (x) => x.kind === 'clock',
    );
    expect(clocks.map((c) => c.clock)).toEqual(['acceptance']);
  });
});

describe('rewardTallies', () => {
  it('counts computed, approved (with the claims-pending gauge), claimed and paid, with yuan', () => {
    const r = {
      caseNumber: 'x',
      status: 'paid',
      jurisdiction: '411003106',
      countyCode: '411003',
      answer: {},
      amountYuan: 3000,
      factsRecordedAt: '2026-03-04T00:00:00Z',
      notifiedAt: '2026-03-05T00:00:00Z',
      claimedAt: '2026-04-01T00:00:00Z',
      paidAt: '2026-04-10T00:00:00Z',
    } as unknown as RewardRecord;
    const t = rewardTallies(r);
    expect(t.map((x) => x.id)).toEqual([
      'reward_computed',
      'reward_approved',
      'reward_claimed',
      'reward_paid',
    ]);
    const gauge = t.flatMap((x) => x.adds).filter((a) => a.month === 'NOW');
    expect(gauge.reduce((s, a) => s + a.delta, 0)).toBe(0);
    expect(t.find((x) => x.id === 'reward_paid')?.adds).toContainEqual({
      place: '411003106',
      month: '2026-04',
      metric: 'reward_paid_yuan',
      delta: 3000,
    });
  });
});

describe('periods', () => {
  const now = new Date('2026-03-31T20:00:00Z'); // 1 April in Shanghai
  it('reads a month, a quarter, a year and from–to; defaults to the Shanghai month', () => {
    expect(parsePeriod({}, now)).toMatchObject({ ok: true, period: { from: '2026-04', to: '2026-04' } });
    expect(parsePeriod({ period: '2026-Q1' }, now)).toMatchObject({
      period: { from: '2026-01', to: '2026-03', labelZh: '2026年第1季度' },
    });
    expect(parsePeriod({ period: '2025' }, now)).toMatchObject({
      period: { from: '2025-01', to: '2025-12' },
    });
    expect(parsePeriod({ from: '2025-11', to: '2026-02' }, now)).toMatchObject({ period: { kind: 'range' } });
    expect(periodDays({ from: '2026-02', to: '2026-02' })).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });
  it('refuses bad input naming the field', () => {
    expect(parsePeriod({ period: '2026-13' }, now)).toMatchObject({ ok: false, field: 'period' });
    expect(parsePeriod({ from: '2026-05', to: '2026-01' }, now)).toMatchObject({ ok: false, field: 'to' });
    expect(parsePeriod({ from: '2020-01', to: '2026-01' }, now)).toMatchObject({ ok: false, field: 'to' });
    expect(parsePeriod({ from: 'x', to: '2026-01' }, now)).toMatchObject({ ok: false, field: 'from' });
  });
});

describe('figures', () => {
  it('takes percentiles from the banded histogram (nearest rank, the upper bound of the band)', () => {
    const c = { 'close_days:3': 5, 'close_days:10': 4, 'close_days:45': 1 };
    expect(closeDaysPercentile(c, 0.5)).toBe(3);
    expect(closeDaysPercentile(c, 0.9)).toBe(10);
    expect(closeDaysPercentile(c, 0.91)).toBe(45);
    expect(closeDaysPercentile({}, 0.5)).toBeNull();
  });
  it('counts days to close in a fixed set of bands', () => {
    const band = (d: number) => metric.closeDays(d);
    expect([0, 1, 2, 3, 4, 5, 6, 8, 11, 59, 60, 61, 91, 200, 365, 366, 1000, -2].map(band)).toEqual(
      [0, 1, 2, 3, 5, 5, 7, 10, 15, 60, 60, 75, 120, 365, 365, 366, 366, 0].map((b) => `close_days:${b}`),
    );
    expect(new Set(CLOSE_DAYS_BANDS.map(band)).size).toBe(CLOSE_DAYS_BANDS.length);
  });
  it('ranks by on-time rate, then by actions on time; places with nothing discharged are unranked', () => {
    const ranked = rankPlaces([
      { place: 'a', counters: { 'clock:acceptance:met': 9, 'clock:acceptance:missed': 1 } },
      { place: 'b', counters: { 'clock:acceptance:met': 18, 'clock:verification:missed': 2 } },
      { place: 'c', counters: {} },
      { place: 'd', counters: { 'clock:feedback:met': 3 } },
    ]);
    expect(ranked.map((r) => [r.place, r.rank])).toEqual([
      ['d', 1],
      ['b', 2],
      ['a', 3],
      ['c', 0],
    ]);
  });
  it('scales chart axes to round numbers', () => {
    expect([niceMax(0), niceMax(3), niceMax(7), niceMax(11), niceMax(240)]).toEqual([2, 5, 10, 20, 500]);
  });
});
