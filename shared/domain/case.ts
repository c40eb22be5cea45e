/**
 * The case as the reporter and staff know it: categories, states, case numbers and timeline events.
 * Pure: time and randomness come in as arguments.
 */
import type { LifecycleFacts } from './lifecycle.ts';

/** Report categories (RULES.md §1). */
export const CATEGORIES = [
  'major_hazard',
  'illegal_operation',
  'concealed_accident',
  'general_hazard',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Record<Category, { zh: string; en: string }> = {
  major_hazard: { zh: '重大事故隐患', en: 'Major accident hazard' },
  illegal_operation: { zh: '非法违法生产经营建设行为', en: 'Illegal production, operation or construction' },
  concealed_accident: { zh: '瞒报、谎报事故', en: 'Concealed or falsely reported accident' },
  general_hazard: { zh: '一般事故隐患', en: 'General hazard' },
};

/**
 * Case states (SPEC §2). `received` exists only inside the intake transaction's timeline; a stored
 * case starts `assigned` (township known) or `triage` (location not resolved to a township).
 */
export const STATUSES = [
  'received',
  'triage',
  'assigned',
  'accepted',
  'rejected',
  'transferred',
  'verifying',
  'substantiated',
  'unsubstantiated',
  'rectifying',
  'closed',
] as const;
export type CaseStatus = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  received: { zh: '已接收', en: 'Received' },
  triage: { zh: '待分派', en: 'Awaiting routing' },
  assigned: { zh: '已交办乡镇', en: 'Assigned to township' },
  accepted: { zh: '已受理', en: 'Accepted' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  transferred: { zh: '已移交', en: 'Transferred' },
  verifying: { zh: '核查中', en: 'Being verified' },
  substantiated: { zh: '经核查属实', en: 'Substantiated' },
  unsubstantiated: { zh: '经核查不属实', en: 'Not substantiated' },
  rectifying: { zh: '整改中', en: 'Under rectification' },
  closed: { zh: '已办结', en: 'Closed' },
};

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
  recheck?: import('./lifecycle.ts').RecheckFacts;
  createdAt: string;
  updatedAt: string;
  /** The deadline the case is under now (acceptance, triage, verification …). */
  due?: import('./case-deadlines.ts').CaseDue;
  /** Optimistic-concurrency version; bumps with every appended event. */
  version: number;
  lastEventSeq: number;
  lastEventHash: string;
}

/**
 * Case number: the Shanghai calendar date of receipt and six random digits, e.g. `20261127-482913`.
 * Digits only (typable by SMS); uniqueness is enforced by a conditional write, not by the format.
 */
export function newCaseNumber(now: Date, randomDigits: string): string {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const ymd = shanghai.toISOString().slice(0, 10).replaceAll('-', '');
  return `${ymd}-${randomDigits}`;
}

const CASE_NUMBER = /^\d{8}-\d{6}$/;

/** Accepts `20261127-482913`, `20261127482913` or spaced variants; returns the canonical form or null. */
export function normalizeCaseNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{14}$/.test(digits)) return null;
  const canonical = `${digits.slice(0, 8)}-${digits.slice(8)}`;
  return CASE_NUMBER.test(canonical) ? canonical : null;
}

/** Initial status: a case with a township goes straight to it, otherwise to the county triage queue. */
export function initialStatus(location: CaseLocation): 'assigned' | 'triage' {
  return location.townshipCode ? 'assigned' : 'triage';
}
