/**
 * The rule tables of the reward engine: a rule set (seeds/rules/, validated by shared/rules.ts)
 * holds every amount, rate, range and choice the law leaves open, each with its source, and the
 * rule set in force for a place on a day is chosen here. Data, not code: a new province or a new
 * version of the rules is a new seed file.
 */
import type { AccidentGrade } from './accident-grade.ts';
import type { RewardCategory, RewardFacts } from './reward-facts.ts';
import { shanghaiDate } from './shanghai-time.ts';

export interface Sourced<T> {
  value: T;
  source: string;
}

export interface SourcedRange {
  minYuan: number;
  maxYuan: number;
  source: string;
}

export const ROUNDING_MODES = ['half_up', 'half_even', 'down'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];
export const ROUNDING_LABELS: Record<RoundingMode, { zh: string; en: string }> = {
  half_up: { zh: '四舍五入', en: 'half up' },
  half_even: { zh: '四舍六入五成双', en: 'half to even' },
  down: { zh: '舍去零头', en: 'rounded down' },
};
/** Which amounts of the penalty decision make up P. */
export const PENALTY_BASES = ['fines', 'fines_and_confiscated', 'unit_fine'] as const;
export type PenaltyBase = (typeof PENALTY_BASES)[number];
export const WHEN_NO_PENALTY = ['manual', 'floor'] as const;
export type WhenNoPenalty = (typeof WHEN_NO_PENALTY)[number];
export const WHEN_NO_DEATHS = ['manual', 'not_rewarded'] as const;
export type WhenNoDeaths = (typeof WHEN_NO_DEATHS)[number];
export const GENERAL_HAZARD_RULES = ['violation_only', 'manual', 'flat', 'not_rewarded'] as const;
export type GeneralHazardRule = (typeof GENERAL_HAZARD_RULES)[number];
export const ANONYMOUS_PAYOUT = ['identify_at_claim', 'proof_of_authorship'] as const;
export type AnonymousPayout = (typeof ANONYMOUS_PAYOUT)[number];
export const JOINT_REPORT_RULES = ['first_signatory', 'equal_split'] as const;
export type JointReportRule = (typeof JOINT_REPORT_RULES)[number];

export const ELIGIBILITY_CHECKS = [
  'in_scope',
  'substantiated',
  'not_already_known',
  'first_valid_reporter',
  'not_excluded',
] as const;
export type EligibilityCheck = (typeof ELIGIBILITY_CHECKS)[number];
/** The eligibility conditions as a finance officer names them. */
export const ELIGIBILITY_LABELS: Record<EligibilityCheck, { zh: string; en: string }> = {
  in_scope: { zh: '属于奖励范围', en: 'within the reward scope' },
  substantiated: { zh: '经核查属实', en: 'verified as true' },
  not_already_known: { zh: '此前未被发现处理', en: 'not already found and dealt with' },
  first_valid_reporter: { zh: '最先有效举报', en: 'first valid reporter' },
  not_excluded: { zh: '举报人不在不予奖励之列', en: 'reporter not excluded' },
};

export interface RuleSetParameters {
  rounding: Sourced<RoundingMode>;
  penaltyBase: Sourced<PenaltyBase>;
  whenNoPenalty: Sourced<WhenNoPenalty>;
  whenNoDeaths: Sourced<WhenNoDeaths>;
  generalHazard: Sourced<GeneralHazardRule>;
  anonymousPayout: Sourced<AnonymousPayout>;
  jointReport: Sourced<JointReportRule>;
  closeRelativesExcluded: Sourced<boolean>;
  claimWindowDays: Sourced<number>;
  secondApprovalAboveYuan: Sourced<number>;
}
export type ParameterName = keyof RuleSetParameters;

export interface EmployeeUplift {
  percent: number;
  minExtraYuan: number;
  capYuan: number;
  appliesTo: RewardCategory[];
  source: string;
}

export interface RuleSetAmounts {
  penaltyRatePercent: Sourced<number>;
  floorYuan: Sourced<number>;
  capYuan: Sourced<number>;
  perDeathYuan: Sourced<Record<AccidentGrade, number>>;
  accidentCapYuan: Sourced<number>;
  manualRanges: { noPenalty: SourcedRange; noDeaths: SourcedRange; generalHazard: SourcedRange };
  generalHazardFlatYuan: Sourced<number> | null;
  listedSituations: SourcedRange | null;
  employeeUplift: EmployeeUplift | null;
}

export interface RuleSet {
  id: string;
  version: number;
  name: string;
  /** The document's Chinese title as finance cites it (no notes), e.g. 《安全生产领域举报奖励办法》. */
  nameZh?: string;
  /** First day (Shanghai) the rule set applies to reports received. */
  effectiveFrom: string;
  /** Division code prefix: '' national, '41' Henan. */
  jurisdiction: string;
  sources: { id: string; title: string }[];
  /** Categories this rule set rewards (RULES.md §1). */
  scope: Sourced<RewardCategory[]>;
  /** The citation of each eligibility condition (RULES.md §3), plus the payout condition. */
  eligibility: Record<EligibilityCheck | 'realName', string>;
  parameters: RuleSetParameters;
  amounts: RuleSetAmounts;
}

/**
 * The rule set for a place on a day: the most specific jurisdiction (longest code prefix of
 * `jurisdictionCode`) that has a rule set in force on `receivedDay`, and at that level the latest
 * in force. Falls back level by level to national. Throws when nothing is in force.
 */
export function selectRuleSet(ruleSets: RuleSet[], jurisdictionCode: string, receivedDay: string): RuleSet {
  const inForce = ruleSets
    .filter((r) => jurisdictionCode.startsWith(r.jurisdiction) && r.effectiveFrom <= receivedDay)
    .sort(
      (a, b) =>
        b.jurisdiction.length - a.jurisdiction.length ||
        b.effectiveFrom.localeCompare(a.effectiveFrom) ||
        b.version - a.version,
    );
  const chosen = inForce[0];
  if (!chosen)
    throw new RangeError(
      `no reward rule set in force for ${jurisdictionCode || 'national'} on ${receivedDay}`,
    );
  return chosen;
}

/** The Shanghai calendar day a report was received, which selects its rule set. */
export function receivedDayOf(facts: Pick<RewardFacts, 'receivedAt'>): string {
  return shanghaiDate(new Date(facts.receivedAt));
}
