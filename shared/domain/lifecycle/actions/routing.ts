/**
 * Where a case goes: assigned to a township (交办, by the operator, the county or the place
 * matcher), transferred (移交) to another township, a department or back to the city's triage,
 * or closed as a duplicate of an earlier report. Destinations are checked against the directory
 * and the actor's reach by shared/domain/destinations.ts.
 */
import { normalizeCaseNumber } from '../../case-status.ts';
import { duplicateRefusal, townshipRefusal, triageRefusal } from '../../destinations.ts';
import { acceptanceDue, covers, isStaff, refuse, refuseDestination, withdrawPending } from '../checks.ts';
import type { CaseFacts } from '../facts.ts';
import { defineAction } from '../spec.ts';

/** What the reporter of a duplicate is told (the same words on the web and by SMS). */
export const DUPLICATE_NOTICE =
  '您反映的问题与一件较早的举报是同一事项，已并入该举报一并核查办理，结果将按该举报办理情况处理。如您认为不是同一事项，可在 10 日内对本答复提出异议。';

const fromOf = (state: CaseFacts): { fromTownshipCode?: string } =>
  state.townshipCode ? { fromTownshipCode: state.townshipCode } : {};

export const assignTownship = defineAction<'assign_township', { code: string; note?: string }>({
  roles: { operator: ['triage', 'assigned'], county_supervisor: ['triage', 'assigned'] },
  // The place matcher routes a report it located to a single township (never a guess).
  system: ['triage'],
  events: ['routed'],
  reporterVisible: true,
  notifiesReporter: false,
  discharges: ['triage', 'triageImminent'],
  starts: ['acceptance', 'acceptanceImminent'],
  validate: (req, { state, actor, lookups }) => {
    const code = req.townshipCode;
    if (actor.kind !== 'reporter' && !covers(actor, code))
      return refuse(
        'out_of_jurisdiction',
        'that township is outside your jurisdiction',
        '该乡镇不在您的辖区内',
        'townshipCode',
      );
    if (actor.kind === 'reporter')
      return refuse('role_not_allowed', 'a reporter may not route a case', '举报人不能分派案件');
    const routing = actor.kind === 'system' ? { role: 'system', jurisdiction: actor.jurisdiction } : actor;
    const where = townshipRefusal(routing, code, lookups.places.get(code), state.regionCode, 'townshipCode');
    if (where) return refuseDestination(where);
    if (state.status === 'assigned' && state.townshipCode === code)
      return refuse(
        'already_done',
        'the case is already assigned to that township',
        '案件已交办给该乡镇',
        'townshipCode',
      );
    return req.note === undefined ? { code } : { code, note: req.note };
  },
  apply: ({ code, note }, { state, actor }) => ({
    status: 'assigned',
    patch: { townshipCode: code, countyCode: code.slice(0, 6) },
    // What the matcher found is for the reporter too (the place names it matched); a person's note is not.
    ...(actor.kind === 'system' ? { text: note } : { internalNote: note }),
    detail: { townshipCode: code, ...fromOf(state) },
    due: acceptanceDue(state),
  }),
});

type TransferTo =
  | { to: 'triage' }
  | { to: 'township'; code: string }
  | { to: 'department'; department: string };

