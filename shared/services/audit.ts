/** Verifies a case's tamper-evident timeline (SPEC §6): every event's hash and its link to the previous one. */
import { firstBrokenLink } from '../domain/audit-chain.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';

export interface ChainReport {
  caseNumber: string;
  events: number;
  intact: boolean;
  /** The first event whose hash or link does not verify. */
  brokenAt?: number;
  /** The case record's pointer to the last event must match the chain's end too. */
  headMatches: boolean;
}

export async function verifyCaseChain(
  cases: CaseRepository,
  caseNumber: string,
): Promise<ChainReport | null> {
  const stored = await cases.get(caseNumber);
  if (!stored) return null;
  const events = await cases.listEvents(caseNumber);
  const broken = firstBrokenLink(events);
  const last = events.at(-1);
  const headMatches = Boolean(
    last && last.seq === stored.record.lastEventSeq && last.hash === stored.record.lastEventHash,
  );
  return {
    caseNumber,
    events: events.length,
    intact: broken === null && headMatches,
    ...(broken === null ? {} : { brokenAt: broken }),
    headMatches,
  };
}
