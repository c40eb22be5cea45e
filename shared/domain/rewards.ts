/**
 * The statutory reward engine: a pure function of the case facts (reward-facts.ts) and a
 * versioned rule set (reward-rule-set.ts). It checks every eligibility condition, computes the
 * base amount (reward-amounts.ts) and its adjustments (reward-adjustments.ts), decides whether a
 * second approval is needed, and answers with every step explained (reward-answer.ts), so a
 * finance officer can check it line by line. Where the law is unclear the rule set names its
 * choice as a parameter and the line says which parameter decided. No AWS, no environment, no
 * clock.
 */

import { applyUplift, jointReport } from './reward-adjustments.ts';
import { baseAmount } from './reward-amounts.ts';
import { type RewardAnswer, type RewardLine, yuan } from './reward-answer.ts';
import { EXCLUSION_REASONS, REWARD_CATEGORY_LABELS, type RewardFacts } from './reward-facts.ts';
import {
  ELIGIBILITY_LABELS,
  type EligibilityCheck,
  type ParameterName,
  type RuleSet,
  type RuleSetParameters,
} from './reward-rule-set.ts';

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