export const transfer = defineAction<'transfer', TransferTo & { reason: string }>({
  roles: {
    operator: ['triage'],
    township_officer: ['assigned', 'accepted', 'verifying'],
    county_supervisor: ['triage', 'assigned', 'accepted', 'verifying'],
  },
  events: ['transferred'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: ['triage', 'triageImminent', 'acceptance', 'acceptanceImminent'],
  starts: ['triage', 'triageImminent', 'acceptance', 'acceptanceImminent'],
  validate: (req, { state, actor, lookups }) => {
    // The schema let through exactly one destination.
    const { reason, toTownshipCode: code, toDepartment: department, toTriage } = req;
    if (!isStaff(actor))
      return refuse('role_not_allowed', 'a reporter may not transfer a case', '举报人不能移交案件');
    if (toTriage) {
      if (state.status === 'triage')
        return refuse('invalid', 'the case is already in triage', '案件已在待分派队列中', 'toTriage');
      const who = triageRefusal(actor, 'toTriage');
      if (who) return refuseDestination(who);
      return { to: 'triage', reason };
    }
    if (code !== undefined) {
      if (state.status === 'triage')
        return refuse(
          'invalid',
          'a case in triage is routed with assign_township',
          '待分派的案件请用“交办乡镇”分派',
          'toTownshipCode',
        );
      if (code === state.townshipCode)
        return refuse(
          'invalid',
          'the case is already with that township',
          '案件已在该乡镇，请选择其他乡镇',
          'toTownshipCode',
        );
      const where = townshipRefusal(
        actor,
        code,
        lookups.places.get(code),
        state.regionCode,
        'toTownshipCode',
      );
      if (where) return refuseDestination(where);
      return { to: 'township', code, reason };
    }
    return { to: 'department', department: department ?? '', reason };
  },
  apply: (v, { state, by, at }) => {
    const history = state.transfers ?? [];
    const from = fromOf(state);
    const common = { at, by, ...from };
    if (v.to === 'triage')
      return {
        status: 'triage',
        // The city's triage queue: the township and county are dropped, so the city routes it anew.
        patch: {
          transfers: [...history, { ...common, toTriage: true, reason: v.reason }],
          ...withdrawPending(state),
        },
        text: v.reason,
        detail: { toTriage: true, ...from },
        due: { period: state.imminentDanger ? 'triageImminent' : 'triage', from: 'now' },
        toTriage: true,
      };
    if (v.to === 'township')
      return {
        status: 'assigned',
        patch: {
          townshipCode: v.code,
          countyCode: v.code.slice(0, 6),
          transfers: [...history, { ...common, toTownshipCode: v.code, reason: v.reason }],
          ...withdrawPending(state),
        },
        text: v.reason,
        detail: { toTownshipCode: v.code, ...from },
        due: acceptanceDue(state),
      };
    return {
      status: 'transferred',
      patch: {
        transfers: [...history, { ...common, toDepartment: v.department, reason: v.reason }],
        ...withdrawPending(state),
      },
      text: v.reason,
      detail: { toDepartment: v.department, ...from },
      due: null,
    };
  },
});

export const markDuplicate = defineAction<'mark_duplicate', { of: string; note?: string }>({
  roles: {
    township_officer: ['assigned', 'accepted', 'verifying'],
    county_supervisor: ['assigned', 'accepted', 'verifying'],
  },
  events: ['marked_duplicate'],
  reporterVisible: true,
  notifiesReporter: true,
  discharges: [],
  starts: ['objectionWindow'],
  validate: (req, { state, actor, lookups }) => {
    // The schema checked the number's shape; this is its canonical spelling.
    const of = normalizeCaseNumber(req.ofCaseNumber) ?? req.ofCaseNumber;
    if (!isStaff(actor))
      return refuse('role_not_allowed', 'a reporter may not mark duplicates', '举报人不能标记重复举报');
    const first = lookups.cases.get(of) ?? lookups.cases.get(req.ofCaseNumber);
    const which = duplicateRefusal(actor, state.caseNumber, of, first, 'ofCaseNumber');
    if (which) return refuseDestination(which);
    return req.note === undefined ? { of } : { of, note: req.note };
  },
  // The reporter is told their report joined an earlier one (never which: that number is someone
  // else's case), and the close opens the objection window like any feedback.
  apply: ({ of, note }, { state, at }) => ({
    status: 'closed',
    patch: { duplicateOf: of, closedAt: at, conclusionSentAt: at, ...withdrawPending(state) },
    text: DUPLICATE_NOTICE,
    internalNote: note,
    detail: { ofCaseNumber: of },
    due: null,
    objectionWindow: { period: 'objectionWindow', from: 'now' },
  }),
});
