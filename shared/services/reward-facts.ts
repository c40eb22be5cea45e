/**
 * Calculating a reward: the facts the county records run through the
 * engine under the rule set in force for the case's place on the day it was received. Apart from
 * rewards.ts so the functions that only move rewards (pages, SMS, stream, sweep, reveal) carry
 * neither the engine nor the rule sets.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import type { CaseRecord } from '../domain/case.ts';
import { engineFactsOf, exclusionByChannel, type RecordedRewardFacts } from '../domain/reward-facts.ts';
import { type RuleSet, receivedDayOf, selectRuleSet } from '../domain/reward-rule-set.ts';
import { computeReward } from '../domain/rewards.ts';
import { caseJurisdiction } from './case-access.ts';
import { applyRewardAction, type RewardStoreDeps } from './rewards.ts';

export interface RewardDeps extends RewardStoreDeps {
  ruleSets: RuleSet[];
}

/** The rule set a case is under: its jurisdiction on the day it was received. */
export function ruleSetFor(deps: RewardDeps, record: CaseRecord): RuleSet {
  return selectRuleSet(
    deps.ruleSets,
    caseJurisdiction(record, deps.regionCode),
    receivedDayOf({ receivedAt: record.createdAt }),
  );
}

/**
 * Records the penalty or accident facts (parsed by the API or the console with
 * RecordedFactsSchema, which checks them field by field) and calculates the reward.
 */
export async function recordRewardFacts(
  deps: RewardDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  input: RecordedRewardFacts,
  expectedVersion: number,
) {
  return applyRewardAction(
    deps,
    { staff },
    caseNumber,
    (_reward, record) => {
      // A coordinator's patrol report is excluded by how it was filed; staff cannot lift it.
      const facts: RecordedRewardFacts = {
        ...input,
        excludedReason: exclusionByChannel(record.channel) ?? input.excludedReason,
      };
      const engineFacts = engineFactsOf(
        facts,
        {
          receivedAt: record.createdAt,
          jurisdictionCode: caseJurisdiction(record, deps.regionCode),
          isEmployeeOfUnit: record.reporterIsEmployee,
          ...(record.duplicateOf ? { duplicateOf: record.duplicateOf } : {}),
        },
        record.conclusion?.outcome === 'substantiated',
      );
      return { action: 'record_facts', facts, answer: computeReward(engineFacts, ruleSetFor(deps, record)) };
    },
    { expectedVersion },
  );
}
