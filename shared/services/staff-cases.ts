/**
 * Staff access to cases: queues by jurisdiction, the case page (every view audited in the case's
 * hash chain), messages to the reporter and internal notes. A case outside the staff member's
 * jurisdiction is "not found" — the answer never reveals that it exists elsewhere.
 */
import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../auth/staff.ts';
import { withinJurisdiction } from '../auth/staff.ts';
import { sha256 } from '../crypto/digest.ts';
import type { ServerSecrets } from '../crypto/server-keys.ts';
import { countyCasesPk, townshipQueuePk, triageQueuePk } from '../db/keys.ts';
import type { CalendarData } from '../domain/calendar.ts';
import { type CaseRecord, normalizeCaseNumber } from '../domain/case.ts';
import type { DeadlinePolicy } from '../domain/deadline-policy.ts';
import { type DecisionLookups, type KnownPlace, type NamedCase, namedCodes } from '../domain/destinations.ts';
import {
  type Approval,
  type LifecycleActor,
  type Refusal,
  roleMay,
  type TransitionRequest,
  transition,
} from '../domain/lifecycle/index.ts';
import { ACTION_LABELS, fieldLabel } from '../domain/lifecycle-labels.ts';
import type { ReportInput } from '../domain/report.ts';
import { inSentOrder } from '../domain/timeline.ts';
import { ForbiddenError } from '../errors.ts';
import type { ChangeDecision, ChangeRefusal } from '../repositories/case-change.ts';
import {
  appendStaffEvent,
  CASE_READERS,
  canReadCase,
  caseJurisdiction,
  readableCase,
  type StaffDeps,
} from './case-access.ts';
import { openCursor, sealCursor } from './cursors.ts';
import { fileReport, type IntakeDeps, type IntakeResult } from './intake.ts';

/** Roles that write to a case's conversation. */
const CASE_WRITERS = new Set(['operator', 'township_officer', 'county_supervisor']);

/** Whether the role writes to a case's conversation (messages and internal notes): the form to show. */
export const canWriteToCase = (staff: Pick<StaffPrincipal, 'role'>) => CASE_WRITERS.has(staff.role);

export interface QueueQuery {
  status?: string;
  category?: string;
  townshipCode?: string;
  limit: number;
  cursor?: string;
}

/** A list's dependencies: the staff ones and the key that signs its page cursors. */
export type ListDeps = StaffDeps & { secrets: ServerSecrets };

export async function staffQueue(deps: ListDeps, staff: StaffPrincipal, q: QueueQuery) {
  if (!CASE_READERS.has(staff.role))
    throw new ForbiddenError('role cannot list cases', { zh: '您的岗位不办理案件，没有案件队列' });
  const j = staff.jurisdiction;
  const counties = async () => (await deps.directory.children(j)).map((c) => c.code);
  let plan: { index: 'queue' | 'county'; partitions: string[] };
  if (staff.role === 'operator') {
    // Operators work the triage queues of their county, or of every county of their city.
    plan =
      j.length === 4
        ? { index: 'queue', partitions: [...(await counties()).map(triageQueuePk), triageQueuePk(j)] }
        : { index: 'queue', partitions: [triageQueuePk(j.slice(0, 6))] };
  } else if (j.length === 9) {
    plan = { index: 'queue', partitions: [townshipQueuePk(j)] };
  } else if (j.length === 6) {
    plan = { index: 'county', partitions: [countyCasesPk(j)] };
  } else {
    plan = { index: 'county', partitions: [...(await counties()).map(countyCasesPk), countyCasesPk(j)] };
  }
  const townshipCode =
    q.townshipCode && withinJurisdiction(staff, q.townshipCode) ? q.townshipCode : undefined;
  const scope = {
    list: 'cases',
    caller: staff,
    query: { status: q.status, category: q.category, township: townshipCode },
  };
  const page = await deps.cases.listOpen({
    ...plan,
    limit: q.limit,
    cursor: await openCursor(deps.secrets, scope, q.cursor),
    filter: { status: q.status, category: q.category, townshipCode },
  });
  const cursor = await sealCursor(deps.secrets, scope, page.cursor);
  return { cases: page.cases, ...(cursor ? { cursor } : {}) };
}

