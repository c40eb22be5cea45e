/**
 * The statutory reward engine (RULES.md §2–3, SPEC §5): a pure function of the case facts and a
 * versioned rule set (seeds/rules/, validated in shared/rules.ts). It answers computed (a number),
 * manual (finance sets an amount within a range, with a reason) or ineligible, and explains every
 * step in Chinese and English with the rule it applies, so a finance officer can check it line by
 * line. Where the law is unclear the rule set names its choice as a parameter and the line says
 * which parameter decided.
 *
 * Money is whole yuan in integer arithmetic: percentages are BigInt products divided by 100 with
 * the rounding the rule set names, never floating point. No AWS, no environment, no clock.
 */
import {
  ACCIDENT_GRADE_LABELS,
  type AccidentGrade,
  type Criterion,
  deriveAccidentGrade,
  GRADE_SOURCE,
} from './accident-grade.ts';
import { shanghaiDate } from './shanghai-time.ts';

// ── Facts ────────────────────────────────────────────────────────────────────────────────────

/** Reward categories (RULES.md §1); `listed_situation` exists only where a rule set lists them. */
export const REWARD_CATEGORIES = [
  'major_hazard',
  'illegal_operation',
  'concealed_accident',
  'falsely_reported_accident',
  'general_hazard',
  'listed_situation',
] as const;
export type RewardCategory = (typeof REWARD_CATEGORIES)[number];

export const REWARD_CATEGORY_LABELS: Record<RewardCategory, { zh: string; en: string }> = {
  major_hazard: { zh: '重大事故隐患', en: 'major accident hazard' },
  illegal_operation: { zh: '违法生产经营建设行为', en: 'illegal production, operation or construction' },
  concealed_accident: { zh: '瞒报事故', en: 'concealed accident' },
  falsely_reported_accident: { zh: '谎报事故', en: 'falsely reported accident' },
  general_hazard: { zh: '一般事故隐患', en: 'general hazard' },
  listed_situation: { zh: '所列举报奖励情形', en: 'listed reward situation' },
};

/**
 * Known exclusion codes for `reporter.excludedReason` (RULES.md §3.4). Any other non-empty text
 * also excludes; `close_relative_of_staff` excludes only where the rule set says so.
 */
export const EXCLUSION_REASONS = {
  supervisory_staff: { zh: '负有安全监管、监察职责的工作人员', en: 'staff with safety supervision duties' },
  instigated_by_staff: { zh: '受上述人员授意举报', en: 'put up to it by such staff' },
  close_relative_of_staff: { zh: '上述人员的近亲属', en: 'a close relative of such staff' },
  obtained_in_duties: {
    zh: '履行职责中获取的信息（第三方检查、专家、村级安全员等）',
    en: 'information obtained while performing duties (inspectors, experts, village safety coordinator)',
  },
  village_coordinator_on_duty: {
    zh: '村级安全生产协管员履行职责中发现并报告（巡查报告），属于履行职责中获取的信息',
    en: 'a village safety coordinator reporting in that role (a patrol report): information obtained while performing duties',
  },
} as const;

/**
 * The exclusion a case carries by how it was filed, whatever staff record: a village safety
 * coordinator's patrol report is information obtained while performing duties (RULES.md §3.4).
 */
export function exclusionByChannel(channel: string | undefined): keyof typeof EXCLUSION_REASONS | null {
  return channel === 'coordinator' ? 'village_coordinator_on_duty' : null;
}

/** The administrative penalty on the reported matter; totalYuan = unit + individuals + confiscated. */
export interface PenaltyFacts {
  totalYuan: number;
  unitYuan: number;
  individualsYuan: number;
  confiscatedYuan: number;
  decisionNo: string;
}

export interface AccidentFacts {
  /** The finally confirmed grade; derived from the consequences (F Art 3) when absent. */
  grade?: AccidentGrade | undefined;
  deaths: number;
  seriousInjuries: number;
  directLossYuan: number;
  /** Deaths verified as concealed or misreported (D); never more than `deaths`. */
  concealedDeaths: number;
}

export interface ReporterFacts {
  /** Identified by real name (B pays 有功的实名举报人); may become true only when claiming. */
  realName: boolean;
  isEmployeeOfUnit: boolean;
  excludedReason: string | null;
  /** First valid report of the matter by acceptance time (C Art 13); linked duplicates are false. */
  isFirstValidReporter: boolean;
  jointSignatories: number;
}

