/**
 * The case lifecycle as a pure state machine. No AWS, no environment, no clock, no I/O: the case
 * facts, the request, the actor and `now` come in; a decision comes out — the new status, the facts
 * to store, the timeline event, the deadline the case is under next and whether the reporter is
 * told — or a refusal code. It never throws for a bad request: refusals are values.
 *
 * Checks, in this order (the first failing one answers):
 *   1. role_not_allowed     the role may never take the action (its spec lists no statuses for it);
 *   2. out_of_jurisdiction  the case is outside the actor's jurisdiction, or the jurisdiction code
 *                           does not fit the role (township officer: 9 digits; county supervisor
 *                           and operator: 6-digit county or 4-digit city). A case's place is its
 *                           township, else its county, else the region (city) of the deployment;
 *                           an actor covers it when their code is a prefix of it.
 *   3. not_allowed_in_state the status is not one the action starts from, or a fact the action
 *                           needs is missing (the spec's `guard`: no pending extension request, no
 *                           conclusion sent, rectification not yet confirmed, no objection);
 *      role_not_allowed     the action starts from this status, but not for this role (an
 *                           operator transfers only from triage);
 *   4. already_done / same_person / too_late / invalid: the action's guard, then the request's
 *      fields by request-schema.ts (`invalid` carries the field name), then the rules that need the
 *      case or the clock (a date not past, a township in reach).
 *
 * Deadlines. The machine names the next deadline (`Approval.due`); transition.ts turns it into a
 * date with the policy and calendar:
 *   assign_township, transfer to a township → acceptance (acceptanceImminent when imminent danger)
 *   accept                                 → verification (60 days), from now
 *   approve_extension                      → verification from `verificationFrom` plus `days`
 *   substantiate, unsubstantiate           → feedback (10 days): verification has ended
 *   order_rectification, reject_rectification → the order's own date
 *   confirm_rectification                  → feedback (10 days): handling has ended
 *   close, mark_duplicate                  → none; the objection window (10 days) opens
 *   object                                 → objectionReview (30 days)
 *   review_objection                       → verification when upheld, none when dismissed
 *   reject, transfer to a department       → none
 * A late action is never blocked: when an action discharges the deadline the case is under after
 * it passed, the decision says `late: true` (close also stores `closedLate`). The reporter's
 * objection is the one thing refused as `too_late`: the window is theirs, not staff's.
 *
 * Modelling choices:
 * - Rectification confirmed keeps the status `rectifying` and sets `rectification.confirmedAt`; the
 *   status never goes back. Close from `rectifying` needs the confirmation.
 * - The conclusion text of substantiate/unsubstantiate is internal; the reporter sees the status
 *   change, and receives the conclusion with the feedback at close. The objection window therefore
 *   runs from the close (`conclusionSentAt`).
 * - `rejected`, `transferred` (to a department) and `closed` are final; `closed` reopens only when an
 *   objection is upheld. A duplicate is closed with a link to the first case.
 * - Extensions: one granted per case. A refused request may be followed by a new one; a request still
 *   pending when the case is transferred, concluded or closed as a duplicate is withdrawn.
 * - A reporter objects once per feedback; an upheld objection reopens verification and the next
 *   close opens a new window.
 * - Event `text` is meant for the reporter and is set only on reporter-visible events;
 *   `internalNote` and `detail` are for staff only.
 */
import { STATUS_LABELS } from '../case-status.ts';
import { type DecisionLookups, NO_LOOKUPS } from '../destinations.ts';
import { ACTION_LABELS } from '../lifecycle-labels.ts';
import { covers, coversRecheck, isLate, placeOf, refuse } from './checks.ts';
import type { CaseFacts } from './facts.ts';
import { PERMISSIONS, SPECS } from './registry.ts';
import { parseTransitionRequest, type TransitionRequest } from './request-schema.ts';
import { ACTIONS, type Action, type LifecycleActor } from './requests.ts';
import { type Decision, failed, type LifecycleEvent, type Refusal } from './spec.ts';

const roleName = (actor: LifecycleActor) =>
  actor.kind === 'reporter' ? 'reporter' : actor.kind === 'system' ? 'system' : actor.role;

