/**
 * Revealing a reporter's identity (SPEC §6): an officer or finance officer asks with a reason; the
 * identity custodian — never the requester — approves or refuses; only then, and only for a while,
 * can the requester see the decrypted identity. Every step is an event in the case's hash chain, and
 * the view itself is shown to the reporter (that it happened and why — not by whom).
 */
import { randomUUID } from 'node:crypto';
import { type StaffPrincipal, withinJurisdiction } from '../auth/staff.ts';
import { type KeyProvider, open } from '../crypto/envelope.ts';
import type { ReporterIdentity } from '../domain/report.ts';
import { ForbiddenError, NotFoundError, RefusedError, ValidationError } from '../errors.ts';
import type { RevealRepository, RevealRequest } from '../repositories/reveal-repository.ts';
import { appendStaffEvent, caseJurisdiction, readableCase, type StaffDeps } from './case-access.ts';

export interface RevealDeps extends StaffDeps {
  reveals: RevealRepository;
}

const REQUESTERS = new Set(['township_officer', 'county_supervisor', 'finance_officer']);
/** How long an approval lets the requester view the identity. */
export const REVEAL_VALID_MS = 7 * 86_400_000;

function checkReason(reason: string) {
  if (reason.trim().length < 5) {
    throw new ValidationError([
      { field: 'reason', en: 'Give a reason (at least 5 characters)', zh: '请说明理由（至少 5 个字）' },
    ]);
  }
}

export async function requestReveal(
  deps: RevealDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  reason: string,
) {
  const record = await readableCase(deps, staff, caseNumber);
  if (!REQUESTERS.has(staff.role)) throw new ForbiddenError('role may not request an identity');
  checkReason(reason);
  if (!record.hasIdentity) throw new RefusedError('no_identity', 'the reporter gave no identity');
  const request: RevealRequest = {
    requestId: randomUUID(),
    caseNumber,
    jurisdiction: caseJurisdiction(record, deps.regionCode),
    requesterId: staff.id,
    requesterRole: staff.role,
    reason: reason.trim(),
    status: 'pending',
    createdAt: deps.now().toISOString(),
  };
  await deps.reveals.create(request);
  await appendStaffEvent(deps, record, () => ({
    type: 'identity_requested',
    actor: { kind: 'staff', staffId: staff.id },
    reporterVisible: false,
    text: request.reason,
  }));
  return request;
}

export async function pendingReveals(deps: RevealDeps, custodian: StaffPrincipal): Promise<RevealRequest[]> {
  if (custodian.role !== 'identity_custodian')
    throw new ForbiddenError('only the identity custodian decides');
  return (await deps.reveals.pending(100)).filter((r) => withinJurisdiction(custodian, r.jurisdiction));
}

export async function decideReveal(
  deps: RevealDeps,
  custodian: StaffPrincipal,
  caseNumber: string,
  requestId: string,
  decision: { approve: boolean; reason: string },
): Promise<RevealRequest> {
  if (custodian.role !== 'identity_custodian')
    throw new ForbiddenError('only the identity custodian decides');
  const request = await deps.reveals.get(caseNumber, requestId);
  if (!request || !withinJurisdiction(custodian, request.jurisdiction))
    throw new NotFoundError('request not found');
  if (request.requesterId === custodian.id)
    throw new ForbiddenError('the custodian cannot decide their own request');
  checkReason(decision.reason);
  const now = deps.now();
  const decided = {
    status: decision.approve ? ('approved' as const) : ('refused' as const),
    decidedBy: custodian.id,
    decisionReason: decision.reason.trim(),
    decidedAt: now.toISOString(),
    validUntil: decision.approve ? new Date(now.getTime() + REVEAL_VALID_MS).toISOString() : undefined,
  };
  await deps.reveals.decide(caseNumber, requestId, decided);
  const stored = await deps.cases.get(caseNumber);
  if (stored) {
    await appendStaffEvent(deps, stored.record, () => ({
      type: 'identity_decided',
      actor: { kind: 'staff', staffId: custodian.id },
      reporterVisible: false,
      text: `${decided.status}: ${decided.decisionReason}`,
    }));
  }
  return { ...request, ...decided };
}

/**
 * The decrypted identity, for the requester of an approved, still valid request. Appends the
 * reporter-visible event saying that the identity was viewed and why.
 */
export async function revealIdentity(
  deps: RevealDeps & { keys: KeyProvider },
  staff: StaffPrincipal,
  caseNumber: string,
  requestId: string,
): Promise<ReporterIdentity> {
  const record = await readableCase(deps, staff, caseNumber);
  const request = await deps.reveals.get(caseNumber, requestId);
  if (!request || request.requesterId !== staff.id) throw new NotFoundError('request not found');
  const now = deps.now().toISOString();
  if (request.status !== 'approved' || !request.validUntil || request.validUntil < now) {
    throw new RefusedError('not_approved', 'the request is not approved, or the approval has expired');
  }
  const sealed = await deps.reveals.sealedIdentity(caseNumber);
  if (!sealed) throw new NotFoundError('no identity');
  const identity = await open<ReporterIdentity>(deps.keys, sealed, caseNumber, {
    purpose: 'identity',
    caseNumber,
  });
  await appendStaffEvent(deps, record, () => ({
    type: 'identity_viewed',
    actor: { kind: 'staff', staffId: staff.id },
    reporterVisible: true,
    text: request.reason,
  }));
  return identity;
}

/** The requests this staff member made on a case (to show their status and the view link). */
export async function myRevealRequests(deps: RevealDeps, staff: StaffPrincipal, caseNumber: string) {
  return (await deps.reveals.forCase(caseNumber)).filter((r) => r.requesterId === staff.id);
}

export const canRequestReveal = (staff: StaffPrincipal) => REQUESTERS.has(staff.role);
