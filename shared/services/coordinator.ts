/**
 * The village safety coordinator (行政村安全生产协管员/信息员, Henan 豫政办〔2017〕1号 §三(九)): files
 * patrol reports that go straight to their township, follows their own reports, and re-checks
 * rectifications on site (复查) when the township officer hands them one.
 *
 * What they may see is decided here, by whitelist: their own reports (they wrote them), and of a
 * re-check only what the officer wrote for it (summary, unit, deadline) — never a citizen's report
 * text, channel, messages, case number or anything else that could point to who reported, because
 * a village is small. Any other case is "not found", exactly like an unknown one.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import { type CaseRecord, type CaseStatus, type Category, normalizeCaseNumber } from '../domain/case.ts';
import type { CaseDue } from '../domain/case-deadlines.ts';
import type { RecheckFacts, RecheckResult } from '../domain/lifecycle/facts.ts';
import type { Answers } from '../domain/questionnaire.ts';
import type { ReportInput } from '../domain/report.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import type { RecheckTask } from '../repositories/case-repository.ts';
import { fileReport, type IntakeDeps, type IntakeResult } from './intake.ts';
import { type TransitionDeps, transitionCase } from './staff-cases.ts';

const isCoordinator = (staff: StaffPrincipal) =>
  staff.role === 'village_coordinator' && /^\d{12}$/.test(staff.jurisdiction);

function requireCoordinator(staff: StaffPrincipal): void {
  if (!isCoordinator(staff)) throw new ForbiddenError('only village safety coordinators');
}

/** A patrol report as the coordinator files it: the report without place or identity. */
export type PatrolReport = Omit<ReportInput, 'location' | 'reporter'> & { address?: string };

/**
 * Files a patrol report (channel `coordinator`): located in the coordinator's village, routed to
 * its township at once with the acceptance clock running, and marked as a coordinator's report
 * (never rewarded: information obtained while performing duties). No identity is sealed: the
 * coordinator is known to the township as staff.
 */
export async function filePatrolReport(
  deps: IntakeDeps,
  staff: StaffPrincipal,
  report: PatrolReport,
  idempotencyKey?: string,
): Promise<Pick<IntakeResult, 'caseNumber' | 'status' | 'createdAt' | 'replayed'>> {
  requireCoordinator(staff);
  const { address, ...rest } = report;
  const { caseNumber, status, createdAt, replayed } = await fileReport(
    deps,
    { ...rest, location: { villageCode: staff.jurisdiction, ...(address ? { address } : {}) } },
    {
      channel: 'coordinator',
      ...(idempotencyKey ? { idempotencyKey: `coordinator:${staff.id}:${idempotencyKey}` } : {}),
      coordinator: { staffId: staff.id, name: staff.name, villageCode: staff.jurisdiction },
    },
  );
  // The access key is not handed out: the coordinator follows the report signed in.
  return { caseNumber, status, createdAt, replayed };
}

/** One of the coordinator's own reports in their list. */
export interface OwnReportItem {
  caseNumber: string;
  createdAt: string;
  category: Category;
  status: CaseStatus;
  unitName?: string;
  due?: Pick<CaseDue, 'period' | 'dueDate'>;
}

