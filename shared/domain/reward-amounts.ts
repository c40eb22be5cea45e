/**
 * The base amount of a reward by category, each step written out: the penalty formula for major
 * hazards and illegal operation, the general-hazard rule, the per-death rate for concealed or
 * falsely reported accidents, and the listed situations, with the floors and caps of the rule set.
 */
import {
  ACCIDENT_GRADE_LABELS,
  type Criterion,
  deriveAccidentGrade,
  GRADE_SOURCE,
} from './accident-grade.ts';
import { type LineFn, manual, type Outcome, type ParamFn, percentOf, yuan } from './reward-answer.ts';
import type { AccidentFacts, PenaltyFacts, RewardFacts } from './reward-facts.ts';
import { type PenaltyBase, ROUNDING_LABELS, type RuleSet, type Sourced } from './reward-rule-set.ts';

export function baseAmount(facts: RewardFacts, rs: RuleSet, line: LineFn, param: ParamFn): Outcome {
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