export interface RewardFacts {
  category: RewardCategory;
  substantiated: boolean;
  alreadyKnownToAuthority: boolean;
  penalty?: PenaltyFacts | undefined;
  accident?: AccidentFacts | undefined;
  reporter: ReporterFacts;
  /** ISO instant the report was received; its Shanghai date selects the rule set. */
  receivedAt: string;
  jurisdictionCode: string;
  listedSituation?: { id: string; proposedYuan?: number | undefined } | undefined;
}

// ── Rule sets ────────────────────────────────────────────────────────────────────────────────

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

// ── Integer money ────────────────────────────────────────────────────────────────────────────

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

// ── Answer ───────────────────────────────────────────────────────────────────────────────────

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

type Outcome =
  | { kind: 'computed'; amount: number }
  | { kind: 'manual'; range: { minYuan: number; maxYuan: number } }
  | { kind: 'not_rewarded' };

const PASS = 'pass';
const FAIL = 'fail';

/**
 * The reward for a case under a rule set.
 * @example computeReward({ category: 'concealed_accident', accident: { deaths: 4, concealedDeaths: 4,
 *   seriousInjuries: 0, directLossYuan: 0 }, … }, national)
 *   // → { determination: 'computed', amountYuan: 160000, … } (较大, 4 × 40,000: Zhumadian 2023)
 */
