import { describe, expect, it } from 'vitest';
import { type CaseStatus, STATUSES } from '#shared/domain/case.ts';
import { resolvePolicy } from '#shared/domain/deadline-policy.ts';
import type { DecisionLookups } from '#shared/domain/destinations.ts';
import {
  ACTIONS,
  type Action,
  type ActorRole,
  type Approval,
  allowedActions,
  type CaseFacts,
  type Decision,
  DUPLICATE_NOTICE,
  decide as decideWith,
  dueFor,
  FROM_STATES,
  factsOf,
  isOpen,
  type LifecycleActor,
  PERMISSIONS,
  type RefusalCode,
  type ReporterActor,
  type RequestOf,
  roleMay,
  STAFF_ROLES,
  type StaffActor,
  type TransitionRequest,
} from '#shared/domain/lifecycle/index.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';

// ---------------------------------------------------------------------------------------------
// Fixtures: 灵井镇 (建安区) and 神垕镇 (禹州市), two townships of different counties.

const LINGJING = '411003106';
const LINGJING_NEIGHBOUR = '411003107';
const SHENHOU = '411081103';
const JIANAN = '411003';
const YUZHOU = '411081';
const XUCHANG = '4110';

/** Friday 27 Nov 2026, noon in Shanghai. */
const FIRST_CASE = '20261030-000777';
/** What the service looks up before deciding: the directory's townships and the earlier case. */
const LOOKUPS: DecisionLookups = {
  places: new Map(
    [LINGJING, LINGJING_NEIGHBOUR, SHENHOU].map((code) => [code, { code, level: 'township' as const }]),
  ),
  cases: new Map([[FIRST_CASE, { caseNumber: FIRST_CASE, place: LINGJING }]]),
};
const decide = (s: CaseFacts, r: TransitionRequest, a: LifecycleActor, n: Date, l = LOOKUPS) =>
  decideWith(s, r, a, n, l);

const NOW = new Date('2026-11-27T04:00:00Z');
const TODAY = '2026-11-27';
const daysAfter = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

const officer: StaffActor = { id: 'officer-lj', role: 'township_officer', jurisdiction: LINGJING };
const colleague: StaffActor = { id: 'officer-lj-2', role: 'township_officer', jurisdiction: LINGJING };
const otherOfficer: StaffActor = { id: 'officer-sh', role: 'township_officer', jurisdiction: SHENHOU };
const supervisor: StaffActor = { id: 'sup-ja', role: 'county_supervisor', jurisdiction: JIANAN };
const otherSupervisor: StaffActor = { id: 'sup-yz', role: 'county_supervisor', jurisdiction: YUZHOU };
const operator: StaffActor = { id: 'op-ja', role: 'operator', jurisdiction: JIANAN };
const otherOperator: StaffActor = { id: 'op-yz', role: 'operator', jurisdiction: YUZHOU };
const cityOperator: StaffActor = { id: 'op-city', role: 'operator', jurisdiction: XUCHANG };
const finance: StaffActor = { id: 'fin', role: 'finance_officer', jurisdiction: XUCHANG };
const custodian: StaffActor = { id: 'cust', role: 'identity_custodian', jurisdiction: XUCHANG };
const auditor: StaffActor = { id: 'aud', role: 'auditor', jurisdiction: XUCHANG };
const reporter: ReporterActor = { kind: 'reporter' };
/** The safety coordinator of a village of 灵井镇. */
const LINGJING_VILLAGE = '411003106201';
const coordinator: StaffActor = {
  id: 'coord-lj',
  role: 'village_coordinator',
  jurisdiction: LINGJING_VILLAGE,
};

const ACCEPTED_AT = '2026-11-02T02:00:00Z';
const CLOSED_AT = '2026-11-25T02:00:00Z';

/** A case of 灵井镇 in `status`, with the facts a case normally has by then. */
function caseIn(status: CaseStatus, over: Partial<CaseFacts> = {}): CaseFacts {
  const base: CaseFacts = {
    caseNumber: '20261101-000001',
    status,
    category: 'general_hazard',
    imminentDanger: false,
    regionCode: XUCHANG,
    countyCode: JIANAN,
    ...(status === 'triage' ? {} : { townshipCode: LINGJING }),
  };
  const accepted = { acceptedAt: ACCEPTED_AT, acceptedBy: officer.id, verificationFrom: ACCEPTED_AT };
  const concluded = (outcome: 'substantiated' | 'unsubstantiated') => ({
    ...accepted,
    verifiedBy: [officer.id],
    conclusion: { outcome, text: '现场核查情况', at: '2026-11-24T02:00:00Z', by: officer.id },
  });
  const byStatus: Partial<Record<CaseStatus, Partial<CaseFacts>>> = {
    triage: { due: { period: 'triage', dueAt: '2026-11-30T16:00:00Z' } },
    assigned: { due: { period: 'acceptance', dueAt: '2026-12-04T16:00:00Z' } },
    accepted: { ...accepted, due: { period: 'verification', dueAt: '2027-01-01T16:00:00Z' } },
    verifying: {
      ...accepted,
      verifiedBy: [officer.id],
      due: { period: 'verification', dueAt: '2027-01-01T16:00:00Z' },
    },
    substantiated: {
      ...concluded('substantiated'),
      due: { period: 'feedback', dueAt: '2026-12-04T16:00:00Z' },
    },
    unsubstantiated: {
      ...concluded('unsubstantiated'),
      due: { period: 'feedback', dueAt: '2026-12-04T16:00:00Z' },
    },
    rectifying: {
      ...concluded('substantiated'),
      rectification: {
        order: '限期整改',
        deadline: '2026-12-20',
        orderedAt: NOW.toISOString(),
        orderedBy: officer.id,
      },
      due: { period: 'rectification', dueAt: '2026-12-20T16:00:00Z' },
    },
    closed: {
      ...concluded('substantiated'),
      closedAt: CLOSED_AT,
      conclusionSentAt: CLOSED_AT,
      objectionWindowEndsAt: '2026-12-07T16:00:00Z',
    },
  };
  return { ...base, ...byStatus[status], ...over };
}

const pendingExtension = {
  status: 'requested' as const,
  requestedAt: '2026-11-20T02:00:00Z',
  requestedBy: officer.id,
  reason: '需检测机构出具报告',
};
const pendingObjection = {
  status: 'pending' as const,
  raisedAt: '2026-11-26T02:00:00Z',
  reason: '隐患仍然存在',
};

const pendingRecheck = {
  status: 'requested' as const,
  villageCode: LINGJING_VILLAGE,
  summary: '仓库消防通道堵塞',
  unitName: '某某仓储公司',
  deadline: '2026-12-20',
  requestedAt: '2026-11-26T02:00:00Z',
  requestedBy: officer.id,
};

