/**
 * The facts the lifecycle keeps on a case (who accepted it, its conclusion, rectification,
 * extension, objection, re-check …) and the view of a stored record the state machine decides on.
 * Types and two small readers only, so the case record can include them without loading the
 * machine.
 */
import type { CaseStatus, Category } from '../case-status.ts';
import type { PeriodName } from '../deadline-policy.ts';

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

export const FINAL_STATUSES: readonly CaseStatus[] = ['rejected', 'transferred', 'closed'];

/** Whether the case still needs staff work: not final, or closed with an objection pending. */
export function isOpen(state: Pick<CaseFacts, 'status' | 'objection'>): boolean {
  return !FINAL_STATUSES.includes(state.status) || state.objection?.status === 'pending';
}
