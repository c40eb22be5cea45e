/**
 * The reporter's objection to a conclusion — kept apart from the rest of follow-up so only the
 * function that serves it (the pages function) carries the lifecycle state machine.
 */
import type { CaseRecord } from '../domain/case.ts';
import { allowedActions, factsOf } from '../domain/lifecycle/index.ts';
import { type TransitionDeps, transitionCase } from './staff-cases.ts';

/**
 * The reporter's objection (异议) to the conclusion, within the window after the feedback; the
 * county reviews it. Goes through the same lifecycle as staff actions, as the reporter.
 */
export async function objectToConclusion(
  deps: TransitionDeps,
  record: CaseRecord,
  reason: string,
): Promise<CaseRecord> {
  const { record: next } = await transitionCase(
    deps,
    { reporter: record },
    record.caseNumber,
    { action: 'object', reason },
    record.version,
  );
  return next;
}

/** Whether the follow-up page should offer the objection form now. */
export function canObject(record: CaseRecord, now: Date): boolean {
  return allowedActions(factsOf(record, ''), { kind: 'reporter' }, now).includes('object');
}
