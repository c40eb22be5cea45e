import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AccidentGrade, deriveAccidentGrade, gradeOf } from '#shared/domain/accident-grade.ts';
import { divideRounded, percentOf, type RewardAnswer } from '#shared/domain/reward-answer.ts';
import type { AccidentFacts, PenaltyFacts, ReporterFacts, RewardFacts } from '#shared/domain/reward-facts.ts';
import {
  ELIGIBILITY_LABELS,
  type ParameterName,
  type RuleSet,
  type RuleSetParameters,
  receivedDayOf,
  selectRuleSet,
} from '#shared/domain/reward-rule-set.ts';
import { computeReward } from '#shared/domain/rewards.ts';
import { loadRuleSets, parseRewardFacts, ruleSetById } from '#shared/rules.ts';

const ruleSets = loadRuleSets();
const national = ruleSetById(ruleSets, 'national-2018');
const henan = ruleSetById(ruleSets, 'henan-2025');

type FactsOverrides = Omit<Partial<RewardFacts>, 'reporter'> & { reporter?: Partial<ReporterFacts> };

/** A substantiated major hazard by a first, identified, non-employee reporter; override what a test needs. */
function facts(over: FactsOverrides = {}): RewardFacts {
  const { reporter, ...rest } = over;
  return {
    category: 'major_hazard',
    substantiated: true,
    alreadyKnownToAuthority: false,
    receivedAt: '2026-03-02T02:00:00Z',
    jurisdictionCode: '411081',
    ...rest,
    reporter: {
      realName: true,
      isEmployeeOfUnit: false,
      excludedReason: null,
      isFirstValidReporter: true,
      jointSignatories: 1,
      ...reporter,
    },
  };
}

/** A penalty decision of `unit` yuan on the unit (and optionally individuals and confiscated gains). */
function penalty(unit: number, individuals = 0, confiscated = 0): PenaltyFacts {
  return {
    unitYuan: unit,
    individualsYuan: individuals,
    confiscatedYuan: confiscated,
    totalYuan: unit + individuals + confiscated,
    decisionNo: '禹应急罚〔2026〕12号',
  };
}

function accident(concealedDeaths: number, more: Partial<AccidentFacts> = {}): AccidentFacts {
  return { deaths: concealedDeaths, seriousInjuries: 0, directLossYuan: 0, concealedDeaths, ...more };
}

/** A copy of a rule set with one parameter changed. */
function withParam<K extends ParameterName>(
  rs: RuleSet,
  name: K,
  value: RuleSetParameters[K]['value'],
): RuleSet {
  const copy = structuredClone(rs);
  copy.parameters[name].value = value;
  return copy;
}

const hazard = (P: number, rs: RuleSet = national) => computeReward(facts({ penalty: penalty(P) }), rs);
const concealed = (acc: AccidentFacts, rs: RuleSet = national) =>
  computeReward(facts({ category: 'concealed_accident', accident: acc }), rs);
const steps = (a: RewardAnswer) => a.lines.map((l) => l.step);
const lineOf = (a: RewardAnswer, step: string) => a.lines.find((l) => l.step === step);