/** Everything that does not depend on the request's fields. */
function precheck(state: CaseFacts, action: Action, actor: LifecycleActor, now: Date): Refusal | null {
  const spec = SPECS[action];
  const role = roleName(actor);
  const roleStates =
    actor.kind === 'system'
      ? spec.system
      : PERMISSIONS[actor.kind === 'reporter' ? 'reporter' : actor.role][action];
  if (!roleStates?.length)
    return refuse(
      'role_not_allowed',
      `a ${role} may not ${action}`,
      `您的岗位不能${ACTION_LABELS[action].zh}`,
    );
  if (actor.kind !== 'reporter') {
    if (typeof actor.id !== 'string' || actor.id === '')
      return refuse('invalid', 'actor id missing', '登录信息缺少工作人员账号，请重新登录', 'actor');
    const inScope =
      actor.kind !== 'system' && actor.role === 'village_coordinator'
        ? coversRecheck(actor, state)
        : covers(actor, placeOf(state));
    if (!inScope)
      return refuse('out_of_jurisdiction', 'the case is outside your jurisdiction', '该案件不在您的辖区内');
  }
  const fromStates = Object.values(spec.roles).flat();
  if (!fromStates.includes(state.status) && !spec.system?.includes(state.status))
    return refuse(
      'not_allowed_in_state',
      `${action} is not possible when the case is ${state.status}`,
      `案件现为“${STATUS_LABELS[state.status].zh}”，不能${ACTION_LABELS[action].zh}`,
    );
  if (!roleStates.includes(state.status))
    return refuse(
      'role_not_allowed',
      `a ${role} may not ${action} when the case is ${state.status}`,
      `案件现为“${STATUS_LABELS[state.status].zh}”，您的岗位不能${ACTION_LABELS[action].zh}`,
    );
  return spec.guard?.(state, actor, now) ?? null;
}

/** The actions `actor` may take on the case now (the buttons to show). */
export function allowedActions(state: CaseFacts, actor: LifecycleActor, now: Date): Action[] {
  if (Number.isNaN(now.getTime())) return [];
  return ACTIONS.filter((a) => precheck(state, a, actor, now) === null);
}

/**
 * Decides a transition. Never throws for bad input; returns a refusal code instead.
 * `actor` is the signed-in staff member, the reporter on their own case, or the system.
 */
export function decide(
  state: CaseFacts,
  request: TransitionRequest,
  actor: LifecycleActor,
  now: Date,
  lookups: DecisionLookups = NO_LOOKUPS,
): Decision {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    return refuse('invalid', 'no valid time', '系统时间无效', 'now');
  if (!request || typeof request !== 'object' || !ACTIONS.includes(request.action))
    return refuse('invalid', 'unknown action', '不认识的操作', 'action');
  const action = request.action;
  const pre = precheck(state, action, actor, now);
  if (pre) return pre;
  // The fields are checked after who and when, so the buttons to show never depend on them.
  const valid = parseTransitionRequest(request);
  if (failed(valid)) return valid;
  const spec = SPECS[action];
  const by = actor.kind === 'reporter' ? 'reporter' : actor.id;
  const outcome = spec.run(valid, { state, actor, by, now, at: now.toISOString(), lookups });
  if (failed(outcome)) return outcome;

  const late = isLate(state, spec.discharges, now);
  const status = outcome.status ?? state.status;
  const reporterVisible = spec.reporterVisible;
  const detail = { ...outcome.detail, ...(late ? { late: true } : {}) };
  const event: LifecycleEvent = {
    type: outcome.eventType ?? spec.events[0],
    reporterVisible,
    ...(status !== state.status ? { status } : {}),
    ...(reporterVisible && outcome.text ? { text: outcome.text } : {}),
    ...(outcome.internalNote ? { internalNote: outcome.internalNote } : {}),
    ...(Object.keys(detail).length ? { detail } : {}),
  };
  return {
    ok: true,
    action,
    status,
    patch: outcome.patch ?? {},
    event,
    ...(outcome.due !== undefined ? { due: outcome.due } : {}),
    ...(outcome.objectionWindow ? { objectionWindow: outcome.objectionWindow } : {}),
    notifyReporter: spec.notifiesReporter,
    ...(outcome.toTriage ? { toTriage: true as const } : {}),
    late,
  };
}
