/**
 * Who acts on a case and what they may ask for: the actors, the action names and the request each
 * action takes (as posted to `POST /api/v1/cases/{caseNumber}/transitions`), with the length limits
 * of their texts.
 */
import type { StaffActor, StaffRole } from '../roles.ts';
import type { RecheckResult } from './facts.ts';

/** The reporter, authenticated on their own case by case number and access key (or SMS sender). */
export interface ReporterActor {
  kind: 'reporter';
}
/**
 * The system itself, for moves no person makes: the place matcher routing a report from triage.
 * `jurisdiction` is the deployment's city; it may take only the actions the spec grants `system`.
 */
export interface SystemActor {
  kind: 'system';
  id: string;
  jurisdiction: string;
}
export type LifecycleActor = StaffActor | ReporterActor | SystemActor;
/** The people whose permissions the spec lists (the system's are listed apart). */
export type ActorRole = StaffRole | 'reporter';

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

/** Longest public unit name (the public page shows it as it is). */
export const MAX_PUBLIC_NAME = 100;
/** Longest re-check summary or note (read on a phone in the field). */
export const MAX_RECHECK_TEXT = 1000;