/** A valid request for every action. */
const SAMPLE: { [A in Action]: RequestOf<A> } = {
  assign_township: { action: 'assign_township', townshipCode: LINGJING_NEIGHBOUR },
  accept: { action: 'accept' },
  reject: { action: 'reject', reason: '不属于安全生产举报范围' },
  transfer: { action: 'transfer', toDepartment: '建安区市场监督管理局', reason: '属于食品安全事项' },
  start_verification: { action: 'start_verification' },
  record_findings: { action: 'record_findings', findings: '现场发现消防通道堵塞' },
  substantiate: { action: 'substantiate', conclusion: '举报属实' },
  unsubstantiate: { action: 'unsubstantiate', conclusion: '未发现举报所述情况' },
  order_rectification: { action: 'order_rectification', order: '责令限期整改', deadline: '2026-12-31' },
  confirm_rectification: { action: 'confirm_rectification' },
  close: { action: 'close', feedback: '经核查属实，已责令整改并完成。' },
  request_extension: { action: 'request_extension', reason: '需委托检测' },
  approve_extension: { action: 'approve_extension', days: 30, reason: '需委托检测' },
  refuse_extension: { action: 'refuse_extension', reason: '可在期限内完成' },
  mark_duplicate: { action: 'mark_duplicate', ofCaseNumber: '20261030-000777' },
  list_for_supervision: { action: 'list_for_supervision', deadline: '2027-01-31' },
  object: { action: 'object', reason: '隐患仍然存在' },
  review_objection: { action: 'review_objection', upheld: false, reason: '复核维持原结论' },
  request_recheck: {
    action: 'request_recheck',
    summary: '仓库消防通道堵塞，已责令清理',
    unitName: '某某仓储公司',
    villageCode: LINGJING_VILLAGE,
  },
  record_recheck: { action: 'record_recheck', result: 'rectified', note: '通道已清理，灭火器已补齐' },
  reject_rectification: {
    action: 'reject_rectification',
    reason: '复查发现仍有堆放',
    deadline: '2027-01-10',
  },
};

/** A case in `status` that meets every fact guard of `action`, so only status and role decide. */
function readyFor(action: Action, status: CaseStatus): CaseFacts {
  const c = caseIn(status);
  if (action === 'approve_extension' || action === 'refuse_extension') c.extension = pendingExtension;
  if (action === 'list_for_supervision') c.category = 'major_hazard';
  if (action === 'close' && c.rectification) c.rectification.confirmedAt = NOW.toISOString();
  if (action === 'review_objection') c.objection = pendingObjection;
  if (action === 'record_recheck') c.recheck = pendingRecheck;
  return c;
}

const ACTOR_OF: Record<ActorRole, LifecycleActor> = {
  operator,
  township_officer: officer,
  county_supervisor: supervisor,
  finance_officer: finance,
  identity_custodian: custodian,
  auditor,
  village_coordinator: coordinator,
  reporter,
};
const ROLES: ActorRole[] = [...STAFF_ROLES, 'reporter'];

function ok(d: Decision): Approval {
  if (!d.ok) throw new Error(`expected approval, got ${d.code}: ${d.message}`);
  return d;
}
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}
function refusedWith(d: Decision, code: RefusalCode, field?: string) {
  expect(d).toMatchObject({ ok: false, code, ...(field ? { field } : {}) });
}

// ---------------------------------------------------------------------------------------------
// The documented tables

/** SPEC §2 / issue 6 as documented in the module header: action → statuses it starts from. */
const DOCUMENTED: Record<Action, CaseStatus[]> = {
  assign_township: ['triage', 'assigned'],
  accept: ['assigned'],
  reject: ['assigned'],
  transfer: ['triage', 'assigned', 'accepted', 'verifying'],
  start_verification: ['accepted'],
  record_findings: ['verifying'],
  substantiate: ['verifying'],
  unsubstantiate: ['verifying'],
  order_rectification: ['substantiated'],
  confirm_rectification: ['rectifying'],
  close: ['substantiated', 'unsubstantiated', 'rectifying'],
  request_extension: ['accepted', 'verifying'],
  approve_extension: ['accepted', 'verifying'],
  refuse_extension: ['accepted', 'verifying'],
  mark_duplicate: ['assigned', 'accepted', 'verifying'],
  list_for_supervision: ['assigned', 'accepted', 'verifying', 'substantiated', 'rectifying'],
  object: ['closed'],
  review_objection: ['closed'],
  request_recheck: ['rectifying'],
  record_recheck: ['rectifying'],
  reject_rectification: ['rectifying'],
};

/** The role that takes each action from a status (operator for triage transfers and assignment). */
function actorFor(action: Action, status: CaseStatus): LifecycleActor {
  const role =
    ROLES.find((r) => PERMISSIONS[r][action]?.includes(status)) ?? ROLES.find((r) => roleMay(r, action));
  return ACTOR_OF[role as ActorRole];
}

describe('status × action grid', () => {
  it('FROM_STATES is the documented table and the union of the role permissions', () => {
    expect(FROM_STATES).toEqual(DOCUMENTED);
    for (const action of ACTIONS) {
      const union = new Set(ROLES.flatMap((r) => PERMISSIONS[r][action] ?? []));
      expect([...union].sort(), action).toEqual([...DOCUMENTED[action]].sort());
    }
  });

  const grid = STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action] as const));
  it.each(grid)('%s × %s is allowed exactly when documented', (status, action) => {
    const state = readyFor(action, status);
    const d = decide(state, SAMPLE[action], actorFor(action, status), NOW);
    const documented = DOCUMENTED[action].includes(status);
    expect(d.ok, `${status} × ${action}: ${d.ok ? 'ok' : d.message}`).toBe(documented);
    if (!d.ok && status !== 'triage') expect(d.code).toBe('not_allowed_in_state');
    if (d.ok) expect(d.action).toBe(action);
  });
});

