/**
 * Loads and validates the reward rule sets shipped in seeds/rules/ (one file per jurisdiction and
 * effective date), and the facts the reward engine takes. Validation happens once at load, naming
 * the bad file and field, so a typo in a rule set cannot silently change what finance pays.
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import henan2025 from '../seeds/rules/henan-2025.json' with { type: 'json' };
import national2018 from '../seeds/rules/national-2018.json' with { type: 'json' };
import { ACCIDENT_GRADES } from './domain/accident-grade.ts';
import { REWARD_CATEGORIES, type RewardFacts } from './domain/reward-facts.ts';
import { RewardFactsSchema, yuanAmount } from './domain/reward-facts-schema.ts';
import {
  ANONYMOUS_PAYOUT,
  GENERAL_HAZARD_RULES,
  JOINT_REPORT_RULES,
  PENALTY_BASES,
  ROUNDING_MODES,
  type RuleSet,
  WHEN_NO_DEATHS,
  WHEN_NO_PENALTY,
} from './domain/reward-rule-set.ts';

const source = z.string().check(z.minLength(3));
const date = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const sourced = <T extends z.ZodMiniType>(value: T) => z.object({ value, source });
const range = z
  .object({ minYuan: yuanAmount, maxYuan: yuanAmount, source })
  .check(z.refine((r) => r.minYuan <= r.maxYuan, { message: 'minYuan must not exceed maxYuan' }));
const percent = z.number().check(z.int(), z.gte(0), z.lte(1000));

export const RuleSetSchema = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/)),
    version: z.number().check(z.int(), z.gte(1)),
    name: z.string().check(z.minLength(3)),
    nameZh: z.optional(z.string().check(z.minLength(3))),
    effectiveFrom: date,
    jurisdiction: z.string().check(z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9})?$/)),
    sources: z.array(z.object({ id: z.string().check(z.minLength(1)), title: source })).check(z.minLength(1)),
    scope: sourced(z.array(z.enum(REWARD_CATEGORIES)).check(z.minLength(1))),
    eligibility: z.object({
      in_scope: source,
      substantiated: source,
      not_already_known: source,
      first_valid_reporter: source,
      not_excluded: source,
      realName: source,
    }),
    parameters: z.object({
      rounding: sourced(z.enum(ROUNDING_MODES)),
      penaltyBase: sourced(z.enum(PENALTY_BASES)),
      whenNoPenalty: sourced(z.enum(WHEN_NO_PENALTY)),
      whenNoDeaths: sourced(z.enum(WHEN_NO_DEATHS)),
      generalHazard: sourced(z.enum(GENERAL_HAZARD_RULES)),
      anonymousPayout: sourced(z.enum(ANONYMOUS_PAYOUT)),
      jointReport: sourced(z.enum(JOINT_REPORT_RULES)),
      closeRelativesExcluded: sourced(z.boolean()),
      claimWindowDays: sourced(z.number().check(z.int(), z.gte(1), z.lte(3660))),
      secondApprovalAboveYuan: sourced(yuanAmount),
    }),
    amounts: z.object({
      penaltyRatePercent: sourced(percent),
      floorYuan: sourced(yuanAmount),
      capYuan: sourced(yuanAmount),
      perDeathYuan: sourced(
        z.object({
          general: yuanAmount,
          larger: yuanAmount,
          major: yuanAmount,
          especially_major: yuanAmount,
        }),
      ),
      accidentCapYuan: sourced(yuanAmount),
      manualRanges: z.object({ noPenalty: range, noDeaths: range, generalHazard: range }),
      generalHazardFlatYuan: z.nullable(sourced(yuanAmount)),
      listedSituations: z.nullable(range),
      employeeUplift: z.nullable(
        z.object({
          percent,
          minExtraYuan: yuanAmount,
          capYuan: yuanAmount,
          appliesTo: z.array(z.enum(REWARD_CATEGORIES)),
          source,
        }),
      ),
    }),
  })
  .check(
    z.superRefine((rs, ctx) => {
      const issue = (path: (string | number)[], message: string) =>
        ctx.issues.push({ code: 'custom', path, message, input: rs });
      const a = rs.amounts;
      if (a.floorYuan.value > a.capYuan.value) issue(['amounts', 'floorYuan'], 'floor above cap');
      const rates = ACCIDENT_GRADES.map((g) => a.perDeathYuan.value[g]);
      if (rates.some((r, i) => i > 0 && r < rates[i - 1]!))
        issue(['amounts', 'perDeathYuan'], 'a higher grade must not pay less per death');
      const listed = rs.scope.value.includes('listed_situation');
      if (listed !== (a.listedSituations !== null))
        issue(
          ['amounts', 'listedSituations'],
          'listed_situation in scope needs listedSituations, and only then',
        );
      if ((rs.parameters.generalHazard.value === 'flat') !== (a.generalHazardFlatYuan !== null))
        issue(
          ['amounts', 'generalHazardFlatYuan'],
          'generalHazard "flat" needs generalHazardFlatYuan, and only then',
        );
    }),
  );

export type ParsedFacts =
  | { ok: true; facts: RewardFacts }
  | { ok: false; issues: { field: string; message: string; messageZh: string }[] };

// zod/mini ships no wording; English and Chinese where reward facts are parsed (CLI, services).
const english = en().localeError;
const chinese = zhCN().localeError;

/** A schema's own bilingual message (reward-facts-schema.ts), else null. */
function bilingualOf(message: string): { zh: string; en: string } | null {
  if (!message.startsWith('{"zh"')) return null;
  try {
    return JSON.parse(message) as { zh: string; en: string };
  } catch {
    return null;
  }
}

