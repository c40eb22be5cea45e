/**
 * What changes a base amount afterwards: the uplift for an employee reporting their own unit (a
 * provincial rule: a percentage, a minimum extra and a cap) and a joint report (one award, to the
 * first signatory or split equally), each step written out like the base amount.
 */

import {
  type LineFn,
  type Outcome,
  type ParamFn,
  percentOf,
  type RewardAnswer,
  yuan,
} from './reward-answer.ts';
import { REWARD_CATEGORY_LABELS, type RewardFacts } from './reward-facts.ts';
import type { RuleSet } from './reward-rule-set.ts';

/** Henan 2025-style uplift for an employee reporting their own unit (D): +p%, at least m extra, ≤ cap. */
export function applyUplift(
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

export function jointReport(
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