export function computeReward(facts: RewardFacts, rs: RuleSet): RewardAnswer {
  const lines: RewardLine[] = [];
  const parameters: RewardAnswer['parameters'] = {
    claimWindowDays: rs.parameters.claimWindowDays.value,
    secondApprovalAboveYuan: rs.parameters.secondApprovalAboveYuan.value,
  };
  const param = <K extends ParameterName>(name: K): RuleSetParameters[K]['value'] => {
    const v = rs.parameters[name].value;
    parameters[name] = v;
    return v;
  };
  const line = (l: RewardLine) => lines.push(l);

  line({
    step: 'rule_set',
    value: `${rs.id}@${rs.version}`,
    rule: rs.sources.map((s) => s.title).join('; '),
    zh: `适用规则：${rs.nameZh ?? rs.name}（${rs.effectiveFrom} 起施行）`,
    en: `Rule set ${rs.id} version ${rs.version}, in force from ${rs.effectiveFrom}: ${rs.name}`,
  });

  // ── Eligibility (RULES.md §3): every condition is shown; the first failure is named. ──
  const cat = REWARD_CATEGORY_LABELS[facts.category];
  const checks: {
    check: EligibilityCheck;
    ok: boolean;
    zh: string;
    en: string;
    parameter?: ParameterName;
  }[] = [];
  const inScope = rs.scope.value.includes(facts.category);
  checks.push({
    check: 'in_scope',
    ok: inScope,
    zh: inScope ? `举报类别「${cat.zh}」属于奖励范围` : `举报类别「${cat.zh}」不属于本规则的奖励范围`,
    en: inScope
      ? `Category "${cat.en}" is within the reward scope`
      : `Category "${cat.en}" is not rewarded under this rule set`,
  });
  checks.push({
    check: 'substantiated',
    ok: facts.substantiated,
    zh: facts.substantiated ? '举报事项经调查属实' : '举报事项未经调查证实',
    en: facts.substantiated ? 'The report was verified as true' : 'The report was not verified as true',
  });
  checks.push({
    check: 'not_already_known',
    ok: !facts.alreadyKnownToAuthority,
    zh: facts.alreadyKnownToAuthority
      ? '该事项已被生产经营单位或负有监管职责的部门发现并正在或已经依法处理'
      : '该事项此前未被生产经营单位或监管部门发现处理',
    en: facts.alreadyKnownToAuthority
      ? 'The matter was already found by the unit or the supervising department and is being or was dealt with'
      : 'The matter was not already found and dealt with by the unit or the department',
  });
  const first = facts.reporter.isFirstValidReporter;
  checks.push({
    check: 'first_valid_reporter',
    ok: first,
    zh: first
      ? '举报人是该事项按受理时间最先的有效举报人'
      : '同一事项已有更早受理的有效举报，本举报关联至该举报，不予奖励',
    en: first
      ? 'First valid reporter of the matter by acceptance time'
      : 'A valid report of the same matter was accepted earlier; this one is linked to it and gets nothing',
  });
  const reason = facts.reporter.excludedReason;
  let excluded = reason !== null;
  let excludedParam: ParameterName | undefined;
  if (reason === 'close_relative_of_staff') {
    excludedParam = 'closeRelativesExcluded';
    excluded = param('closeRelativesExcluded');
  }
  const reasonLabel =
    reason === null
      ? undefined
      : (EXCLUSION_REASONS[reason as keyof typeof EXCLUSION_REASONS] ?? { zh: reason, en: reason });
  checks.push({
    check: 'not_excluded',
    ok: !excluded,
    ...(excludedParam ? { parameter: excludedParam } : {}),
    zh: !reasonLabel
      ? '举报人不属于不予奖励的人员'
      : excluded
        ? `举报人不予奖励：${reasonLabel.zh}`
        : `举报人为${reasonLabel.zh}，本规则不将其排除`,
    en: !reasonLabel
      ? 'The reporter is not excluded from rewards'
      : excluded
        ? `The reporter is excluded: ${reasonLabel.en}`
        : `The reporter is ${reasonLabel.en}, whom this rule set does not exclude`,
  });
  for (const c of checks)
    line({
      step: c.check,
      value: c.ok ? PASS : FAIL,
      rule: c.parameter ? rs.parameters[c.parameter].source : rs.eligibility[c.check],
      zh: c.zh,
      en: c.en,
      ...(c.parameter ? { parameter: c.parameter } : {}),
    });

  // Real name is a condition of payment at claim time, not of eligibility while the case is handled.
  const payout = param('anonymousPayout');
  const named = facts.reporter.realName;
  line({
    step: 'real_name',
    value: named ? 'identified' : 'anonymous',
    rule: `${rs.eligibility.realName}; ${rs.parameters.anonymousPayout.source}`,
    parameter: 'anonymousPayout',
    zh: named
      ? '举报人已实名，可凭身份领取'
      : payout === 'identify_at_claim'
        ? '举报人目前匿名；领奖时须经身份保管人核实实名后方可支付（不影响奖励认定）'
        : '举报人目前匿名；凭举报时发放的查询码证明系本人举报即可领取',
    en: named
      ? 'The reporter is identified by real name'
      : payout === 'identify_at_claim'
        ? 'The reporter is anonymous for now; payment needs the real name, revealed through the identity custodian at claim (does not affect the award)'
        : 'The reporter is anonymous; payment on proof of authorship with the code issued at filing',
  });

  const failed = checks.filter((c) => !c.ok);
  const ruleSetRef = { id: rs.id, version: rs.version };
  if (failed.length > 0) {
    line({
      step: 'determination',
      value: 'ineligible',
      rule: failed.map((c) => rs.eligibility[c.check]).join('; '),
      zh: `不予奖励：${failed.map((c) => ELIGIBILITY_LABELS[c.check].zh).join('、')}不符合`,
      en: `Not eligible: ${failed.map((c) => ELIGIBILITY_LABELS[c.check].en).join(', ')} not met`,
    });
    return {
      determination: 'ineligible',
      eligible: false,
      amountYuan: null,
      failedCheck: failed[0]!.check,
      secondApprovalRequired: false,
      lines,
      ruleSet: ruleSetRef,
      parameters,
    };
  }

  // ── Amount (RULES.md §2) ──
  let outcome = baseAmount(facts, rs, line, param);
  if (outcome.kind !== 'not_rewarded') outcome = applyUplift(facts, rs, outcome, line, parameters, param);

  if (outcome.kind !== 'not_rewarded' && facts.reporter.jointSignatories > 1)
    jointReport(facts.reporter.jointSignatories, outcome, rs, line, param);

  const threshold = rs.parameters.secondApprovalAboveYuan.value;
  let secondApprovalRequired: boolean | null = false;
  if (outcome.kind === 'computed') {
    secondApprovalRequired = outcome.amount > threshold;
    line({
      step: 'approval',
      value: secondApprovalRequired ? 2 : 1,
      rule: rs.parameters.secondApprovalAboveYuan.source,
      parameter: 'secondApprovalAboveYuan',
      zh: secondApprovalRequired
        ? `金额超过 ${yuan(threshold)} 元，须另一名财务人员再次审批`
        : `金额未超过 ${yuan(threshold)} 元，一名财务人员审批`,
      en: secondApprovalRequired
        ? `Above ${yuan(threshold)} yuan: a second, different finance officer must also approve`
        : `Not above ${yuan(threshold)} yuan: one finance approval`,
    });
  } else if (outcome.kind === 'manual') {
    secondApprovalRequired = null;
    line({
      step: 'approval',
      value: `>${threshold}`,
      rule: rs.parameters.secondApprovalAboveYuan.source,
      parameter: 'secondApprovalAboveYuan',
      zh: `财务确定的金额超过 ${yuan(threshold)} 元时，须另一名财务人员再次审批`,
      en: `If the amount finance sets is above ${yuan(threshold)} yuan, a second finance officer must also approve`,
    });
  }

  if (outcome.kind === 'computed') {
    line({
      step: 'determination',
      value: outcome.amount,
      rule: `${rs.name} (${rs.id}@${rs.version})`,
      zh: `奖励金额 ${yuan(outcome.amount)} 元`,
      en: `Reward: ${yuan(outcome.amount)} yuan`,
    });
    return {
      determination: 'computed',
      eligible: true,
      amountYuan: outcome.amount,
      secondApprovalRequired,
      lines,
      ruleSet: ruleSetRef,
      parameters,
    };
  }
  if (outcome.kind === 'manual') {
    const { minYuan, maxYuan } = outcome.range;
    line({
      step: 'determination',
      value: `${minYuan}-${maxYuan}`,
      rule: 'RULES.md §2: when the rule set cannot decide, finance sets the amount within the range with a reason',
      zh: `由财务在 ${yuan(minYuan)}–${yuan(maxYuan)} 元范围内确定金额并说明理由`,
      en: `Finance sets the amount within ${yuan(minYuan)}–${yuan(maxYuan)} yuan, with a reason`,
    });
    return {
      determination: 'manual',
      eligible: true,
      amountYuan: null,
      range: { minYuan, maxYuan },
      secondApprovalRequired,
      lines,
      ruleSet: ruleSetRef,
      parameters,
    };
  }
  line({
    step: 'determination',
    value: 'not_rewarded',
    rule: lines[lines.length - 1]!.rule,
    zh: '依本规则不予奖励',
    en: 'Not rewarded under this rule set',
  });
  return {
    determination: 'ineligible',
    eligible: false,
    amountYuan: null,
    secondApprovalRequired: false,
    lines,
    ruleSet: ruleSetRef,
    parameters,
  };
}