/** Validates reward facts, naming each bad field (e.g. `reporter.jointSignatories`). */
export function parseRewardFacts(data: unknown): ParsedFacts {
  const parsed = RewardFactsSchema.safeParse(data, { error: english });
  if (parsed.success) return { ok: true, facts: parsed.data };
  // The same issues in the same order, worded in Chinese (the custom rules carry both languages).
  const zh = RewardFactsSchema.safeParse(data, { error: chinese }).error?.issues ?? [];
  return {
    ok: false,
    issues: parsed.error.issues.map((i, n) => {
      const own = bilingualOf(i.message);
      return {
        field: i.path.join('.') || '(facts)',
        message: own?.en ?? i.message,
        messageZh: own?.zh ?? zh[n]?.message ?? i.message,
      };
    }),
  };
}

export const SHIPPED_RULE_SETS: Record<string, unknown> = {
  'seeds/rules/national-2018.json': national2018,
  'seeds/rules/henan-2025.json': henan2025,
};

/**
 * The rule sets, validated. Throws naming the file and the fields that do not validate, or a
 * duplicate id. Pass `files` (name → parsed JSON) to validate others.
 */
export function loadRuleSets(files: Record<string, unknown> = SHIPPED_RULE_SETS): RuleSet[] {
  const ruleSets: RuleSet[] = [];
  for (const [name, data] of Object.entries(files)) {
    const parsed = RuleSetSchema.safeParse(data, { error: english });
    if (!parsed.success) {
      const where = parsed.error.issues.map((i) => `${i.path.join('.')} (${i.message})`).join(', ');
      throw new Error(`${name} is invalid at: ${where}`);
    }
    const rs: RuleSet = parsed.data;
    if (ruleSets.some((r) => r.id === rs.id)) throw new Error(`${name}: duplicate rule set id ${rs.id}`);
    ruleSets.push(rs);
  }
  if (!ruleSets.some((r) => r.jurisdiction === ''))
    throw new Error('no national rule set (jurisdiction "") to fall back to');
  return ruleSets;
}

let shipped: RuleSet[] | undefined;
/** The shipped rule sets, validated once per process, on first use rather than at every cold start. */
export const shippedRuleSets = (): RuleSet[] => (shipped ??= loadRuleSets());

/** The rule set with this id; throws listing the known ids. */
export function ruleSetById(ruleSets: RuleSet[], id: string): RuleSet {
  const rs = ruleSets.find((r) => r.id === id);
  if (!rs) throw new Error(`unknown rule set ${id}; known: ${ruleSets.map((r) => r.id).join(', ')}`);
  return rs;
}
