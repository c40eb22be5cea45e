import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dayKind } from '#shared/domain/calendar.ts';
import { type DeadlinePolicy, resolvePolicy } from '#shared/domain/deadline-policy.ts';
import { dueOf } from '#shared/domain/deadlines.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import {
  arrangementOf,
  FIRST_YEAR,
  generateCalendar,
  LAST_STATUTORY_YEAR,
  statutoryHolidaysOf,
} from '../../seeds/generate-calendar.ts';

const cal = loadCalendar();
/** Noon in Shanghai on a calendar day. */
const on = (day: string) => new Date(`${day}T04:00:00Z`);
const due = (day: string, days: number, working = false) => dueOf(cal, on(day), { days, working });

describe('calendar days (Civil Code Art 201, 203)', () => {
  it('does not count the start day', () => {
    expect(due('2026-11-02', 1).dueDate).toBe('2026-11-03');
  });
  it('ends at 24:00 Shanghai of the last day', () => {
    expect(due('2026-11-02', 1).dueAt).toBe('2026-11-03T16:00:00.000Z');
  });
  it('moves a last day on a Sunday to Monday', () => {
    expect(due('2026-11-19', 10).dueDate).toBe('2026-11-30');
  });
  it('moves a last day inside the National Day holiday to the first working day after it', () => {
    expect(due('2026-09-21', 10).dueDate).toBe('2026-10-08');
  });
  it('keeps a last day that falls on a make-up working Saturday', () => {
    expect(due('2026-09-30', 10).dueDate).toBe('2026-10-10');
  });
  it('crosses month ends correctly', () => {
    expect(due('2026-01-31', 30).dueDate).toBe('2026-03-02');
    expect(due('2024-01-31', 30).dueDate).toBe('2024-03-01');
  });
  it('counts 60 days of verification across the year end, provisional while 2027 is unpublished', () => {
    const d = due('2026-11-27', 60);
    expect(d.dueDate).toBe('2027-01-26');
    expect(d.provisional).toBe(true);
  });
});

describe('working days', () => {
  it('skips the Spring Festival stretch and counts the make-up Saturday', () => {
    expect(due('2026-02-12', 3, true).dueDate).toBe('2026-02-24');
  });
  it('counts the National Day make-up Saturday (10 Oct 2026)', () => {
    expect(due('2026-09-28', 5, true)).toMatchObject({ dueDate: '2026-10-10', provisional: false });
  });
  it('counts the New Year make-up Sunday (4 Jan 2026)', () => {
    expect(due('2025-12-31', 1, true).dueDate).toBe('2026-01-04');
  });
  it('applies the fixed statutory holidays of a year without published arrangement, and says so', () => {
    const newYear = due('2026-12-28', 5, true);
    expect(newYear).toMatchObject({ dueDate: '2027-01-05', provisional: true });
    // 2027: 除夕 5 Feb, 初一–初三 6–8 Feb are statutory holidays even without the arrangement.
    expect(due('2027-02-01', 5, true)).toMatchObject({ dueDate: '2027-02-10', provisional: true });
    expect(dayKind(cal, '2027-10-02')).toEqual({ working: false, provisional: true });
    expect(dayKind(cal, '2027-10-04')).toEqual({ working: true, provisional: true });
  });
  it('uses a yearly overlay once the arrangement is published', () => {
    const withOverlay = loadCalendar([
      {
        year: 2027,
        source: 'test arrangement',
        holidays: ['2027-01-01', '2027-01-04'],
        workdays: ['2027-01-09'],
      },
    ]);
    const d = dueOf(withOverlay, on('2026-12-31'), { days: 3, working: true });
    // 1 Jan and 4 Jan rest, Saturday 9 Jan made a working day: 5, 6, 7 Jan.
    expect(d).toMatchObject({ dueDate: '2027-01-07', provisional: false });
    expect(dayKind(withOverlay, '2027-01-09').working).toBe(true);
  });
});

