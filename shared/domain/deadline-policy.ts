/**
 * Deadline policy as data (seeds/policies/deadlines.json): per jurisdiction and effective date,
 * every period with its source. A case uses the policy in force for its jurisdiction on the day it
 * was received; a local policy overrides only the periods it names.
 */
import type { Period } from './deadlines.ts';

export const PERIOD_NAMES = [
  'acceptance',
  'acceptanceImminent',
  'triage',
  'triageImminent',
  'verification',
  'extensionMax',
  'feedback',
  'objectionWindow',
  'objectionReview',
  'rewardClaim',
] as const;
export type PeriodName = (typeof PERIOD_NAMES)[number];

export type SourcedPeriod = Period & { source: string };

export interface DeadlinePolicy {
  /** Division code prefix ('' = national, '4110' = Xuchang, '411081' = Yuzhou …). */
  jurisdiction: string;
  effectiveFrom: string;
  name: string;
  periods: Partial<Record<PeriodName, SourcedPeriod>>;
}

export interface ResolvedPolicy {
  periods: Record<PeriodName, SourcedPeriod>;
  /** Names of the policies applied, most general first. */
  applied: string[];
}

/**
 * The policy for a place on a day: for each jurisdiction level that is a prefix of `placeCode`
 * (national first), the latest policy effective on `day`, later levels overriding earlier ones.
 */
export function resolvePolicy(policies: DeadlinePolicy[], placeCode: string, day: string): ResolvedPolicy {
  const levels = [...new Set(policies.map((p) => p.jurisdiction))]
    .filter((j) => placeCode.startsWith(j))
    .sort((a, b) => a.length - b.length);
  const periods: Partial<Record<PeriodName, SourcedPeriod>> = {};
  const applied: string[] = [];
  for (const level of levels) {
    const inForce = policies
      .filter((p) => p.jurisdiction === level && p.effectiveFrom <= day)
      .sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
    if (!inForce) continue;
    Object.assign(periods, inForce.periods);
    applied.push(inForce.name);
  }
  const missing = PERIOD_NAMES.filter((n) => !periods[n]);
  if (missing.length)
    throw new Error(`deadline policy for ${placeCode || 'national'} on ${day} lacks: ${missing.join(', ')}`);
  return { periods: periods as Record<PeriodName, SourcedPeriod>, applied };
}
