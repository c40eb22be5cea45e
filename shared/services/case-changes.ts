/**
 * What happens after a case write has committed, driven by the cases table's stream (a Lambda in
 * AWS, a poller in `npm start`): unrouted reports go through the place matcher, and staff are
 * notified of new assignments and of reports needing triage. Every step is idempotent, because
 * stream delivery is at least once.
 */

import { type KeyProvider, open } from '../crypto/envelope.ts';
import { caseItemKind, caseNumberOfItem } from '../db/keys.ts';
import { type CaseEvent, type CaseRecord, STATUS_LABELS } from '../domain/case.ts';
import type { RewardRecord } from '../domain/reward-record.ts';
import { smsCaseUpdate } from '../domain/sms/replies.ts';
import { deliverOnce, type Notifier } from '../notify.ts';
import type { DeliveryRepository } from '../repositories/delivery-repository.ts';
import type { PublicRepository } from '../repositories/public-repository.ts';
import type { RetentionRepository } from '../repositories/retention-repository.ts';
import type { RewardRepository } from '../repositories/reward-repository.ts';
import type { SearchRepository } from '../repositories/search-repository.ts';
import type { SmsRepository } from '../repositories/sms-repository.ts';
import type { SupervisionCounts } from '../repositories/supervision-counts.ts';
import type { SmsSender } from '../sms-sender.ts';
import { recordSearchChange } from './case-search.ts';
import type { EvidenceDeps } from './evidence.ts';
import { recordPublicChange } from './public-stats.ts';
import { markWhenFinal } from './retention.ts';
import { notifyRevealChange } from './reveal-notices.ts';
import { isRewardItem, notifyRewardChange } from './reward-notices.ts';
import { openRewardOf } from './rewards.ts';
import { type RoutingDeps, routeByText } from './routing.ts';
import { recordSupervisionChange } from './supervision-counting.ts';

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
  /** Identity retention: a case that became final is marked here (the sweep deletes later). */
  retention?: RetentionRepository;
  /** Days a final case keeps its reporter's identity (the sweep's purge). */
  retentionDays?: number;
  /** Rewards: a substantiated case's reward is opened here, after the substantiation committed. */
  rewards?: RewardRepository;
  /** The public page's listings and counts (shared/services/public-stats.ts). */
  publicRecords?: PublicRepository;
  /** The staff search's archive entries and word postings (shared/services/case-search.ts). */
  search?: SearchRepository;
  /** The supervision (考核) counters and the staff-action log (shared/services/supervision-counting.ts). */
  supervision?: SupervisionCounts;
  /** SMS to SMS reporters (staff messages, status changes); absent where SMS is not set up. */
  smsOut?: { sender: SmsSender; contacts: SmsRepository; keys: KeyProvider };
  /** Evidence files, deleted by the retention sweep with the identity. */
  evidenceStore?: Pick<EvidenceDeps, 'evidence' | 'blobs'>;
}

/**
 * A reporter-visible staff message or status change on a case reported by SMS goes to the
 * reporter's phone: the sealed number is opened only here (purpose `sms_contact`), once per event.
 */
async function smsReporter(deps: CaseChangeDeps, event: CaseEvent & { caseNumber: string }): Promise<void> {
  const out = deps.smsOut;
  if (!out || !event.reporterVisible) return;
  if (event.type !== 'staff_message' && event.type !== 'transition' && event.type !== 'reward') return;
  // A claim made by SMS was confirmed by the SMS reply itself.
  if (event.type === 'reward' && event.action === 'claim' && event.detail?.channel === 'sms') return;
  const stored = await deps.cases.get(event.caseNumber);
  if (stored?.record.channel !== 'sms') return;
  const id = `sms:${event.caseNumber}:${event.seq}`;
  if (await deps.deliveries.delivered(id)) return;
  const sealed = await out.contacts.contact(event.caseNumber);
  if (!sealed) return;
  const to = await open<string>(out.keys, sealed, event.caseNumber, {
    purpose: 'sms_contact',
    caseNumber: event.caseNumber,
  });
  await out.sender.send(
    to,
    smsCaseUpdate({
      caseNumber: event.caseNumber,
      ...(event.status ? { statusLabel: STATUS_LABELS[event.status].zh } : {}),
      ...(event.text ? { message: event.text } : {}),
    }),
  );
  const now = deps.now();
  await deps.deliveries.markDelivered(id, now.toISOString(), Math.floor(now.getTime() / 1000) + 90 * 86400);
}

export async function handleCaseChange(deps: CaseChangeDeps, change: CaseChange): Promise<void> {
  await recordPublicChange(deps, change);
  await recordSearchChange(deps, change);
  await notifyRevealChange(deps, change);
  await recordSupervisionChange(deps, change);
  if (change.eventName === 'INSERT' && caseItemKind(change.newImage) === 'event') {
    const image = change.newImage as Record<string, unknown>;
    const caseNumber = caseNumberOfItem(image) as string;
    const event = image as unknown as CaseEvent;
    if (deps.rewards && event.type === 'transition' && event.action === 'substantiate') {
      await openRewardOf({ ...deps, rewards: deps.rewards }, caseNumber);
    }
    await smsReporter(deps, { ...event, caseNumber });
    return;
  }
  if (change.eventName !== 'REMOVE' && isRewardItem(change.newImage)) {
    const after = change.newImage as unknown as RewardRecord;
    await notifyRewardChange(deps, after, change.oldImage as unknown as RewardRecord | undefined);
    return;
  }
  if (change.eventName === 'REMOVE' || caseItemKind(change.newImage) !== 'case') return;
  const now = deps.now;
  const record = change.newImage as unknown as CaseRecord;
  const before = change.oldImage as unknown as CaseRecord | undefined;
  const link = `${deps.publicUrl}/staff/cases/${record.caseNumber}`;
  if (deps.retention) await markWhenFinal({ retention: deps.retention }, record, before);

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
        kind:
          before?.townshipCode && before.townshipCode !== record.townshipCode
            ? 'case_transferred_in'
            : 'case_assigned',
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