type LineFn = (l: RewardLine) => void;
type ParamFn = <K extends ParameterName>(name: K) => RuleSetParameters[K]['value'];

function manual(range: SourcedRange): Outcome {
  return { kind: 'manual', range: { minYuan: range.minYuan, maxYuan: range.maxYuan } };
}

function baseAmount(facts: RewardFacts, rs: RuleSet, line: LineFn, param: ParamFn): Outcome {
  switch (facts.category) {
    case 'major_hazard':
    case 'illegal_operation':
      return penaltyFormula(facts.penalty, rs, line, param);
    case 'general_hazard':
      return generalHazard(facts.penalty, rs, line, param);
    case 'concealed_accident':
    case 'falsely_reported_accident':
      return accidentFormula(facts.accident, rs, line, param);
    case 'listed_situation':
      return listedSituation(facts, rs, line);
  }
}

const BASE_LABEL: Record<PenaltyBase, { zh: string; en: string }> = {
  fines: {
    zh: '单位罚款 + 个人罚款（不含没收违法所得）',
    en: "unit's fines + individuals' fines (not confiscated gains)",
  },
  fines_and_confiscated: {
    zh: '单位罚款 + 个人罚款 + 没收违法所得',
    en: "unit's fines + individuals' fines + confiscated gains",
  },
  unit_fine: { zh: '仅单位罚款', en: "the unit's fines only" },
};

function penaltyBaseOf(p: PenaltyFacts, base: PenaltyBase): number {
  switch (base) {
    case 'fines':
      return p.unitYuan + p.individualsYuan;
    case 'fines_and_confiscated':
      return p.unitYuan + p.individualsYuan + p.confiscatedYuan;
    case 'unit_fine':
      return p.unitYuan;
  }
}

