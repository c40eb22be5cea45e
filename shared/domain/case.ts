/**
 * The case as the reporter and staff know it: categories, states, case numbers and timeline events.
 * Pure: time and randomness come in as arguments.
 */
import type { CaseStatus, Category } from './case-status.ts';
import type { LifecycleFacts, RecheckFacts } from './lifecycle/facts.ts';

export {
  CATEGORIES,
  CATEGORY_LABELS,
  type CaseStatus,
  type Category,
  newCaseNumber,
  normalizeCaseNumber,
  STATUS_LABELS,
  STATUSES,
} from './case-status.ts';

/** How a report came in; `coordinator`: a village safety coordinator's patrol report (a staff role). */
export type Channel = 'web' | 'sms' | 'phone' | 'coordinator';

export type EventType =
  | 'received'
  | 'routed'
  | 'triaged'
  | 'reporter_message'
  | 'staff_message'
  /** A staff note never shown to the reporter. */
  | 'internal_note'
  /** A staff member opened the case (SPEC §6: every staff view is audited). */
  | 'staff_viewed'
  /** A lifecycle transition (accept, reject, transfer, …); `action` names it. */
  | 'transition'
  /** Identity reveal: requested, decided by the custodian, viewed (the view is shown to the reporter). */
  | 'identity_requested'
  | 'identity_decided'
  | 'identity_viewed'
  /** A step of the case's reward (shared/domain/reward-workflow.ts); `action` names it. */
  | 'reward'
  /** The reporter's identity and contact were deleted at the end of retention (SPEC §6). */
  | 'identity_purged'
  /** Evidence files (photos, PDFs) were added, stripped and sealed; `detail.count` says how many. */
  | 'evidence_added'
  /** A staff member opened an evidence file (every file view is audited). */
  | 'evidence_viewed';

/** System actor id for automatic routing by the place matcher. */
export const ROUTER = 'place-matcher';

/** Who caused an event. Staff ids appear only in staff views; the reporter is never identified. */
export type Actor = { kind: 'reporter' } | { kind: 'system' } | { kind: 'staff'; staffId: string };

export interface CaseEvent {
  seq: number;
  type: EventType;
  at: string;
  actor: Actor;
  /** Shown on the reporter's follow-up page. Internal notes are `false`. */
  reporterVisible: boolean;
  status?: CaseStatus;
  text?: string;
  /** For `transition` events: the lifecycle action taken. */
  action?: string;
  /** Staff-only text of a transition (findings, conclusion, order, notes). */
  internalNote?: string;
  /** Staff-only structured details of a transition (codes, days, dates, lateness). */
  detail?: Record<string, string | number | boolean>;
  /** Hash of the previous event of this case ('' for the first): the tamper-evident chain. */
  prevHash: string;
  hash: string;
}

export interface CaseLocation {
  countyCode?: string;
  townshipCode?: string;
  villageCode?: string;
  address?: string;
}

export interface CaseRecord extends LifecycleFacts {
  caseNumber: string;
  status: CaseStatus;
  category: Category;
  description: string;
  unitName?: string;
  occurredAt?: string;
  imminentDanger: boolean;
  location: CaseLocation;
  /** Township the case is assigned to (9-digit code), absent while in triage. */
  townshipCode?: string;
  channel: Channel;
  /** Whether sealed identity exists; never the identity itself. */
  hasIdentity: boolean;
  /** Reported by an employee of the unit (应急〔2020〕69号); a case fact for handling and rewards. */
  reporterIsEmployee: boolean;
  /** The reporter's answers to the questionnaire of the category (shared/domain/questionnaire.ts). */
  answers?: import('./questionnaire.ts').Answers;
  /** Version of the questionnaire the answers follow. */
  questionnaireVersion?: number;
  /** Plain copies of classifying answers, for search filters and statistics dimensions. */
  hazardType?: string;
  illegalKind?: string;
  /** A village safety coordinator's patrol report: who filed it, for which village (staff only). */
  coordinator?: { staffId: string; name: string; villageCode: string };
  /** An on-site re-check of the rectification handed to the village's coordinator (复查). */
  recheck?: RecheckFacts;
  createdAt: string;
  updatedAt: string;
  /** The deadline the case is under now (acceptance, triage, verification …). */
  due?: import('./case-deadlines.ts').CaseDue;
  /** Optimistic-concurrency version; bumps with every appended event. */
  version: number;
  lastEventSeq: number;
  lastEventHash: string;
}

/** Initial status: a case with a township goes straight to it, otherwise to the county triage queue. */
export function initialStatus(location: CaseLocation): 'assigned' | 'triage' {
  return location.townshipCode ? 'assigned' : 'triage';
}
