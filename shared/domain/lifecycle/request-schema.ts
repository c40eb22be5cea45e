/**
 * The transition request as one zod schema, discriminated on `action`: the staff API, the route
 * table's document, the console's forms and the lifecycle itself all parse with it, so an action's
 * fields and their rules (required texts, lengths, date and code formats) are written once.
 * Messages are bilingual (`{"zh", "en"}`, unpacked by functions/http/validation.ts) and name the
 * field as a form labels it. Rules that need the case or the clock — a date not in the past, a
 * township that exists and is in reach, a village in the case's township — stay in the actions.
 */
import * as z from 'zod/mini';
import { parseYmd } from '../calendar.ts';
import { normalizeCaseNumber } from '../case-status.ts';
import { fieldLabel } from '../lifecycle-labels.ts';
import { refuse } from './checks.ts';
import { RECHECK_RESULTS } from './facts.ts';
import {
  type Action,
  EXTENSION_MAX_DAYS,
  MAX_DEPARTMENT,
  MAX_PUBLIC_NAME,
  MAX_RECHECK_TEXT,
  MAX_TEXT,
} from './requests.ts';
import type { Checked } from './spec.ts';

/** A message in both languages; the English names the field as a form labels it. */
function say(field: string, zh: string, en: string): { error: string } {
  const named = en.replace(field, fieldLabel(field).en);
  return { error: JSON.stringify({ zh, en: named.charAt(0).toUpperCase() + named.slice(1) }) };
}
const zhOf = (field: string) => fieldLabel(field).zh;

function text(field: string, max = MAX_TEXT) {
  const missing = say(field, `请填写${zhOf(field)}`, `${field} is required`);
  return z
    .string(missing)
    .check(
      z.maxLength(
        max,
        say(field, `${zhOf(field)}最多 ${max} 个字`, `${field} is longer than ${max} characters`),
      ),
      z.trim(),
      z.minLength(1, missing),
    );
}

/** Absent, null and blank all mean "not given" (a form posts blanks). */
function optionalText(field: string, max = MAX_TEXT) {
  const given = z
    .string(say(field, `${zhOf(field)}应为文字`, `${field} must be text`))
    .check(
      z.maxLength(
        max,
        say(field, `${zhOf(field)}最多 ${max} 个字`, `${field} is longer than ${max} characters`),
      ),
      z.trim(),
    );
  return z.optional(
    z.pipe(
      z.nullable(given),
      z.transform((v) => v || undefined),
    ),
  );
}

const isCalendarDay = (v: string) => {
  try {
    parseYmd(v);
    return true;
  } catch {
    return false;
  }
};

/** A YYYY-MM-DD calendar day; whether it is still ahead is the action's to say. */
function date(field: string) {
  const notDate = say(
    field,
    `${zhOf(field)}应为日期，例如 2027-01-31`,
    `${field} is not a date (YYYY-MM-DD)`,
  );
  return z
    .string(say(field, `请填写${zhOf(field)}（日期）`, `${field} is required (YYYY-MM-DD)`))
    .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, { ...notDate, abort: true }), z.refine(isCalendarDay, notDate));
}

function township(field: string) {
  const message = say(field, `请选择${zhOf(field)}`, `${field} must be a 9-digit township code`);
  return z.string(message).check(z.regex(/^\d{9}$/, message));
}

const note = optionalText('note');
const reason = text('reason');
const days = say(
  'days',
  `延长天数应为 1 到 ${EXTENSION_MAX_DAYS} 之间的整数`,
  `days must be a whole number from 1 to ${EXTENSION_MAX_DAYS}`,
);
const caseNumber = say(
  'ofCaseNumber',
  '首次举报的案件编号格式不对，应如 20261127-482913',
  'ofCaseNumber is not a case number',
);
const oneTarget = say(
  'toTownshipCode',
  '请选择移交到的乡镇、填写移交部门，或退回市级分派（三选一）',
  'give one of toTownshipCode, toDepartment or toTriage',
);
const village = say('villageCode', '请选择村（社区）', 'villageCode must be a 12-digit village code');