/** B: min(max(round(15% × P), 3000), 300000). */
function penaltyFormula(
  penalty: PenaltyFacts | undefined,
  rs: RuleSet,
  line: LineFn,
  param: ParamFn,
): Outcome {
  const a = rs.amounts;
  const base = param('penaltyBase');
  const P = penalty ? penaltyBaseOf(penalty, base) : 0;
  const label = BASE_LABEL[base];
  line({
    step: 'penalty_base',
    value: P,
    rule: rs.parameters.penaltyBase.source,
    parameter: 'penaltyBase',
    zh: penalty
      ? `处罚基数 P = ${label.zh} = ${yuan(P)} 元（处罚决定书 ${penalty.decisionNo}：单位 ${yuan(penalty.unitYuan)}，个人 ${yuan(penalty.individualsYuan)}，没收 ${yuan(penalty.confiscatedYuan)}）`
      : '未作出行政处罚决定，处罚基数 P = 0',
    en: penalty
      ? `Penalty base P = ${label.en} = ${yuan(P)} yuan (decision ${penalty.decisionNo}: unit ${yuan(penalty.unitYuan)}, individuals ${yuan(penalty.individualsYuan)}, confiscated ${yuan(penalty.confiscatedYuan)})`
      : 'No penalty decision recorded: P = 0',
  });
  if (P === 0) {
    const rule = param('whenNoPenalty');
    if (rule === 'floor') {
      line({
        step: 'when_no_penalty',
        value: a.floorYuan.value,
        rule: rs.parameters.whenNoPenalty.source,
        parameter: 'whenNoPenalty',
        zh: `无罚款：按最低奖励 ${yuan(a.floorYuan.value)} 元`,
        en: `No fine: the minimum award of ${yuan(a.floorYuan.value)} yuan`,
      });
      return { kind: 'computed', amount: a.floorYuan.value };
    }
    const r = a.manualRanges.noPenalty;
    line({
      step: 'when_no_penalty',
      value: 'manual',
      rule: `${rs.parameters.whenNoPenalty.source}; ${r.source}`,
      parameter: 'whenNoPenalty',
      zh: `经核实但无罚款：由财务在 ${yuan(r.minYuan)}–${yuan(r.maxYuan)} 元内确定并说明理由`,
      en: `Verified but no fine: finance sets an amount within ${yuan(r.minYuan)}–${yuan(r.maxYuan)} yuan with a reason`,
    });
    return manual(r);
  }
  const mode = param('rounding');
  const pct = a.penaltyRatePercent.value;
  const raw = percentOf(P, pct, mode);
  line({
    step: 'rate',
    value: raw,
    rule: `${a.penaltyRatePercent.source}; ${rs.parameters.rounding.source}`,
    parameter: 'rounding',
    zh: `${pct}% × ${yuan(P)} = ${yuan(raw)} 元（取整到元，${ROUNDING_LABELS[mode].zh}）`,
    en: `${pct}% × ${yuan(P)} = ${yuan(raw)} yuan (rounded to the yuan, ${ROUNDING_LABELS[mode].en})`,
  });
  const floored = Math.max(raw, a.floorYuan.value);
  line({
    step: 'floor',
    value: floored,
    rule: a.floorYuan.source,
    zh:
      floored > raw
        ? `低于最低奖励，按 ${yuan(a.floorYuan.value)} 元`
        : `不低于最低奖励 ${yuan(a.floorYuan.value)} 元`,
    en:
      floored > raw
        ? `Below the minimum: raised to ${yuan(a.floorYuan.value)} yuan`
        : `Not below the minimum of ${yuan(a.floorYuan.value)} yuan`,
  });
  return capped(floored, a.capYuan, line);
}

function capped(amount: number, cap: Sourced<number>, line: LineFn): Outcome {
  const out = Math.min(amount, cap.value);
  line({
    step: 'cap',
    value: out,
    rule: cap.source,
    zh: out < amount ? `超过最高奖励，按 ${yuan(cap.value)} 元` : `未超过最高奖励 ${yuan(cap.value)} 元`,
    en:
      out < amount
        ? `Above the maximum: limited to ${yuan(cap.value)} yuan`
        : `Within the maximum of ${yuan(cap.value)} yuan`,
  });
  return { kind: 'computed', amount: out };
}

