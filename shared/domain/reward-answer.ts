/**
 * What the reward engine answers: computed (a whole-yuan amount), manual (finance sets an amount
 * within a range, with a reason) or ineligible, and the line-by-line explanation in Chinese and
 * English, each line with the rule it applies and the rule-set parameter that decided it. Money
 * is whole yuan in integer arithmetic: percentages are BigInt products divided by 100 with the
 * rounding the rule set names, never floating point.
 */
import type {
  EligibilityCheck,
  ParameterName,
  RoundingMode,
  RuleSetParameters,
  SourcedRange,
} from './reward-rule-set.ts';

/** n / d for n ≥ 0, d > 0, rounded to an integer by `mode`. */
export function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (n < 0n || d <= 0n) throw new RangeError('divideRounded needs n ≥ 0 and d > 0');
  const q = n / d;
  const r = n % d;
  if (r === 0n || mode === 'down') return q;
  const twice = 2n * r;
  if (twice !== d) return twice > d ? q + 1n : q;
  return mode === 'half_up' || q % 2n === 1n ? q + 1n : q;
}

/** percent% of a whole-yuan amount, rounded to the yuan. */
export function percentOf(amountYuan: number, percent: number, mode: RoundingMode): number {
  return Number(divideRounded(BigInt(amountYuan) * BigInt(percent), 100n, mode));
}

/** 1234567 → "1,234,567" (deterministic, no locale). */
export function yuan(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export type RewardStep =
  | 'rule_set'
  | EligibilityCheck
  | 'real_name'
  | 'penalty_base'
  | 'when_no_penalty'
  | 'rate'
  | 'floor'
  | 'cap'
  | 'general_hazard'
  | 'grade'
  | 'concealed_deaths'
  | 'when_no_deaths'
  | 'death_rate'
  | 'listed_situation'
  | 'uplift'
  | 'uplift_minimum'
  | 'uplift_cap'
  | 'joint_report'
  | 'approval'
  | 'determination';

export interface RewardLine {
  step: RewardStep;
  value: string | number;
  /** The article or source the step applies. */
  rule: string;
  zh: string;
  en: string;
  /** The rule-set parameter that decided this step, when one did. */
  parameter?: ParameterName;
}

export type Determination = 'computed' | 'manual' | 'ineligible';

export interface RewardAnswer {
  determination: Determination;
  eligible: boolean;
  /** Whole yuan; null unless computed. */
  amountYuan: number | null;
  /** The range finance chooses within, with a reason; only when manual. */
  range?: { minYuan: number; maxYuan: number };
  /** The first condition that failed, when ineligible for a §3 reason. */
  failedCheck?: EligibilityCheck;
  /** Whether a second, different finance officer must approve; null until finance sets a manual amount. */
  secondApprovalRequired: boolean | null;
  lines: RewardLine[];
  ruleSet: { id: string; version: number };
  /** The parameters consulted, with their values. */
  parameters: Partial<Record<ParameterName | 'employeeUplift', string | number | boolean>>;
}

export type Outcome =
  | { kind: 'computed'; amount: number }
  | { kind: 'manual'; range: { minYuan: number; maxYuan: number } }
  | { kind: 'not_rewarded' };

export type LineFn = (l: RewardLine) => void;
export type ParamFn = <K extends ParameterName>(name: K) => RuleSetParameters[K]['value'];

export function manual(range: SourcedRange): Outcome {
  return { kind: 'manual', range: { minYuan: range.minYuan, maxYuan: range.maxYuan } };
}