describe('major hazard and illegal operation: min(max(round(15% × P), 3000), 300000)', () => {
  it.each([
    [1, 3000],
    [19_999, 3000],
    [20_000, 3000],
    [20_001, 3000],
    [20_004, 3001],
    [100_000, 15_000],
    [333_333, 50_000],
    [1_999_996, 299_999],
    [1_999_999, 300_000],
    [2_000_000, 300_000],
    [2_000_001, 300_000],
    [50_000_000, 300_000],
  ])('P = %i → %i yuan', (P, amount) => {
    const a = hazard(P);
    expect(a).toMatchObject({ determination: 'computed', eligible: true, amountYuan: amount });
    expect(Number.isInteger(a.amountYuan)).toBe(true);
  });

  it('treats illegal operation the same way', () => {
    const a = computeReward(facts({ category: 'illegal_operation', penalty: penalty(400_000) }), national);
    expect(a.amountYuan).toBe(60_000);
  });

  it('explains each step in order, citing its rule in zh and en', () => {
    const a = hazard(1_000_000);
    expect(steps(a)).toEqual([
      'rule_set',
      'in_scope',
      'substantiated',
      'not_already_known',
      'first_valid_reporter',
      'not_excluded',
      'real_name',
      'penalty_base',
      'rate',
      'floor',
      'cap',
      'approval',
      'determination',
    ]);
    for (const l of a.lines) {
      expect(l.rule.length).toBeGreaterThan(2);
      expect(l.zh.length).toBeGreaterThan(0);
      expect(l.en.length).toBeGreaterThan(0);
    }
    expect(lineOf(a, 'rate')).toMatchObject({ value: 150_000, parameter: 'rounding' });
    expect(lineOf(a, 'rate')?.en).toContain('15% × 1,000,000 = 150,000');
    expect(a.ruleSet).toEqual({ id: 'national-2018', version: 1 });
    expect(a.parameters).toMatchObject({ penaltyBase: 'fines', rounding: 'half_up', claimWindowDays: 60 });
  });

  it('says when the floor binds and when the cap binds', () => {
    expect(lineOf(hazard(10_000), 'floor')?.en).toContain('raised to 3,000');
    expect(lineOf(hazard(3_000_000), 'cap')?.en).toContain('limited to 300,000');
    expect(lineOf(hazard(100_000), 'cap')?.en).toContain('Within the maximum');
  });

  it.each([
    ['half_up', 20_010, 3002],
    ['half_even', 20_010, 3002],
    ['down', 20_010, 3001],
    ['half_up', 20_030, 3005],
    ['half_even', 20_030, 3004],
    ['down', 20_030, 3004],
    ['half_up', 20_003, 3000],
    ['half_up', 20_007, 3001],
  ] as const)('rounding %s: P = %i → %i', (mode, P, amount) => {
    expect(hazard(P, withParam(national, 'rounding', mode)).amountYuan).toBe(amount);
  });
});

describe('penalty base (parameter penaltyBase)', () => {
  const p = penalty(200_000, 50_000, 1_000_000);
  it.each([
    ['fines', 37_500],
    ['fines_and_confiscated', 187_500],
    ['unit_fine', 30_000],
  ] as const)('%s → %i', (base, amount) => {
    const a = computeReward(facts({ penalty: p }), withParam(national, 'penaltyBase', base));
    expect(a.amountYuan).toBe(amount);
    expect(lineOf(a, 'penalty_base')).toMatchObject({ parameter: 'penaltyBase' });
  });

  it('by default counts the unit and individual fines, not confiscated gains', () => {
    const a = computeReward(facts({ penalty: p }), national);
    expect(lineOf(a, 'penalty_base')?.value).toBe(250_000);
    expect(lineOf(a, 'penalty_base')?.en).toContain('not confiscated gains');
  });
});

describe('no penalty (parameter whenNoPenalty)', () => {
  it('is manual within [3000, 300000] when no decision is recorded', () => {
    const a = computeReward(facts(), national);
    expect(a).toMatchObject({
      determination: 'manual',
      eligible: true,
      amountYuan: null,
      range: { minYuan: 3000, maxYuan: 300_000 },
      secondApprovalRequired: null,
    });
    expect(lineOf(a, 'when_no_penalty')).toMatchObject({ value: 'manual', parameter: 'whenNoPenalty' });
  });
  it('is manual when the decision has no fine counted (only confiscated gains)', () => {
    const a = computeReward(facts({ penalty: penalty(0, 0, 80_000) }), national);
    expect(a.determination).toBe('manual');
  });
  it('pays the floor where a rule set says so', () => {
    const a = computeReward(facts(), withParam(national, 'whenNoPenalty', 'floor'));
    expect(a).toMatchObject({ determination: 'computed', amountYuan: 3000 });
  });
});

