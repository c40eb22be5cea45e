/**
 * The case lifecycle as a pure state machine (SPEC §2, RULES.md §4).
 * No AWS, no environment, no clock, no I/O: the case facts, the request, the actor and `now` come
 * in; a decision comes out — the new status, the facts to store, the timeline event, the deadline
 * the case is under next and whether the reporter is told — or a refusal code. It never throws
 * for a bad request: refusals are values.
 *
 * Checks, in this order (the first failing one answers):
 *   1. role_not_allowed     the role may never take the action (PERMISSIONS has no entry);
 *   2. out_of_jurisdiction  the case is outside the actor's jurisdiction, or the jurisdiction code
 *                           does not fit the role (township officer: 9 digits; county supervisor
 *                           and operator: 6-digit county or 4-digit city). A case's place is its
 *                           township, else its county, else the region (city) of the deployment;
 *                           an actor covers it when their code is a prefix of it.
 *   3. not_allowed_in_state the status is not one the action starts from (FROM_STATES), or a fact
 *                           the action needs is missing (no pending extension request, no
 *                           conclusion sent, rectification not yet confirmed, no objection);
 *      role_not_allowed     the action starts from this status, but not for this role (an
 *                           operator transfers only from triage);
 *   4. already_done / same_person / too_late / invalid: the action's own guards, then the request's
 *      fields (`invalid` carries the field name).
 *
 * States and actions (role: from-states → resulting status):
 *   assign_township       operator, county_supervisor: triage, assigned → assigned
 *   accept (受理)          township_officer: assigned → accepted
 *   reject (不予受理)       township_officer: assigned → rejected (final; the reason goes to the reporter)
 *   transfer (移交)        township_officer: assigned, accepted, verifying; county_supervisor: those and
 *                         triage; operator: triage → assigned (to another township) | transferred (to a
 *                         department, final). From triage only to a department (a township is
 *                         assign_township). History is kept in `transfers`.
 *   start_verification    township_officer: accepted → verifying
 *   record_findings       township_officer: verifying → verifying (internal note)
 *   substantiate (属实)    township_officer: verifying → substantiated
 *   unsubstantiate (不属实) township_officer: verifying → unsubstantiated
 *   order_rectification   township_officer: substantiated → rectifying
 *   confirm_rectification township_officer: rectifying → rectifying with `rectification.confirmedAt`
 *   close (办结)           township_officer: substantiated, unsubstantiated, rectifying (confirmed only)
 *                         → closed; the feedback goes to the reporter
 *   request_extension     township_officer: accepted, verifying (no request pending, none granted)
 *   approve_extension     county_supervisor: accepted, verifying with a pending request; 1–30 days
 *   refuse_extension      county_supervisor: accepted, verifying with a pending request
 *   mark_duplicate        township_officer, county_supervisor: assigned, accepted, verifying → closed
 *                         with `duplicateOf`
 *   list_for_supervision  county_supervisor: assigned, accepted, verifying, substantiated, rectifying;
 *   (挂牌督办)             major hazards only, once
 *   object (异议)          reporter: closed, within the objection window after the feedback
 *   review_objection      county_supervisor: closed with a pending objection, not by anyone who
 *                         verified the case → verifying (upheld: verified again) | closed (dismissed)
 *   request_recheck (复查) township_officer: rectifying (not confirmed, no re-check pending) →
 *                         rectifying; hands an on-site re-check to the village's safety coordinator
 *                         with the officer's own summary and unit name (never the report)
 *   record_recheck        village_coordinator of that village: rectifying with a re-check pending →
 *                         rectifying with the result (rectified or not) and a note
 *   reject_rectification  township_officer: rectifying (not confirmed) → rectifying with a new
 *                         rectification deadline (the re-check or the officer found it not done)
 *
 * Deadlines. The machine names the next deadline (`Approval.due`) and leaves the arithmetic to the
 * caller (`dueFor` below, or shared/domain/case-deadlines.ts computeDue / deadlines.ts dueOf):
 *   assign_township, transfer to a township → acceptance (acceptanceImminent when imminent danger), from now
 *   accept                                 → verification (60 days), from now
 *   approve_extension                      → verification counted from `verificationFrom` plus `days`
 *                                            (60 + days from acceptance; the last day rolled per Art 203)
 *   substantiate, unsubstantiate           → feedback (10 days), from now: verification has ended
 *   order_rectification                    → the order's own deadline (`{ period: 'rectification', date }`)
 *   confirm_rectification                  → feedback (10 days), from now: handling has ended
 *   close                                  → none; and `objectionWindow` (10 days) from now, whose end the
 *                                            caller stores as `objectionWindowEndsAt`
 *   object                                 → objectionReview (30 days), from now
 *   review_objection                       → verification from now when upheld, none when dismissed
 *   reject, transfer to a department, mark_duplicate → none
 *   any other action                       → unchanged (`due` absent)
 * A late action is never blocked: when an action discharges the deadline the case is under
 * (DISCHARGES) after it passed, the decision says `late: true` (close also stores `closedLate`).
 * The reporter's objection is the one thing refused as `too_late`: the window is theirs, not staff's.
 *
 * Modelling choices:
 * - Rectification confirmed keeps the status `rectifying` and sets `rectification.confirmedAt`; the
 *   status never goes back. Close from `rectifying` needs the confirmation.
 * - The conclusion text of substantiate/unsubstantiate is internal; the reporter sees the status
 *   change, and receives the conclusion with the feedback at close. The objection window therefore
 *   runs from the close (`conclusionSentAt`).
 * - `rejected`, `transferred` (to a department) and `closed` are final; `closed` reopens only when an
 *   objection is upheld. A duplicate is closed with a link to the first case (no feedback of its own,
 *   hence no objection).
 * - Extensions: one granted per case. A refused request may be followed by a new one; a request still
 *   pending when the case is transferred, concluded or closed as a duplicate is withdrawn.
 * - A reporter objects once per feedback; an upheld objection reopens verification and the next
 *   close opens a new window.
 * - Event `text` is meant for the reporter and is set only on reporter-visible events;
 *   `internalNote` and `detail` are for staff only.
 */
