/**
 * The schema of a new report, for the JSON API and the web form alike: its fields, where the
 * matter is, the optional reporter, and the questionnaire answers checked against its category.
 * Apart from the rest of the public API's schemas because it carries the intake's rules (place
 * codes, phone and ID number checks, dates, the questionnaire).
 */
import * as z from 'zod/mini';
import { CATEGORIES } from '#shared/domain/case.ts';
import { isValidResidentIdNumber, normalizeMobile } from '#shared/domain/id-number.ts';
import type { Answers } from '#shared/domain/questionnaire.ts';
import { checkAnswers, groupAnswerSchemas } from '#shared/questionnaire.ts';
import { doc } from './schema-registry.ts';

/** Trimmed text; empty becomes absent. */
const optionalText = (max: number) =>
  z.optional(
    z.pipe(
      z.string().check(z.trim(), z.maxLength(max)),
      z.transform((v: string) => v || undefined),
    ),
  );

const placeCode = (len: number, example: string) =>
  doc(z.optional(z.string().check(z.regex(new RegExp(`^\\d{${len}}$`), { error: 'place_code_invalid' }))), {
    examples: [example],
  });

export const LocationSchema = doc(
  z
    .object({
      countyCode: placeCode(6, '411081'),
      townshipCode: placeCode(9, '411081001'),
      villageCode: placeCode(12, '411081001001'),
      address: optionalText(300),
    })
    .check(
      z.refine((l) => Boolean(l.townshipCode || l.villageCode || l.address), {
        error: 'location_required',
        path: ['townshipCode'],
      }),
    ),
  {
    id: 'Location',
    description:
      'Where the matter is. Codes come from GET /api/v1/places; a township or village code routes the case directly, an address alone goes to the county triage queue.',
  },
);

export const ReporterSchema = doc(
  z.object({
    name: optionalText(50),
    phone: z.optional(
      z.pipe(
        z.string(),
        z.transform((v: string, ctx) => {
          if (!v.trim()) return undefined;
          const n = normalizeMobile(v);
          if (!n) ctx.issues.push({ code: 'custom', message: 'phone_invalid', input: v });
          return n ?? undefined;
        }),
      ),
    ),
    idNumber: z.optional(
      z.pipe(
        z.string(),
        z.transform((v: string, ctx) => {
          const id = v.trim().toUpperCase();
          if (!id) return undefined;
          if (!isValidResidentIdNumber(id))
            ctx.issues.push({ code: 'custom', message: 'id_number_invalid', input: v });
          return id;
        }),
      ),
    ),
    isEmployeeOfUnit: z.optional(z.boolean()),
  }),
  {
    id: 'Reporter',
    description:
      'Optional. Sealed with envelope encryption and stored apart from the case; staff never see it. Employees reporting their own unit should give a real name (应急〔2020〕69号 Art 4).',
  },
);

const isDate = (v: string) =>
  /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v));

const ANSWER_COMPONENTS: Record<string, string> = {
  hazard: 'HazardAnswers',
  illegal: 'IllegalOperationAnswers',
  accident: 'AccidentAnswers',
};
for (const [group, schema] of Object.entries(groupAnswerSchemas)) {
  doc(schema, {
    id: ANSWER_COMPONENTS[group] ?? `${group}Answers`,
    description: `Questionnaire answers (seeds/questionnaire/) for the categories of group "${group}". Every answer is optional.`,
  });
}

const AnswersSchema = doc(z.optional(z.record(z.string(), z.unknown())), {
  description:
    'Optional answers to the questionnaire of the chosen category: HazardAnswers for major_hazard and general_hazard, IllegalOperationAnswers for illegal_operation, AccidentAnswers for concealed_accident. A question of another category is a 400 naming it (answers.<question>).',
  oneOf: Object.values(ANSWER_COMPONENTS).map((id) => ({ $ref: `#/components/schemas/${id}` })),
  examples: [{ hazardType: 'fire', peopleExposed: 12, workOngoing: 'yes' }],
});

const ReportFields = z
  .object({
    category: doc(z.enum(CATEGORIES), {
      description:
        'What is reported: a major or general hazard, illegal production or operation, or a concealed or falsely reported accident',
    }),
    description: doc(z.string().check(z.trim(), z.minLength(10), z.maxLength(5000)), {
      examples: ['某厂夜间违规动火作业，无人监护，现场堆放易燃物。'],
    }),
    unitName: optionalText(200),
    occurredAt: z.optional(
      z.pipe(
        z.string(),
        z.transform((v: string, ctx) => {
          const t = v.trim();
          if (!t) return undefined;
          if (!isDate(t)) ctx.issues.push({ code: 'custom', message: 'date_invalid', input: v });
          return t;
        }),
      ),
    ),
    imminentDanger: z.optional(z.boolean()),
    location: LocationSchema,
    reporter: z.optional(ReporterSchema),
    answers: AnswersSchema,
  })
  .check(
    // Answers are checked against the category even when other fields failed, so the form shows
    // every error at once; `when` lets this run after other fields' issues.
    z.superRefine(
      (report, ctx) => {
        if (!report.answers || !CATEGORIES.includes(report.category)) return;
        const checked = checkAnswers(report.category, report.answers);
        if (checked.ok) return;
        for (const issue of checked.issues)
          ctx.addIssue({ code: 'custom', path: ['answers', ...issue.path], message: issue.message });
      },
      {
        when: (payload: { value: unknown }) => {
          const v = payload.value as { category?: unknown; answers?: unknown };
          return typeof v === 'object' && v !== null && typeof v.answers === 'object' && v.answers !== null;
        },
      } as never,
    ),
  );

/** A report: its fields, then its answers checked against the questions of its category. */
export const ReportSchema = doc(
  z.pipe(
    ReportFields,
    z.transform((report, ctx) => {
      const { answers, ...rest } = report;
      const out: typeof rest & { answers?: Answers } = rest;
      if (!answers) return out;
      const checked = checkAnswers(report.category, answers);
      if (!checked.ok) {
        // Unreachable: the check above reported these; kept so a clean value is never wrong.
        ctx.issues.push({ code: 'custom', path: ['answers'], message: 'answers_invalid', input: answers });
        return out;
      }
      if (Object.keys(checked.answers).length) out.answers = checked.answers;
      return out;
    }),
  ),
  { id: 'Report' },
);

export type ReportBody = z.output<typeof ReportSchema>;