describe('concealed or falsely reported accident: min(rate[grade] × D, 300000)', () => {
  it('Zhumadian 2023: 较大, 4 concealed deaths → 160,000', () => {
    const a = concealed(accident(4));
    expect(a).toMatchObject({ determination: 'computed', amountYuan: 160_000 });
    expect(lineOf(a, 'grade')).toMatchObject({ value: 'larger' });
    expect(lineOf(a, 'grade')?.en).toContain('derived');
    expect(lineOf(a, 'death_rate')?.en).toContain('40,000 yuan per verified death × 4 = 160,000');
  });

  it.each([
    ['general', 1, 30_000],
    ['general', 2, 60_000],
    ['larger', 3, 120_000],
    ['larger', 7, 280_000],
    ['larger', 8, 300_000],
    ['major', 1, 50_000],
    ['major', 6, 300_000],
    ['major', 10, 300_000],
    ['especially_major', 1, 60_000],
    ['especially_major', 5, 300_000],
    ['especially_major', 30, 300_000],
  ] as const)('confirmed %s, D = %i → %i', (grade, D, amount) => {
    const a = concealed(accident(D, { grade, deaths: 40 }));
    expect(a.amountYuan).toBe(amount);
    expect(lineOf(a, 'grade')?.value).toBe(grade);
  });

  it('applies to falsely reported accidents alike', () => {
    const a = computeReward(
      facts({ category: 'falsely_reported_accident', accident: accident(2, { deaths: 12 }) }),
      national,
    );
    expect(a.amountYuan).toBe(100_000);
  });

  it('derives the grade from the highest criterion and says which one decided', () => {
    const a = concealed(accident(1, { directLossYuan: 60_000_000 }));
    expect(a.amountYuan).toBe(50_000);
    expect(lineOf(a, 'grade')?.en).toContain('decided by direct loss');
  });

  it('uses the confirmed grade over the one the criteria give, and says so', () => {
    const a = concealed(accident(2, { grade: 'larger' }));
    expect(a.amountYuan).toBe(80_000);
    expect(lineOf(a, 'grade')?.en).toContain('alone would give general accident');
  });

  it('is manual when no concealed death is verified (parameter whenNoDeaths)', () => {
    const a = concealed(accident(0, { deaths: 3 }));
    expect(a).toMatchObject({ determination: 'manual', range: { minYuan: 3000, maxYuan: 300_000 } });
    expect(lineOf(a, 'when_no_deaths')?.parameter).toBe('whenNoDeaths');
  });

  it('is not rewarded without deaths where a rule set says so', () => {
    const a = concealed(accident(0, { deaths: 3 }), withParam(national, 'whenNoDeaths', 'not_rewarded'));
    expect(a).toMatchObject({ determination: 'ineligible', eligible: false, amountYuan: null });
  });
});

describe('accident grade (F Art 3): the highest criterion reached; 以上 includes the number', () => {
  const none = { deaths: 0, seriousInjuries: 0, directLossYuan: 0 };
  it.each([
    ['deaths', 0, 'general'],
    ['deaths', 2, 'general'],
    ['deaths', 3, 'larger'],
    ['deaths', 9, 'larger'],
    ['deaths', 10, 'major'],
    ['deaths', 29, 'major'],
    ['deaths', 30, 'especially_major'],
    ['seriousInjuries', 9, 'general'],
    ['seriousInjuries', 10, 'larger'],
    ['seriousInjuries', 49, 'larger'],
    ['seriousInjuries', 50, 'major'],
    ['seriousInjuries', 99, 'major'],
    ['seriousInjuries', 100, 'especially_major'],
    ['directLossYuan', 9_999_999, 'general'],
    ['directLossYuan', 10_000_000, 'larger'],
    ['directLossYuan', 49_999_999, 'larger'],
    ['directLossYuan', 50_000_000, 'major'],
    ['directLossYuan', 99_999_999, 'major'],
    ['directLossYuan', 100_000_000, 'especially_major'],
  ] as const)('%s = %i → %s', (criterion, value, grade) => {
    expect(gradeOf(criterion, value)).toBe(grade);
    const d = deriveAccidentGrade({ ...none, [criterion]: value });
    expect(d.grade).toBe(grade);
    if (grade !== 'general') expect(d.decidedBy).toEqual([criterion]);
  });

  it('takes the highest of the three and names every criterion that reaches it', () => {
    expect(deriveAccidentGrade({ deaths: 1, seriousInjuries: 60, directLossYuan: 1_000 })).toMatchObject({
      grade: 'major',
      decidedBy: ['seriousInjuries'],
    });
    expect(deriveAccidentGrade({ deaths: 12, seriousInjuries: 55, directLossYuan: 0 }).decidedBy).toEqual([
      'deaths',
      'seriousInjuries',
    ]);
  });
});

