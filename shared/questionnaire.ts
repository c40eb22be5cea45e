/**
 * Loads the questionnaire seed (seeds/questionnaire/questionnaire.json) and builds its validation:
 * one zod object per group of categories, joined as a discriminated union on `category`, so the
 * answers of a report are checked against the questions of the category it was filed under.
 * Messages are bilingual (a JSON `{zh, en}` text that functions/http/validation.ts unpacks), written
 * as a person would say them.
 */
import * as z from 'zod/mini';
import seed from '../seeds/questionnaire/questionnaire.json' with { type: 'json' };
import { CATEGORIES, type Category } from './domain/case.ts';
import type { Answers, Question, QuestionGroup, Questionnaire } from './domain/questionnaire.ts';

const Bilingual = z.object({ zh: z.string().check(z.minLength(1)), en: z.string().check(z.minLength(1)) });
const SeedSchema = z.object({
  id: z.string(),
  version: z.number().check(z.int(), z.gte(1)),
  effectiveFrom: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  groups: z.array(
    z.object({
      id: z.string(),
      categories: z.array(z.enum(CATEGORIES)).check(z.minLength(1)),
      title: Bilingual,
      questions: z.array(
        z.object({
          id: z.string().check(z.regex(/^[a-z][A-Za-z]+$/)),
          type: z.enum(['choice', 'multi', 'count', 'date', 'text']),
          label: Bilingual,
          hint: z.optional(Bilingual),
          options: z.optional(
            z.array(
              z.object({
                value: z.string().check(z.regex(/^[a-z_]+$/)),
                zh: z.string(),
                en: z.string(),
              }),
            ),
          ),
          max: z.optional(z.number().check(z.int(), z.gte(1))),
        }),
      ),
    }),
  ),
});

/** Throws naming the bad entry when the shipped questionnaire does not validate. */
export function loadQuestionnaire(data: unknown = seed): Questionnaire {
  const parsed = SeedSchema.safeParse(data);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`seeds/questionnaire/questionnaire.json is invalid at: ${where}`);
  }
  const q = parsed.data as Questionnaire;
  const seen = new Set<Category>();
  for (const g of q.groups) {
    for (const c of g.categories) {
      if (seen.has(c)) throw new Error(`seeds/questionnaire: category ${c} is in two groups`);
      seen.add(c);
    }
    for (const question of g.questions) {
      const needsOptions = question.type === 'choice' || question.type === 'multi';
      if (needsOptions !== Boolean(question.options?.length))
        throw new Error(`seeds/questionnaire: question ${question.id} options do not fit its type`);
    }
  }
  return q;
}

/** A bilingual message carried through zod (unpacked by functions/http/validation.ts). */
export const bilingual = (zh: string, en: string) => JSON.stringify({ zh, en });

const choiceMessage = (q: Question) =>
  bilingual(`请从“${q.label.zh}”的选项中选择`, `Choose one of the answers listed for "${q.label.en}"`);

/** A real calendar day (2026-02-30 is not). */
const isCalendarDay = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

