import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACCIDENT_GRADES, type AccidentGrade, deriveAccidentGrade } from '#shared/domain/accident-grade.ts';
import { percentOf } from '#shared/domain/reward-answer.ts';
import { REWARD_CATEGORIES, type RewardFacts } from '#shared/domain/reward-facts.ts';
import { ROUNDING_MODES, type RoundingMode, type RuleSet } from '#shared/domain/reward-rule-set.ts';
import { computeReward } from '#shared/domain/rewards.ts';
import { loadRuleSets, parseRewardFacts, ruleSetById } from '#shared/rules.ts';

// Deterministic runs (a flaky test blocks landing): every property here starts from this seed
// unless it names its own.
fc.configureGlobal({ seed: 20261127 });

const ruleSets = loadRuleSets();
const national = ruleSetById(ruleSets, 'national-2018');
const henan = ruleSetById(ruleSets, 'henan-2025');

const withRounding = (rs: RuleSet, mode: RoundingMode): RuleSet => {
  const copy = structuredClone(rs);
  copy.parameters.rounding.value = mode;
  return copy;
};

function hazardFacts(P: number, isEmployeeOfUnit = false): RewardFacts {
  return {
    category: 'major_hazard',
    substantiated: true,
    alreadyKnownToAuthority: false,
    penalty: { totalYuan: P, unitYuan: P, individualsYuan: 0, confiscatedYuan: 0, decisionNo: 'X' },
    reporter: {
      realName: true,
      isEmployeeOfUnit,
      excludedReason: null,
      isFirstValidReporter: true,
      jointSignatories: 1,
    },
    receivedAt: '2026-03-02T02:00:00Z',
    jurisdictionCode: '411081',
  };
}

function accidentFacts(grade: AccidentGrade, concealedDeaths: number): RewardFacts {
  return {
    ...hazardFacts(0),
    category: 'concealed_accident',
    penalty: undefined,
    accident: { grade, deaths: concealedDeaths, seriousInjuries: 0, directLossYuan: 0, concealedDeaths },
  };
}

const penaltyYuan = fc.integer({ min: 1, max: 1_000_000_000_000 });
const ruleSet = fc.constantFrom(national, henan);
const rounding = fc.constantFrom(...ROUNDING_MODES);

describe('properties of the penalty formula', () => {
  it('a computed amount is a whole number within [floor, cap]', () => {
    fc.assert(
      fc.property(penaltyYuan, ruleSet, rounding, (P, rs, mode) => {
        const r = withRounding(rs, mode);
        const a = computeReward(hazardFacts(P), r);
        expect(a.determination).toBe('computed');
        expect(Number.isSafeInteger(a.amountYuan)).toBe(true);
        expect(a.amountYuan!).toBeGreaterThanOrEqual(r.amounts.floorYuan.value);
        expect(a.amountYuan!).toBeLessThanOrEqual(r.amounts.capYuan.value);
      }),
    );
  });

  it('never decreases as the penalty grows', () => {
    fc.assert(
      fc.property(
        penaltyYuan,
        fc.integer({ min: 0, max: 3_000_000 }),
        ruleSet,
        rounding,
        (P, more, rs, mode) => {
          const r = withRounding(rs, mode);
          const low = computeReward(hazardFacts(P), r).amountYuan!;
          const high = computeReward(hazardFacts(P + more), r).amountYuan!;
          expect(high).toBeGreaterThanOrEqual(low);
        },
      ),
    );
  });

  it('15% half up in integers agrees with exact rounding of P × 15 / 100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (P) => {
        // P × 15 stays far below 2^53 here, so the float oracle is exact enough to compare.
        expect(percentOf(P, 15, 'half_up')).toBe(Math.round((P * 15) / 100));
      }),
    );
  });
});

describe('properties of the accident formula', () => {
  const grade = fc.constantFrom(...ACCIDENT_GRADES);
  const deaths = fc.integer({ min: 1, max: 500 });

  it('never decreases with more concealed deaths, nor with a higher grade; never above the cap', () => {
    fc.assert(
      fc.property(grade, grade, deaths, fc.integer({ min: 0, max: 50 }), ruleSet, (g1, g2, D, more, rs) => {
        const [lo, hi] = ACCIDENT_GRADES.indexOf(g1) <= ACCIDENT_GRADES.indexOf(g2) ? [g1, g2] : [g2, g1];
        const base = computeReward(accidentFacts(lo, D), rs).amountYuan!;
        expect(computeReward(accidentFacts(lo, D + more), rs).amountYuan!).toBeGreaterThanOrEqual(base);
        expect(computeReward(accidentFacts(hi, D), rs).amountYuan!).toBeGreaterThanOrEqual(base);
        expect(base).toBeLessThanOrEqual(rs.amounts.accidentCapYuan.value);
        expect(base % 1000).toBe(0);
      }),
    );
  });

  it('the derived grade never decreases as any criterion grows', () => {
    const consequences = fc.record({
      deaths: fc.integer({ min: 0, max: 200 }),
      seriousInjuries: fc.integer({ min: 0, max: 500 }),
      directLossYuan: fc.integer({ min: 0, max: 500_000_000 }),
    });
    fc.assert(
      fc.property(consequences, consequences, (a, b) => {
        const more = {
          deaths: a.deaths + b.deaths,
          seriousInjuries: a.seriousInjuries + b.seriousInjuries,
          directLossYuan: a.directLossYuan + b.directLossYuan,
        };
        const rank = (c: typeof a) => ACCIDENT_GRADES.indexOf(deriveAccidentGrade(c).grade);
        expect(rank(more)).toBeGreaterThanOrEqual(rank(a));
      }),
    );
  });
});