function generalHazard(
  penalty: PenaltyFacts | undefined,
  rs: RuleSet,
  line: LineFn,
  param: ParamFn,
): Outcome {
  const rule = param('generalHazard');
  const source = rs.parameters.generalHazard.source;
  const step = 'general_hazard';
  switch (rule) {
    case 'violation_only':
      if (!penalty) {
        line({
          step,
          value: 'not_rewarded',
          rule: source,
          parameter: 'generalHazard',
          zh: '一般事故隐患未认定为违法行为（无行政处罚决定），不予奖励',
          en: 'General hazard not established as a violation (no penalty decision): not rewarded',
        });
        return { kind: 'not_rewarded' };
      }
      line({
        step,
        value: 'violation',
        rule: source,
        parameter: 'generalHazard',
        zh: `一般事故隐患经行政处罚（${penalty.decisionNo}）认定为违法行为，按违法行为标准计算`,
        en: `General hazard established as a violation by penalty decision ${penalty.decisionNo}: the violation formula applies`,
      });
      return penaltyFormula(penalty, rs, line, param);
    case 'manual': {
      const r = rs.amounts.manualRanges.generalHazard;
      line({
        step,
        value: 'manual',
        rule: `${source}; ${r.source}`,
        parameter: 'generalHazard',
        zh: `一般事故隐患：由财务在 ${yuan(r.minYuan)}–${yuan(r.maxYuan)} 元内确定`,
        en: `General hazard: finance sets an amount within ${yuan(r.minYuan)}–${yuan(r.maxYuan)} yuan`,
      });
      return manual(r);
    }
    case 'flat': {
      const flat = rs.amounts.generalHazardFlatYuan;
      if (!flat) throw new Error(`rule set ${rs.id}: generalHazard is flat but no generalHazardFlatYuan`);
      line({
        step,
        value: flat.value,
        rule: `${source}; ${flat.source}`,
        parameter: 'generalHazard',
        zh: `一般事故隐患定额奖励 ${yuan(flat.value)} 元`,
        en: `General hazard: flat award of ${yuan(flat.value)} yuan`,
      });
      return { kind: 'computed', amount: flat.value };
    }
    case 'not_rewarded':
      line({
        step,
        value: 'not_rewarded',
        rule: source,
        parameter: 'generalHazard',
        zh: '本规则对一般事故隐患不予奖励',
        en: 'This rule set does not reward general hazards',
      });
      return { kind: 'not_rewarded' };
  }
}

const CRITERION_LABEL: Record<Criterion, { zh: string; en: string }> = {
  deaths: { zh: '死亡', en: 'deaths' },
  seriousInjuries: { zh: '重伤', en: 'serious injuries' },
  directLossYuan: { zh: '直接经济损失（元）', en: 'direct loss (yuan)' },
};

/** B: min(rate[grade] × D, 300000). */
function accidentFormula(acc: AccidentFacts | undefined, rs: RuleSet, line: LineFn, param: ParamFn): Outcome {
  const a = rs.amounts;
  if (!acc) {
    // Never a confident number from missing facts.
    const r = a.manualRanges.noDeaths;
    line({
      step: 'concealed_deaths',
      value: 'unknown',
      rule: r.source,
      zh: '未记录事故情况：由财务在范围内确定',
      en: 'Accident facts not recorded: finance decides within the range',
    });
    return manual(r);
  }
  const derived = deriveAccidentGrade(acc);
  const grade = acc.grade ?? derived.grade;
  const g = ACCIDENT_GRADE_LABELS[grade];
  const facts = `${acc.deaths} / ${acc.seriousInjuries} / ${yuan(acc.directLossYuan)}`;
  if (acc.grade) {
    const dg = ACCIDENT_GRADE_LABELS[derived.grade];
    const differs = derived.grade !== acc.grade;
    line({
      step: 'grade',
      value: grade,
      rule: a.perDeathYuan.source,
      zh: `最终确认的事故等级：${g.zh}${differs ? `（按死亡/重伤/损失 ${facts} 推算为${dg.zh}，以确认等级为准）` : ''}`,
      en: `Finally confirmed grade: ${g.en}${differs ? ` (deaths/serious injuries/loss ${facts} alone would give ${dg.en}; the confirmed grade applies)` : ''}`,
    });
  } else {
    const by = derived.decidedBy;
    line({
      step: 'grade',
      value: grade,
      rule: GRADE_SOURCE,
      zh: `未记录确认等级，按事故后果推定为${g.zh}（死亡/重伤/损失 ${facts}；由${by.map((k) => CRITERION_LABEL[k].zh).join('、')}决定）`,
      en: `No confirmed grade recorded; derived as ${g.en} from deaths/serious injuries/loss ${facts} (decided by ${by.map((k) => CRITERION_LABEL[k].en).join(', ')})`,
    });
  }
  const D = acc.concealedDeaths;
  line({
    step: 'concealed_deaths',
    value: D,
    rule: a.perDeathYuan.source,
    zh: `查实瞒报、谎报死亡人数 D = ${D}`,
    en: `Deaths verified as concealed or misreported: D = ${D}`,
  });
  if (D === 0) {
    if (param('whenNoDeaths') === 'not_rewarded') {
      line({
        step: 'when_no_deaths',
        value: 'not_rewarded',
        rule: rs.parameters.whenNoDeaths.source,
        parameter: 'whenNoDeaths',
        zh: '无查实瞒报谎报死亡人数：不予奖励',
        en: 'No verified concealed deaths: not rewarded',
      });
      return { kind: 'not_rewarded' };
    }
    const r = a.manualRanges.noDeaths;
    line({
      step: 'when_no_deaths',
      value: 'manual',
      rule: `${rs.parameters.whenNoDeaths.source}; ${r.source}`,
      parameter: 'whenNoDeaths',
      zh: `无查实瞒报谎报死亡人数：由财务在 ${yuan(r.minYuan)}–${yuan(r.maxYuan)} 元内确定并说明理由`,
      en: `No verified concealed deaths: finance sets an amount within ${yuan(r.minYuan)}–${yuan(r.maxYuan)} yuan with a reason`,
    });
    return manual(r);
  }
  const rate = a.perDeathYuan.value[grade];
  const amount = rate * D;
  line({
    step: 'death_rate',
    value: amount,
    rule: a.perDeathYuan.source,
    zh: `${g.zh}每查实 1 人 ${yuan(rate)} 元 × ${D} = ${yuan(amount)} 元`,
    en: `${g.en}: ${yuan(rate)} yuan per verified death × ${D} = ${yuan(amount)} yuan`,
  });
  return capped(amount, a.accidentCapYuan, line);
}