describe('Henan 2025: employee of the reported unit, +15%, at least 1,000 more, total ≤ 300,000', () => {
  const employee = (P: number, rs: RuleSet = henan) =>
    computeReward(facts({ penalty: penalty(P), reporter: { isEmployeeOfUnit: true } }), rs);

  it.each([
    [100_000, 17_250],
    [20_000, 4000],
    [40_000, 7000],
    [44_447, 7667],
    [1_000_000, 172_500],
    [1_739_130, 300_000],
    [1_933_334, 300_000],
    [2_000_000, 300_000],
  ])('P = %i → %i', (P, amount) => {
    expect(employee(P).amountYuan).toBe(amount);
  });

  it('shows the percentage, the minimum extra and the cap as separate steps', () => {
    const a = employee(20_000);
    expect(steps(a).filter((s) => s.startsWith('uplift'))).toEqual([
      'uplift',
      'uplift_minimum',
      'uplift_cap',
    ]);
    expect(lineOf(a, 'uplift')?.value).toBe(450);
    expect(lineOf(a, 'uplift_minimum')?.value).toBe(1000);
    expect(lineOf(employee(2_000_000), 'uplift_cap')?.en).toContain('above the maximum');
    expect(a.parameters.employeeUplift).toContain('+15%');
  });

  it('does not apply to a reporter who is not an employee, nor under the national rules', () => {
    expect(hazard(100_000, henan).amountYuan).toBe(15_000);
    const n = employee(100_000, national);
    expect(n.amountYuan).toBe(15_000);
    expect(lineOf(n, 'uplift')?.en).toContain('no uplift');
  });

  it('does not apply to concealed accidents (appliesTo)', () => {
    const a = computeReward(
      facts({ category: 'concealed_accident', accident: accident(4), reporter: { isEmployeeOfUnit: true } }),
      henan,
    );
    expect(a.amountYuan).toBe(160_000);
    expect(lineOf(a, 'uplift')?.value).toBe(0);
  });

  it('tells finance to apply it to a manual amount', () => {
    const a = computeReward(facts({ reporter: { isEmployeeOfUnit: true } }), henan);
    expect(a.determination).toBe('manual');
    expect(lineOf(a, 'uplift')?.value).toBe('+15%');
  });
});

describe('Henan 2025: listed situations, 1,000–300,000 set by the department', () => {
  const listed = (proposedYuan?: number, rs: RuleSet = henan) =>
    computeReward(
      facts({
        category: 'listed_situation',
        listedSituation: { id: 'WH-12', ...(proposedYuan === undefined ? {} : { proposedYuan }) },
      }),
      rs,
    );

  it('is manual within the range', () => {
    expect(listed()).toMatchObject({ determination: 'manual', range: { minYuan: 1000, maxYuan: 300_000 } });
  });
  it('stays manual with a proposed amount inside the range: finance decides', () => {
    const a = listed(5000);
    expect(a.determination).toBe('manual');
    expect(lineOf(a, 'listed_situation')?.en).toContain('proposes 5,000 yuan, for finance to confirm');
  });
  it('flags a proposed amount outside the range', () => {
    expect(lineOf(listed(500), 'listed_situation')?.en).toContain('outside the range');
  });
  it('is out of scope under the national rules, which list no situations', () => {
    expect(listed(5000, national)).toMatchObject({ determination: 'ineligible', failedCheck: 'in_scope' });
  });
});

