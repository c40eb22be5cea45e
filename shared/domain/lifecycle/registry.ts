/**
 * Every action's spec by name, and the per-action tables other modules read, derived from them:
 * permissions by role, the statuses each action starts from, its event, whether the reporter sees
 * it and is told, the deadlines it discharges. Nothing here is written by hand twice.
 *
 * States and actions (role: from-states → resulting status):
 *   assign_township       operator, county_supervisor (and the place matcher from triage): triage, assigned → assigned
 *   accept (受理)          township_officer: assigned → accepted
 *   reject (不予受理)       township_officer: assigned → rejected (final; the reason goes to the reporter)
 *   transfer (移交)        township_officer: assigned, accepted, verifying; county_supervisor: those and
 *                         triage; operator: triage → assigned (another township) | transferred (a
 *                         department, final) | triage (the city's, dropping township and county)
 *   start_verification    township_officer: accepted → verifying
 *   record_findings       township_officer: verifying → verifying (internal note)
 *   substantiate (属实)    township_officer: verifying → substantiated
 *   unsubstantiate (不属实) township_officer: verifying → unsubstantiated
 *   order_rectification   township_officer: substantiated → rectifying
 *   confirm_rectification township_officer: rectifying → rectifying with `rectification.confirmedAt`
 *   close (办结)           township_officer: substantiated, unsubstantiated, rectifying (confirmed only) → closed
 *   request_extension     township_officer: accepted, verifying (no request pending, none granted)
 *   approve_extension     county_supervisor: accepted, verifying with a pending request; 1–30 days
 *   refuse_extension      county_supervisor: accepted, verifying with a pending request
 *   mark_duplicate        township_officer, county_supervisor: assigned, accepted, verifying → closed
 *   list_for_supervision  county_supervisor: assigned … rectifying; major hazards only, once (挂牌督办)
 *   object (异议)          reporter: closed, within the objection window after the feedback
 *   review_objection      county_supervisor: closed with a pending objection → verifying | closed
 *   request_recheck (复查) township_officer: rectifying, not confirmed, no re-check pending
 *   record_recheck        village_coordinator of that village: rectifying with a re-check pending
 *   reject_rectification  township_officer: rectifying, not confirmed → a new rectification deadline
 */
import { type CaseStatus, STATUSES } from '../case-status.ts';
import { STAFF_ROLES } from '../roles.ts';
import {
  accept,
  close,
  listForSupervision,
  recordFindings,
  reject,
  startVerification,
  substantiate,
  unsubstantiate,
} from './actions/handling.ts';
import {
  confirmRectification,
  orderRectification,
  recordRecheck,
  rejectRectification,
  requestRecheck,
} from './actions/rectification.ts';
import {
  approveExtension,
  object,
  refuseExtension,
  requestExtension,
  reviewObjection,
} from './actions/review.ts';
import { assignTownship, markDuplicate, transfer } from './actions/routing.ts';
import type { DueKind } from './facts.ts';
import { ACTIONS, type Action, type ActorRole } from './requests.ts';
import type { ActionEntry, LifecycleEventType } from './spec.ts';

/** The lifecycle, one spec per action. */
export const SPECS: Record<Action, ActionEntry> = {
  assign_township: assignTownship,
  accept,
  reject,
  transfer,
  start_verification: startVerification,
  record_findings: recordFindings,
  substantiate,
  unsubstantiate,
  order_rectification: orderRectification,
  confirm_rectification: confirmRectification,
  close,
  request_extension: requestExtension,
  approve_extension: approveExtension,
  refuse_extension: refuseExtension,
  mark_duplicate: markDuplicate,
  list_for_supervision: listForSupervision,
  object,
  review_objection: reviewObjection,
  request_recheck: requestRecheck,
  record_recheck: recordRecheck,
  reject_rectification: rejectRectification,
};

const ROLES: readonly ActorRole[] = [...STAFF_ROLES, 'reporter'];
const byAction = <T>(pick: (spec: ActionEntry, action: Action) => T): Record<Action, T> =>
  Object.fromEntries(ACTIONS.map((a) => [a, pick(SPECS[a], a)])) as Record<Action, T>;

/**
 * Role × action: the statuses from which each role may take each action. A role without an entry
 * for an action may never take it. Finance officers, identity custodians and auditors never move a
 * case (rewards and identity reveal live elsewhere).
 */
export const PERMISSIONS: Record<
  ActorRole,
  Partial<Record<Action, readonly CaseStatus[]>>
> = Object.fromEntries(
  ROLES.map((role) => [
    role,
    Object.fromEntries(
      ACTIONS.flatMap((a) => {
        const states = SPECS[a].roles[role];
        return states ? [[a, states]] : [];
      }),
    ),
  ]),
) as Record<ActorRole, Partial<Record<Action, readonly CaseStatus[]>>>;

/** The statuses each action starts from (whoever takes it), in the order of STATUSES. */
export const FROM_STATES: Record<Action, readonly CaseStatus[]> = byAction((spec) => {
  const union = new Set(Object.values(spec.roles).flat());
  return STATUSES.filter((s) => union.has(s));
});

/** The event each action appends (review_objection: `objection_upheld` or `objection_dismissed`). */
export const EVENT_TYPE = Object.fromEntries(
  ACTIONS.filter((a) => SPECS[a].events.length === 1).map((a) => [a, SPECS[a].events[0]]),
) as Record<Exclude<Action, 'review_objection'>, LifecycleEventType>;

/** Which events the reporter's follow-up page shows. */
export const REPORTER_VISIBLE: Record<Action, boolean> = byAction((spec) => spec.reporterVisible);

/** Which actions send the reporter a message (SMS or follow-up page notice). */
export const NOTIFIES_REPORTER: Record<Action, boolean> = byAction((spec) => spec.notifiesReporter);

/** The deadlines an action fulfils: taking it after one of these passed is `late`. */
export const DISCHARGES: Record<Action, readonly DueKind[]> = byAction((spec) => spec.discharges);

/** Whether a role may ever take an action (in some status). */
export function roleMay(role: ActorRole, action: Action): boolean {
  return (PERMISSIONS[role][action]?.length ?? 0) > 0;
}
