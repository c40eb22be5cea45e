/**
 * What happens after a case write has committed, driven by the cases table's stream (a Lambda in
 * AWS, a poller in `npm start`): unrouted reports go through the place matcher, and staff are
 * notified of new assignments and of reports needing triage. Every step is idempotent, because
 * stream delivery is at least once.
 */
import { PK, SK } from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import { deliverOnce, type Notifier } from '../notify.ts';
import type { DeliveryRepository } from '../repositories/delivery-repository.ts';
import { type RoutingDeps, routeByText } from './routing.ts';

export interface CaseChange {
  /** Stream record id, for partial-batch failure reports. */
  id: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

export interface CaseChangeDeps extends RoutingDeps {
  deliveries: DeliveryRepository;
  notifier: Notifier;
  /** Base URL of the staff console, for links in notifications. */
  publicUrl: string;
}

const isCaseItem = (image?: Record<string, unknown>) =>
  Boolean(image && String(image[PK]).startsWith('CASE#') && image[SK] === 'CASE');

export async function handleCaseChange(deps: CaseChangeDeps, change: CaseChange): Promise<void> {
  if (change.eventName === 'REMOVE' || !isCaseItem(change.newImage)) return;
  const now = deps.now;
  const record = change.newImage as unknown as CaseRecord;
  const before = change.oldImage as unknown as CaseRecord | undefined;
  const link = `${deps.publicUrl}/staff/cases/${record.caseNumber}`;

  if (change.eventName === 'INSERT' && record.status === 'triage') {
    const routed = await routeByText(deps, record.caseNumber);
    if (routed.outcome === 'unresolved') {
      await deliverOnce(
        { deliveries: deps.deliveries, notifier: deps.notifier, now },
        {
          id: `triage:${record.caseNumber}`,
          kind: 'triage_needed',
          caseNumber: record.caseNumber,
          jurisdiction: record.location.countyCode ?? deps.regionCode,
          category: record.category,
          dueDate: record.due?.dueDate,
          link,
        },
      );
    }
    return;
  }

  const newlyAssigned =
    record.status === 'assigned' &&
    record.townshipCode &&
    (change.eventName === 'INSERT' ||
      before?.status !== 'assigned' ||
      before?.townshipCode !== record.townshipCode);
  if (newlyAssigned && record.townshipCode) {
    await deliverOnce(
      { deliveries: deps.deliveries, notifier: deps.notifier, now },
      {
        id: `assigned:${record.caseNumber}:${record.townshipCode}`,
        kind: 'case_assigned',
        caseNumber: record.caseNumber,
        jurisdiction: record.townshipCode,
        category: record.category,
        dueDate: record.due?.dueDate,
        link,
      },
    );
  }
}

/** Handles a batch; returns the ids of the records that failed (to be retried), in order. */
export async function handleCaseChanges(deps: CaseChangeDeps, changes: CaseChange[]): Promise<string[]> {
  const failed: string[] = [];
  for (const change of changes) {
    // After a failure, later records of the same shard must wait (ordering), so report them too.
    if (failed.length) {
      failed.push(change.id);
      continue;
    }
    try {
      await handleCaseChange(deps, change);
    } catch {
      failed.push(change.id);
    }
  }
  return failed;
}