describe('role × action permissions', () => {
  it('are the documented matrix', () => {
    expect(PERMISSIONS).toEqual({
      operator: { assign_township: ['triage', 'assigned'], transfer: ['triage'] },
      township_officer: {
        accept: ['assigned'],
        reject: ['assigned'],
        transfer: ['assigned', 'accepted', 'verifying'],
        start_verification: ['accepted'],
        record_findings: ['verifying'],
        substantiate: ['verifying'],
        unsubstantiate: ['verifying'],
        order_rectification: ['substantiated'],
        confirm_rectification: ['rectifying'],
        close: ['substantiated', 'unsubstantiated', 'rectifying'],
        request_extension: ['accepted', 'verifying'],
        mark_duplicate: ['assigned', 'accepted', 'verifying'],
        request_recheck: ['rectifying'],
        reject_rectification: ['rectifying'],
      },
      county_supervisor: {
        assign_township: ['triage', 'assigned'],
        transfer: ['triage', 'assigned', 'accepted', 'verifying'],
        approve_extension: ['accepted', 'verifying'],
        refuse_extension: ['accepted', 'verifying'],
        mark_duplicate: ['assigned', 'accepted', 'verifying'],
        list_for_supervision: ['assigned', 'accepted', 'verifying', 'substantiated', 'rectifying'],
        review_objection: ['closed'],
      },
      finance_officer: {},
      identity_custodian: {},
      auditor: {},
      village_coordinator: { record_recheck: ['rectifying'] },
      reporter: { object: ['closed'] },
    });
  });

  const cells = ROLES.flatMap((role) =>
    STATUSES.flatMap((status) => ACTIONS.map((action) => [role, status, action] as const)),
  );
  it('decide and allowedActions follow PERMISSIONS for every role, status and action', () => {
    for (const [role, status, action] of cells) {
      const actor = ACTOR_OF[role];
      const state = readyFor(action, status);
      const allowed = PERMISSIONS[role][action]?.includes(status) ?? false;
      const d = decide(state, SAMPLE[action], actor, NOW);
      expect(d.ok, `${role} ${status} ${action}: ${d.ok ? 'ok' : d.message}`).toBe(allowed);
      if (!roleMay(role, action)) expect(d).toMatchObject({ code: 'role_not_allowed' });
      expect(allowedActions(state, actor, NOW).includes(action), `${role} ${status} ${action}`).toBe(allowed);
    }
  });

  it('finance officers, custodians and auditors cannot move a case', () => {
    for (const actor of [finance, custodian, auditor]) {
      for (const status of STATUSES) expect(allowedActions(caseIn(status), actor, NOW)).toEqual([]);
      refusedWith(decide(caseIn('assigned'), SAMPLE.accept, actor, NOW), 'role_not_allowed');
    }
  });

  it('a reporter cannot take a staff action, and staff cannot object for the reporter', () => {
    refusedWith(decide(caseIn('assigned'), SAMPLE.accept, reporter, NOW), 'role_not_allowed');
    refusedWith(decide(caseIn('closed'), SAMPLE.object, officer, NOW), 'role_not_allowed');
  });
});

// ---------------------------------------------------------------------------------------------
// Jurisdiction

describe('jurisdiction', () => {
  it('a township officer acts only on their township’s cases', () => {
    const state = caseIn('assigned');
    refusedWith(decide(state, SAMPLE.accept, otherOfficer, NOW), 'out_of_jurisdiction');
    expect(decide(state, SAMPLE.accept, colleague, NOW).ok).toBe(true);
  });

  it('a county supervisor acts only on their county’s cases', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    refusedWith(decide(state, SAMPLE.approve_extension, otherSupervisor, NOW), 'out_of_jurisdiction');
  });

  it('a county operator triages only their county’s queue', () => {
    refusedWith(
      decide(caseIn('triage'), { action: 'assign_township', townshipCode: SHENHOU }, otherOperator, NOW),
      'out_of_jurisdiction',
    );
  });

  it('a county operator cannot route a case to a township of another county', () => {
    const d = decide(caseIn('triage'), { action: 'assign_township', townshipCode: SHENHOU }, operator, NOW);
    refusedWith(d, 'out_of_jurisdiction', 'townshipCode');
  });

  it('a city operator routes a city-level triage case (no county known) anywhere in the city', () => {
    const state = caseIn('triage', { countyCode: undefined });
    refusedWith(decide(state, SAMPLE.assign_township, operator, NOW), 'out_of_jurisdiction');
    const d = ok(decide(state, { action: 'assign_township', townshipCode: SHENHOU }, cityOperator, NOW));
    expect(d.patch).toMatchObject({ townshipCode: SHENHOU, countyCode: YUZHOU });
  });

  it('a jurisdiction code that does not fit the role covers nothing', () => {
    const countyWideOfficer: StaffActor = { id: 'x', role: 'township_officer', jurisdiction: JIANAN };
    refusedWith(decide(caseIn('assigned'), SAMPLE.accept, countyWideOfficer, NOW), 'out_of_jurisdiction');
  });

  it('refuses the jurisdiction before revealing the case’s state', () => {
    refusedWith(decide(caseIn('closed'), SAMPLE.accept, otherOfficer, NOW), 'out_of_jurisdiction');
  });
});

// ---------------------------------------------------------------------------------------------
// Each action

describe('assign_township', () => {
  it('routes a triage case to a township with the acceptance deadline', () => {
    const state = caseIn('triage');
    const d = ok(decide(state, { action: 'assign_township', townshipCode: LINGJING }, operator, NOW));
    expect(d.status).toBe('assigned');
    expect(d.patch).toEqual({ townshipCode: LINGJING, countyCode: JIANAN });
    expect(d.due).toEqual({ period: 'acceptance', from: 'now' });
    expect(d.event).toMatchObject({ type: 'routed', reporterVisible: true, status: 'assigned' });
    expect(d.notifyReporter).toBe(false);
  });

  it('uses the imminent-danger acceptance period when the reporter marked imminent danger', () => {
    const state = caseIn('triage', { imminentDanger: true });
    const d = ok(decide(state, { action: 'assign_township', townshipCode: LINGJING }, operator, NOW));
    expect(d.due).toEqual({ period: 'acceptanceImminent', from: 'now' });
  });

  it('lets the county reassign an assigned case, keeping where it came from', () => {
    const d = ok(decide(caseIn('assigned'), SAMPLE.assign_township, supervisor, NOW));
    expect(d.event.detail).toEqual({ townshipCode: LINGJING_NEIGHBOUR, fromTownshipCode: LINGJING });
  });

  it('refuses to reassign to the same township', () => {
    const d = decide(
      caseIn('assigned'),
      { action: 'assign_township', townshipCode: LINGJING },
      supervisor,
      NOW,
    );
    refusedWith(d, 'already_done');
  });

  it('refuses a malformed township code', () => {
    const d = decide(caseIn('triage'), { action: 'assign_township', townshipCode: '4110031' }, operator, NOW);
    refusedWith(d, 'invalid', 'townshipCode');
  });

  it('marks routing after the triage deadline as late', () => {
    const state = caseIn('triage');
    const d = ok(
      decide(state, { action: 'assign_township', townshipCode: LINGJING }, operator, daysAfter(NOW, 5)),
    );
    expect(d.late).toBe(true);
    expect(d.event.detail).toMatchObject({ late: true });
  });
});