/** Opens a case for a staff member: the record, the full timeline, and an audit event of the view. */
export async function openCase(deps: StaffDeps, staff: StaffPrincipal, caseNumber: string) {
  const readable = await readableCase(deps, staff, caseNumber);
  const record = await appendStaffEvent(deps, readable, () => ({
    type: 'staff_viewed',
    actor: { kind: 'staff', staffId: staff.id },
    reporterVisible: false,
  }));
  // SMS texts in the order they were sent (shared/domain/sms.ts); `seq` keeps the chain order.
  const events = inSentOrder(await deps.cases.listEvents(caseNumber));
  return { record, events };
}

/** A message to the reporter (shown on the follow-up page) or an internal note (never shown). */
export async function staffMessage(
  deps: StaffDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  text: string,
  internal: boolean,
  idempotencyKey?: string,
) {
  const readable = await readableCase(deps, staff, caseNumber);
  if (!CASE_WRITERS.has(staff.role))
    throw new ForbiddenError('role cannot write to cases', {
      zh: '您的岗位只能查看案件，不能给举报人发消息或写备注',
    });
  return appendStaffEvent(
    deps,
    readable,
    () => ({
      type: internal ? 'internal_note' : 'staff_message',
      actor: { kind: 'staff', staffId: staff.id },
      reporterVisible: !internal,
      text,
    }),
    idempotencyKey ? sha256(`staff-msg:${staff.id}:${idempotencyKey}`) : undefined,
  );
}

export interface TransitionDeps extends StaffDeps {
  calendar: CalendarData;
  policies: DeadlinePolicy[];
}

/** Who asks for a transition: a staff member, or the reporter of the case (an objection). */
export type TransitionActor = { staff: StaffPrincipal } | { reporter: CaseRecord };

/** A lifecycle refusal as change() maps it: the field named in English as a form labels it. */
function lifecycleRefusal(r: Refusal): ChangeRefusal {
  const field = r.field ?? 'action';
  const en = r.message.replace(field, fieldLabel(field).en);
  return {
    ok: false,
    code: r.code,
    message: r.message,
    zh: r.messageZh,
    en: en[0]?.toUpperCase() + en.slice(1),
    ...(r.field ? { field: r.field } : {}),
  };
}

/** Whether this actor may touch the case at all, and may ever take the action (before any version). */
function mayTransition(
  deps: StaffDeps,
  actor: TransitionActor,
  action: TransitionRequest['action'],
): (record: CaseRecord) => ChangeRefusal | null {
  return (record) => {
    if ('reporter' in actor) return record.caseNumber === actor.reporter.caseNumber ? null : notFound;
    const staff = actor.staff;
    const visible =
      staff.role === 'village_coordinator'
        ? record.recheck?.villageCode === staff.jurisdiction
        : canReadCase(staff, record, deps.regionCode);
    if (!visible) return notFound;
    // A role that may never take this action learns that first, whatever the version.
    if (!roleMay(staff.role, action))
      return {
        ok: false,
        code: 'role_not_allowed',
        message: `${staff.role} may not ${action}`,
        zh: `您的岗位不能${ACTION_LABELS[action]?.zh ?? '执行此操作'}`,
      };
    return null;
  };
}
const notFound: ChangeRefusal = { ok: false, code: 'not_found', message: 'case not found' };

/**
 * Applies a lifecycle action to a case, as `actor` (a staff member, or the reporter of the case
 * for an objection), if the case is still at `expectedVersion` (when given: a village coordinator
 * never holds the version, the re-check's own state guards their answer). The lifecycle decides
 * and returns the whole next record; change() writes it, its event and a changed re-check task in
 * one transaction.
 */
