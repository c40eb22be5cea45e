/**
 * The reward facts as zod schemas, so one definition gives the staff API's body, the console's
 * facts form, the document and the engine's types. What staff record (`RecordedFactsSchema`) is a
 * union by reward category: a penalty for hazards and illegal operation, the accident for a
 * concealed or falsely reported one, the situation for a listed one. The engine's facts
 * (`RewardFactsSchema`) are the same parts plus what the case knows (substantiated, the reporter,
 * when and where it was received). Messages are bilingual (`{"zh", "en"}`), unpacked by
 * functions/http/validation.ts and by shared/rules.ts.
 */
import * as z from 'zod/mini';
import { ACCIDENT_GRADES } from './accident-grade.ts';
import { REWARD_CATEGORIES } from './reward-facts.ts';

const say = (zh: string, en: string) => ({ error: JSON.stringify({ zh, en }) });

/** Upper bound for any amount in yuan: keeps every product of amounts and percentages exact. */
export const MAX_YUAN = 1_000_000_000_000;
/** Whole yuan: at most 10^12 so integer arithmetic stays exact. */
export const yuanAmount = z.number().check(z.int(), z.gte(0), z.lte(MAX_YUAN));
const count = z.number().check(z.int(), z.gte(0), z.lte(1_000_000));

/** The administrative penalty on the reported matter; totalYuan = unit + individuals + confiscated. */
export const PenaltySchema = z
  .object({
    totalYuan: yuanAmount,
    unitYuan: yuanAmount,
    individualsYuan: yuanAmount,
    confiscatedYuan: yuanAmount,
    decisionNo: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
  })
  .check(
    z.refine((p) => p.totalYuan === p.unitYuan + p.individualsYuan + p.confiscatedYuan, {
      ...say(
        '罚没款合计应等于单位罚款、个人罚款与没收违法所得之和',
        'totalYuan must equal unitYuan + individualsYuan + confiscatedYuan',
      ),
      path: ['totalYuan'],
    }),
  );

/** The accident's consequences; `required` words the error when it is missing. */
function accidentSchema(required?: { error: string }) {
  return z
    .object(
      {
        /** The finally confirmed grade; derived from the consequences (F Art 3) when absent. */
        grade: z.optional(z.enum(ACCIDENT_GRADES)),
        deaths: count,
        seriousInjuries: count,
        directLossYuan: yuanAmount,
        /** Deaths verified as concealed or misreported (D); never more than `deaths`. */
        concealedDeaths: count,
      },
      required,
    )
    .check(
      z.refine((a) => a.concealedDeaths <= a.deaths, {
        ...say('瞒报、谎报的死亡人数不能多于死亡人数', 'concealedDeaths cannot exceed deaths'),
        path: ['concealedDeaths'],
      }),
    );
}
export const AccidentSchema = accidentSchema();

/** A situation the rule set lists, by its id; `required` words the error when it is missing. */
const listedSituationSchema = (required?: { error: string }) =>
  z.object(
    {
      id: z.string().check(z.trim(), z.minLength(1), z.maxLength(100)),
      proposedYuan: z.optional(yuanAmount),
    },
    required,
  );
export const ListedSituationSchema = listedSituationSchema();

const accidentRequired = say(
  '瞒报、谎报事故须填写事故情况（等级或伤亡、损失）',
  'required for a concealed or falsely reported accident',
);
const situationRequired = say('所列举报奖励情形须填写情形编号', 'required for a listed situation');
const categoryMessage = say('请选择举报类别', 'Choose the category');

const PENALTY_CATEGORIES = ['major_hazard', 'illegal_operation', 'general_hazard'] as const;
const ACCIDENT_CATEGORIES = ['concealed_accident', 'falsely_reported_accident'] as const;

/** Each category with the facts its amount is computed from, and the fields all share. */
function byCategory<M extends z.core.$ZodLooseShape>(common: M) {
  return [
    z.object({ category: z.enum(PENALTY_CATEGORIES), penalty: z.optional(PenaltySchema), ...common }),
    z.object({
      category: z.enum(ACCIDENT_CATEGORIES),
      accident: accidentSchema(accidentRequired),
      ...common,
    }),
    z.object({
      category: z.literal('listed_situation'),
      listedSituation: listedSituationSchema(situationRequired),
      ...common,
    }),
  ] as const;
}

/** Blank means none; any other text excludes (EXCLUSION_REASONS lists the known codes). */
const excludedReason = z._default(
  z.pipe(
    z.nullable(z.string().check(z.maxLength(500), z.trim())),
    z.transform((v) => v || null),
  ),
  null,
);
const jointSignatories = z.number().check(z.int(), z.gte(1), z.lte(10_000));

/**
 * The facts staff record for a reward, as the staff API's body and the console's form give them;
 * the rest (employee, duplicate, dates, place) comes from the case.
 */
export const RecordedFactsSchema = z.discriminatedUnion(
  'category',
  byCategory({
    alreadyKnownToAuthority: z._default(z.boolean(), false),
    excludedReason,
    jointSignatories: z._default(jointSignatories, 1),
  }),
  categoryMessage,
);

/** The reporter as the engine sees them. */
export const ReporterFactsSchema = z.object({
  /** Identified by real name (B pays 有功的实名举报人); may become true only when claiming. */
  realName: z.boolean(),
  isEmployeeOfUnit: z.boolean(),
  excludedReason: z.nullable(z.string().check(z.minLength(1))),
  /** First valid report of the matter by acceptance time (C Art 13); linked duplicates are false. */
  isFirstValidReporter: z.boolean(),
  jointSignatories,
});

/**
 * The facts the engine computes a reward from (the `reward` script reads a file of them): one
 * object, so the engine and its tests read any part; the parts are the recorded facts' own.
 */
export const RewardFactsSchema = z
  .object({
    category: z.enum(REWARD_CATEGORIES),
    substantiated: z.boolean(),
    alreadyKnownToAuthority: z.boolean(),
    penalty: z.optional(PenaltySchema),
    accident: z.optional(AccidentSchema),
    reporter: ReporterFactsSchema,
    /** ISO instant the report was received; its Shanghai date selects the rule set. */
    receivedAt: z.iso.datetime({ offset: true }),
    jurisdictionCode: z.string().check(z.regex(/^\d{0,12}$/)),
    listedSituation: z.optional(ListedSituationSchema),
  })
  .check(
    z.superRefine((f, ctx) => {
      const accident = f.category === 'concealed_accident' || f.category === 'falsely_reported_accident';
      if (accident && !f.accident)
        ctx.issues.push({ code: 'custom', path: ['accident'], message: accidentRequired.error, input: f });
      if (f.category === 'listed_situation' && !f.listedSituation)
        ctx.issues.push({
          code: 'custom',
          path: ['listedSituation'],
          message: situationRequired.error,
          input: f,
        });
    }),
  );