describe('accept and reject', () => {
  it('accepts: verification runs 60 days from now, the reporter is told', () => {
    const d = ok(decide(caseIn('assigned'), SAMPLE.accept, officer, NOW));
    expect(d.status).toBe('accepted');
    expect(d.patch).toEqual({
      acceptedAt: NOW.toISOString(),
      acceptedBy: officer.id,
      verificationFrom: NOW.toISOString(),
    });
    expect(d.due).toEqual({ period: 'verification', from: 'now' });
    expect(d.event).toMatchObject({ type: 'accepted', reporterVisible: true, status: 'accepted' });
    expect(d.notifyReporter).toBe(true);
    expect(d.late).toBe(false);
  });

  it('accepts late without blocking, and says so', () => {
    const d = ok(decide(caseIn('assigned'), SAMPLE.accept, officer, new Date('2026-12-05T01:00:00Z')));
    expect(d.late).toBe(true);
  });

  it('cannot accept a case that is already being verified', () => {
    refusedWith(decide(caseIn('verifying'), SAMPLE.accept, officer, NOW), 'not_allowed_in_state');
  });

  it('rejects with a reason the reporter sees; no further deadline', () => {
    const d = ok(decide(caseIn('assigned'), SAMPLE.reject, officer, NOW));
    expect(d.status).toBe('rejected');
    expect(d.event).toMatchObject({
      type: 'rejected',
      reporterVisible: true,
      text: '不属于安全生产举报范围',
    });
    expect(d.patch.rejection).toEqual({
      at: NOW.toISOString(),
      by: officer.id,
      reason: '不属于安全生产举报范围',
    });
    expect(d.due).toBeNull();
    expect(d.notifyReporter).toBe(true);
  });

  it('refuses a rejection without a reason', () => {
    refusedWith(
      decide(caseIn('assigned'), { action: 'reject', reason: '  ' }, officer, NOW),
      'invalid',
      'reason',
    );
  });
});

describe('transfer', () => {
  it('to another township: assigned there, acceptance deadline restarts, history kept, reporter told', () => {
    const state = caseIn('accepted', {
      transfers: [{ at: '2026-11-01T00:00:00Z', by: 'sup-ja', toTownshipCode: LINGJING, reason: '初次交办' }],
    });
    const d = ok(
      decide(
        state,
        { action: 'transfer', toTownshipCode: LINGJING_NEIGHBOUR, reason: '事发地在邻镇' },
        officer,
        NOW,
      ),
    );
    expect(d.status).toBe('assigned');
    expect(d.patch.townshipCode).toBe(LINGJING_NEIGHBOUR);
    expect(d.patch.countyCode).toBe(JIANAN);
    expect(d.patch.transfers).toHaveLength(2);
    expect(d.patch.transfers?.[1]).toEqual({
      at: NOW.toISOString(),
      by: officer.id,
      fromTownshipCode: LINGJING,
      toTownshipCode: LINGJING_NEIGHBOUR,
      reason: '事发地在邻镇',
    });
    expect(d.due).toEqual({ period: 'acceptance', from: 'now' });
    expect(d.event).toMatchObject({ type: 'transferred', reporterVisible: true, text: '事发地在邻镇' });
    expect(d.notifyReporter).toBe(true);
  });

  it('only to a township the directory knows, in the city, where the actor may send work', () => {
    const to = (code: string) => ({ action: 'transfer' as const, toTownshipCode: code, reason: '移交' });
    // Not in the directory, another city's real township, the county supervisor to all zeros.
    refusedWith(decide(caseIn('assigned'), to('999999999'), officer, NOW), 'invalid', 'toTownshipCode');
    refusedWith(decide(caseIn('assigned'), to('410102001'), officer, NOW), 'invalid', 'toTownshipCode');
    refusedWith(decide(caseIn('assigned'), to('000000000'), supervisor, NOW), 'invalid', 'toTownshipCode');
    // Real, but in another county: the officer and the county's supervisor send it to triage instead.
    const other = decide(caseIn('assigned'), to(SHENHOU), officer, NOW);
    refusedWith(other, 'out_of_jurisdiction', 'toTownshipCode');
    expect(other).toMatchObject({ messageZh: expect.stringContaining('市级分拣') });
    refusedWith(decide(caseIn('assigned'), to(SHENHOU), supervisor, NOW), 'out_of_jurisdiction');
    // The same request without a directory entry (no lookup made) is refused, never waved through.
    refusedWith(
      decide(caseIn('assigned'), to(LINGJING_NEIGHBOUR), officer, NOW, {
        places: new Map(),
        cases: new Map(),
      }),
      'invalid',
      'toTownshipCode',
    );
  });

  it('back to the city triage: no township or county, the triage clock restarts', () => {
    const back = { action: 'transfer' as const, toTriage: true as const, reason: '事发地在禹州市' };
    for (const actor of [officer, supervisor]) {
      const d = ok(decide(caseIn('accepted'), back, actor, NOW));
      expect(d).toMatchObject({ status: 'triage', toTriage: true, due: { period: 'triage', from: 'now' } });
      expect(d.patch.townshipCode).toBeUndefined();
      expect(d.event.detail).toEqual({ toTriage: true, fromTownshipCode: LINGJING });
    }
    refusedWith(decide(caseIn('triage'), back, supervisor, NOW), 'invalid', 'toTriage');
  });

  it('to a department: the case is transferred and leaves the deadlines', () => {
    const d = ok(decide(caseIn('verifying'), SAMPLE.transfer, officer, NOW));
    expect(d.status).toBe('transferred');
    expect(d.due).toBeNull();
    expect(d.event.detail).toEqual({ toDepartment: '建安区市场监督管理局', fromTownshipCode: LINGJING });
  });

  it('withdraws a pending extension request', () => {
    const d = ok(decide(caseIn('verifying', { extension: pendingExtension }), SAMPLE.transfer, officer, NOW));
    expect(d.patch.extension?.status).toBe('withdrawn');
  });

  it('refuses a transfer to the same township', () => {
    const d = decide(
      caseIn('assigned'),
      { action: 'transfer', toTownshipCode: LINGJING, reason: 'x' },
      officer,
      NOW,
    );
    refusedWith(d, 'invalid', 'toTownshipCode');
  });

  it('needs exactly one destination', () => {
    const both = { action: 'transfer', toTownshipCode: SHENHOU, toDepartment: '某局', reason: 'x' };
    const neither = { action: 'transfer', reason: 'x' };
    refusedWith(decide(caseIn('assigned'), both as unknown as TransitionRequest, officer, NOW), 'invalid');
    refusedWith(decide(caseIn('assigned'), neither as unknown as TransitionRequest, officer, NOW), 'invalid');
  });

  it('an operator sends an out-of-scope triage case to a department, but not to a township', () => {
    expect(ok(decide(caseIn('triage'), SAMPLE.transfer, operator, NOW)).status).toBe('transferred');
    const toTownship = { action: 'transfer' as const, toTownshipCode: LINGJING, reason: 'x' };
    refusedWith(decide(caseIn('triage'), toTownship, operator, NOW), 'invalid', 'toTownshipCode');
  });

  it('an operator cannot transfer a case the township has accepted', () => {
    refusedWith(decide(caseIn('accepted'), SAMPLE.transfer, operator, NOW), 'role_not_allowed');
  });

  it('a closed case cannot be transferred', () => {
    refusedWith(decide(caseIn('closed'), SAMPLE.transfer, officer, NOW), 'not_allowed_in_state');
  });
});

