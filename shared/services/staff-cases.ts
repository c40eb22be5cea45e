/**
 * Staff access to cases: queues by jurisdiction, the case page (every view audited in the case's
 * hash chain), messages to the reporter and internal notes. A case outside the staff member's
 * jurisdiction is "not found" — the answer never reveals that it exists elsewhere.
 */
import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../auth/staff.ts';
import { withinJurisdiction } from '../auth/staff.ts';
import type { ServerSecrets } from '../crypto/server-keys.ts';
import { QUEUE_ATTRIBUTES, queueKeys } from '../db/keys.ts';
import { chainEvent } from '../domain/audit-chain.ts';
import type { CalendarData } from '../domain/calendar.ts';
import { type CaseEvent, type CaseRecord, normalizeCaseNumber } from '../domain/case.ts';
import { type DeadlinePolicy, resolvePolicy } from '../domain/deadline-policy.ts';
import { type DecisionLookups, type KnownPlace, type NamedCase, namedCodes } from '../domain/destinations.ts';
import {
  type Approval,
  type CaseFacts,
  decide,
  dueFor,
  factsOf,
  isOpen,
  type LifecycleActor,
  roleMay,
  type TransitionRequest,
} from '../domain/lifecycle.ts';
import { ACTION_LABELS, fieldLabel } from '../domain/lifecycle-labels.ts';
import type { ReportInput } from '../domain/report.ts';
import { shanghaiDate } from '../domain/shanghai-time.ts';
import { inSentOrder } from '../domain/timeline.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RefusedError,
  StaleVersionError,
  ValidationError,
} from '../errors.ts';
import { type CaseRepository, DuplicateRequestError } from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import { openCursor, sealCursor } from './cursors.ts';
import { fileReport, type IntakeDeps, type IntakeResult, sha256 } from './intake.ts';

export interface StaffDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  now: () => Date;
  regionCode: string;
}

/** Roles that read case content. The identity custodian decides reveal requests without it. */
const CASE_READERS = new Set([
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'auditor',
]);
/** Roles that write to a case's conversation. */
const CASE_WRITERS = new Set(['operator', 'township_officer', 'county_supervisor']);

/** Whether the role writes to a case's conversation (messages and internal notes): the form to show. */
export const canWriteToCase = (staff: Pick<StaffPrincipal, 'role'>) => CASE_WRITERS.has(staff.role);

