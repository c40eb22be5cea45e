/**
 * A decision made whole: the lifecycle decides (decide.ts), and this module turns the decision into
 * the complete next case record — status, facts, place, the next deadline computed with the
 * jurisdiction's policy and the holiday calendar (both passed in as data) — and the timeline event
 * to append. Callers store what comes out as it is; nothing patches a record after the decision.
 */
import type { CalendarData } from '../calendar.ts';
import type { CaseEvent, CaseRecord } from '../case.ts';
import { type DeadlinePolicy, type ResolvedPolicy, resolvePolicy } from '../deadline-policy.ts';
import { dueOf } from '../deadlines.ts';
import { type DecisionLookups, NO_LOOKUPS } from '../destinations.ts';
import { endOfShanghaiDay, shanghaiDate } from '../shanghai-time.ts';
import { decide } from './decide.ts';
import { type CaseFacts, type DueKind, factsOf } from './facts.ts';
import type { TransitionRequest } from './request-schema.ts';
import type { LifecycleActor } from './requests.ts';
import type { Approval, NextDue, Refusal } from './spec.ts';

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
      source: 'Rectification order deadline (set by the order itself)',
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

/** What the lifecycle needs besides the case: deadline rules and the facts the request names. */
export interface LifecycleRules {
  calendar: CalendarData;
  policies: DeadlinePolicy[];
  /** The deployment's city: the place of a case with no township or county. */
  regionCode: string;
  lookups?: DecisionLookups;
  /** The opaque id a re-check handed out by this transition is known by (made by the caller). */
  newTaskId?: string;
}

/** A timeline event before it is chained (sequence, time and hashes come at the write). */
export type EventDraft = Omit<CaseEvent, 'seq' | 'at' | 'prevHash' | 'hash'>;

export type Transition = Refusal | { ok: true; decision: Approval; next: CaseRecord; event: EventDraft };

/**
 * Decides `request` on `record` and returns the whole next record and the event to append. The
 * facts the machine sees come from the record (`factsOf`), so stored and decided state never
 * differ; the bookkeeping (version, event sequence, updatedAt) is the writer's.
 */
export function transition(
  record: CaseRecord,
  request: TransitionRequest,
  actor: LifecycleActor,
  now: Date,
  rules: LifecycleRules,
): Transition {
  const decision = decide(
    factsOf(record, rules.regionCode),
    request,
    actor,
    now,
    rules.lookups ?? NO_LOOKUPS,
  );
  if (!decision.ok) return decision;
  const {
    townshipCode,
    countyCode,
    regionCode: _r,
    caseNumber: _c,
    status: _s,
    due: _d,
    villageCode: _v,
    ...facts
  } = decision.patch as Partial<CaseFacts>;
  // A new re-check gets the opaque id its village's coordinator knows it by.
  if (decision.action === 'request_recheck' && facts.recheck && rules.newTaskId)
    facts.recheck = { ...facts.recheck, taskId: rules.newTaskId };

  const location = { ...record.location };
  if (decision.toTriage) {
    // Back to the city's triage: no township, no county, so the city's operators route it anew.
    delete location.townshipCode;
    delete location.countyCode;
    delete location.villageCode;
  } else if (townshipCode && townshipCode !== record.townshipCode) {
    location.townshipCode = townshipCode;
    location.countyCode = townshipCode.slice(0, 6);
    if (location.villageCode && !location.villageCode.startsWith(townshipCode)) delete location.villageCode;
  } else if (countyCode) {
    location.countyCode = countyCode;
  }
  const placeCode = location.townshipCode ?? location.countyCode ?? rules.regionCode;
  const policy = resolvePolicy(rules.policies, placeCode, shanghaiDate(now));
  const due =
    decision.due === undefined
      ? record.due
      : decision.due === null
        ? undefined
        : dueFor(rules.calendar, policy, decision.due, now);
  const objectionWindowEndsAt = decision.objectionWindow
    ? dueFor(rules.calendar, policy, decision.objectionWindow, now).dueAt
    : record.objectionWindowEndsAt;

  const next: CaseRecord = {
    ...record,
    ...facts,
    status: decision.status,
    location,
    townshipCode: location.townshipCode,
    due,
    objectionWindowEndsAt,
  };
  const e = decision.event;
  const event: EventDraft = {
    // The system's own moves keep the event type they always had (`routed`); people's are transitions.
    ...(actor.kind === 'system' && e.type === 'routed'
      ? { type: 'routed' as const }
      : { type: 'transition' as const, action: decision.action }),
    actor:
      actor.kind === 'reporter'
        ? { kind: 'reporter' }
        : actor.kind === 'system'
          ? { kind: 'system' }
          : { kind: 'staff', staffId: actor.id },
    reporterVisible: e.reporterVisible,
    ...(e.status ? { status: e.status } : {}),
    ...(e.text ? { text: e.text } : {}),
    ...(e.internalNote ? { internalNote: e.internalNote } : {}),
    ...(e.detail ? { detail: e.detail } : {}),
  };
  return { ok: true, decision, next, event };
}