describe('verification', () => {
  it('starts verification without touching the deadline, recording who verifies', () => {
    const d = ok(decide(caseIn('accepted'), SAMPLE.start_verification, officer, NOW));
    expect(d.status).toBe('verifying');
    expect(d.due).toBeUndefined();
    expect(d.patch.verifiedBy).toEqual([officer.id]);
    expect(d.event).toMatchObject({
      type: 'verification_started',
      reporterVisible: true,
      status: 'verifying',
    });
  });

  it('records findings as an internal note, never shown to the reporter', () => {
    const d = ok(decide(caseIn('verifying'), SAMPLE.record_findings, colleague, NOW));
    expect(d.status).toBe('verifying');
    expect(d.event).toEqual({
      type: 'findings_recorded',
      reporterVisible: false,
      internalNote: '现场发现消防通道堵塞',
    });
    expect(d.patch.verifiedBy).toEqual([officer.id, colleague.id]);
    expect(d.notifyReporter).toBe(false);
  });

  it('substantiates: conclusion kept internal, feedback due in 10 days', () => {
    const d = ok(decide(caseIn('verifying'), SAMPLE.substantiate, officer, NOW));
    expect(d.status).toBe('substantiated');
    expect(d.patch.conclusion).toEqual({
      outcome: 'substantiated',
      text: '举报属实',
      at: NOW.toISOString(),
      by: officer.id,
    });
    expect(d.due).toEqual({ period: 'feedback', from: 'now' });
    expect(d.event).toMatchObject({ type: 'substantiated', reporterVisible: true, internalNote: '举报属实' });
    expect(d.event.text).toBeUndefined();
  });

  it('unsubstantiates, late when the verification deadline has passed', () => {
    const d = ok(
      decide(caseIn('verifying'), SAMPLE.unsubstantiate, officer, new Date('2027-01-05T02:00:00Z')),
    );
    expect(d.status).toBe('unsubstantiated');
    expect(d.late).toBe(true);
  });

  it('cannot conclude before verification has started', () => {
    refusedWith(decide(caseIn('accepted'), SAMPLE.substantiate, officer, NOW), 'not_allowed_in_state');
  });

  it('refuses an empty conclusion', () => {
    refusedWith(
      decide(caseIn('verifying'), { action: 'substantiate', conclusion: '' }, officer, NOW),
      'invalid',
      'conclusion',
    );
  });
});

describe('rectification', () => {
  it('orders rectification: the order’s date becomes the deadline', () => {
    const d = ok(decide(caseIn('substantiated'), SAMPLE.order_rectification, officer, NOW));
    expect(d.status).toBe('rectifying');
    expect(d.due).toEqual({ period: 'rectification', date: '2026-12-31' });
    expect(d.patch.rectification).toMatchObject({ deadline: '2026-12-31', order: '责令限期整改' });
  });

  it('refuses a deadline in the past or not a date', () => {
    const past = { action: 'order_rectification' as const, order: 'x', deadline: '2026-11-26' };
    const bad = { action: 'order_rectification' as const, order: 'x', deadline: '2026-02-30' };
    refusedWith(decide(caseIn('substantiated'), past, officer, NOW), 'invalid', 'deadline');
    refusedWith(decide(caseIn('substantiated'), bad, officer, NOW), 'invalid', 'deadline');
    const today = { action: 'order_rectification' as const, order: '立即整改', deadline: TODAY };
    expect(decide(caseIn('substantiated'), today, officer, NOW).ok).toBe(true);
  });

  it('confirms rectification: stays rectifying, flagged, feedback due in 10 days', () => {
    const d = ok(decide(caseIn('rectifying'), SAMPLE.confirm_rectification, officer, NOW));
    expect(d.status).toBe('rectifying');
    expect(d.event.status).toBeUndefined();
    expect(d.patch.rectification?.confirmedAt).toBe(NOW.toISOString());
    expect(d.due).toEqual({ period: 'feedback', from: 'now' });
  });

  it('cannot confirm twice', () => {
    const state = caseIn('rectifying');
    if (state.rectification) state.rectification.confirmedAt = '2026-11-26T00:00:00Z';
    refusedWith(decide(state, SAMPLE.confirm_rectification, officer, NOW), 'already_done');
  });

  it('cannot close while rectification is not confirmed', () => {
    refusedWith(decide(caseIn('rectifying'), SAMPLE.close, officer, NOW), 'not_allowed_in_state');
    expect(allowedActions(caseIn('rectifying'), officer, NOW)).toEqual([
      'confirm_rectification',
      'request_recheck',
      'reject_rectification',
    ]);
  });
});

describe('close', () => {
  it('closes with feedback to the reporter and opens the objection window', () => {
    const d = ok(decide(caseIn('substantiated'), SAMPLE.close, officer, NOW));
    expect(d.status).toBe('closed');
    expect(d.event).toMatchObject({ type: 'closed', reporterVisible: true, text: SAMPLE.close.feedback });
    expect(d.patch).toEqual({
      closedAt: NOW.toISOString(),
      conclusionSentAt: NOW.toISOString(),
      closedLate: false,
    });
    expect(d.due).toBeNull();
    expect(d.objectionWindow).toEqual({ period: 'objectionWindow', from: 'now' });
    expect(d.notifyReporter).toBe(true);
  });

  it('closes late without blocking and records it', () => {
    const d = ok(decide(caseIn('unsubstantiated'), SAMPLE.close, officer, new Date('2026-12-10T02:00:00Z')));
    expect(d.late).toBe(true);
    expect(d.patch.closedLate).toBe(true);
  });

  it('closes a rectifying case once rectification is confirmed', () => {
    const state = readyFor('close', 'rectifying');
    expect(ok(decide(state, SAMPLE.close, officer, NOW)).status).toBe('closed');
  });

  it('refuses to close without feedback text', () => {
    refusedWith(
      decide(caseIn('substantiated'), { action: 'close', feedback: '' }, officer, NOW),
      'invalid',
      'feedback',
    );
  });

  it('a rejected case is final: nothing more to close', () => {
    refusedWith(decide(caseIn('rejected'), SAMPLE.close, officer, NOW), 'not_allowed_in_state');
  });
});

