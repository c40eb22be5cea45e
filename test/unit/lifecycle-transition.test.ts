/**
 * The lifecycle made whole (shared/domain/lifecycle/transition.ts): the next record comes out
 * complete — place, deadline, facts — and the place matcher routes through the same spec as people,
 * as the system actor, from triage only and only inside the city.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '#shared/domain/case.ts';
import { SPECS, type StaffActor, type SystemActor, transition } from '#shared/domain/lifecycle/index.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';

const NOW = new Date('2026-11-27T04:00:00Z');
const LINGJING = '411003106';
const matcher: SystemActor = { kind: 'system', id: 'place-matcher', jurisdiction: '4110' };
const rules = {
  calendar: loadCalendar(),
  policies: loadDeadlinePolicies(),
  regionCode: '4110',
  lookups: {
    places: new Map([[LINGJING, { code: LINGJING, level: 'township' as const }]]),
    cases: new Map(),
  },
};

function triageCase(over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseNumber: '20261127-000001',
    status: 'triage',
    category: 'general_hazard',
    description: '某厂夜间违规动火作业。',
    imminentDanger: false,
    location: { countyCode: '411003', address: '灵井镇霍庄村' },
    channel: 'web',
    hasIdentity: false,
    reporterIsEmployee: false,
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    due: {
      period: 'triage',
      dueDate: '2026-11-30',
      dueAt: '2026-11-30T16:00:00.000Z',
      provisional: false,
      source: 'p',
    },
    version: 1,
    lastEventSeq: 1,
    lastEventHash: 'h1',
    ...over,
  };
}

describe('the place matcher as the system actor', () => {
  it('routes a triage case to a township: the whole next record and a `routed` event', () => {
    const t = transition(
      triageCase(),
      { action: 'assign_township', townshipCode: LINGJING, note: '灵井镇 (灵井镇)' },
      matcher,
      NOW,
      rules,
    );
    if (!t.ok) throw new Error(t.message);
    expect(t.next).toMatchObject({
      status: 'assigned',
      townshipCode: LINGJING,
      location: { countyCode: '411003', townshipCode: LINGJING, address: '灵井镇霍庄村' },
      due: { period: 'acceptance' },
      version: 1,
    });
    expect(t.event).toEqual({
      type: 'routed',
      actor: { kind: 'system' },
      reporterVisible: true,
      status: 'assigned',
      text: '灵井镇 (灵井镇)',
      detail: { townshipCode: LINGJING },
    });
  });

  it('may not move a case that left triage, nor take any other action', () => {
    const assigned = triageCase({ status: 'assigned', townshipCode: LINGJING });
    const again = transition(
      assigned,
      { action: 'assign_township', townshipCode: LINGJING },
      matcher,
      NOW,
      rules,
    );
    expect(again).toMatchObject({ ok: false, code: 'role_not_allowed' });
    const accept = transition(assigned, { action: 'accept' }, matcher, NOW, rules);
    expect(accept).toMatchObject({ ok: false, code: 'role_not_allowed' });
    const granted = Object.entries(SPECS).filter(([, spec]) => spec.system?.length);
    expect(granted.map(([action]) => action)).toEqual(['assign_township']);
  });

  it('routes only to a township of its city the directory knows', () => {
    const outside = transition(
      triageCase(),
      { action: 'assign_township', townshipCode: '410102001' },
      matcher,
      NOW,
      rules,
    );
    expect(outside).toMatchObject({ ok: false, field: 'townshipCode' });
  });
});

describe('a person’s transition', () => {
  const supervisor: StaffActor = { id: 'sup', role: 'county_supervisor', jurisdiction: '411003' };

  it('is recorded as a transition with its action and the staff member', () => {
    const t = transition(
      triageCase(),
      { action: 'assign_township', townshipCode: LINGJING },
      supervisor,
      NOW,
      rules,
    );
    if (!t.ok) throw new Error(t.message);
    expect(t.event).toMatchObject({
      type: 'transition',
      action: 'assign_township',
      actor: { kind: 'staff', staffId: 'sup' },
    });
    expect(t.event.text).toBeUndefined();
  });

  it('back to the city’s triage drops township and county, and the next deadline is the triage one', () => {
    const officer: StaffActor = { id: 'o', role: 'township_officer', jurisdiction: LINGJING };
    const assigned = triageCase({
      status: 'assigned',
      townshipCode: LINGJING,
      location: { countyCode: '411003', townshipCode: LINGJING, villageCode: '411003106201' },
    });
    const t = transition(
      assigned,
      { action: 'transfer', toTriage: true, reason: '事发地在外县' },
      officer,
      NOW,
      rules,
    );
    if (!t.ok) throw new Error(t.message);
    expect(t.next.location).toEqual({});
    expect(t.next.townshipCode).toBeUndefined();
    expect(t.next.due?.period).toBe('triage');
  });
});
