/**
 * The one optional follow-up question the receipt of an SMS report may ask (e.g. the hazard
 * type), and reading the reporter's answer to it. A web reporter fills in the category's
 * questionnaire; an SMS reporter has only free text, so the receipt asks the first question of
 * the category's group when it fits the room the receipt leaves, options numbered, and a bare
 * number (or an option's words) in reply is taken as the answer. Pure: the questionnaire comes
 * in as data (shared/questionnaire.ts loads it).
 */
import type { Category } from '../case.ts';
import { type AnswerValue, groupFor, type Question, type Questionnaire } from '../questionnaire.ts';

/** Longest follow-up question texted on its own (two UCS-2 segments). */
export const MAX_SMS_QUESTION = 140;

export interface SmsQuestion {
  questionId: string;
  text: string;
}

export interface SmsAnswer {
  questionId: string;
  value: AnswerValue;
  /** The answer as the reporter may read it back (the option's Chinese words, or the number). */
  label: string;
}

const toHalfWidthDigits = (s: string) =>
  s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));

/** An option's words up to the first "/" (火灾/消防 → 火灾): enough to tell the options apart. */
const shortLabel = (zh: string) => zh.split('/')[0] ?? zh;

/** The ways to ask a question, longest first; none for a question an SMS cannot answer. */
function renderings(question: Question): string[] {
  const label = question.label.zh;
  if (question.type === 'choice' && question.options?.length) {
    const options = question.options;
    return [
      `可选，回复数字告诉我们${label}：${options.map((o, i) => `${i + 1}${o.zh}`).join(' ')}`,
      `可回复编号告知${label}：${options.map((o, i) => `${i + 1}${shortLabel(o.zh)}`).join('')}`,
    ];
  }
  if (question.type === 'count') return [`可选，回复数字告诉我们${label}。`, `可回复数字告知${label}。`];
  return [];
}

/**
 * The question to text for `category` in at most `maxLength` UTF-16 units: the first question of
 * the category's group (the seed puts the one that matters most first), written in full if that
 * fits, else with its options' short words run together ("1火灾2用电…"). Null when it does not
 * fit, or the category's first question is not one an SMS can answer (a date, a text).
 *
 * @example smsQuestionFor(questionnaire, 'general_hazard', 60)?.text
 * // '可回复编号告知隐患类型：1火灾2用电3有限空间…11其他'
 */
export function smsQuestionFor(
  q: Questionnaire,
  category: Category,
  maxLength = MAX_SMS_QUESTION,
): SmsQuestion | null {
  const question = groupFor(q, category)?.questions[0];
  const text = question && renderings(question).find((t) => t.length <= maxLength);
  return question && text ? { questionId: question.id, text } : null;
}

/**
 * The reporter's answer to the question `questionId` (default: the group's first), when the text
 * is one: a bare option number or an option's words for a choice, a bare number for a count.
 * Anything else is an ordinary text.
 */
export function parseSmsAnswer(
  q: Questionnaire,
  category: Category,
  text: string,
  questionId?: string,
): SmsAnswer | null {
  const questions = groupFor(q, category)?.questions ?? [];
  const question = questionId ? questions.find((x) => x.id === questionId) : questions[0];
  if (!question) return null;
  const t = toHalfWidthDigits(text.normalize('NFKC')).replace(/[\s。.，,！!]/g, '');
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
