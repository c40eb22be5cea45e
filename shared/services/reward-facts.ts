/**
 * Calculating a reward: the facts the county records, validated field by field, run through the
 * engine under the rule set in force for the case's place on the day it was received. Apart from
 * rewards.ts so the functions that only move rewards (pages, SMS, stream, sweep, reveal) carry
 * neither the engine nor the rule sets.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import type { CaseRecord } from '../domain/case.ts';
import { exclusionByChannel } from '../domain/reward-facts.ts';
import { type RuleSet, receivedDayOf, selectRuleSet } from '../domain/reward-rule-set.ts';
import { engineFactsOf, type RecordedRewardFacts } from '../domain/reward-workflow.ts';
import { computeReward } from '../domain/rewards.ts';
import { ValidationError } from '../errors.ts';
import { parseRewardFacts } from '../rules.ts';
import { applyRewardAction, type RewardStoreDeps } from './rewards.ts';
import { caseJurisdiction } from './staff-cases.ts';

export interface RewardDeps extends RewardStoreDeps {
  ruleSets: RuleSet[];
}

/** What the county records; the engine's facts are these plus what the case knows. */
export interface RecordFactsInput {
  category: RecordedRewardFacts['category'];
  alreadyKnownToAuthority?: boolean;
  penalty?: unknown;
  accident?: unknown;
  excludedReason?: string | null;
  jointSignatories?: number;
  listedSituation?: unknown;
}

/** The rule set a case is under: its jurisdiction on the day it was received. */
export function ruleSetFor(deps: RewardDeps, record: CaseRecord): RuleSet {
  return selectRuleSet(
    deps.ruleSets,
    caseJurisdiction(record, deps.regionCode),
    receivedDayOf({ receivedAt: record.createdAt }),
  );
}

/** Records the penalty or accident facts and calculates the reward (validated field by field). */
export async function recordRewardFacts(
  deps: RewardDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  input: RecordFactsInput,
  expectedVersion: number,
) {
  return applyRewardAction(
    deps,
    { staff },
    caseNumber,
    (_reward, record) => {
      const parsed = parseRewardFacts({
        category: input.category,
        substantiated: record.conclusion?.outcome === 'substantiated',
        alreadyKnownToAuthority: input.alreadyKnownToAuthority ?? false,
        ...(input.penalty !== undefined ? { penalty: input.penalty } : {}),
        ...(input.accident !== undefined ? { accident: input.accident } : {}),
        reporter: {
          realName: false,
          isEmployeeOfUnit: record.reporterIsEmployee,
          // A coordinator's patrol report is excluded by how it was filed; staff cannot lift it.
          excludedReason:
            exclusionByChannel(record.channel) ??
            (input.excludedReason?.trim() ? input.excludedReason.trim() : null),
          isFirstValidReporter: !record.duplicateOf,
          jointSignatories: input.jointSignatories ?? 1,
        },
        receivedAt: record.createdAt,
        jurisdictionCode: caseJurisdiction(record, deps.regionCode),
        ...(input.listedSituation !== undefined ? { listedSituation: input.listedSituation } : {}),
      });
      if (!parsed.ok)
        throw new ValidationError(
          parsed.issues.map((i) => ({ field: i.field, en: i.message, zh: i.messageZh })),
        );
      const f = parsed.facts;
      const facts: RecordedRewardFacts = {
        category: f.category,
        alreadyKnownToAuthority: f.alreadyKnownToAuthority,
        ...(f.penalty ? { penalty: f.penalty } : {}),
        ...(f.accident ? { accident: f.accident } : {}),
        excludedReason: f.reporter.excludedReason,
        jointSignatories: f.reporter.jointSignatories,
        ...(f.listedSituation ? { listedSituation: f.listedSituation } : {}),
      };
      const engineFacts = engineFactsOf(
        facts,
        {
          receivedAt: record.createdAt,
          jurisdictionCode: caseJurisdiction(record, deps.regionCode),
          isEmployeeOfUnit: record.reporterIsEmployee,
          ...(record.duplicateOf ? { duplicateOf: record.duplicateOf } : {}),
        },
        f.substantiated,
      );
      return { action: 'record_facts', facts, answer: computeReward(engineFacts, ruleSetFor(deps, record)) };
    },
    { expectedVersion },
  );
}