describe('general hazard (parameter generalHazard)', () => {
  const general = (p: PenaltyFacts | undefined, rs: RuleSet = national) =>
    computeReward(facts({ category: 'general_hazard', ...(p ? { penalty: p } : {}) }), rs);

  it('nationally: rewarded as a violation when a penalty decision establishes one', () => {
    const a = general(penalty(100_000));
    expect(a.amountYuan).toBe(15_000);
    expect(lineOf(a, 'general_hazard')).toMatchObject({ value: 'violation', parameter: 'generalHazard' });
  });
  it('nationally: not rewarded without a penalty decision', () => {
    const a = general(undefined);
    expect(a).toMatchObject({ determination: 'ineligible', eligible: false, amountYuan: null });
    expect(a.failedCheck).toBeUndefined();
    expect(lineOf(a, 'general_hazard')?.value).toBe('not_rewarded');
  });
  it('manual where a rule set says so', () => {
    expect(general(undefined, withParam(national, 'generalHazard', 'manual')).determination).toBe('manual');
  });
  it('a flat amount where a local rule set gives one (Shenzhen 500)', () => {
    const rs = withParam(national, 'generalHazard', 'flat');
    rs.amounts.generalHazardFlatYuan = { value: 500, source: 'Shenzhen: 500 yuan per general hazard' };
    expect(general(undefined, rs)).toMatchObject({ determination: 'computed', amountYuan: 500 });
  });
});

describe('eligibility (RULES.md §3): every condition shown, the failing one named', () => {
  it.each([
    [{ substantiated: false }, 'substantiated'],
    [{ alreadyKnownToAuthority: true }, 'not_already_known'],
    [{ reporter: { isFirstValidReporter: false } }, 'first_valid_reporter'],
    [{ reporter: { excludedReason: 'supervisory_staff' } }, 'not_excluded'],
    [{ reporter: { excludedReason: 'instigated_by_staff' } }, 'not_excluded'],
    [{ reporter: { excludedReason: 'obtained_in_duties' } }, 'not_excluded'],
    [{ reporter: { excludedReason: '村级安全员履职中发现' } }, 'not_excluded'],
  ] as [FactsOverrides, string][])('%j → ineligible: %s', (over, check) => {
    const a = computeReward(facts({ penalty: penalty(1_000_000), ...over }), national);
    expect(a).toMatchObject({
      determination: 'ineligible',
      eligible: false,
      amountYuan: null,
      failedCheck: check,
      secondApprovalRequired: false,
    });
    expect(lineOf(a, check)?.value).toBe('fail');
    expect(steps(a)).not.toContain('rate');
    // Named in words, in both languages (the code stays in failedCheck for machines).
    const label = ELIGIBILITY_LABELS[check as keyof typeof ELIGIBILITY_LABELS];
    expect(a.lines.at(-1)?.en).toContain(label.en);
    expect(a.lines.at(-1)?.zh).toContain(label.zh);
  });

  it('a later report of the same matter gets nothing even with a large penalty', () => {
    const a = computeReward(
      facts({ penalty: penalty(5_000_000), reporter: { isFirstValidReporter: false } }),
      henan,
    );
    expect(a.amountYuan).toBeNull();
    expect(lineOf(a, 'first_valid_reporter')?.en).toContain('linked');
  });

  it('names every failing condition, the first as failedCheck', () => {
    const a = computeReward(facts({ substantiated: false, alreadyKnownToAuthority: true }), national);
    expect(a.failedCheck).toBe('substantiated');
    expect(a.lines.at(-1)?.en).toBe(
      'Not eligible: verified as true, not already found and dealt with not met',
    );
    expect(a.lines.at(-1)?.zh).toBe('不予奖励：经核查属实、此前未被发现处理不符合');
  });

  it('excludes close relatives of staff only where the rule set says so (closeRelativesExcluded)', () => {
    const f = facts({ penalty: penalty(100_000), reporter: { excludedReason: 'close_relative_of_staff' } });
    const kept = computeReward(f, national);
    expect(kept.amountYuan).toBe(15_000);
    expect(lineOf(kept, 'not_excluded')).toMatchObject({
      value: 'pass',
      parameter: 'closeRelativesExcluded',
    });
    const out = computeReward(f, withParam(national, 'closeRelativesExcluded', true));
    expect(out.failedCheck).toBe('not_excluded');
  });

  it('an anonymous reporter stays eligible; the real name is a payout condition (anonymousPayout)', () => {
    const a = computeReward(facts({ penalty: penalty(100_000), reporter: { realName: false } }), national);
    expect(a).toMatchObject({ determination: 'computed', amountYuan: 15_000 });
    expect(lineOf(a, 'real_name')).toMatchObject({ value: 'anonymous', parameter: 'anonymousPayout' });
    expect(lineOf(a, 'real_name')?.en).toContain('identity custodian');
    const shandong = withParam(national, 'anonymousPayout', 'proof_of_authorship');
    const b = computeReward(facts({ penalty: penalty(100_000), reporter: { realName: false } }), shandong);
    expect(lineOf(b, 'real_name')?.en).toContain('proof of authorship');
  });
});