describe('extension', () => {
  it('the township requests an extension: internal, deadline unchanged', () => {
    const d = ok(decide(caseIn('verifying'), SAMPLE.request_extension, officer, NOW));
    expect(d.patch.extension).toEqual({
      status: 'requested',
      requestedAt: NOW.toISOString(),
      requestedBy: officer.id,
      reason: '需委托检测',
    });
    expect(d.event).toMatchObject({ type: 'extension_requested', reporterVisible: false });
    expect(d.due).toBeUndefined();
  });

  it('refuses a second request while one is pending', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    refusedWith(decide(state, SAMPLE.request_extension, officer, NOW), 'already_done');
  });

  it('refuses a second extension once one was granted', () => {
    const state = caseIn('verifying', { extension: { ...pendingExtension, status: 'approved', days: 30 } });
    refusedWith(decide(state, SAMPLE.request_extension, officer, NOW), 'already_done');
  });

  it('allows a new request after a refusal', () => {
    const state = caseIn('verifying', { extension: { ...pendingExtension, status: 'refused' } });
    expect(decide(state, SAMPLE.request_extension, officer, NOW).ok).toBe(true);
  });

  it('the county approves: verification due moves by the days, the reporter is told why', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    const d = ok(decide(state, SAMPLE.approve_extension, supervisor, NOW));
    expect(d.due).toEqual({ period: 'verification', from: ACCEPTED_AT, plusDays: 30 });
    expect(d.patch.extension).toMatchObject({ status: 'approved', days: 30, decidedBy: supervisor.id });
    expect(d.event).toMatchObject({ type: 'extension_approved', reporterVisible: true, text: '需委托检测' });
    expect(d.notifyReporter).toBe(true);
  });

  it('refuses an approval of more than 30 days, or of no whole number of days', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    for (const days of [31, 0, 2.5, -1]) {
      refusedWith(decide(state, { ...SAMPLE.approve_extension, days }, supervisor, NOW), 'invalid', 'days');
    }
  });

  it('refuses to approve when nothing was requested', () => {
    refusedWith(
      decide(caseIn('verifying'), SAMPLE.approve_extension, supervisor, NOW),
      'not_allowed_in_state',
    );
  });

  it('decides once per case', () => {
    const approved = caseIn('verifying', {
      extension: { ...pendingExtension, status: 'approved', days: 10 },
    });
    refusedWith(decide(approved, SAMPLE.approve_extension, supervisor, NOW), 'already_done');
    refusedWith(decide(approved, SAMPLE.refuse_extension, supervisor, NOW), 'already_done');
  });

  it('the county refuses: recorded internally, deadline unchanged', () => {
    const state = caseIn('accepted', { extension: pendingExtension });
    const d = ok(decide(state, SAMPLE.refuse_extension, supervisor, NOW));
    expect(d.patch.extension).toMatchObject({ status: 'refused', decisionReason: '可在期限内完成' });
    expect(d.event).toMatchObject({ type: 'extension_refused', reporterVisible: false });
    expect(d.due).toBeUndefined();
  });

  it('a township officer cannot approve their own request', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    refusedWith(decide(state, SAMPLE.approve_extension, officer, NOW), 'role_not_allowed');
  });
});

describe('duplicates', () => {
  it('closes the later report linked to the first one; the reporter is told and may object', () => {
    const d = ok(decide(caseIn('accepted'), SAMPLE.mark_duplicate, officer, NOW));
    expect(d.status).toBe('closed');
    expect(d.patch).toMatchObject({
      duplicateOf: FIRST_CASE,
      closedAt: NOW.toISOString(),
      conclusionSentAt: NOW.toISOString(),
    });
    expect(d.event).toMatchObject({ reporterVisible: true, text: DUPLICATE_NOTICE });
    expect(d.event.text).not.toContain(FIRST_CASE);
    expect(d.event.detail).toEqual({ ofCaseNumber: FIRST_CASE });
    expect(d.due).toBeNull();
    expect(d.objectionWindow).toEqual({ period: 'objectionWindow', from: 'now' });
    const closed = caseIn('closed', { ...d.patch, objectionWindowEndsAt: daysAfter(NOW, 10).toISOString() });
    const objection = ok(
      decide(closed, { action: 'object', reason: '不是同一件事' }, reporter, daysAfter(NOW, 3)),
    );
    const reviewing = caseIn('closed', { ...closed, ...objection.patch });
    const upheld = ok(
      decide(
        reviewing,
        { action: 'review_objection', upheld: true, reason: '不是同一事项' },
        supervisor,
        NOW,
      ),
    );
    expect(upheld.status).toBe('verifying');
    expect('duplicateOf' in upheld.patch && upheld.patch.duplicateOf === undefined).toBe(true);
  });

  it('refuses a first case that does not exist, lies elsewhere, or is itself a duplicate', () => {
    const of = (n: string) => ({ action: 'mark_duplicate' as const, ofCaseNumber: n });
    refusedWith(decide(caseIn('assigned'), of('19990101-000000'), officer, NOW), 'invalid', 'ofCaseNumber');
    const lookups = (first: { place: string; duplicateOf?: string }): DecisionLookups => ({
      places: new Map(),
      cases: new Map([[FIRST_CASE, { caseNumber: FIRST_CASE, ...first }]]),
    });
    refusedWith(
      decide(caseIn('assigned'), of(FIRST_CASE), officer, NOW, lookups({ place: SHENHOU })),
      'invalid',
      'ofCaseNumber',
    );
    const loop = decide(
      caseIn('assigned'),
      of(FIRST_CASE),
      officer,
      NOW,
      lookups({ place: LINGJING, duplicateOf: '20261101-000001' }),
    );
    refusedWith(loop, 'invalid', 'ofCaseNumber');
    const chain = decide(
      caseIn('assigned'),
      of(FIRST_CASE),
      supervisor,
      NOW,
      lookups({ place: LINGJING, duplicateOf: '20261001-000001' }),
    );
    refusedWith(chain, 'invalid', 'ofCaseNumber');
  });

  it('refuses a duplicate of itself, however it is typed', () => {
    const self = { action: 'mark_duplicate' as const, ofCaseNumber: '20261101 000001' };
    refusedWith(decide(caseIn('assigned'), self, officer, NOW), 'invalid', 'ofCaseNumber');
  });

  it('refuses something that is not a case number', () => {
    const bad = { action: 'mark_duplicate' as const, ofCaseNumber: '12345' };
    refusedWith(decide(caseIn('assigned'), bad, supervisor, NOW), 'invalid', 'ofCaseNumber');
  });

  it('a closed duplicate sent no conclusion, so there is nothing to object to', () => {
    const state = caseIn('closed', { conclusionSentAt: undefined, duplicateOf: '20261030-000777' });
    refusedWith(decide(state, SAMPLE.object, reporter, NOW), 'not_allowed_in_state');
  });
});