/** The code that decides who may see a case: its township, else its county, else the region. */
export const caseJurisdiction = (c: CaseRecord, regionCode: string) =>
  c.townshipCode ?? c.location.countyCode ?? regionCode;

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
        ? { index: 'queue', partitions: [...(await counties()).map((c) => `Q#TRIAGE#${c}`), `Q#TRIAGE#${j}`] }
        : { index: 'queue', partitions: [`Q#TRIAGE#${j.slice(0, 6)}`] };
  } else if (j.length === 9) {
    plan = { index: 'queue', partitions: [`Q#T#${j}`] };
  } else if (j.length === 6) {
    plan = { index: 'county', partitions: [`C#${j}`] };
  } else {
    plan = { index: 'county', partitions: [...(await counties()).map((c) => `C#${c}`), `C#${j}`] };
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

/** The case if this staff member may read it; NotFoundError otherwise (existence not revealed). */
export async function readableCase(
  deps: StaffDeps,
  staff: StaffPrincipal,
  caseNumber: string,
): Promise<CaseRecord> {
  const stored = await deps.cases.get(caseNumber);
  if (
    !stored ||
    !CASE_READERS.has(staff.role) ||
    !withinJurisdiction(staff, caseJurisdiction(stored.record, deps.regionCode))
  ) {
    throw new NotFoundError('case not found');
  }
  return stored.record;
}

/**
 * A case a village coordinator may act on: one whose re-check is handed to their village. It is
 * never shown to them (shared/services/coordinator.ts shapes what they see); anything else is
 * "not found", like an unknown case.
 */
export async function recheckableCase(
  deps: StaffDeps,
  staff: StaffPrincipal,
  caseNumber: string,
): Promise<CaseRecord> {
  const stored = await deps.cases.get(caseNumber);
  if (
    !stored ||
    staff.role !== 'village_coordinator' ||
    stored.record.recheck?.villageCode !== staff.jurisdiction
  )
    throw new NotFoundError('case not found');
  return stored.record;
}

/** Appends a staff event to the chain, retrying when another event landed first. */
export async function appendStaffEvent(
  deps: StaffDeps,
  start: CaseRecord,
  build: (record: CaseRecord) => Omit<CaseEvent, 'seq' | 'hash' | 'prevHash' | 'at'>,
  dedupeKey?: string,
): Promise<CaseRecord> {
  let record = start;
  for (let attempt = 0; attempt < 6; attempt++) {
    const at = deps.now().toISOString();
    const event = chainEvent({ ...build(record), seq: record.lastEventSeq + 1, at }, record.lastEventHash);
    try {
      await deps.cases.appendEvent(record.caseNumber, event, { now: at, dedupeKey });
      return { ...record, lastEventSeq: event.seq, lastEventHash: event.hash, updatedAt: at };
    } catch (err) {
      if (err instanceof DuplicateRequestError) return record;
      if (!(err instanceof ConflictError)) throw err;
      const fresh = await deps.cases.get(record.caseNumber);
      if (!fresh) throw err;
      record = fresh.record;
    }
  }
  throw new ConflictError('case kept changing');
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

/**
 * Applies a lifecycle action to a case, as `actor` (a staff member, or the reporter of the case
 * for an objection), if the case is still at `expectedVersion`. The pure state machine decides;
 * this function computes the next deadline, moves the case between queues and writes the new
 * state and its audit event in one transaction.
 */
export async function transitionCase(
  deps: TransitionDeps,
  actor: { staff: StaffPrincipal } | { reporter: CaseRecord },
  caseNumber: string,
  request: TransitionRequest,
  expectedVersion: number,
): Promise<{ record: CaseRecord; decision: Approval }> {
  let record =
    'staff' in actor
      ? actor.staff.role === 'village_coordinator'
        ? await recheckableCase(deps, actor.staff, caseNumber)
        : await readableCase(deps, actor.staff, caseNumber)
      : actor.reporter;
  const lookups = await lookUpNamed(deps, request);
  const who: LifecycleActor =
    'staff' in actor
      ? { kind: 'staff', id: actor.staff.id, role: actor.staff.role, jurisdiction: actor.staff.jurisdiction }
      : { kind: 'reporter' };
  // A role that may never take this action learns that first, whatever the version.
  if ('staff' in actor && !roleMay(actor.staff.role, request.action)) {
    throw new ForbiddenError(`${actor.staff.role} may not ${request.action}`, {
      zh: `您的岗位不能${ACTION_LABELS[request.action]?.zh ?? '执行此操作'}`,
    });
  }
  for (let attempt = 0; attempt < 6; attempt++) {
    if (record.version !== expectedVersion) throw new StaleVersionError(record.version);
    const now = deps.now();
    const decision = decide(factsOf(record, deps.regionCode), request, who, now, lookups);
    if (!decision.ok) {
      if (decision.code === 'invalid' || (decision.code === 'out_of_jurisdiction' && decision.field)) {
        const field = decision.field ?? 'action';
        // English for ?lang=en pages: the field's name as a form labels it, not its key.
        const en = decision.message.replace(field, fieldLabel(field).en);
        throw new ValidationError([
          { field, en: en[0]?.toUpperCase() + en.slice(1), zh: decision.messageZh },
        ]);
      }
      if (decision.code === 'out_of_jurisdiction') throw new NotFoundError('case not found');
      if (decision.code === 'role_not_allowed')
        throw new ForbiddenError(decision.message, { zh: decision.messageZh });
      throw new RefusedError(decision.code, decision.message, decision.messageZh);
    }
    const {
      townshipCode,
      countyCode,
      regionCode: _r,
      caseNumber: _c,
      status: _s,
      due: _d,
      ...facts
    } = decision.patch as Partial<CaseFacts>;
    // A new re-check gets the opaque id its village's coordinator knows it by.
    if (decision.action === 'request_recheck' && facts.recheck)
      facts.recheck = { ...facts.recheck, taskId: randomUUID() };
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
    const placeCode = location.townshipCode ?? location.countyCode ?? deps.regionCode;
    const policy = resolvePolicy(deps.policies, placeCode, shanghaiDate(now));
    const due =
      decision.due === undefined
        ? record.due
        : decision.due === null
          ? undefined
          : dueFor(deps.calendar, policy, decision.due, now);
    const objectionWindowEndsAt = decision.objectionWindow
      ? dueFor(deps.calendar, policy, decision.objectionWindow, now).dueAt
      : undefined;
    const next: CaseRecord = {
      ...record,
      ...facts,
      ...(decision.toTriage ? { townshipCode: undefined } : {}),
      status: decision.status,
      location,
      townshipCode: location.townshipCode,
      due,
      ...(objectionWindowEndsAt ? { objectionWindowEndsAt } : {}),
    };
    const at = now.toISOString();
    const event = chainEvent(
      {
        seq: record.lastEventSeq + 1,
        type: 'transition',
        action: decision.action,
        at,
        actor: 'staff' in actor ? { kind: 'staff', staffId: actor.staff.id } : { kind: 'reporter' },
        reporterVisible: decision.event.reporterVisible,
        ...(decision.event.status ? { status: decision.event.status } : {}),
        ...(decision.event.text ? { text: decision.event.text } : {}),
        ...(decision.event.internalNote ? { internalNote: decision.event.internalNote } : {}),
        ...(decision.event.detail ? { detail: decision.event.detail } : {}),
      },
      record.lastEventHash,
    );
    const open = isOpen(next) && next.due;
    // A fact the decision clears (undefined) is removed, not written.
    const cleared = Object.keys(facts).filter((k) => (facts as Record<string, unknown>)[k] === undefined);
    const set: Record<string, unknown> = {
      ...Object.fromEntries(Object.entries(facts).filter(([, v]) => v !== undefined)),
      status: next.status,
      location,
      ...(next.townshipCode ? { townshipCode: next.townshipCode } : {}),
      ...(next.due ? { due: next.due } : {}),
      ...(objectionWindowEndsAt ? { objectionWindowEndsAt } : {}),
      ...(open && next.due
        ? queueKeys({ ...location, regionCode: deps.regionCode }, next.due.dueAt, caseNumber)
        : {}),
    };
    const remove = [
      ...cleared,
      ...(next.due ? [] : ['due']),
      ...(open ? [] : QUEUE_ATTRIBUTES),
      ...(decision.toTriage && record.townshipCode ? ['townshipCode'] : []),
    ];
    try {
      // A re-check that changed is written to its village's task list in the same transaction.
      const extra =
        facts.recheck?.taskId && next.townshipCode
          ? [
              deps.cases.coordination.taskPut({
                ...facts.recheck,
                taskId: facts.recheck.taskId,
                caseNumber,
                townshipCode: next.townshipCode,
              }),
            ]
          : [];
      await deps.cases.appendEvent(caseNumber, event, { now: at, expectedVersion, set, remove, extra });
      return {
        record: {
          ...next,
          version: expectedVersion + 1,
          lastEventSeq: event.seq,
          lastEventHash: event.hash,
          updatedAt: at,
        },
        decision,
      };
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      const fresh = await deps.cases.get(caseNumber);
      if (!fresh) throw err;
      record = fresh.record;
    }
  }
  throw new ConflictError('case kept changing');
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