function listedSituation(facts: RewardFacts, rs: RuleSet, line: LineFn): Outcome {
  const r = rs.amounts.listedSituations;
  // in_scope already failed when the rule set lists no situations.
  if (!r) throw new Error(`rule set ${rs.id} lists no situations`);
  const s = facts.listedSituation;
  const proposed = s?.proposedYuan;
  const inside = proposed !== undefined && proposed >= r.minYuan && proposed <= r.maxYuan;
  const range = `${yuan(r.minYuan)}–${yuan(r.maxYuan)}`;
  line({
    step: 'listed_situation',
    value: s?.id ?? 'unspecified',
    rule: r.source,
    zh:
      `所列情形 ${s?.id ?? '（未注明）'}：奖励 ${range} 元，由部门确定` +
      (proposed === undefined
        ? ''
        : inside
          ? `；部门建议 ${yuan(proposed)} 元，由财务确认`
          : `；部门建议 ${yuan(proposed)} 元超出范围，须在范围内另定`),
    en:
      `Listed situation ${s?.id ?? '(not given)'}: ${range} yuan, set by the department` +
      (proposed === undefined
        ? ''
        : inside
          ? `; the department proposes ${yuan(proposed)} yuan, for finance to confirm`
          : `; the proposed ${yuan(proposed)} yuan is outside the range and must be reset within it`),
  });
  return manual(r);
}

