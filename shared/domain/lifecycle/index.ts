/**
 * The case lifecycle's public face: what other modules import. The machine itself is split by
 * concern — facts.ts (what a case knows), requests.ts (who asks), request-schema.ts (for what), spec.ts (the shape of
 * an action), actions/*.ts (one spec per action), registry.ts (the specs and the tables derived
 * from them), decide.ts (the checks and the decision), transition.ts (the whole next record).
 */

export { STAFF_ROLES, type StaffActor, type StaffRole } from '../roles.ts';
export { DUPLICATE_NOTICE } from './actions/routing.ts';
export { allowedActions, decide } from './decide.ts';
export {
  type CaseFacts,
  type ConclusionFacts,
  type CurrentDue,
  type DueKind,
  type ExtensionFacts,
  FINAL_STATUSES,
  factsOf,
  isOpen,
  type LifecycleFacts,
  type ObjectionFacts,
  RECHECK_RESULTS,
  type RecheckFacts,
  type RecheckResult,
  type RectificationFacts,
  type RejectionFacts,
  type SupervisionFacts,
  type TransferFacts,
} from './facts.ts';
export {
  DISCHARGES,
  EVENT_TYPE,
  FROM_STATES,
  NOTIFIES_REPORTER,
  PERMISSIONS,
  REPORTER_VISIBLE,
  roleMay,
  SPECS,
} from './registry.ts';
export {
  parseTransitionRequest,
  type RequestOf,
  type TransitionRequest,
  TransitionRequestSchema,
} from './request-schema.ts';
export {
  ACTIONS,
  type Action,
  type ActorRole,
  EXTENSION_MAX_DAYS,
  type LifecycleActor,
  MAX_DEPARTMENT,
  MAX_PUBLIC_NAME,
  MAX_RECHECK_TEXT,
  MAX_TEXT,
  type ReporterActor,
  type SystemActor,
} from './requests.ts';
export {
  type ActionSpec,
  type Approval,
  type Decision,
  LIFECYCLE_EVENT_TYPES,
  type LifecycleEvent,
  type LifecycleEventType,
  type NextDue,
  type Refusal,
  type RefusalCode,
} from './spec.ts';
export {
  dueFor,
  type EventDraft,
  type LifecycleDue,
  type LifecycleRules,
  type Transition,
  transition,
} from './transition.ts';