describe('joint report: one award to the first signatory (parameter jointReport)', () => {
  it('gives one award, the same as a single reporter', () => {
    const a = computeReward(
      facts({ category: 'concealed_accident', accident: accident(4), reporter: { jointSignatories: 3 } }),
      national,
    );
    expect(a.amountYuan).toBe(160_000);
    expect(lineOf(a, 'joint_report')).toMatchObject({ value: 3, parameter: 'jointReport' });
    expect(lineOf(a, 'joint_report')?.en).toContain('first signatory');
  });
  it('shows equal shares, the remainder to the first signatory, where the rule set splits', () => {
    const a = computeReward(
      facts({ category: 'concealed_accident', accident: accident(4), reporter: { jointSignatories: 3 } }),
      withParam(national, 'jointReport', 'equal_split'),
    );
    expect(a.amountYuan).toBe(160_000);
    expect(lineOf(a, 'joint_report')?.value).toBe(53_333);
    expect(lineOf(a, 'joint_report')?.en).toContain('remaining 1 yuan to the first signatory');
  });
  it('adds no joint-report line for a single reporter', () => {
    expect(steps(hazard(100_000))).not.toContain('joint_report');
  });
});

describe('second approval above a configurable amount (secondApprovalAboveYuan)', () => {
  it.each([
    [333_334, 50_000, false],
    [333_340, 50_001, true],
  ])('P = %i → %i yuan, second approval %s', (P, amount, second) => {
    const a = hazard(P);
    expect(a.amountYuan).toBe(amount);
    expect(a.secondApprovalRequired).toBe(second);
    expect(lineOf(a, 'approval')?.value).toBe(second ? 2 : 1);
  });
  it('follows the rule set', () => {
    expect(
      hazard(100_000, withParam(national, 'secondApprovalAboveYuan', 10_000)).secondApprovalRequired,
    ).toBe(true);
  });
});

describe('rule set selection: most specific jurisdiction in force on the day received', () => {
  it.each([
    ['411081', '2026-03-02', 'henan-2025'],
    ['41', '2025-06-10', 'henan-2025'],
    ['411081', '2025-06-09', 'national-2018'],
    ['411700', '2023-05-10', 'national-2018'],
    ['110101', '2026-03-02', 'national-2018'],
    ['', '2026-03-02', 'national-2018'],
  ])('%s on %s → %s', (code, day, id) => {
    expect(selectRuleSet(ruleSets, code, day).id).toBe(id);
  });

  it('prefers a more specific level, then the latest at that level; falls back level by level', () => {
    const xuchang = {
      ...structuredClone(henan),
      id: 'xuchang-2026',
      jurisdiction: '4110',
      effectiveFrom: '2026-01-01',
    };
    const national2027 = { ...structuredClone(national), id: 'national-2027', effectiveFrom: '2027-01-01' };
    const all = [...ruleSets, xuchang, national2027];
    expect(selectRuleSet(all, '411081', '2026-03-02').id).toBe('xuchang-2026');
    expect(selectRuleSet(all, '411081', '2025-12-31').id).toBe('henan-2025');
    expect(selectRuleSet(all, '410101', '2026-03-02').id).toBe('henan-2025');
    expect(selectRuleSet(all, '110101', '2027-02-01').id).toBe('national-2027');
    expect(selectRuleSet(all, '411081', '2027-02-01').id).toBe('xuchang-2026');
  });

  it('throws before any rule set is in force', () => {
    expect(() => selectRuleSet(ruleSets, '411081', '2017-12-31')).toThrow(/no reward rule set/);
  });

  it('takes the day in Shanghai from receivedAt', () => {
    expect(receivedDayOf({ receivedAt: '2025-06-09T16:30:00Z' })).toBe('2025-06-10');
    expect(receivedDayOf({ receivedAt: '2025-06-09T15:59:59Z' })).toBe('2025-06-09');
  });
});