/** Henan 2025-style uplift for an employee reporting their own unit (D): +p%, at least m extra, ≤ cap. */
function applyUplift(
  facts: RewardFacts,
  rs: RuleSet,
  outcome: Exclude<Outcome, { kind: 'not_rewarded' }>,
  line: LineFn,
  parameters: RewardAnswer['parameters'],
  param: ParamFn,
): Outcome {
  if (!facts.reporter.isEmployeeOfUnit) return outcome;
  const u = rs.amounts.employeeUplift;
  if (!u) {
    parameters.employeeUplift = 'none';
    line({
      step: 'uplift',
      value: 0,
      rule: 'RULES.md §2: the uplift for employees of the reported unit (应急〔2020〕69号) is set by each province; no national figure',
      zh: '举报人为被举报单位从业人员；本规则未规定上浮比例，不上浮',
      en: 'The reporter is an employee of the reported unit; this rule set has no uplift, none applied',
    });
    return outcome;
  }
  parameters.employeeUplift = `+${u.percent}% (min ${u.minExtraYuan}, total ≤ ${u.capYuan})`;
  if (!u.appliesTo.includes(facts.category)) {
    line({
      step: 'uplift',
      value: 0,
      rule: u.source,
      zh: `从业人员上浮不适用于「${REWARD_CATEGORY_LABELS[facts.category].zh}」`,
      en: `The employee uplift does not apply to "${REWARD_CATEGORY_LABELS[facts.category].en}"`,
    });
    return outcome;
  }
  if (outcome.kind === 'manual') {
    line({
      step: 'uplift',
      value: `+${u.percent}%`,
      rule: u.source,
      zh: `从业人员举报本单位：财务确定的金额上浮 ${u.percent}%，至少上浮 ${yuan(u.minExtraYuan)} 元，合计不超过 ${yuan(u.capYuan)} 元`,
      en: `Employee reporting their own unit: the amount finance sets is raised by ${u.percent}%, at least ${yuan(u.minExtraYuan)} yuan more, total at most ${yuan(u.capYuan)} yuan`,
    });
    return outcome;
  }
  const base = outcome.amount;
  const mode = param('rounding');
  const pctExtra = percentOf(base, u.percent, mode);
  line({
    step: 'uplift',
    value: pctExtra,
    rule: `${u.source}; ${rs.parameters.rounding.source}`,
    parameter: 'rounding',
    zh: `从业人员举报本单位：上浮 ${u.percent}% × ${yuan(base)} = ${yuan(pctExtra)} 元`,
    en: `Employee reporting their own unit: uplift ${u.percent}% × ${yuan(base)} = ${yuan(pctExtra)} yuan`,
  });
  const extra = Math.max(pctExtra, u.minExtraYuan);
  line({
    step: 'uplift_minimum',
    value: extra,
    rule: u.source,
    zh:
      extra > pctExtra
        ? `上浮不足 ${yuan(u.minExtraYuan)} 元，按 ${yuan(u.minExtraYuan)} 元上浮`
        : `上浮不低于最低上浮额 ${yuan(u.minExtraYuan)} 元`,
    en:
      extra > pctExtra
        ? `Uplift below the minimum: raised to ${yuan(u.minExtraYuan)} yuan`
        : `Uplift not below the minimum of ${yuan(u.minExtraYuan)} yuan`,
  });
  // The uplift never lowers an award that is already above the uplift's cap.
  const total = Math.max(base, Math.min(base + extra, u.capYuan));
  const limited = total < base + extra;
  line({
    step: 'uplift_cap',
    value: total,
    rule: u.source,
    zh: limited
      ? `${yuan(base)} + ${yuan(extra)} 超过上限 ${yuan(u.capYuan)} 元，按 ${yuan(total)} 元`
      : `${yuan(base)} + ${yuan(extra)} = ${yuan(total)} 元，未超过上限 ${yuan(u.capYuan)} 元`,
    en: limited
      ? `${yuan(base)} + ${yuan(extra)} is above the maximum of ${yuan(u.capYuan)}: ${yuan(total)} yuan`
      : `${yuan(base)} + ${yuan(extra)} = ${yuan(total)} yuan, within the maximum of ${yuan(u.capYuan)} yuan`,
  });
  return { kind: 'computed', amount: total };
}

function jointReport(
  signatories: number,
  outcome: Exclude<Outcome, { kind: 'not_rewarded' }>,
  rs: RuleSet,
  line: LineFn,
  param: ParamFn,
): void {
  const rule = param('jointReport');
  const source = rs.parameters.jointReport.source;
  if (rule === 'equal_split' && outcome.kind === 'computed') {
    const share = Math.floor(outcome.amount / signatories);
    const rest = outcome.amount - share * signatories;
    line({
      step: 'joint_report',
      value: share,
      rule: source,
      parameter: 'jointReport',
      zh: `${signatories} 人联名举报，一次奖励平均分配：每人 ${yuan(share)} 元${rest ? `，余 ${rest} 元归第一署名人` : ''}；由第一署名人或其书面委托的署名人领取`,
      en: `Joint report by ${signatories}: one award split equally, ${yuan(share)} yuan each${rest ? `, the remaining ${rest} yuan to the first signatory` : ''}; collected by the first signatory or one they authorise in writing`,
    });
    return;
  }
  line({
    step: 'joint_report',
    value: signatories,
    rule: source,
    parameter: 'jointReport',
    zh: `${signatories} 人联名举报：只奖励一次，由第一署名人或其书面委托的其他署名人领取${rule === 'equal_split' ? '，平均分配' : ''}`,
    en: `Joint report by ${signatories}: one award, collected by the first signatory or another signatory they authorise in writing${rule === 'equal_split' ? ', split equally' : ''}`,
  });
}