import { addDays, type CalendarData, parseYmd } from './calendar.ts';
import { type CaseStatus, type Category, normalizeCaseNumber, STATUS_LABELS } from './case.ts';
import type { PeriodName, ResolvedPolicy } from './deadline-policy.ts';
import { dueOf } from './deadlines.ts';
import {
  type DecisionLookups,
  type DestinationRefusal,
  duplicateRefusal,
  NO_LOOKUPS,
  townshipRefusal,
  triageRefusal,
} from './destinations.ts';
import { ACTION_LABELS, fieldLabel } from './lifecycle-labels.ts';
import { endOfShanghaiDay, shanghaiDate } from './shanghai-time.ts';

// ---------------------------------------------------------------------------------------------
// Actors

export const STAFF_ROLES = [
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'identity_custodian',
  'auditor',
  /** Village safety coordinator (安全生产协管员/信息员): 12-digit village code; patrol reports and re-checks. */
  'village_coordinator',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A signed-in staff member; `jurisdiction` is a 9-digit township, 6-digit county or 4-digit city code. */
export interface StaffActor {
  kind?: 'staff';
  id: string;
  role: StaffRole;
  jurisdiction: string;
}
/** The reporter, authenticated on their own case by case number and access key (or SMS sender). */
export interface ReporterActor {
  kind: 'reporter';
}
export type LifecycleActor = StaffActor | ReporterActor;
export type ActorRole = StaffRole | 'reporter';

/** Jurisdiction code lengths each role may hold. */
const SCOPE_LENGTHS: Record<StaffRole, readonly number[]> = {
  operator: [4, 6],
  township_officer: [9],
  county_supervisor: [4, 6],
  finance_officer: [4, 6, 9],
  identity_custodian: [4, 6, 9],
  auditor: [4, 6, 9],
  village_coordinator: [12],
};

// ---------------------------------------------------------------------------------------------
// Actions and requests

export const ACTIONS = [
  'assign_township',
  'accept',
  'reject',
  'transfer',
  'start_verification',
  'record_findings',
  'substantiate',
  'unsubstantiate',
  'order_rectification',
  'confirm_rectification',
  'close',
  'request_extension',
  'approve_extension',
  'refuse_extension',
  'mark_duplicate',
  'list_for_supervision',
  'object',
  'review_objection',
  'request_recheck',
  'record_recheck',
  'reject_rectification',
] as const;
export type Action = (typeof ACTIONS)[number];

/** A transition request, as posted to `POST /api/v1/cases/{caseNumber}/transitions`. */
export type TransitionRequest =
  | { action: 'assign_township'; townshipCode: string; note?: string }
  | { action: 'accept'; note?: string }
  | { action: 'reject'; reason: string }
  | {
      action: 'transfer';
      toTownshipCode: string;
      toDepartment?: undefined;
      toTriage?: undefined;
      reason: string;
    }
  | {
      action: 'transfer';
      toDepartment: string;
      toTownshipCode?: undefined;
      toTriage?: undefined;
      reason: string;
    }
  | {
      action: 'transfer';
      toTriage: true;
      toTownshipCode?: undefined;
      toDepartment?: undefined;
      reason: string;
    }
  | { action: 'start_verification'; note?: string }
  | { action: 'record_findings'; findings: string }
  | { action: 'substantiate'; conclusion: string }
  | { action: 'unsubstantiate'; conclusion: string }
  | { action: 'order_rectification'; order: string; deadline: string }
  | { action: 'confirm_rectification'; note?: string }
  | { action: 'close'; feedback: string }
  | { action: 'request_extension'; reason: string }
  | { action: 'approve_extension'; days: number; reason: string }
  | { action: 'refuse_extension'; reason: string }
  | { action: 'mark_duplicate'; ofCaseNumber: string; note?: string }
  | { action: 'list_for_supervision'; deadline: string; publicName?: string; note?: string }
  | { action: 'object'; reason: string }
  | { action: 'review_objection'; upheld: boolean; reason: string }
  | { action: 'request_recheck'; summary: string; unitName: string; villageCode?: string }
  | { action: 'record_recheck'; result: RecheckResult; note: string }
  | { action: 'reject_rectification'; reason: string; deadline: string };
export type RequestOf<A extends Action> = Extract<TransitionRequest, { action: A }>;

/** Longest extension the county may grant (安监总财〔2012〕63号 Art 11(6); policy `extensionMax`). */
export const EXTENSION_MAX_DAYS = 30;
/** Longest free text accepted in a request (reasons, findings, feedback …). */
export const MAX_TEXT = 4000;
/** Longest department name. */
export const MAX_DEPARTMENT = 200;

// ---------------------------------------------------------------------------------------------
// Facts

/** A deadline the case can be under: a policy period, or the date of a rectification order. */
export type DueKind = PeriodName | 'rectification';
/** The part of the case's current deadline the machine reads (CaseRecord.due fits it). */
export interface CurrentDue {
  period: DueKind;
  dueAt: string;
}

export interface RejectionFacts {
  at: string;
  by: string;
  reason: string;
}
export interface TransferFacts {
  at: string;
  by: string;
  fromTownshipCode?: string;
  toTownshipCode?: string;
  toDepartment?: string;
  /** Sent back to the city's triage (the place lies in another county). */
  toTriage?: boolean;
  reason: string;
}
export interface ConclusionFacts {
  outcome: 'substantiated' | 'unsubstantiated';
  text: string;
  at: string;
  by: string;
}
export interface RectificationFacts {
  order: string;
  /** YYYY-MM-DD, Shanghai calendar date set by the order. */
  deadline: string;
  orderedAt: string;
  orderedBy: string;
  confirmedAt?: string;
  confirmedBy?: string;
  note?: string;
}
export interface ExtensionFacts {
  status: 'requested' | 'approved' | 'refused' | 'withdrawn';
  requestedAt: string;
  requestedBy: string;
  reason: string;
  decidedAt?: string;
  decidedBy?: string;
  days?: number;
  decisionReason?: string;
}
export interface SupervisionFacts {
  /** YYYY-MM-DD set by the county for the listed hazard. */
  deadline: string;
  listedAt: string;
  listedBy: string;
  /**
   * The unit's name as the county publishes it (the public page), checked by the supervisor —
   * never the reporter's own words, which can identify them. Absent: published as unnamed.
   */
  publicName?: string;
  note?: string;
}
export interface ObjectionFacts {
  status: 'pending' | 'upheld' | 'dismissed';
  raisedAt: string;
  reason: string;
  reviewedAt?: string;
  reviewedBy?: string;
  reviewReason?: string;
}

export const RECHECK_RESULTS = ['rectified', 'not_rectified'] as const;
export type RecheckResult = (typeof RECHECK_RESULTS)[number];

/**
 * An on-site re-check (复查) of a rectification, handed to the village's safety coordinator. It
 * carries only what the officer wrote for it: the coordinator never sees the report.
 */
export interface RecheckFacts {
  /** requested → recorded → confirmed | rejected; withdrawn when the officer decided without it. */
  status: 'requested' | 'recorded' | 'confirmed' | 'rejected' | 'withdrawn';
  /**
   * Opaque id of the task the coordinator sees instead of the case number (which carries the day
   * the report came in); set by the service when the re-check is requested.
   */
  taskId?: string;
  villageCode: string;
  /** The officer's summary of the hazard, written for the coordinator. */
  summary: string;
  /** The unit as the officer names it. */
  unitName: string;
  /** The rectification deadline (YYYY-MM-DD) when the re-check was asked for. */
  deadline: string;
  requestedAt: string;
  requestedBy: string;
  result?: RecheckResult;
  note?: string;
  recordedAt?: string;
  recordedBy?: string;
}

/** Lifecycle facts kept on the case record (all optional: a new case has none). */
export interface LifecycleFacts {
  acceptedAt?: string;
  acceptedBy?: string;
  /** The instant the verification period counts from: acceptance, or the reopening after an upheld objection. */
  verificationFrom?: string;
  /** Staff ids who started verification, recorded findings or concluded (never review their objection). */
  verifiedBy?: string[];
  rejection?: RejectionFacts;
  transfers?: TransferFacts[];
  conclusion?: ConclusionFacts;
  rectification?: RectificationFacts;
  extension?: ExtensionFacts;
  supervision?: SupervisionFacts;
  /** Case number of the first report of the same matter. */
  duplicateOf?: string;
  closedAt?: string;
  /** The close came after the feedback deadline. */
  closedLate?: boolean;
  /** When the feedback with the conclusion went to the reporter (the close). */
  conclusionSentAt?: string;
  /** End of the objection window, computed by the caller from the `objectionWindow` period at close. */
  objectionWindowEndsAt?: string;
  objection?: ObjectionFacts;
  recheck?: RecheckFacts;
}

/** What the machine needs to know about a case. */
export interface CaseFacts extends LifecycleFacts {
  caseNumber: string;
  status: CaseStatus;
  category: Category;
  imminentDanger: boolean;
  townshipCode?: string;
  /** The case's county (location.countyCode); derived from the township when absent. */
  countyCode?: string;
  /** The case's village (location.villageCode), where the re-check goes by default. */
  villageCode?: string;
  /** The city of the deployment, the place of a case in triage without a county. */
  regionCode?: string;
  /** The deadline the case is under now. */
  due?: CurrentDue;
}

/** Facts of a stored case record: `location.countyCode` becomes `countyCode`. */
export function factsOf(
  record: Omit<CaseFacts, 'countyCode' | 'regionCode' | 'villageCode'> & {
    location: { countyCode?: string; villageCode?: string };
  },
  regionCode?: string,
): CaseFacts {
  const { location, ...rest } = record;
  const countyCode = location.countyCode ?? record.townshipCode?.slice(0, 6);
  return {
    ...rest,
    ...(countyCode ? { countyCode } : {}),
    ...(location.villageCode ? { villageCode: location.villageCode } : {}),
    ...(regionCode ? { regionCode } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Tables

/** The statuses each action starts from (whoever takes it). */
export const FROM_STATES: Record<Action, readonly CaseStatus[]> = {
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

/**
 * Role × action: the statuses from which each role may take each action. A role without an entry
 * for an action may never take it. Finance officers, identity custodians and auditors never move a
 * case (rewards and identity reveal live elsewhere).
 */
export const PERMISSIONS: Record<ActorRole, Partial<Record<Action, readonly CaseStatus[]>>> = {
  operator: {
    assign_township: ['triage', 'assigned'],
    transfer: ['triage'],
  },
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
  village_coordinator: {
    record_recheck: ['rectifying'],
  },
  reporter: {
    object: ['closed'],
  },
};

/** Whether a role may ever take an action (in some status). */
export function roleMay(role: ActorRole, action: Action): boolean {
  return (PERMISSIONS[role][action]?.length ?? 0) > 0;
}

/** Timeline event types the lifecycle appends; all but `routed` are new to case.ts EventType. */
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

/** The event each action appends (review_objection: `objection_upheld` or `objection_dismissed`). */
export const EVENT_TYPE: Record<Exclude<Action, 'review_objection'>, LifecycleEventType> = {
  assign_township: 'routed',
  accept: 'accepted',
  reject: 'rejected',
  transfer: 'transferred',
  start_verification: 'verification_started',
  record_findings: 'findings_recorded',
  substantiate: 'substantiated',
  unsubstantiate: 'unsubstantiated',
  order_rectification: 'rectification_ordered',
  confirm_rectification: 'rectification_confirmed',
  close: 'closed',
  request_extension: 'extension_requested',
  approve_extension: 'extension_approved',
  refuse_extension: 'extension_refused',
  mark_duplicate: 'marked_duplicate',
  list_for_supervision: 'listed_for_supervision',
  object: 'objection_raised',
  request_recheck: 'recheck_requested',
  record_recheck: 'recheck_recorded',
  reject_rectification: 'rectification_rejected',
};

/** Which events the reporter's follow-up page shows (the defined subset of SPEC §2). */
export const REPORTER_VISIBLE: Record<Action, boolean> = {
  assign_township: true,
  accept: true,
  reject: true,
  transfer: true,
  start_verification: true,
  record_findings: false,
  substantiate: true,
  unsubstantiate: true,
  order_rectification: true,
  confirm_rectification: true,
  close: true,
  request_extension: false,
  approve_extension: true,
  refuse_extension: false,
  mark_duplicate: true,
  list_for_supervision: true,
  object: true,
  review_objection: true,
  request_recheck: false,
  record_recheck: false,
  reject_rectification: false,
};

/** Which actions send the reporter a message (SMS or follow-up page notice). */
export const NOTIFIES_REPORTER: Record<Action, boolean> = {
  assign_township: false,
  accept: true,
  reject: true,
  transfer: true,
  start_verification: false,
  record_findings: false,
  substantiate: false,
  unsubstantiate: false,
  order_rectification: false,
  confirm_rectification: false,
  close: true,
  request_extension: false,
  approve_extension: true,
  refuse_extension: false,
  mark_duplicate: true,
  list_for_supervision: false,
  object: false,
  review_objection: true,
  request_recheck: false,
  record_recheck: false,
  reject_rectification: false,
};

/** The deadlines an action fulfils: taking it after one of these passed is `late`. */
export const DISCHARGES: Record<Action, readonly DueKind[]> = {
  assign_township: ['triage', 'triageImminent'],
  accept: ['acceptance', 'acceptanceImminent'],
  reject: ['acceptance', 'acceptanceImminent'],
  transfer: ['triage', 'triageImminent', 'acceptance', 'acceptanceImminent'],
  start_verification: [],
  record_findings: [],
  substantiate: ['verification'],
  unsubstantiate: ['verification'],
  order_rectification: [],
  confirm_rectification: ['rectification'],
  close: ['feedback'],
  request_extension: [],
  approve_extension: [],
  refuse_extension: [],
  mark_duplicate: [],
  list_for_supervision: [],
  object: [],
  review_objection: ['objectionReview'],
  request_recheck: [],
  record_recheck: [],
  reject_rectification: [],
};

const FINAL_STATUSES: readonly CaseStatus[] = ['rejected', 'transferred', 'closed'];

/** Whether the case still needs staff work: not final, or closed with an objection pending. */
export function isOpen(state: Pick<CaseFacts, 'status' | 'objection'>): boolean {
  return !FINAL_STATUSES.includes(state.status) || state.objection?.status === 'pending';
}

// ---------------------------------------------------------------------------------------------
// Decisions

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
  /** At close: the caller computes this period from now and stores its end as `objectionWindowEndsAt`. */
  objectionWindow?: { period: 'objectionWindow'; from: 'now' };
  notifyReporter: boolean;
  /** The case goes back to the city's triage: the caller drops its township and county. */
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

const refuse = (code: RefusalCode, message: string, messageZh: string, field?: string): Refusal =>
  field ? { ok: false, code, message, messageZh, field } : { ok: false, code, message, messageZh };

/** A named destination refused by shared/domain/destinations.ts, as a lifecycle refusal. */
const refuseDestination = (r: DestinationRefusal): Refusal => ({
  ok: false,
  code: r.kind === 'outside' ? 'out_of_jurisdiction' : 'invalid',
  message: r.en,
  field: r.field,
  messageZh: r.zh,
});

const roleOf = (actor: LifecycleActor): ActorRole => (actor.kind === 'reporter' ? 'reporter' : actor.role);

/** The case's place code: township, else county, else region; '' when none is known. */
function placeOf(state: CaseFacts): string {
  return state.townshipCode ?? state.countyCode ?? state.regionCode ?? '';
}

/**
 * Whether a staff member's jurisdiction fits their role and covers the place code. A village
 * coordinator covers no place: only a re-check handed to their village (`coversRecheck`).
 */
function covers(actor: StaffActor, place: string): boolean {
  const j = actor.jurisdiction;
  if (!/^\d+$/.test(j) || !SCOPE_LENGTHS[actor.role].includes(j.length)) return false;
  if (actor.role === 'village_coordinator') return false;
  // A case with no known place at all is city business.
  return place === '' ? j.length === 4 : place.startsWith(j);
}

/** A village coordinator acts on a case only through a re-check handed to their own village. */
function coversRecheck(actor: StaffActor, state: CaseFacts): boolean {
  const j = actor.jurisdiction;
  return (
    /^\d{12}$/.test(j) &&
    state.recheck?.villageCode === j &&
    Boolean(state.townshipCode && j.startsWith(state.townshipCode))
  );
}

function objectionWindowEnd(state: CaseFacts): number | null {
  if (state.objectionWindowEndsAt) return Date.parse(state.objectionWindowEndsAt);
  if (!state.conclusionSentAt) return null;
  // Fallback without the holiday calendar: 24:00 Shanghai of the 10th calendar day after the feedback.
  return Date.parse(endOfShanghaiDay(addDays(shanghaiDate(new Date(state.conclusionSentAt)), 10)));
}

/** Everything that does not depend on the request's fields. */
function precheck(state: CaseFacts, action: Action, actor: LifecycleActor, now: Date): Refusal | null {
  const role = roleOf(actor);
  const roleStates = PERMISSIONS[role][action];
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
      actor.role === 'village_coordinator' ? coversRecheck(actor, state) : covers(actor, placeOf(state));
    if (!inScope)
      return refuse('out_of_jurisdiction', 'the case is outside your jurisdiction', '该案件不在您的辖区内');
  }
  if (!FROM_STATES[action].includes(state.status))
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

  const ext = state.extension;
  switch (action) {
    case 'confirm_rectification':
      if (!state.rectification)
        return refuse('not_allowed_in_state', 'no rectification order on record', '还没有整改指令');
      if (state.rectification.confirmedAt)
        return refuse('already_done', 'rectification already confirmed', '整改已确认完成');
      return null;
    case 'request_recheck':
    case 'reject_rectification':
      if (!state.rectification)
        return refuse('not_allowed_in_state', 'no rectification order on record', '还没有整改指令');
      if (state.rectification.confirmedAt)
        return refuse('already_done', 'rectification already confirmed', '整改已确认完成');
      if (action === 'request_recheck' && state.recheck?.status === 'requested')
        return refuse('already_done', 'a re-check is already pending', '已有复查任务在等待村安全员完成');
      return null;
    case 'record_recheck':
      if (state.recheck?.status === 'recorded')
        return refuse('already_done', 'the re-check was already recorded', '复查结果已经记录');
      if (state.recheck?.status !== 'requested' || state.rectification?.confirmedAt)
        return refuse('not_allowed_in_state', 'no re-check is pending', '没有等待完成的复查任务');
      return null;
    case 'close':
      if (state.status === 'rectifying' && !state.rectification?.confirmedAt)
        return refuse(
          'not_allowed_in_state',
          'rectification is not confirmed yet',
          '整改尚未确认完成，不能办结',
        );
      return null;
    case 'request_extension':
      if (ext?.status === 'requested')
        return refuse('already_done', 'an extension request is pending', '已有延期申请在等待县级审批');
      if (ext?.status === 'approved')
        return refuse('already_done', 'an extension was already granted', '本案已批准过一次延期，不能再申请');
      return null;
    case 'approve_extension':
    case 'refuse_extension':
      if (ext?.status === 'approved' || ext?.status === 'refused')
        return refuse(
          'already_done',
          `the extension request was already ${ext.status}`,
          ext.status === 'approved' ? '该延期申请已批准' : '该延期申请已被驳回',
        );
      if (ext?.status !== 'requested')
        return refuse('not_allowed_in_state', 'no extension request is pending', '没有待审批的延期申请');
      return null;
    case 'list_for_supervision':
      if (state.category !== 'major_hazard')
        return refuse(
          'invalid',
          'only major hazards are listed for supervision',
          '只有重大事故隐患可以挂牌督办',
          'category',
        );
      if (state.supervision)
        return refuse('already_done', 'the case is already listed for supervision', '本案已挂牌督办');
      return null;
    case 'object': {
      if (!state.conclusionSentAt)
        return refuse('not_allowed_in_state', 'no conclusion was sent', '尚未向举报人反馈处理结论');
      const obj = state.objection;
      if (obj && Date.parse(obj.raisedAt) >= Date.parse(state.conclusionSentAt))
        return refuse(
          'already_done',
          'an objection to this conclusion was already raised',
          '对本次结论已提出过异议',
        );
      const end = objectionWindowEnd(state);
      if (end !== null && now.getTime() > end)
        return refuse('too_late', 'the objection window has passed', '提出异议的期限已过');
      return null;
    }
    case 'review_objection': {
      const obj = state.objection;
      if (obj?.status !== 'pending') {
        const reviewedThisRound =
          obj?.reviewedAt &&
          (!state.conclusionSentAt || Date.parse(obj.reviewedAt) >= Date.parse(state.conclusionSentAt));
        return reviewedThisRound
          ? refuse('already_done', 'the objection was already reviewed', '该异议已复核')
          : refuse('not_allowed_in_state', 'no objection is pending', '没有待复核的异议');
      }
      if (actor.kind !== 'reporter' && state.verifiedBy?.includes(actor.id))
        return refuse(
          'same_person',
          'the objection must be reviewed by someone who did not verify the case',
          '参与过核查的人员不能复核本案异议，请由其他人员复核',
        );
      return null;
    }
    default:
      return null;
  }
}

/** The actions `actor` may take on the case now (the buttons to show). */
export function allowedActions(state: CaseFacts, actor: LifecycleActor, now: Date): Action[] {
  if (Number.isNaN(now.getTime())) return [];
  return ACTIONS.filter((a) => precheck(state, a, actor, now) === null);
}

// ---------------------------------------------------------------------------------------------
// Field validation

type Checked<T> = T | Refusal;
const failed = <T>(v: Checked<T>): v is Refusal =>
  typeof v === 'object' && v !== null && (v as { ok?: unknown }).ok === false;

function text(value: unknown, field: string, max = MAX_TEXT): Checked<string> {
  if (typeof value !== 'string' || value.trim() === '')
    return refuse('invalid', `${field} is required`, `请填写${fieldLabel(field).zh}`, field);
  if (value.length > max)
    return refuse(
      'invalid',
      `${field} is longer than ${max} characters`,
      `${fieldLabel(field).zh}最多 ${max} 个字`,
      field,
    );
  return value.trim();
}

function optionalText(value: unknown, field: string, max = MAX_TEXT): Checked<string | undefined> {
  if (value === undefined || value === null || value === '') return undefined;
  return text(value, field, max);
}

/** What the reporter of a duplicate is told (the same words on the web and by SMS). */
export const DUPLICATE_NOTICE =
  '您反映的问题与一件较早的举报是同一事项，已并入该举报一并核查办理，结果将按该举报办理情况处理。如您认为不是同一事项，可在 10 日内对本答复提出异议。';

/** Longest public unit name (the public page shows it as it is). */
export const MAX_PUBLIC_NAME = 100;
/** Longest re-check summary or note (read on a phone in the field). */
export const MAX_RECHECK_TEXT = 1000;

/** A decision on the rectification ends the re-check: recorded → confirmed/rejected, pending → withdrawn. */
function recheckEnded(state: CaseFacts, outcome: 'confirmed' | 'rejected'): Partial<CaseFacts> {
  const r = state.recheck;
  if (!r || (r.status !== 'requested' && r.status !== 'recorded')) return {};
  return { recheck: { ...r, status: r.status === 'recorded' ? outcome : 'withdrawn' } };
}

/** A YYYY-MM-DD calendar date, not before today in Shanghai. */
function futureDate(value: unknown, field: string, now: Date): Checked<string> {
  if (typeof value !== 'string')
    return refuse(
      'invalid',
      `${field} is required (YYYY-MM-DD)`,
      `请填写${fieldLabel(field).zh}（日期）`,
      field,
    );
  try {
    parseYmd(value);
  } catch {
    return refuse(
      'invalid',
      `${field} is not a date (YYYY-MM-DD)`,
      `${fieldLabel(field).zh}应为日期，例如 2027-01-31`,
      field,
    );
  }
  if (value < shanghaiDate(now))
    return refuse('invalid', `${field} is in the past`, `${fieldLabel(field).zh}不能早于今天`, field);
  return value;
}

function townshipCode(value: unknown, field: string): Checked<string> {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value))
    return refuse(
      'invalid',
      `${field} must be a 9-digit township code`,
      `请选择${fieldLabel(field).zh}`,
      field,
    );
  return value;
}

// ---------------------------------------------------------------------------------------------
// decide

interface Outcome {
  status?: CaseStatus;
  patch?: Partial<CaseFacts>;
  text?: string | undefined;
  internalNote?: string | undefined;
  detail?: Record<string, string | number | boolean>;
  due?: NextDue | null;
  objectionWindow?: Approval['objectionWindow'];
  eventType?: LifecycleEventType;
  toTriage?: boolean;
}

const withId = (ids: string[] | undefined, id: string): string[] =>
  ids?.includes(id) ? ids : [...(ids ?? []), id];

/** A pending extension request ends when the case leaves the township's verification. */
const withdrawPending = (state: CaseFacts): Partial<CaseFacts> =>
  state.extension?.status === 'requested' ? { extension: { ...state.extension, status: 'withdrawn' } } : {};

function isLate(state: CaseFacts, action: Action, now: Date): boolean {
  const due = state.due;
  return !!due && DISCHARGES[action].includes(due.period) && now.getTime() > Date.parse(due.dueAt);
}

function acceptanceDue(state: CaseFacts): NextDue {
  return { period: state.imminentDanger ? 'acceptanceImminent' : 'acceptance', from: 'now' };
}

/**
 * Decides a transition. Never throws for bad input; returns a refusal code instead.
 * `actor` is the signed-in staff member, or the reporter on their own case.
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
  const by = actor.kind === 'reporter' ? 'reporter' : actor.id;
  const outcome = apply(state, request, actor, by, now, lookups);
  if (failed(outcome)) return outcome;

  const late = isLate(state, action, now);
  const status = outcome.status ?? state.status;
  const reporterVisible = REPORTER_VISIBLE[action];
  const detail = { ...outcome.detail, ...(late ? { late: true } : {}) };
  const event: LifecycleEvent = {
    type: outcome.eventType ?? EVENT_TYPE[action as Exclude<Action, 'review_objection'>],
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
    notifyReporter: NOTIFIES_REPORTER[action],
    ...(outcome.toTriage ? { toTriage: true as const } : {}),
    late,
  };
}

function apply(
  state: CaseFacts,
  req: TransitionRequest,
  actor: LifecycleActor,
  by: string,
  now: Date,
  lookups: DecisionLookups,
): Checked<Outcome> {
  const at = now.toISOString();
  switch (req.action) {
    case 'assign_township': {
      const code = townshipCode(req.townshipCode, 'townshipCode');
      if (failed(code)) return code;
      if (actor.kind !== 'reporter' && !covers(actor, code))
        return refuse(
          'out_of_jurisdiction',
          'that township is outside your jurisdiction',
          '该乡镇不在您的辖区内',
          'townshipCode',
        );
      if (actor.kind === 'reporter')
        return refuse('role_not_allowed', 'a reporter may not route a case', '举报人不能分派案件');
      const where = townshipRefusal(actor, code, lookups.places.get(code), state.regionCode, 'townshipCode');
      if (where) return refuseDestination(where);
      if (state.status === 'assigned' && state.townshipCode === code)
        return refuse(
          'already_done',
          'the case is already assigned to that township',
          '案件已交办给该乡镇',
          'townshipCode',
        );
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      return {
        status: 'assigned',
        patch: { townshipCode: code, countyCode: code.slice(0, 6) },
        internalNote: note,
        detail: {
          townshipCode: code,
          ...(state.townshipCode ? { fromTownshipCode: state.townshipCode } : {}),
        },
        due: acceptanceDue(state),
      };
    }
    case 'accept': {
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      return {
        status: 'accepted',
        patch: { acceptedAt: at, acceptedBy: by, verificationFrom: at },
        internalNote: note,
        due: { period: 'verification', from: 'now' },
      };
    }
    case 'reject': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      return { status: 'rejected', patch: { rejection: { at, by, reason } }, text: reason, due: null };
    }
    case 'transfer': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      const hasTownship = req.toTownshipCode !== undefined && req.toTownshipCode !== null;
      const hasDepartment = req.toDepartment !== undefined && req.toDepartment !== null;
      const hasTriage = req.toTriage !== undefined && req.toTriage !== null;
      if (Number(hasTownship) + Number(hasDepartment) + Number(hasTriage) !== 1)
        return refuse(
          'invalid',
          'give one of toTownshipCode, toDepartment or toTriage',
          '请选择移交到的乡镇、填写移交部门，或退回市级分派（三选一）',
          'toTownshipCode',
        );
      if (actor.kind === 'reporter')
        return refuse('role_not_allowed', 'a reporter may not transfer a case', '举报人不能移交案件');
      const history = state.transfers ?? [];
      const from: { fromTownshipCode?: string } = state.townshipCode
        ? { fromTownshipCode: state.townshipCode }
        : {};
      if (hasTriage) {
        if (req.toTriage !== true)
          return refuse('invalid', 'toTriage must be true', '退回分派的选项无效', 'toTriage');
        if (state.status === 'triage')
          return refuse('invalid', 'the case is already in triage', '案件已在待分派队列中', 'toTriage');
        const who = triageRefusal(actor, 'toTriage');
        if (who) return refuseDestination(who);
        return {
          status: 'triage',
          // The city's triage queue: the township and county are dropped, so the city routes it anew.
          patch: {
            transfers: [...history, { at, by, ...from, toTriage: true, reason }],
            ...withdrawPending(state),
          },
          text: reason,
          detail: {
            toTriage: true,
            ...(from.fromTownshipCode ? { fromTownshipCode: from.fromTownshipCode } : {}),
          },
          due: { period: state.imminentDanger ? 'triageImminent' : 'triage', from: 'now' },
          toTriage: true,
        };
      }
      if (hasTownship) {
        if (state.status === 'triage')
          return refuse(
            'invalid',
            'a case in triage is routed with assign_township',
            '待分派的案件请用“交办乡镇”分派',
            'toTownshipCode',
          );
        const code = townshipCode(req.toTownshipCode, 'toTownshipCode');
        if (failed(code)) return code;
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
        return {
          status: 'assigned',
          patch: {
            townshipCode: code,
            countyCode: code.slice(0, 6),
            transfers: [...history, { at, by, ...from, toTownshipCode: code, reason }],
            ...withdrawPending(state),
          },
          text: reason,
          detail: {
            toTownshipCode: code,
            ...(from.fromTownshipCode ? { fromTownshipCode: from.fromTownshipCode } : {}),
          },
          due: acceptanceDue(state),
        };
      }
      const department = text(req.toDepartment, 'toDepartment', MAX_DEPARTMENT);
      if (failed(department)) return department;
      return {
        status: 'transferred',
        patch: {
          transfers: [...history, { at, by, ...from, toDepartment: department, reason }],
          ...withdrawPending(state),
        },
        text: reason,
        detail: {
          toDepartment: department,
          ...(from.fromTownshipCode ? { fromTownshipCode: from.fromTownshipCode } : {}),
        },
        due: null,
      };
    }
    case 'start_verification': {
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      return { status: 'verifying', patch: { verifiedBy: withId(state.verifiedBy, by) }, internalNote: note };
    }
    case 'record_findings': {
      const findings = text(req.findings, 'findings');
      if (failed(findings)) return findings;
      return { patch: { verifiedBy: withId(state.verifiedBy, by) }, internalNote: findings };
    }
    case 'substantiate':
    case 'unsubstantiate': {
      const conclusion = text(req.conclusion, 'conclusion');
      if (failed(conclusion)) return conclusion;
      const outcome = req.action === 'substantiate' ? 'substantiated' : 'unsubstantiated';
      return {
        status: outcome,
        patch: {
          conclusion: { outcome, text: conclusion, at, by },
          verifiedBy: withId(state.verifiedBy, by),
          ...withdrawPending(state),
        },
        internalNote: conclusion,
        due: { period: 'feedback', from: 'now' },
      };
    }
    case 'order_rectification': {
      const order = text(req.order, 'order');
      if (failed(order)) return order;
      const deadline = futureDate(req.deadline, 'deadline', now);
      if (failed(deadline)) return deadline;
      return {
        status: 'rectifying',
        patch: { rectification: { order, deadline, orderedAt: at, orderedBy: by } },
        internalNote: order,
        detail: { deadline },
        due: { period: 'rectification', date: deadline },
      };
    }
    case 'confirm_rectification': {
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      const current = state.rectification as RectificationFacts; // precheck: present
      return {
        patch: {
          rectification: { ...current, confirmedAt: at, confirmedBy: by, ...(note ? { note } : {}) },
          ...recheckEnded(state, 'confirmed'),
        },
        internalNote: note,
        due: { period: 'feedback', from: 'now' },
      };
    }
    case 'close': {
      const feedback = text(req.feedback, 'feedback');
      if (failed(feedback)) return feedback;
      return {
        status: 'closed',
        patch: { closedAt: at, conclusionSentAt: at, closedLate: isLate(state, 'close', now) },
        text: feedback,
        due: null,
        objectionWindow: { period: 'objectionWindow', from: 'now' },
      };
    }
    case 'request_extension': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      return {
        patch: { extension: { status: 'requested', requestedAt: at, requestedBy: by, reason } },
        internalNote: reason,
      };
    }
    case 'approve_extension': {
      const days = req.days;
      if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > EXTENSION_MAX_DAYS)
        return refuse(
          'invalid',
          `days must be a whole number from 1 to ${EXTENSION_MAX_DAYS}`,
          `延长天数应为 1 到 ${EXTENSION_MAX_DAYS} 之间的整数`,
          'days',
        );
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      const from = state.verificationFrom ?? state.acceptedAt;
      if (!from)
        return refuse(
          'not_allowed_in_state',
          'the case has no verification period to extend',
          '本案没有可延长的核查期限',
        );
      const ext = state.extension as ExtensionFacts; // precheck: pending
      return {
        patch: {
          extension: {
            ...ext,
            status: 'approved',
            decidedAt: at,
            decidedBy: by,
            days,
            decisionReason: reason,
          },
        },
        text: reason,
        detail: { days },
        due: { period: 'verification', from, plusDays: days },
      };
    }
    case 'refuse_extension': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      const ext = state.extension as ExtensionFacts; // precheck: pending
      return {
        patch: {
          extension: { ...ext, status: 'refused', decidedAt: at, decidedBy: by, decisionReason: reason },
        },
        internalNote: reason,
      };
    }
    case 'mark_duplicate': {
      const of = typeof req.ofCaseNumber === 'string' ? normalizeCaseNumber(req.ofCaseNumber) : null;
      if (!of)
        return refuse(
          'invalid',
          'ofCaseNumber is not a case number',
          '首次举报的案件编号格式不对，应如 20261127-482913',
          'ofCaseNumber',
        );
      if (actor.kind === 'reporter')
        return refuse('role_not_allowed', 'a reporter may not mark duplicates', '举报人不能标记重复举报');
      const first = lookups.cases.get(of) ?? lookups.cases.get(req.ofCaseNumber);
      const which = duplicateRefusal(actor, state.caseNumber, of, first, 'ofCaseNumber');
      if (which) return refuseDestination(which);
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      // The reporter is told their report joined an earlier one (never which: that number is
      // someone else's case), and the close opens the objection window like any feedback.
      return {
        status: 'closed',
        patch: { duplicateOf: of, closedAt: at, conclusionSentAt: at, ...withdrawPending(state) },
        text: DUPLICATE_NOTICE,
        internalNote: note,
        detail: { ofCaseNumber: of },
        due: null,
        objectionWindow: { period: 'objectionWindow', from: 'now' },
      };
    }
    case 'list_for_supervision': {
      const deadline = futureDate(req.deadline, 'deadline', now);
      if (failed(deadline)) return deadline;
      const note = optionalText(req.note, 'note');
      if (failed(note)) return note;
      const publicName = optionalText(req.publicName, 'publicName', MAX_PUBLIC_NAME);
      if (failed(publicName)) return publicName;
      return {
        patch: {
          supervision: {
            deadline,
            listedAt: at,
            listedBy: by,
            ...(publicName ? { publicName } : {}),
            ...(note ? { note } : {}),
          },
        },
        internalNote: note,
        detail: { deadline },
      };
    }
    case 'object': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      return {
        patch: { objection: { status: 'pending', raisedAt: at, reason } },
        text: reason,
        due: { period: 'objectionReview', from: 'now' },
      };
    }
    case 'request_recheck': {
      const summary = text(req.summary, 'summary', MAX_RECHECK_TEXT);
      if (failed(summary)) return summary;
      const unitName = text(req.unitName, 'unitName', MAX_PUBLIC_NAME);
      if (failed(unitName)) return unitName;
      const village =
        req.villageCode === undefined || req.villageCode === '' ? state.villageCode : req.villageCode;
      if (typeof village !== 'string' || !/^\d{12}$/.test(village))
        return refuse(
          'invalid',
          'villageCode must be a 12-digit village code',
          '请选择村（社区）',
          'villageCode',
        );
      if (!state.townshipCode || !village.startsWith(state.townshipCode))
        return refuse(
          'invalid',
          'the village is not in the case’s township',
          '所选村（社区）不在本案所在乡镇',
          'villageCode',
        );
      const rect = state.rectification as RectificationFacts; // precheck: present
      return {
        patch: {
          recheck: {
            status: 'requested',
            villageCode: village,
            summary,
            unitName,
            deadline: rect.deadline,
            requestedAt: at,
            requestedBy: by,
          },
        },
        internalNote: summary,
        detail: { villageCode: village },
      };
    }
    case 'record_recheck': {
      if (typeof req.result !== 'string' || !RECHECK_RESULTS.includes(req.result as RecheckResult))
        return refuse(
          'invalid',
          'result must be rectified or not_rectified',
          '请选择复查结果：已整改或未整改',
          'result',
        );
      const note = text(req.note, 'note', MAX_RECHECK_TEXT);
      if (failed(note)) return note;
      const current = state.recheck as RecheckFacts; // precheck: pending
      return {
        patch: {
          recheck: {
            ...current,
            status: 'recorded',
            result: req.result,
            note,
            recordedAt: at,
            recordedBy: by,
          },
        },
        internalNote: note,
        detail: { result: req.result },
      };
    }
    case 'reject_rectification': {
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      const deadline = futureDate(req.deadline, 'deadline', now);
      if (failed(deadline)) return deadline;
      const rect = state.rectification as RectificationFacts; // precheck: present
      return {
        patch: { rectification: { ...rect, deadline }, ...recheckEnded(state, 'rejected') },
        internalNote: reason,
        detail: { deadline },
        due: { period: 'rectification', date: deadline },
      };
    }
    case 'review_objection': {
      if (typeof req.upheld !== 'boolean')
        return refuse('invalid', 'upheld must be true or false', '请选择异议是否成立', 'upheld');
      const reason = text(req.reason, 'reason');
      if (failed(reason)) return reason;
      const obj = state.objection as ObjectionFacts; // precheck: pending
      const reviewed: ObjectionFacts = {
        ...obj,
        status: req.upheld ? 'upheld' : 'dismissed',
        reviewedAt: at,
        reviewedBy: by,
        reviewReason: reason,
      };
      return req.upheld
        ? {
            status: 'verifying',
            // Upheld on a duplicate: it was not the same matter after all, so it stands on its own.
            patch: {
              objection: reviewed,
              verificationFrom: at,
              ...(state.duplicateOf ? { duplicateOf: undefined } : {}),
            },
            text: reason,
            detail: { upheld: true },
            due: { period: 'verification', from: 'now' },
            eventType: 'objection_upheld',
          }
        : {
            patch: { objection: reviewed },
            text: reason,
            detail: { upheld: false },
            due: null,
            eventType: 'objection_dismissed',
          };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Deadline arithmetic for callers

/** A computed deadline; `period` may be 'rectification' (the order's own date). */
export interface LifecycleDue {
  period: DueKind;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  source: string;
}

/**
 * Turns a decision's `due` (or `objectionWindow`) into a date with the jurisdiction's policy and the
 * holiday calendar (Civil Code Art 201/203 through deadlines.ts dueOf). `now` is the decision's time.
 */
export function dueFor(
  cal: CalendarData,
  policy: ResolvedPolicy,
  next: NextDue | { period: 'objectionWindow'; from: 'now' },
  now: Date,
): LifecycleDue {
  if ('date' in next)
    return {
      period: 'rectification',
      dueDate: next.date,
      dueAt: endOfShanghaiDay(next.date),
      provisional: false,
      source: 'Rectification order deadline (SPEC §4: rectification deadlines set by the order)',
    };
  const { source, ...length } = policy.periods[next.period];
  if (!('plusDays' in next)) return { period: next.period, ...dueOf(cal, now, length), source };
  if ('hours' in length) throw new RangeError(`${next.period} is counted in hours and cannot be extended`);
  return {
    period: next.period,
    ...dueOf(cal, new Date(next.from), { ...length, days: length.days + next.plusDays }),
    source: `${source}; extended by ${next.plusDays} days with the county's approval`,
  };
}
