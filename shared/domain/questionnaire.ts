/**
 * The questionnaire per report category (seeds/questionnaire/): the same few facts asked the same
 * way every time, so staff, statistics and the reward engine can rely on them. Pure: the
 * questionnaire comes in as data (shared/questionnaire.ts loads and validates the seed).
 *
 * Answers are what the reporter says, never what staff verified: staff see them as a summary,
 * search and statistics filter on a few of them (`hazardType`, `illegalKind`), and the reward facts
 * form offers them as defaults that staff confirm or change.
 */
import type { Category } from './case.ts';

export type QuestionType = 'choice' | 'multi' | 'count' | 'date' | 'text';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface QuestionOption extends Bilingual {
  value: string;
}

export interface Question {
  id: string;
  type: QuestionType;
  label: Bilingual;
  hint?: Bilingual;
  /** For `choice` and `multi`. */
  options?: QuestionOption[];
  /** For `count` (largest number) and `text` (longest answer). */
  max?: number;
}

export interface QuestionGroup {
  id: string;
  categories: Category[];
  title: Bilingual;
  questions: Question[];
}

export interface Questionnaire {
  id: string;
  version: number;
  effectiveFrom: string;
  groups: QuestionGroup[];
}

/** One answer: a choice's value, several values, a count, a date or a short text. */
export type AnswerValue = string | number | string[];
export type Answers = Record<string, AnswerValue>;

/** The group of questions asked for a category (none for a category without one). */
export function groupFor(
  q: Questionnaire,
  category: Category | string | undefined,
): QuestionGroup | undefined {
  return category ? q.groups.find((g) => g.categories.includes(category as Category)) : undefined;
}

export interface AnswerLine {
  id: string;
  label: string;
  value: string;
}

/** The answers as label/value lines in the questionnaire's order, for staff (unanswered left out). */
export function summarizeAnswers(
  q: Questionnaire,
  category: Category,
  answers: Answers | undefined,
  lang: 'zh' | 'en',
): AnswerLine[] {
  const group = groupFor(q, category);
  if (!group || !answers) return [];
  const lines: AnswerLine[] = [];
  for (const question of group.questions) {
    const raw = answers[question.id];
    if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) continue;
    const label = (v: string) => question.options?.find((o) => o.value === v)?.[lang] ?? v;
    const value = Array.isArray(raw)
      ? raw.map(label).join(lang === 'zh' ? '、' : ', ')
      : question.type === 'choice'
        ? label(String(raw))
        : question.type === 'count'
          ? lang === 'zh'
            ? `${raw} 人`
            : String(raw)
          : String(raw);
    lines.push({ id: question.id, label: question.label[lang], value });
  }
  return lines;
}

/**
 * Plain case attributes other helpers filter and count by (search, statistics). Only single-choice
 * answers that classify the matter; never free text.
 */
export const FILTER_ATTRIBUTES = ['hazardType', 'illegalKind'] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

export function filterAttributesOf(answers: Answers | undefined): Partial<Record<FilterAttribute, string>> {
  const out: Partial<Record<FilterAttribute, string>> = {};
  for (const a of FILTER_ATTRIBUTES) {
    const v = answers?.[a];
    if (typeof v === 'string' && v) out[a] = v;
  }
  return out;
}

/**
 * Defaults for the reward facts form from what the reporter said (e.g. deaths reported → the
 * accident's deaths). Offered, never applied: staff record what they verified.
 */
export function rewardFactDefaults(answers: Answers | undefined): {
  deaths?: number;
  concealedDeaths?: number;
} {
  const deaths = answers?.deathsKnown;
  if (typeof deaths !== 'number') return {};
  const concealed = answers?.concealedWhat;
  const deathsConcealed =
    Array.isArray(concealed) && (concealed.includes('deaths') || concealed.includes('accident'));
  return { deaths, ...(deathsConcealed ? { concealedDeaths: deaths } : {}) };
}