/** The coordinator's own patrol reports, newest first, with their status now. */
export async function ownReports(
  deps: Pick<IntakeDeps, 'cases'>,
  staff: StaffPrincipal,
  limit: number,
  cursor?: string,
): Promise<{ reports: OwnReportItem[]; cursor?: string }> {
  requireCoordinator(staff);
  const page = await deps.cases.coordination.reports(staff.id, limit, cursor);
  const stored = await Promise.all(page.items.map((i) => deps.cases.get(i.caseNumber)));
  const reports = stored
    .filter((s) => s !== null && s.record.coordinator?.staffId === staff.id)
    .map((s) => ownItem((s as { record: CaseRecord }).record));
  return { reports, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

function ownItem(r: CaseRecord): OwnReportItem {
  return {
    caseNumber: r.caseNumber,
    createdAt: r.createdAt,
    category: r.category,
    status: r.status,
    ...(r.unitName ? { unitName: r.unitName } : {}),
    ...(r.due ? { due: { period: r.due.period, dueDate: r.due.dueDate } } : {}),
  };
}

/** One of the coordinator's own reports, opened: what they wrote and what became of it. */
export interface OwnReportView extends OwnReportItem {
  description: string;
  address?: string;
  answers?: Answers;
  /** Status changes and messages meant for the reporter, oldest first. */
  timeline: { at: string; status?: CaseStatus; action?: string; text?: string }[];
}

export async function ownReport(
  deps: Pick<IntakeDeps, 'cases'>,
  staff: StaffPrincipal,
  caseNumber: string,
): Promise<OwnReportView> {
  requireCoordinator(staff);
  const canonical = normalizeCaseNumber(caseNumber);
  const stored = canonical ? await deps.cases.get(canonical) : null;
  // Only a report this coordinator filed; anything else does not exist for them.
  if (!stored || stored.record.coordinator?.staffId !== staff.id) throw new NotFoundError('case not found');
  const r = stored.record;
  const events = await deps.cases.listEvents(r.caseNumber);
  return {
    ...ownItem(r),
    description: r.description,
    ...(r.location.address ? { address: r.location.address } : {}),
    ...(r.answers ? { answers: r.answers } : {}),
    timeline: events
      .filter((e) => e.reporterVisible && e.type !== 'reporter_message')
      .map((e) => ({
        at: e.at,
        ...(e.status ? { status: e.status } : {}),
        ...(e.action ? { action: e.action } : {}),
        ...(e.text ? { text: e.text } : {}),
      })),
  };
}

/** A re-check task as the coordinator sees it: what the officer wrote, never the report. */
export interface RecheckTaskView {
  taskId: string;
  status: RecheckFacts['status'];
  summary: string;
  unitName: string;
  deadline: string;
  requestedAt: string;
  result?: RecheckResult;
  note?: string;
  recordedAt?: string;
}

/** Whitelist: a new field on the task never reaches the coordinator unless added here. */
function taskView(t: RecheckTask): RecheckTaskView {
  return {
    taskId: t.taskId,
    status: t.status,
    summary: t.summary,
    unitName: t.unitName,
    deadline: t.deadline,
    requestedAt: t.requestedAt,
    ...(t.result ? { result: t.result } : {}),
    ...(t.note ? { note: t.note } : {}),
    ...(t.recordedAt ? { recordedAt: t.recordedAt } : {}),
  };
}

/** The re-check tasks of the coordinator's village: pending first, then newest first. */
export async function recheckTasks(
  deps: Pick<IntakeDeps, 'cases'>,
  staff: StaffPrincipal,
): Promise<RecheckTaskView[]> {
  requireCoordinator(staff);
  const tasks: RecheckTask[] = [];
  let cursor: string | undefined;
  // A village has few re-checks a year; read them all (bounded) to order them by urgency.
  for (let page = 0; page < 5; page++) {
    const out = await deps.cases.coordination.tasks(staff.jurisdiction, 100, cursor);
    tasks.push(...out.items);
    cursor = out.cursor;
    if (!cursor) break;
  }
  return tasks
    .filter((t) => t.villageCode === staff.jurisdiction)
    .sort((a, b) =>
      a.status === 'requested' && b.status !== 'requested'
        ? -1
        : b.status === 'requested' && a.status !== 'requested'
          ? 1
          : b.requestedAt.localeCompare(a.requestedAt),
    )
    .map(taskView);
}

export async function recheckTask(
  deps: Pick<IntakeDeps, 'cases'>,
  staff: StaffPrincipal,
  taskId: string,
): Promise<RecheckTaskView> {
  requireCoordinator(staff);
  const task = /^[0-9a-f-]{36}$/.test(taskId)
    ? await deps.cases.coordination.task(staff.jurisdiction, taskId)
    : null;
  if (!task) throw new NotFoundError('task not found');
  return taskView(task);
}

/**
 * Records the re-check's result on its case (lifecycle `record_recheck`), for the township officer
 * to confirm or reject the rectification with. The coordinator never holds the case's version: the
 * re-check's own state (pending, once) and its task id guard against a double or a stale answer.
 */
export async function recordRecheck(
  deps: TransitionDeps,
  staff: StaffPrincipal,
  taskId: string,
  answer: { result: RecheckResult; note: string },
): Promise<RecheckTaskView> {
  requireCoordinator(staff);
  const task = /^[0-9a-f-]{36}$/.test(taskId)
    ? await deps.cases.coordination.task(staff.jurisdiction, taskId)
    : null;
  if (!task) throw new NotFoundError('task not found');
  const { record } = await transitionCase(
    deps,
    { staff },
    task.caseNumber,
    { action: 'record_recheck', result: answer.result, note: answer.note },
    undefined,
    // An older task of the same case (rejected, withdrawn) is answered no more.
    (c) =>
      c.recheck?.taskId === taskId
        ? null
        : { ok: false, code: 'not_allowed_in_state', message: 'this re-check is closed' },
  );
  return taskView({ ...task, ...(record.recheck as RecheckFacts), taskId });
}
