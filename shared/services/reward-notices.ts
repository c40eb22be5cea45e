/**
 * Staff notifications of rewards, from the stream of reward items (after the write committed): the
 * county is asked for the facts, finance to approve (again, for a second approval), to request the
 * payee of a claim and to pay once the custodian released it; the custodian to release. Each is
 * delivered once (its id names the step), addressed by jurisdiction and role, and carries what
 * every notification carries — never amounts, payee or identity.
 */
import { caseItemKind } from '../db/keys.ts';
import type { RewardRecord } from '../domain/reward-record.ts';
import { deliverOnce, type Notification, type Notifier } from '../notify.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DeliveryRepository } from '../repositories/delivery-repository.ts';

export interface RewardNoticeDeps {
  cases: CaseRepository;
  deliveries: DeliveryRepository;
  notifier: Notifier;
  now: () => Date;
  publicUrl: string;
}

export const isRewardItem = (image?: Record<string, unknown>) => caseItemKind(image) === 'reward';

/** The step a reward waits at, as a notification (without the case's category and link), or null. */
export function rewardNotice(
  r: RewardRecord,
): Pick<Notification, 'id' | 'kind' | 'audience' | 'jurisdiction'> | null {
  const n = r.caseNumber;
  const to = { jurisdiction: r.countyCode };
  switch (r.status) {
    case 'awaiting_facts':
      return { id: `reward-facts:${n}`, kind: 'reward_facts_needed', audience: 'county_supervisor', ...to };
    case 'calculated':
      // One per approval round: the first, and the second above the threshold.
      return {
        id: `reward-approve:${n}:${r.approvals.length}`,
        kind: 'reward_to_approve',
        audience: 'finance_officer',
        ...to,
      };
    case 'claimed':
      if (r.releasedTo)
        return { id: `reward-released:${n}`, kind: 'payee_released', audience: 'finance_officer', ...to };
      if (r.releaseRequestedBy)
        return {
          id: `reward-release:${n}`,
          kind: 'payee_release_requested',
          audience: 'identity_custodian',
          ...to,
        };
      return { id: `reward-claimed:${n}`, kind: 'reward_claimed', audience: 'finance_officer', ...to };
    default:
      return null;
  }
}

/** Notifies the step a reward item's write brought it to (nothing when the step did not change). */
export async function notifyRewardChange(
  deps: RewardNoticeDeps,
  after: RewardRecord,
  before: RewardRecord | undefined,
): Promise<void> {
  const notice = rewardNotice(after);
  if (!notice || (before && rewardNotice(before)?.id === notice.id)) return;
  const stored = await deps.cases.get(after.caseNumber);
  if (!stored) return;
  await deliverOnce(deps, {
    ...notice,
    caseNumber: after.caseNumber,
    category: stored.record.category,
    link: `${deps.publicUrl}/staff/cases/${after.caseNumber}`,
  });
}