describe('listed supervision (挂牌督办)', () => {
  it('the county lists a major hazard with its deadline', () => {
    const state = caseIn('rectifying', { category: 'major_hazard' });
    const d = ok(decide(state, SAMPLE.list_for_supervision, supervisor, NOW));
    expect(d.status).toBe('rectifying');
    expect(d.patch.supervision).toEqual({
      deadline: '2027-01-31',
      listedAt: NOW.toISOString(),
      listedBy: supervisor.id,
    });
    expect(d.event).toMatchObject({ type: 'listed_for_supervision', reporterVisible: true });
  });

  it('keeps the unit name the county will publish, checked for length', () => {
    const state = caseIn('verifying', { category: 'major_hazard' });
    const d = ok(
      decide(state, { ...SAMPLE.list_for_supervision, publicName: ' 某某化工有限公司 ' }, supervisor, NOW),
    );
    expect(d.patch.supervision).toMatchObject({ publicName: '某某化工有限公司' });
    refusedWith(
      decide(state, { ...SAMPLE.list_for_supervision, publicName: '厂'.repeat(101) }, supervisor, NOW),
      'invalid',
      'publicName',
    );
  });

  it('refuses to list a hazard that is not major', () => {
    refusedWith(
      decide(caseIn('verifying'), SAMPLE.list_for_supervision, supervisor, NOW),
      'invalid',
      'category',
    );
  });

  it('lists once', () => {
    const state = caseIn('verifying', {
      category: 'major_hazard',
      supervision: { deadline: '2027-01-01', listedAt: '2026-11-20T00:00:00Z', listedBy: supervisor.id },
    });
    refusedWith(decide(state, SAMPLE.list_for_supervision, supervisor, NOW), 'already_done');
  });

  it('refuses a supervision deadline in the past', () => {
    const state = caseIn('verifying', { category: 'major_hazard' });
    const d = decide(state, { action: 'list_for_supervision', deadline: '2026-11-01' }, supervisor, NOW);
    refusedWith(d, 'invalid', 'deadline');
  });

  it('only the county lists', () => {
    const state = caseIn('verifying', { category: 'major_hazard' });
    refusedWith(decide(state, SAMPLE.list_for_supervision, officer, NOW), 'role_not_allowed');
  });
});

describe('objection (异议) and its review', () => {
  it('the reporter objects within the window: the county must review within 30 days', () => {
    const d = ok(decide(caseIn('closed'), SAMPLE.object, reporter, NOW));
    expect(d.status).toBe('closed');
    expect(d.patch.objection).toEqual({
      status: 'pending',
      raisedAt: NOW.toISOString(),
      reason: '隐患仍然存在',
    });
    expect(d.due).toEqual({ period: 'objectionReview', from: 'now' });
    expect(d.event).toMatchObject({ type: 'objection_raised', reporterVisible: true, text: '隐患仍然存在' });
    expect(isOpen({ status: 'closed', objection: d.patch.objection })).toBe(true);
  });

  it('refuses an objection after the window', () => {
    const d = decide(caseIn('closed'), SAMPLE.object, reporter, new Date('2026-12-07T16:00:01Z'));
    refusedWith(d, 'too_late');
    expect(allowedActions(caseIn('closed'), reporter, new Date('2026-12-07T16:00:01Z'))).toEqual([]);
  });

  it('uses the stored window end, which the holiday calendar may push past ten days', () => {
    // Feedback on 21 Sep 2026: ten days end on 1 Oct, inside the National Day holiday → 8 Oct.
    const sent = '2026-09-21T04:00:00Z';
    const state = caseIn('closed', {
      conclusionSentAt: sent,
      closedAt: sent,
      objectionWindowEndsAt: '2026-10-08T16:00:00Z',
    });
    const oct5 = new Date('2026-10-05T04:00:00Z');
    expect(decide(state, SAMPLE.object, reporter, oct5).ok).toBe(true);
    // Without the stored end the machine falls back to ten plain calendar days.
    const { objectionWindowEndsAt: _, ...withoutEnd } = state;
    refusedWith(decide(withoutEnd, SAMPLE.object, reporter, oct5), 'too_late');
    expect(decide(withoutEnd, SAMPLE.object, reporter, new Date('2026-10-01T15:59:00Z')).ok).toBe(true);
  });

  it('one objection per conclusion', () => {
    const state = caseIn('closed', { objection: pendingObjection });
    refusedWith(decide(state, SAMPLE.object, reporter, NOW), 'already_done');
  });

  it('the reporter cannot object before the conclusion is sent', () => {
    refusedWith(decide(caseIn('substantiated'), SAMPLE.object, reporter, NOW), 'not_allowed_in_state');
  });

  it('the county dismisses the objection: the case stays closed, the reporter is told why', () => {
    const state = caseIn('closed', {
      objection: pendingObjection,
      due: { period: 'objectionReview', dueAt: '2026-12-26T16:00:00Z' },
    });
    const d = ok(decide(state, SAMPLE.review_objection, supervisor, NOW));
    expect(d.status).toBe('closed');
    expect(d.patch.objection).toMatchObject({
      status: 'dismissed',
      reviewedBy: supervisor.id,
      reviewReason: '复核维持原结论',
    });
    expect(d.event).toMatchObject({
      type: 'objection_dismissed',
      reporterVisible: true,
      text: '复核维持原结论',
    });
    expect(d.due).toBeNull();
    expect(d.notifyReporter).toBe(true);
    expect(d.late).toBe(false);
  });

  it('an upheld objection reopens verification with a new verification period', () => {
    const state = caseIn('closed', { objection: pendingObjection });
    const d = ok(
      decide(state, { action: 'review_objection', upheld: true, reason: '需重新核查' }, supervisor, NOW),
    );
    expect(d.status).toBe('verifying');
    expect(d.patch).toMatchObject({ verificationFrom: NOW.toISOString(), objection: { status: 'upheld' } });
    expect(d.due).toEqual({ period: 'verification', from: 'now' });
    expect(d.event).toMatchObject({ type: 'objection_upheld', status: 'verifying' });
  });

  it('refuses a review by someone who verified the case', () => {
    const state = caseIn('closed', { objection: pendingObjection, verifiedBy: [officer.id, supervisor.id] });
    refusedWith(decide(state, SAMPLE.review_objection, supervisor, NOW), 'same_person');
    expect(allowedActions(state, supervisor, NOW)).toEqual([]);
  });

  it('a review after 30 days is late but still recorded', () => {
    const state = caseIn('closed', {
      objection: pendingObjection,
      due: { period: 'objectionReview', dueAt: '2026-12-26T16:00:00Z' },
    });
    expect(
      ok(decide(state, SAMPLE.review_objection, supervisor, new Date('2027-01-04T02:00:00Z'))).late,
    ).toBe(true);
  });

  it('refuses a review when there is no objection, or a second review', () => {
    refusedWith(decide(caseIn('closed'), SAMPLE.review_objection, supervisor, NOW), 'not_allowed_in_state');
    const reviewed = caseIn('closed', {
      objection: {
        ...pendingObjection,
        status: 'dismissed',
        reviewedAt: '2026-11-26T08:00:00Z',
        reviewedBy: 'sup-ja',
      },
    });
    refusedWith(decide(reviewed, SAMPLE.review_objection, supervisor, NOW), 'already_done');
  });

  it('after an upheld objection and a new feedback, the reporter may object again', () => {
    const state = caseIn('closed', {
      objection: {
        ...pendingObjection,
        status: 'upheld',
        reviewedAt: '2026-11-26T08:00:00Z',
        reviewedBy: 'sup-ja',
      },
      conclusionSentAt: NOW.toISOString(),
      objectionWindowEndsAt: '2026-12-07T16:00:00Z',
    });
    expect(decide(state, SAMPLE.object, reporter, daysAfter(NOW, 1)).ok).toBe(true);
    refusedWith(decide(state, SAMPLE.review_objection, supervisor, NOW), 'not_allowed_in_state');
  });
});

