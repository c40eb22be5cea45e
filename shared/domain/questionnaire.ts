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

// --- SMS ------------------------------------------------------------------------------------------

/** Longest follow-up question texted after a report's receipt (one SMS segment of Chinese text). */
export const MAX_SMS_QUESTION = 140;

const toHalfWidthDigits = (s: string) =>
  s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/**
 * The one optional question texted after an SMS report's receipt: the first question of the
 * category's group, its options numbered (a count asks for a number). Null when it would not fit
 * one segment or the category has none.
 */
export function smsQuestionFor(
  q: Questionnaire,
  category: Category,
): { questionId: string; text: string } | null {
  const question = groupFor(q, category)?.questions[0];
  if (!question) return null;
  let text: string;
  if (question.type === 'choice' && question.options?.length) {
    const options = question.options.map((o, i) => `${i + 1}${o.zh}`).join(' ');
    text = `可选，回复数字告诉我们${question.label.zh}：${options}`;
  } else if (question.type === 'count') {
    text = `可选，回复数字告诉我们${question.label.zh}。`;
  } else return null;
  return text.length <= MAX_SMS_QUESTION ? { questionId: question.id, text } : null;
}

/**
 * The reporter's answer to `smsQuestionFor`, when the text is one: a bare option number or an
 * option's words for a choice, a bare number for a count. Anything else is an ordinary text.
 */
export function parseSmsAnswer(
  q: Questionnaire,
  category: Category,
  text: string,
): { questionId: string; value: AnswerValue; label: string } | null {
  const question = groupFor(q, category)?.questions[0];
  if (!question) return null;
  const t = toHalfWidthDigits(text).replace(/[\s。.，,！!]/g, '');
  if (question.type === 'choice') {
    const options = question.options ?? [];
    const n = /^\d{1,2}$/.test(t) ? Number(t) : Number.NaN;
    const byNumber = Number.isInteger(n) ? options[n - 1] : undefined;
    const chosen = byNumber ?? options.find((o) => o.zh.split('/').some((w) => w === t) || o.zh === t);
    return chosen ? { questionId: question.id, value: chosen.value, label: chosen.zh } : null;
  }
  if (question.type === 'count' && /^\d{1,6}$/.test(t)) {
    const value = Number(t);
    return value <= (question.max ?? 100000) ? { questionId: question.id, value, label: `${value}` } : null;
  }
  return null;
}