describe('calendar data', () => {
  it('matches what chinese-days says (regenerate with npm run seeds:calendar when it changes)', () => {
    expect(loadCalendar()).toBeDefined();
    const shipped = JSON.parse(readFileSync('seeds/calendar/chinese-days.json', 'utf8'));
    expect(shipped).toEqual(generateCalendar());
  });
  it('gives every year, from the compact file, the days chinese-days gives (fixed-date holidays included)', () => {
    const shipped = loadCalendar([]);
    for (let year = FIRST_YEAR; year <= LAST_STATUTORY_YEAR; year++) {
      const a = arrangementOf(year);
      if (a) {
        expect([...(shipped.arrangement(year)?.holidays ?? [])].sort(), String(year)).toEqual(a.holidays);
        expect([...(shipped.arrangement(year)?.makeUpWorkdays ?? [])].sort(), String(year)).toEqual(
          a.workdays,
        );
      } else {
        expect(shipped.arrangement(year), String(year)).toBeNull();
        expect([...shipped.statutoryHolidays(year)].sort(), String(year)).toEqual(statutoryHolidaysOf(year));
      }
    }
  });

  it('knows the 2026 arrangement and the 2027 statutory holidays', () => {
    expect(arrangementOf(2026)?.workdays).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(arrangementOf(2027)).toBeNull();
    expect(statutoryHolidaysOf(2027)).toHaveLength(13);
    expect(statutoryHolidaysOf(2027)).toEqual(
      expect.arrayContaining(['2027-02-05', '2027-02-08', '2027-06-09', '2027-09-15']),
    );
  });
});

describe('hour periods', () => {
  it('run from the moment of receipt, across midnight', () => {
    const d = dueOf(cal, new Date('2026-11-27T15:30:00Z'), { hours: 2 });
    expect(d).toEqual({ dueDate: '2026-11-28', dueAt: '2026-11-27T17:30:00.000Z', provisional: false });
  });
});

describe('deadline policy as data', () => {
  const policies = loadDeadlinePolicies();

  it('every shipped period names its source', () => {
    for (const p of policies)
      for (const period of Object.values(p.periods)) expect(period?.source.length).toBeGreaterThan(10);
  });

  it('applies the local policy over the national one inside its jurisdiction and from its date', () => {
    const xuchang = resolvePolicy(policies, '411081001', '2026-11-27');
    expect(xuchang.applied).toHaveLength(2);
    expect(xuchang.periods.triage.source).toContain('许昌');
    expect(xuchang.periods.verification).toMatchObject({ days: 60 });
    expect(resolvePolicy(policies, '411081001', '2025-06-01').applied).toHaveLength(1);
    expect(resolvePolicy(policies, '410101001', '2026-11-27').applied).toHaveLength(1);
  });

  it('refuses a policy set that leaves a period undefined', () => {
    const partial: DeadlinePolicy[] = [
      {
        jurisdiction: '',
        effectiveFrom: '2018-01-01',
        name: 'x',
        periods: { acceptance: { days: 5, source: 'x' } },
      },
    ];
    expect(() => resolvePolicy(partial, '4110', '2026-01-01')).toThrow(/lacks/);
  });

  it('rejects a malformed policy file naming the bad entry', () => {
    expect(() =>
      loadDeadlinePolicies({
        policies: [{ jurisdiction: 'x', effectiveFrom: '2026', name: 'n', periods: {} }],
      }),
    ).toThrow(/policies\.0/);
  });
});

describe('npm run due', () => {
  // Starts tsx in a child process: seconds on a busy machine, so not the unit default of 5 s.
  it('prints the due date and whether it is provisional', { timeout: 60_000 }, () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/due.ts', '--start', '2026-09-28', '--days', '5', '--working'],
      {
        encoding: 'utf8',
      },
    );
    expect(out.split('\n')[0]).toBe('2026-10-10');
    expect(out).toContain('provisional: no');
  });
});
