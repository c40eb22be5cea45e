/**
 * Staff notifications of identity reveal requests, from the stream of request items (after the
 * write committed): the custodian hears of a new request, the requester's side of the decision.
 * Each once (its id names the request and step); like every notification they carry the case
 * number, place and category — never the reason given, the identity or who asked.
 */
import { caseItemKind } from '../db/keys.ts';
import { countyOf } from '../domain/division-code.ts';
import { deliverOnce, type Notifier } from '../notify.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DeliveryRepository } from '../repositories/delivery-repository.ts';
import type { RevealRequest } from '../repositories/reveal-repository.ts';

export interface RevealNoticeDeps {
  cases: CaseRepository;
  deliveries: DeliveryRepository;
  notifier: Notifier;
  now: () => Date;
  publicUrl: string;
}

const isRevealItem = (image?: Record<string, unknown>) => caseItemKind(image) === 'reveal';

export async function notifyRevealChange(
  deps: RevealNoticeDeps,
  change: { eventName: string; newImage?: Record<string, unknown>; oldImage?: Record<string, unknown> },
): Promise<void> {
  if (change.eventName === 'REMOVE' || !isRevealItem(change.newImage)) return;
  const r = change.newImage as unknown as RevealRequest;
  const before = change.oldImage as unknown as RevealRequest | undefined;
  if (before?.status === r.status) return;
  const county = countyOf(r.jurisdiction);
  const notice =
    r.status === 'pending'
      ? {
          id: `identity-request:${r.caseNumber}:${r.requestId}`,
          kind: 'identity_requested' as const,
          audience: 'identity_custodian',
          jurisdiction: county,
        }
      : {
          id: `identity-decided:${r.caseNumber}:${r.requestId}`,
          kind: 'identity_decided' as const,
          audience: r.requesterRole,
          // A township officer's request is answered to the township; others' to the county.
          jurisdiction: r.requesterRole === 'township_officer' ? r.jurisdiction : county,
        };
  const stored = await deps.cases.get(r.caseNumber);
  if (!stored) return;
  await deliverOnce(deps, {
    ...notice,
    caseNumber: r.caseNumber,
    category: stored.record.category,
    link: `${deps.publicUrl}/staff/cases/${r.caseNumber}`,
  });
}