describe('rule sets as data', () => {
  const file = (name: string) => JSON.parse(readFileSync(`seeds/rules/${name}.json`, 'utf8'));

  it('ships national-2018 and henan-2025, every value with its source', () => {
    expect(ruleSets.map((r) => r.id).sort()).toEqual(['henan-2025', 'national-2018']);
    for (const rs of ruleSets)
      for (const p of Object.values(rs.parameters)) expect(p.source.length).toBeGreaterThan(10);
    expect(national.parameters.claimWindowDays.value).toBe(60);
    expect(henan.amounts.employeeUplift).toMatchObject({ percent: 15, minExtraYuan: 1000, capYuan: 300_000 });
  });

  it.each([
    [
      'a missing source',
      (d: RuleSet) => Reflect.deleteProperty(d.amounts.floorYuan, 'source'),
      'amounts.floorYuan.source',
    ],
    [
      'a fractional amount',
      (d: RuleSet) => {
        d.amounts.capYuan.value = 300_000.5;
      },
      'amounts.capYuan.value',
    ],
    [
      'an unknown parameter value',
      (d: RuleSet) => {
        (d.parameters.rounding as { value: string }).value = 'up';
      },
      'parameters.rounding.value',
    ],
    [
      'a floor above the cap',
      (d: RuleSet) => {
        d.amounts.floorYuan.value = 400_000;
      },
      'amounts.floorYuan',
    ],
    [
      'a higher grade paying less',
      (d: RuleSet) => {
        d.amounts.perDeathYuan.value.major = 1;
      },
      'amounts.perDeathYuan',
    ],
    [
      'listed situations in scope without a range',
      (d: RuleSet) => {
        d.scope.value.push('listed_situation');
      },
      'amounts.listedSituations',
    ],
    [
      'flat general hazards without an amount',
      (d: RuleSet) => {
        d.parameters.generalHazard.value = 'flat';
      },
      'amounts.generalHazardFlatYuan',
    ],
  ])('rejects %s, naming the field', (_what, mutate, field) => {
    const data = file('national-2018');
    mutate(data);
    expect(() => loadRuleSets({ 'seeds/rules/national-2018.json': data })).toThrow(field);
  });

  it('rejects duplicate ids and a missing national fallback', () => {
    const n = file('national-2018');
    expect(() => loadRuleSets({ a: n, b: n })).toThrow(/duplicate rule set id/);
    expect(() => loadRuleSets({ h: file('henan-2025') })).toThrow(/no national rule set/);
  });

  it('finds a rule set by id or lists the known ones', () => {
    expect(() => ruleSetById(ruleSets, 'shandong-2024')).toThrow(/known: national-2018, henan-2025/);
  });
});

describe('reward facts (zod/mini)', () => {
  const valid = () => JSON.parse(JSON.stringify(facts({ penalty: penalty(100_000) })));
  const fields = (data: unknown) => {
    const r = parseRewardFacts(data);
    return r.ok ? [] : r.issues.map((i) => i.field);
  };

  it('accepts valid facts', () => {
    expect(parseRewardFacts(valid()).ok).toBe(true);
  });
  it.each([
    [
      'a fractional penalty',
      (d: RewardFacts) => {
        d.penalty = { ...penalty(100), unitYuan: 100.5, totalYuan: 100.5 };
      },
      'penalty.unitYuan',
    ],
    [
      'a total that is not the sum',
      (d: RewardFacts) => {
        d.penalty = { ...penalty(100), totalYuan: 99 };
      },
      'penalty.totalYuan',
    ],
    [
      'a negative fine',
      (d: RewardFacts) => {
        d.penalty = penalty(-1);
      },
      'penalty.unitYuan',
    ],
    [
      'no signatory',
      (d: RewardFacts) => {
        d.reporter.jointSignatories = 0;
      },
      'reporter.jointSignatories',
    ],
    [
      'an unknown category',
      (d: RewardFacts) => {
        (d as { category: string }).category = 'suggestion';
      },
      'category',
    ],
    [
      'an accident without accident facts',
      (d: RewardFacts) => {
        d.category = 'concealed_accident';
      },
      'accident',
    ],
    [
      'more concealed deaths than deaths',
      (d: RewardFacts) => {
        d.category = 'concealed_accident';
        d.accident = accident(3, { deaths: 2 });
      },
      'accident.concealedDeaths',
    ],
    [
      'an unknown grade',
      (d: RewardFacts) => {
        d.category = 'concealed_accident';
        d.accident = { ...accident(1), grade: 'huge' as AccidentGrade };
      },
      'accident.grade',
    ],
    [
      'a listed situation without its id',
      (d: RewardFacts) => {
        d.category = 'listed_situation';
      },
      'listedSituation',
    ],
    [
      'a receivedAt that is not an instant',
      (d: RewardFacts) => {
        d.receivedAt = '2026-03-02';
      },
      'receivedAt',
    ],
    [
      'an excludedReason that is empty',
      (d: RewardFacts) => {
        d.reporter.excludedReason = '';
      },
      'reporter.excludedReason',
    ],
  ])('rejects %s, naming %s', (_what, mutate, field) => {
    const data = valid();
    mutate(data);
    expect(fields(data)).toContain(field);
  });
});

