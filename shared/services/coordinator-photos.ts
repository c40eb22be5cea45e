/**
 * Photos a village safety coordinator takes on site: with a patrol report, and with the result of
 * a re-check (复查), so the township officer confirming the rectification sees what the
 * coordinator saw. The photos go through the evidence service like every other file (checked and
 * stripped by `prepareEvidence` before anything is written, sealed and recorded by
 * `attachEvidence`); what a coordinator may do and see stays with shared/services/coordinator.ts.
 *
 * Both writes are safe to repeat: the patrol report is idempotent by its key, a file's id comes
 * from the case and its bytes, so a retried form post stores nothing twice.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import type { RecheckResult } from '../domain/lifecycle/index.ts';
import { ForbiddenError, NotFoundError, RefusedError } from '../errors.ts';
import { filePatrolReport, type PatrolReport, type RecheckTaskView, recordRecheck } from './coordinator.ts';
import { attachEvidence, type EvidenceDeps, type PreparedEvidence } from './evidence.ts';
import type { IntakeDeps } from './intake.ts';
import type { TransitionDeps } from './staff-cases.ts';

const asStaff = (staff: StaffPrincipal) => ({ kind: 'staff' as const, staffId: staff.id });

/**
 * Files a patrol report, then attaches its photos (source `patrol`). The photos must be prepared
 * first, so a refused photo leaves no report behind.
 */
export async function filePatrolReportWithPhotos(
  deps: IntakeDeps & EvidenceDeps,
  staff: StaffPrincipal,
  report: PatrolReport,
  photos: PreparedEvidence[],
  idempotencyKey?: string,
): Promise<Awaited<ReturnType<typeof filePatrolReport>> & { photos: number }> {
  const created = await filePatrolReport(deps, staff, report, idempotencyKey);
  if (photos.length) {
    const stored = await deps.cases.get(created.caseNumber);
    if (!stored) throw new NotFoundError('case just filed is not readable');
    await attachEvidence(deps, stored.record, photos, 'patrol', asStaff(staff));
  }
  return { ...created, photos: photos.length };
}

/**
 * Records a re-check with its photos (source `recheck`). The photos are attached first, and only
 * while the task is still open on its case: a retry after a failed write finds them stored and
 * adds nothing, and a closed re-check takes no photos.
 */
export async function recordRecheckWithPhotos(
  deps: TransitionDeps & EvidenceDeps,
  staff: StaffPrincipal,
  taskId: string,
  answer: { result: RecheckResult; note: string },
  photos: PreparedEvidence[],
): Promise<RecheckTaskView> {
  if (photos.length) {
    if (staff.role !== 'village_coordinator') throw new ForbiddenError('only village safety coordinators');
    const found = /^[0-9a-f-]{36}$/.test(taskId)
      ? await deps.cases.coordination.task(staff.jurisdiction, taskId)
      : null;
    const task = found?.villageCode === staff.jurisdiction ? found : null;
    // The coordinator service says what a wrong task is; this only declines to attach to it.
    const stored = task ? await deps.cases.get(task.caseNumber) : null;
    if (stored) {
      const open = stored.record.recheck?.taskId === taskId && stored.record.recheck.status === 'requested';
      if (!open) throw new RefusedError('not_allowed_in_state', 'this re-check is closed');
      await attachEvidence(deps, stored.record, photos, 'recheck', asStaff(staff));
    }
  }
  return recordRecheck(deps, staff, taskId, answer);
}