describe('properties of the employee uplift (Henan 2025)', () => {
  it('never exceeds the cap, never lowers the award, adds at least the minimum while room remains', () => {
    const u = henan.amounts.employeeUplift!;
    fc.assert(
      fc.property(penaltyYuan, (P) => {
        const base = computeReward(hazardFacts(P), henan).amountYuan!;
        const up = computeReward(hazardFacts(P, true), henan).amountYuan!;
        expect(up).toBeLessThanOrEqual(u.capYuan);
        expect(up).toBeGreaterThanOrEqual(base);
        expect(up).toBeGreaterThanOrEqual(Math.min(base + u.minExtraYuan, u.capYuan));
      }),
    );
  });
});

describe('properties of any valid facts', () => {
  const arbitraryFacts = fc.record({
    category: fc.constantFrom(...REWARD_CATEGORIES),
    substantiated: fc.boolean(),
    alreadyKnownToAuthority: fc.boolean(),
    penalty: fc.option(
      fc
        .record({
          unitYuan: fc.integer({ min: 0, max: 5_000_000 }),
          individualsYuan: fc.integer({ min: 0, max: 500_000 }),
          confiscatedYuan: fc.integer({ min: 0, max: 5_000_000 }),
        })
        .map((p) => ({
          ...p,
          totalYuan: p.unitYuan + p.individualsYuan + p.confiscatedYuan,
          decisionNo: 'X',
        })),
      { nil: undefined },
    ),
    accident: fc
      .record({
        grade: fc.option(fc.constantFrom(...ACCIDENT_GRADES), { nil: undefined }),
        deaths: fc.integer({ min: 0, max: 40 }),
        seriousInjuries: fc.integer({ min: 0, max: 120 }),
        directLossYuan: fc.integer({ min: 0, max: 200_000_000 }),
        share: fc.integer({ min: 0, max: 100 }),
      })
      .map(({ share, ...a }) => ({ ...a, concealedDeaths: Math.floor((a.deaths * share) / 100) })),
    reporter: fc.record({
      realName: fc.boolean(),
      isEmployeeOfUnit: fc.boolean(),
      excludedReason: fc.constantFrom(
        null,
        'supervisory_staff',
        'close_relative_of_staff',
        'obtained_in_duties',
      ),
      isFirstValidReporter: fc.boolean(),
      jointSignatories: fc.integer({ min: 1, max: 5 }),
    }),
    receivedAt: fc.constantFrom('2024-01-10T02:00:00Z', '2026-03-02T02:00:00Z'),
    jurisdictionCode: fc.constantFrom('411081', '110101'),
    listedSituation: fc.record({
      id: fc.constant('WH-1'),
      proposedYuan: fc.integer({ min: 0, max: 400_000 }),
    }),
  });

  it('the answer is consistent: computed ⇔ a whole amount within bounds; manual ⇔ a range; ineligible ⇔ nothing', () => {
    fc.assert(
      fc.property(arbitraryFacts, ruleSet, (data, rs) => {
        const parsed = parseRewardFacts(data);
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const a = computeReward(parsed.facts, rs);
        expect(a.lines.at(-1)?.step).toBe('determination');
        expect(a.ruleSet).toEqual({ id: rs.id, version: rs.version });
        if (a.determination === 'computed') {
          expect(a.eligible).toBe(true);
          expect(Number.isSafeInteger(a.amountYuan)).toBe(true);
          expect(a.amountYuan!).toBeGreaterThan(0);
          expect(a.amountYuan!).toBeLessThanOrEqual(300_000);
          expect(a.range).toBeUndefined();
          expect(typeof a.secondApprovalRequired).toBe('boolean');
        } else if (a.determination === 'manual') {
          expect(a.eligible).toBe(true);
          expect(a.amountYuan).toBeNull();
          expect(a.range!.minYuan).toBeLessThanOrEqual(a.range!.maxYuan);
          expect(a.secondApprovalRequired).toBeNull();
        } else {
          expect(a.eligible).toBe(false);
          expect(a.amountYuan).toBeNull();
        }
        const r = parsed.facts.reporter;
        const plainlyIneligible =
          !parsed.facts.substantiated ||
          parsed.facts.alreadyKnownToAuthority ||
          !r.isFirstValidReporter ||
          r.excludedReason === 'supervisory_staff' ||
          r.excludedReason === 'obtained_in_duties';
        if (plainlyIneligible) expect(a.determination).toBe('ineligible');
      }),
    );
  });
});