/** Each action's request; the fields are listed in the order the lifecycle checks them. */
const requests = [
  z.object({ action: z.literal('assign_township'), townshipCode: township('townshipCode'), note }),
  z.object({ action: z.literal('accept'), note }),
  z.object({ action: z.literal('reject'), reason }),
  z
    .object({
      action: z.literal('transfer'),
      reason,
      toTownshipCode: z.optional(township('toTownshipCode')),
      toDepartment: z.optional(text('toDepartment', MAX_DEPARTMENT)),
      toTriage: z.optional(z.literal(true, say('toTriage', '退回分派的选项无效', 'toTriage must be true'))),
    })
    .check(
      z.refine(
        (r) => [r.toTownshipCode, r.toDepartment, r.toTriage].filter((t) => t !== undefined).length === 1,
        { ...oneTarget, path: ['toTownshipCode'] },
      ),
    ),
  z.object({ action: z.literal('start_verification'), note }),
  z.object({ action: z.literal('record_findings'), findings: text('findings') }),
  z.object({ action: z.literal('substantiate'), conclusion: text('conclusion') }),
  z.object({ action: z.literal('unsubstantiate'), conclusion: text('conclusion') }),
  z.object({ action: z.literal('order_rectification'), order: text('order'), deadline: date('deadline') }),
  z.object({ action: z.literal('confirm_rectification'), note }),
  z.object({ action: z.literal('close'), feedback: text('feedback') }),
  z.object({ action: z.literal('request_extension'), reason }),
  z.object({
    action: z.literal('approve_extension'),
    days: z.number(days).check(z.int(days), z.gte(1, days), z.lte(EXTENSION_MAX_DAYS, days)),
    reason,
  }),
  z.object({ action: z.literal('refuse_extension'), reason }),
  z.object({
    action: z.literal('mark_duplicate'),
    ofCaseNumber: z.string(caseNumber).check(z.refine((v) => normalizeCaseNumber(v) !== null, caseNumber)),
    note,
  }),
  z.object({
    action: z.literal('list_for_supervision'),
    deadline: date('deadline'),
    note,
    publicName: optionalText('publicName', MAX_PUBLIC_NAME),
  }),
  z.object({ action: z.literal('object'), reason }),
  z.object({
    action: z.literal('review_objection'),
    upheld: z.boolean(say('upheld', '请选择异议是否成立', 'upheld must be true or false')),
    reason,
  }),
  z.object({
    action: z.literal('request_recheck'),
    summary: text('summary', MAX_RECHECK_TEXT),
    unitName: text('unitName', MAX_PUBLIC_NAME),
    // Blank: the case's own village.
    villageCode: z.optional(z.string(village).check(z.regex(/^(\d{12})?$/, village))),
  }),
  z.object({
    action: z.literal('record_recheck'),
    result: z.enum(
      RECHECK_RESULTS,
      say('result', '请选择复查结果：已整改或未整改', 'result must be rectified or not_rectified'),
    ),
    note: text('note', MAX_RECHECK_TEXT),
  }),
  z.object({ action: z.literal('reject_rectification'), reason, deadline: date('deadline') }),
] as const;

/** A transition request, as posted to `POST /api/v1/cases/{caseNumber}/transitions`. */
export const TransitionRequestSchema = z.discriminatedUnion(
  'action',
  requests,
  say('action', '请选择要办理的操作', 'action is not one of the lifecycle actions'),
);
export type TransitionRequest = z.output<typeof TransitionRequestSchema>;
export type RequestOf<A extends Action> = Extract<TransitionRequest, { action: A }>;

// Every action has a request, and every request is an action's.
const _allActions: [Action, TransitionRequest['action']] extends [TransitionRequest['action'], Action]
  ? true
  : never = true;
void _allActions;

/**
 * Parses a request for the lifecycle: the request, or the refusal naming the first bad field in
 * the schema's own words (the same words the API's 400 gives).
 */
export function parseTransitionRequest(input: unknown): Checked<TransitionRequest> {
  const parsed = TransitionRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = String(issue?.path[0] ?? 'action');
  try {
    const { zh, en } = JSON.parse(issue?.message ?? '') as { zh: string; en: string };
    return refuse('invalid', en, zh, field);
  } catch {
    return refuse('invalid', `${field} is invalid`, `${zhOf(field)}填写有误`, field);
  }
}