export async function transitionCase(
  deps: TransitionDeps,
  actor: TransitionActor,
  caseNumber: string,
  request: TransitionRequest,
  expectedVersion?: number,
  /** A further condition on the case as read, checked on every attempt (a re-check's task id). */
  requires?: (record: CaseRecord) => ChangeRefusal | null,
): Promise<{ record: CaseRecord; decision: Approval }> {
  const lookups = await lookUpNamed(deps, request);
  const who: LifecycleActor =
    'staff' in actor
      ? { kind: 'staff', id: actor.staff.id, role: actor.staff.role, jurisdiction: actor.staff.jurisdiction }
      : { kind: 'reporter' };
  const rules = { calendar: deps.calendar, policies: deps.policies, regionCode: deps.regionCode, lookups };
  const { record, result } = await deps.cases.change(
    caseNumber,
    ({ record, now }): ChangeDecision<Approval> => {
      const t = transition(record, request, who, now, { ...rules, newTaskId: randomUUID() });
      if (!t.ok) return lifecycleRefusal(t);
      // A re-check that changed is written to its village's task list in the same transaction.
      const task = t.decision.patch.recheck && t.next.recheck?.taskId ? t.next.recheck : undefined;
      return {
        ok: true,
        events: [t.event],
        next: t.next,
        bumpVersion: true,
        ...(task?.taskId && t.next.townshipCode
          ? {
              extra: [
                deps.cases.coordination.taskPut({
                  ...task,
                  taskId: task.taskId,
                  caseNumber,
                  townshipCode: t.next.townshipCode,
                }),
              ],
            }
          : {}),
        result: t.decision,
      };
    },
    {
      now: deps.now,
      regionCode: deps.regionCode,
      authorize: (c) => mayTransition(deps, actor, request.action)(c) ?? requires?.(c) ?? null,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    },
  );
  return { record, decision: result };
}

/**
 * Looks up every code the request names — townships in the directory, an earlier case by number —
 * so the lifecycle (shared/domain/destinations.ts) decides on facts, not on the code's shape.
 */
async function lookUpNamed(deps: StaffDeps, request: unknown): Promise<DecisionLookups> {
  const named = namedCodes(request);
  const places = new Map<string, KnownPlace>();
  const cases = new Map<string, NamedCase>();
  for (const code of named.places) {
    const place = /^\d{9}$/.test(code) ? await deps.directory.get(code) : null;
    if (place) places.set(code, { code: place.code, level: place.level });
  }
  for (const input of named.cases) {
    const caseNumber = normalizeCaseNumber(input);
    const stored = caseNumber ? await deps.cases.get(caseNumber) : null;
    if (stored)
      cases.set(caseNumber as string, {
        caseNumber: stored.record.caseNumber,
        place: caseJurisdiction(stored.record, deps.regionCode),
        ...(stored.record.duplicateOf ? { duplicateOf: stored.record.duplicateOf } : {}),
      });
  }
  return { places, cases };
}

/** Roles that key in reports taken by phone (the county 12350 centre). */
const PHONE_INTAKE_ROLES = new Set(['operator', 'county_supervisor']);

/** Whether the role keys in phone reports (the intake form to show). */
export const canTakePhoneReports = (staff: Pick<StaffPrincipal, 'role'>) =>
  PHONE_INTAKE_ROLES.has(staff.role);

/**
 * A report taken by phone: the same validation and storage as a web report, channel `phone`. The
 * operator reads the case number and access key back to the caller; they are not kept anywhere.
 */
export async function phoneIntake(
  deps: IntakeDeps,
  staff: StaffPrincipal,
  input: ReportInput,
  idempotencyKey?: string,
): Promise<IntakeResult> {
  if (!PHONE_INTAKE_ROLES.has(staff.role))
    throw new ForbiddenError('only operators take phone reports', { zh: '只有话务员和县级人员登记电话举报' });
  return fileReport(deps, input, {
    channel: 'phone',
    idempotencyKey: idempotencyKey ? `phone:${staff.id}:${idempotencyKey}` : undefined,
  });
}