// ---------------------------------------------------------------------------------------------
// The UI's buttons, robustness, facts and deadline arithmetic

describe('allowedActions', () => {
  it('lists an officer’s buttons on an accepted case', () => {
    expect(allowedActions(caseIn('accepted'), officer, NOW)).toEqual([
      'transfer',
      'start_verification',
      'request_extension',
      'mark_duplicate',
    ]);
  });

  it('lists the county’s buttons on a verifying major hazard with a pending extension request', () => {
    const state = caseIn('verifying', { category: 'major_hazard', extension: pendingExtension });
    expect(allowedActions(state, supervisor, NOW)).toEqual([
      'transfer',
      'approve_extension',
      'refuse_extension',
      'mark_duplicate',
      'list_for_supervision',
    ]);
    expect(allowedActions(state, otherSupervisor, NOW)).toEqual([]);
  });

  it('shows the reporter the objection button only inside the window', () => {
    expect(allowedActions(caseIn('closed'), reporter, NOW)).toEqual(['object']);
  });
});

describe('robustness', () => {
  it('refuses an unknown action and an invalid time instead of throwing', () => {
    const unknown = { action: 'delete' } as unknown as TransitionRequest;
    refusedWith(decide(caseIn('assigned'), unknown, officer, NOW), 'invalid', 'action');
    refusedWith(decide(caseIn('assigned'), SAMPLE.accept, officer, new Date('nope')), 'invalid', 'now');
  });

  it('refuses over-long text', () => {
    const d = decide(caseIn('assigned'), { action: 'reject', reason: '长'.repeat(4001) }, officer, NOW);
    refusedWith(d, 'invalid', 'reason');
  });

  it('does not mutate the facts it is given', () => {
    const state = caseIn('verifying', { extension: pendingExtension });
    const before = structuredClone(state);
    decide(state, SAMPLE.approve_extension, supervisor, NOW);
    decide(state, SAMPLE.record_findings, colleague, NOW);
    expect(state).toEqual(before);
  });
});

describe('facts and open cases', () => {
  it('derives the county of a stored record from its township when the location lacks it', () => {
    const facts = factsOf(
      {
        caseNumber: '20261101-000001',
        status: 'assigned',
        category: 'general_hazard',
        imminentDanger: false,
        townshipCode: SHENHOU,
        location: {},
      },
      XUCHANG,
    );
    expect(facts).toMatchObject({ countyCode: YUZHOU, regionCode: XUCHANG });
    expect(facts).not.toHaveProperty('location');
  });

  it('final statuses are not open unless an objection is pending', () => {
    expect(isOpen({ status: 'verifying' })).toBe(true);
    expect(isOpen({ status: 'rejected' })).toBe(false);
    expect(isOpen({ status: 'closed' })).toBe(false);
  });
});

describe('dueFor: the caller’s arithmetic for the named deadlines', () => {
  const cal = loadCalendar();
  const policy = resolvePolicy(loadDeadlinePolicies(), LINGJING, TODAY);

  it('verification: 60 calendar days from acceptance', () => {
    const d = ok(decide(caseIn('assigned'), SAMPLE.accept, officer, NOW));
    expect(dueFor(cal, policy, must(d.due), NOW)).toMatchObject({
      period: 'verification',
      dueDate: '2027-01-26',
    });
  });

  it('extension: 60 + days from acceptance', () => {
    const state = caseIn('verifying', { verificationFrom: NOW.toISOString(), extension: pendingExtension });
    const d = ok(decide(state, SAMPLE.approve_extension, supervisor, NOW));
    expect(dueFor(cal, policy, must(d.due), NOW)).toMatchObject({
      period: 'verification',
      dueDate: '2027-02-25',
    });
  });

  it('feedback: 10 days after the conclusion; objection window: 10 days after the feedback', () => {
    const concluded = ok(decide(caseIn('verifying'), SAMPLE.substantiate, officer, NOW));
    expect(dueFor(cal, policy, must(concluded.due), NOW).dueDate).toBe('2026-12-07');
    const closed = ok(decide(caseIn('substantiated'), SAMPLE.close, officer, NOW));
    const window = dueFor(cal, policy, must(closed.objectionWindow), NOW);
    expect(window).toMatchObject({
      period: 'objectionWindow',
      dueDate: '2026-12-07',
      dueAt: '2026-12-07T16:00:00.000Z',
    });
  });

  it('objection review: 30 days; rectification: the order’s own date', () => {
    const objected = ok(decide(caseIn('closed'), SAMPLE.object, reporter, NOW));
    expect(dueFor(cal, policy, must(objected.due), NOW).dueDate).toBe('2026-12-28');
    const ordered = ok(decide(caseIn('substantiated'), SAMPLE.order_rectification, officer, NOW));
    expect(dueFor(cal, policy, must(ordered.due), NOW)).toMatchObject({
      period: 'rectification',
      dueDate: '2026-12-31',
      dueAt: '2026-12-31T16:00:00.000Z',
    });
  });
});
