/**
 * Identity retention (SPEC §6 "identity data is deleted a configured time after a case closes"):
 * the stream consumer marks a case when it becomes final; the sweep reads the markers that have
 * come due and deletes the case's sealed identity, sealed SMS number and reward payee — after
 * checking again, because a case can reopen (an upheld objection) and a reward can still need them.
 * Deleting through a re-checked marker rather than a TTL set at close keeps both cases safe.
 */
import type { CaseRecord } from '../domain/case.ts';
import { finalAt, retentionDecision } from '../domain/retention.ts';
import { NotFoundError } from '../errors.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { RetentionRepository } from '../repositories/retention-repository.ts';
import type { RewardRepository } from '../repositories/reward-repository.ts';
import { type EvidenceDeps, purgeEvidence } from './evidence.ts';

export interface RetentionDeps {
  cases: CaseRepository;
  rewards: RewardRepository;
  retention: RetentionRepository;
  /** Days a final case keeps its reporter's identity. */
  retentionDays: number;
  now: () => Date;
  /** Evidence files: their sealed blobs go with the identity (shared/services/evidence.ts). */
  evidenceStore?: Pick<EvidenceDeps, 'evidence' | 'blobs'>;
}

/** How long a case whose reward is still in progress waits before it is looked at again. */
export const REWARD_PENDING_RECHECK_DAYS = 30;
const DAY_MS = 86_400_000;

/** Stream consumer: marks a case whose final instant appeared or changed with this write. */
export async function markWhenFinal(
  deps: Pick<RetentionDeps, 'retention'>,
  after: CaseRecord,
  before: CaseRecord | undefined,
): Promise<void> {
  const at = finalAt(after);
  if (!at || (before && finalAt(before) === at)) return;
  await deps.retention.mark(after.caseNumber, at);
}

export interface PurgeResult {
  purged: number;
  /** Markers of reopened cases, dropped. */
  dropped: number;
  /** Final long enough, but a reward is still in progress. */
  deferred: number;
}

/** Sweep: deletes the identities whose retention has run out. Idempotent if interrupted. */
export async function purgeExpiredIdentities(deps: RetentionDeps): Promise<PurgeResult> {
  const now = deps.now();
  const retentionMs = deps.retentionDays * DAY_MS;
  const until = new Date(now.getTime() - retentionMs).toISOString();
  const result: PurgeResult = { purged: 0, dropped: 0, deferred: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.retention.due(until, 100, cursor);
    cursor = page.cursor;
    for (const { caseNumber } of page.markers) {
      const stored = await deps.cases.get(caseNumber);
      if (!stored) {
        await deps.retention.unmark(caseNumber);
        continue;
      }
      const reward = await deps.rewards.get(caseNumber);
      const decision = retentionDecision(stored.record, reward?.status ?? null, now, deps.retentionDays);
      if (decision === 'not_final') {
        await deps.retention.unmark(caseNumber);
        result.dropped++;
      } else if (decision === 'not_yet') {
        await deps.retention.mark(caseNumber, finalAt(stored.record) as string);
      } else if (decision === 'reward_pending') {
        // Comes due again in 30 days: its marker moves as if the case had become final later.
        const later = new Date(now.getTime() - retentionMs + REWARD_PENDING_RECHECK_DAYS * DAY_MS);
        await deps.retention.mark(caseNumber, later.toISOString());
        result.deferred++;
      } else {
        await deps.retention.purgeIdentity(caseNumber);
        if (deps.evidenceStore) await purgeEvidence({ ...deps.evidenceStore, now: deps.now }, caseNumber);
        await recordPurge(deps, stored.record);
        await deps.retention.unmark(caseNumber);
        result.purged++;
      }
    }
  } while (cursor);
  return result;
}

/** The reporter-visible event of the deletion (once, even when a sweep is repeated). */
async function recordPurge(deps: RetentionDeps, start: CaseRecord): Promise<void> {
  try {
    await deps.cases.change(
      start.caseNumber,
      ({ record }) => ({
        ok: true,
        events: [
          {
            type: 'identity_purged',
            actor: { kind: 'system' },
            reporterVisible: true,
            text: `依照保存期限（${deps.retentionDays} 天），您的身份和联系信息已删除。`,
          },
        ],
        next: { ...record, hasIdentity: false },
        result: undefined,
      }),
      { now: deps.now, dedupeKey: 'identity-purged' },
    );
  } catch (err) {
    // Gone meanwhile: nothing left to record it on.
    if (!(err instanceof NotFoundError)) throw err;
  }
}
