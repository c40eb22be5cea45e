/**
 * Who acts on a case and what they may ask for: the actors, the action names and the length limits
 * of the texts a request carries (the request's shape is request-schema.ts).
 */
import type { StaffActor, StaffRole } from '../roles.ts';

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
