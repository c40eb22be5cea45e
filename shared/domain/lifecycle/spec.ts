/**
 * The shape of one action of the lifecycle, written once per action in actions/*.ts: who may take
 * it from which statuses, the event it appends, whether the reporter sees it and is told, the
 * deadlines it fulfils and starts, how its request is validated and what it does to the case.
 * The per-action tables other modules read (PERMISSIONS, FROM_STATES, EVENT_TYPE …) are derived
 * from these objects in registry.ts, so adding an action means writing one object.
 */
import type { CaseStatus } from '../case-status.ts';
import type { PeriodName } from '../deadline-policy.ts';
import type { DecisionLookups } from '../destinations.ts';
import type { CaseFacts, DueKind } from './facts.ts';
import type { RequestOf, TransitionRequest } from './request-schema.ts';
import type { Action, ActorRole, LifecycleActor } from './requests.ts';

/** Timeline event types the lifecycle appends. */
export const LIFECYCLE_EVENT_TYPES = [
  'routed',
  'accepted',
  'rejected',
  'transferred',
  'verification_started',
  'findings_recorded',
  'substantiated',
  'unsubstantiated',
  'rectification_ordered',
  'rectification_confirmed',
  'closed',
  'extension_requested',
  'extension_approved',
  'extension_refused',
  'marked_duplicate',
  'listed_for_supervision',
  'objection_raised',
  'objection_upheld',
  'objection_dismissed',
  'recheck_requested',
  'recheck_recorded',
  'rectification_rejected',
] as const;
export type LifecycleEventType = (typeof LIFECYCLE_EVENT_TYPES)[number];

/** The next deadline: a policy period from now, the verification period extended, or an order's date. */
export type NextDue =
  | { period: PeriodName; from: 'now' }
  | { period: 'verification'; from: string; plusDays: number }
  | { period: 'rectification'; date: string };

export interface LifecycleEvent {
  type: LifecycleEventType;
  reporterVisible: boolean;
  /** The new status, when the action changed it. */
  status?: CaseStatus;
  /** Text for the reporter (reason, feedback); only on reporter-visible events. */
  text?: string;
  /** Staff-only text (findings, conclusion, order, notes). */
  internalNote?: string;
  /** Staff-only structured details (codes, days, dates, `late`). */
  detail?: Record<string, string | number | boolean>;
}

export interface Approval {
  ok: true;
  action: Action;
  /** The status after the action (may equal the current one). */
  status: CaseStatus;
  /** Facts to store on the case (merged over the current ones). */
  patch: Partial<CaseFacts>;
  event: LifecycleEvent;
  /** The deadline the case is under next: absent = unchanged, null = none. */
  due?: NextDue | null;
  /** At close: this period from now ends the objection window (`objectionWindowEndsAt`). */
  objectionWindow?: { period: 'objectionWindow'; from: 'now' };
  notifyReporter: boolean;
  /** The case goes back to the city's triage: its township and county are dropped. */
  toTriage?: true;
  /** The action discharges the deadline the case is under, and that deadline had passed. */
  late: boolean;
}

export type RefusalCode =
  | 'not_allowed_in_state'
  | 'role_not_allowed'
  | 'out_of_jurisdiction'
  | 'already_done'
  | 'invalid'
  | 'too_late'
  | 'same_person';

export interface Refusal {
  ok: false;
  code: RefusalCode;
  message: string;
  /** The same in Chinese, as a person would say it (no codes, no field names). */
  messageZh: string;
  /** The request field at fault, for `invalid` (and a destination `out_of_jurisdiction`). */
  field?: string;
}

export type Decision = Approval | Refusal;

/** A value, or the refusal that stopped it. */
export type Checked<T> = T | Refusal;

/** What an action does to the case, before the common parts (lateness, event, visibility) are added. */
export interface Outcome {
  status?: CaseStatus;
  patch?: Partial<CaseFacts>;
  text?: string | undefined;
  internalNote?: string | undefined;
  detail?: Record<string, string | number | boolean>;
  due?: NextDue | null;
  objectionWindow?: Approval['objectionWindow'];
  /** One of the spec's `events` other than the first (review_objection: upheld or dismissed). */
  eventType?: LifecycleEventType;
  toTriage?: boolean;
}

/** What an action sees when it validates and applies a request. */
export interface ActionContext {
  state: CaseFacts;
  actor: LifecycleActor;
  /** The actor's id as facts record it ('reporter' for the reporter). */
  by: string;
  now: Date;
  /** `now` as an ISO instant, the time stamp of every fact the action records. */
  at: string;
  lookups: DecisionLookups;
}

/** The data part of an action's spec: everything but its code. */
export interface ActionFacts {
  /** Who may take it, and from which statuses. A role not listed may never take it. */
  roles: Partial<Record<ActorRole, readonly CaseStatus[]>>;
  /** Statuses from which the system itself (the place matcher) takes it; absent: never. */
  system?: readonly CaseStatus[];
  /** The events it appends: the first unless `apply` names another. */
  events: readonly [LifecycleEventType, ...LifecycleEventType[]];
  /** Whether the reporter's follow-up page shows its event. */
  reporterVisible: boolean;
  /** Whether the reporter is sent a message (SMS or follow-up notice). */
  notifiesReporter: boolean;
  /** The deadlines it fulfils: taking it after one of these passed is `late`. */
  discharges: readonly DueKind[];
  /** The deadlines it may start (the exact next one comes from `apply`). */
  starts: readonly DueKind[];
  /**
   * Facts the action needs beyond its from-states (a pending request, a confirmation, the window),
   * checked before the request's fields so the buttons to show do not depend on them.
   */
  guard?: (state: CaseFacts, actor: LifecycleActor, now: Date) => Refusal | null;
}

/** One action written out: its facts, its request validation and what it does. */
export interface ActionSpec<A extends Action, V> extends ActionFacts {
  validate: (request: RequestOf<A>, ctx: ActionContext) => Checked<V>;
  apply: (valid: V, ctx: ActionContext) => Checked<Outcome>;
}

/** An action's spec as the registry keeps it: validation and apply joined. */
export interface ActionEntry extends ActionFacts {
  run: (request: TransitionRequest, ctx: ActionContext) => Checked<Outcome>;
}

export const failed = <T>(v: Checked<T>): v is Refusal =>
  typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

/** Writes an action once; the registry dispatches by action name, so the request has its shape. */
export function defineAction<A extends Action, V>(spec: ActionSpec<A, V>): ActionEntry {
  const { validate, apply, ...facts } = spec;
  return {
    ...facts,
    run: (request, ctx) => {
      const valid = validate(request as RequestOf<A>, ctx);
      return failed(valid) ? valid : apply(valid, ctx);
    },
  };
}
