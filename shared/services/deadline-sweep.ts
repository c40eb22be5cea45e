/**
 * The scheduled deadline sweep (SPEC §4): reminds a township before a case's deadline and
 * escalates to the county when it passes. It reads only the due part of each queue through the
 * queue index (qsk ≤ now + window), so its cost grows with the due cases, not with the table.
 * Notifications are delivered once per case and deadline, however often the sweep runs. Awarded
 * rewards not claimed by the end of their window lapse here too (RULES.md §3.6).
 */
import { townshipQueuePk, triageQueuePk } from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import { deliverOnce, type Notifier } from '../notify.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DeliveryRepository } from '../repositories/delivery-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import type { RetentionRepository } from '../repositories/retention-repository.ts';
import type { RewardRepository } from '../repositories/reward-repository.ts';
import { purgeExpiredIdentities } from './retention.ts';
import { lapseRewards } from './rewards.ts';

export interface SweepDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  deliveries: DeliveryRepository;
  notifier: Notifier;
  now: () => Date;
  regionCode: string;
  publicUrl: string;
  /** When given, notified rewards whose claim window has ended lapse in the same sweep. */
  rewards?: RewardRepository;
  /** When given (with rewards), identities whose retention has run out are deleted. */
  retention?: RetentionRepository;
  retentionDays?: number;
}

export interface SweepResult {
  queues: number;
  dueCases: number;
  reminded: number;
  escalated: number;
  /** Rewards lapsed at the end of their claim window. */
  lapsed: number;
  /** Identities deleted at the end of their retention. */
  purged: number;
}

/** Remind this long before the deadline (a day for day-long periods; hour periods are escalated). */
export const REMINDER_WINDOW_MS = 24 * 3600_000;

/** Every queue of the region: each township's, each county's triage and the region's own triage. */
export async function queuesOf(directory: DirectoryRepository, regionCode: string): Promise<string[]> {
  const counties = await directory.children(regionCode);
  const townships = (await Promise.all(counties.map((c) => directory.children(c.code)))).flat();
  return [
    ...townships.map((t) => townshipQueuePk(t.code)),
    ...counties.map((c) => triageQueuePk(c.code)),
    triageQueuePk(regionCode),
  ];
}

export async function sweepDeadlines(deps: SweepDeps): Promise<SweepResult> {
  const now = deps.now();
  const horizon = new Date(now.getTime() + REMINDER_WINDOW_MS).toISOString();
  const queues = await queuesOf(deps.directory, deps.regionCode);
  const result: SweepResult = {
    queues: queues.length,
    dueCases: 0,
    reminded: 0,
    escalated: 0,
    lapsed: 0,
    purged: 0,
  };
  const send = (c: CaseRecord, kind: 'deadline_reminder' | 'deadline_escalation', jurisdiction: string) =>
    deliverOnce(deps, {
      id: `${kind}:${c.caseNumber}:${c.due?.period}:${c.due?.dueAt}`,
      kind,
      caseNumber: c.caseNumber,
      jurisdiction,
      category: c.category,
      dueDate: c.due?.dueDate,
      link: `${deps.publicUrl}/staff/cases/${c.caseNumber}`,
    });

  for (let i = 0; i < queues.length; i += 8) {
    await Promise.all(
      queues.slice(i, i + 8).map(async (queue) => {
        let cursor: string | undefined;
        do {
          const page = await deps.cases.dueInQueue(queue, horizon, 100, cursor);
          cursor = page.cursor;
          for (const c of page.cases) {
            if (!c.due) continue;
            result.dueCases++;
            const county = c.location.countyCode ?? deps.regionCode;
            if (c.due.dueAt <= now.toISOString()) {
              if ((await send(c, 'deadline_escalation', county)) === 'sent') result.escalated++;
            } else if ((await send(c, 'deadline_reminder', c.townshipCode ?? county)) === 'sent') {
              result.reminded++;
            }
          }
        } while (cursor);
      }),
    );
  }
  if (deps.rewards) result.lapsed = await lapseRewards({ ...deps, rewards: deps.rewards });
  if (deps.rewards && deps.retention && deps.retentionDays) {
    const purge = await purgeExpiredIdentities({
      ...deps,
      rewards: deps.rewards,
      retention: deps.retention,
      retentionDays: deps.retentionDays,
    });
    result.purged = purge.purged;
  }
  return result;
}