function fieldSchema(q: Question) {
  switch (q.type) {
    case 'choice': {
      const values = (q.options ?? []).map((o) => o.value) as [string, ...string[]];
      return z.optional(z.enum(values, { error: choiceMessage(q) }));
    }
    case 'multi': {
      const values = (q.options ?? []).map((o) => o.value) as [string, ...string[]];
      return z.optional(
        z.pipe(
          z.array(z.enum(values, { error: choiceMessage(q) }), {
            error: bilingual(`“${q.label.zh}”的答案格式不对`, `"${q.label.en}" must be a list of answers`),
          }),
          z.transform((v: string[]) => [...new Set(v)]),
        ),
      );
    }
    case 'count': {
      const max = q.max ?? 100000;
      const message = bilingual(`请填写 0 到 ${max} 之间的整数`, `Give a whole number from 0 to ${max}`);
      return z.optional(
        z
          .number({ error: message })
          .check(z.int({ error: message }), z.gte(0, { error: message }), z.lte(max, { error: message })),
      );
    }
    case 'date':
      return z.optional(
        z.string({ error: bilingual('请填写日期，例如 2026-11-27', 'Give a date, e.g. 2026-11-27') }).check(
          z.regex(/^\d{4}-\d{2}-\d{2}$/, {
            error: bilingual('请填写日期，例如 2026-11-27', 'Give a date, e.g. 2026-11-27'),
          }),
          z.refine(isCalendarDay, {
            error: bilingual('这一天不存在，请检查日期', 'That day does not exist'),
          }),
        ),
      );
    case 'text': {
      const max = q.max ?? 200;
      return z.optional(
        z.pipe(
          z.string({ error: bilingual('请填写文字', 'Give a text') }).check(
            z.trim(),
            z.maxLength(max, {
              error: bilingual(`太长了，最多 ${max} 个字`, `Too long: at most ${max} characters`),
            }),
          ),
          z.transform((v: string) => v || undefined),
        ),
      );
    }
  }
}

function groupShape(g: QuestionGroup) {
  return Object.fromEntries(g.questions.map((q) => [q.id, fieldSchema(q)]));
}

export const questionnaire = loadQuestionnaire();

/** Answers of one category group, for the OpenAPI document (the discriminator lives on the report). */
export const groupAnswerSchemas = Object.fromEntries(
  questionnaire.groups.map((g) => [g.id, z.strictObject(groupShape(g))]),
) as Record<string, z.ZodMiniObject>;

const byCategory = z.discriminatedUnion(
  'category',
  questionnaire.groups.map((g) =>
    z.strictObject({
      category: z.enum(g.categories as [Category, ...Category[]]),
      ...groupShape(g),
    }),
  ) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
);

export interface AnswerIssue {
  /** Path under `answers` (e.g. ['deathsKnown']). */
  path: string[];
  /** Bilingual JSON message (see `bilingual`). */
  message: string;
}

/**
 * Checks a report's answers against the questions of its category. Unknown questions (a question
 * of another category, a typo) are named one by one. Empty answers are dropped.
 */
export function checkAnswers(
  category: Category,
  answers: Record<string, unknown>,
): { ok: true; answers: Answers } | { ok: false; issues: AnswerIssue[] } {
  if (!questionnaire.groups.some((g) => g.categories.includes(category))) {
    return Object.keys(answers).length
      ? {
          ok: false,
          issues: Object.keys(answers).map((k) => ({
            path: [k],
            message: bilingual('所选类别没有这个问题', 'Not a question of the chosen category'),
          })),
        }
      : { ok: true, answers: {} };
  }
  const parsed = byCategory.safeParse({ ...answers, category });
  if (parsed.success) {
    const { category: _c, ...rest } = parsed.data as Record<string, unknown>;
    const clean = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Answers;
    return { ok: true, answers: clean };
  }
  const issues: AnswerIssue[] = [];
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        issues.push({
          path: [key],
          message: bilingual('所选类别没有这个问题', 'Not a question of the chosen category'),
        });
    } else {
      issues.push({ path: issue.path.map(String), message: issue.message });
    }
  }
  return { ok: false, issues };
}

/** Answers given as form fields (`answers.<id>`, multi-choice values joined by commas) → API shape. */
export function answersFromForm(
  values: Record<string, string>,
  category: string | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const group = questionnaire.groups.find((g) => g.categories.includes(category as Category));
  if (!group) return out;
  for (const q of group.questions) {
    const raw = values[`answers.${q.id}`];
    if (raw === undefined || raw.trim() === '') continue;
    if (q.type === 'multi') out[q.id] = raw.split(',').filter(Boolean);
    else if (q.type === 'count') out[q.id] = /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
    else out[q.id] = raw;
  }
  return out;
}