describe('integer money', () => {
  it.each([
    [15n, 10n, 'half_up', 2n],
    [25n, 10n, 'half_up', 3n],
    [25n, 10n, 'half_even', 2n],
    [35n, 10n, 'half_even', 4n],
    [29n, 10n, 'down', 2n],
    [26n, 10n, 'half_even', 3n],
    [0n, 7n, 'half_up', 0n],
  ] as const)('%i / %i rounded %s = %i', (n, d, mode, q) => {
    expect(divideRounded(n, d, mode)).toBe(q);
  });
  it('is exact far beyond floating point', () => {
    expect(percentOf(900_719_925_474_099, 15, 'half_up')).toBe(135_107_988_821_115);
  });
  it('refuses negative amounts', () => {
    expect(() => divideRounded(-1n, 10n, 'half_up')).toThrow(RangeError);
  });
});

describe('CLI: npm run -s reward', { timeout: 60_000 }, () => {
  const run = (input: string, args: string[] = []) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/reward.ts', ...args], {
      input,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  const fail = (input: string, args: string[] = []) => {
    try {
      run(input, args);
    } catch (err) {
      const e = err as { status: number; stderr: string };
      return { status: e.status, stderr: e.stderr };
    }
    throw new Error('expected the CLI to fail');
  };
  const zhumadian = JSON.stringify(
    facts({
      category: 'concealed_accident',
      accident: accident(4),
      receivedAt: '2023-05-10T02:00:00Z',
      jurisdictionCode: '411700',
    }),
  );

  it('prints the answer, choosing the rule set by jurisdiction and date', () => {
    const out = JSON.parse(run(zhumadian));
    expect(out).toMatchObject({
      determination: 'computed',
      amountYuan: 160_000,
      ruleSet: { id: 'national-2018' },
    });
    const henanEmployee = JSON.stringify(
      facts({ penalty: penalty(100_000), reporter: { isEmployeeOfUnit: true } }),
    );
    expect(JSON.parse(run(henanEmployee))).toMatchObject({
      amountYuan: 17_250,
      ruleSet: { id: 'henan-2025' },
    });
  });

  it('uses --rules when given', () => {
    const f = JSON.stringify(facts({ penalty: penalty(100_000), reporter: { isEmployeeOfUnit: true } }));
    expect(JSON.parse(run(f, ['--rules', 'national-2018']))).toMatchObject({ amountYuan: 15_000 });
  });

  it('exits 2 naming the problem: bad JSON, an invalid field, an unknown rule set', () => {
    expect(fail('{not json')).toMatchObject({ status: 2, stderr: expect.stringContaining('not valid JSON') });
    const bad = JSON.parse(zhumadian);
    bad.reporter.jointSignatories = 0;
    expect(fail(JSON.stringify(bad))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('facts.reporter.jointSignatories'),
    });
    expect(fail(zhumadian, ['--rules', 'nope'])).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('unknown rule set nope'),
    });
  });
});
