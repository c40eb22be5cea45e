/**
 * Turns zod issues into field-level messages in English and Simplified Chinese. zod's locales give
 * the wording; schema messages that are codes in FIELD_MESSAGES get our own bilingual text.
 * Only the two locales are imported, so bundles stay small.
 */
import type { Context } from 'hono';
import type * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { type FieldIssue, ValidationError } from '#shared/errors.ts';

/** Bilingual messages for rules zod has no words for. Schemas pass these codes as `error`. */
export const FIELD_MESSAGES = {
  phone_invalid: {
    en: 'Not a mainland mobile number (11 digits starting with 1)',
    zh: '不是有效的手机号码（1 开头的 11 位数字）',
  },
  id_number_invalid: { en: 'Not a valid resident ID number', zh: '不是有效的居民身份证号码' },
  place_code_invalid: { en: 'Not a division code of the right length', zh: '区划代码位数不正确' },
  location_required: {
    en: 'Choose at least a township or describe the address',
    zh: '请至少选择乡镇（街道）或填写详细地址',
  },
  date_invalid: { en: 'Not a date (YYYY-MM-DD) or date-time', zh: '不是有效的日期（YYYY-MM-DD）或时间' },
  bank_account_invalid: {
    en: 'Not a bank account number (10–30 digits)',
    zh: '不是有效的银行账号（10–30 位数字）',
  },
  json_body: { en: 'Malformed request body (expected a JSON object)', zh: '请求格式错误（应为 JSON 对象）' },
} as const;

export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

type LocaleError = (issue: never) => string | { message: string } | undefined | null;
const zh = zhCN().localeError as unknown as LocaleError;
const english = en().localeError as unknown as LocaleError;

function localized(issue: z.core.$ZodIssue, map: LocaleError): string {
  const out = map(issue as never);
  const text = typeof out === 'string' ? out : (out?.message ?? issue.message);
  // Final issues no longer carry the input, so the locale would print "received undefined".
  return text
    .replace(/[，,]\s*(实际接收|received) undefined$/, '')
    .replace(/^数值过小：期望 string >=1 字符$/, '不能为空')
    .replace(/^Too small: expected string to have >=1 characters$/, 'Must not be empty')
    .replace(/^数值过小：期望 string (>=?)(\d+) 字符$/, '太短：至少 $2 个字符')
    .replace(/^数值过大：期望 string (<=?)(\d+) 字符$/, '太长：最多 $2 个字符');
}

/** A schema's own bilingual message (`{"zh": …, "en": …}`, shared/questionnaire.ts `bilingual`). */
function bilingualOf(message: string): { en: string; zh: string } | null {
  if (!message.startsWith('{"zh"')) return null;
  try {
    const m = JSON.parse(message) as { zh?: unknown; en?: unknown };
    return typeof m.zh === 'string' && typeof m.en === 'string' ? { en: m.en, zh: m.zh } : null;
  } catch {
    return null;
  }
}

export function toFieldIssues(error: z.core.$ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    const code = issue.message as FieldMessageCode;
    if (code in FIELD_MESSAGES) return { field, ...FIELD_MESSAGES[code] };
    const own = bilingualOf(issue.message);
    if (own) return { field, ...own };
    return { field, en: localized(issue, english), zh: localized(issue, zh) };
  });
}

/** Parses or throws ValidationError naming each bad field (prefixed, e.g. `header.x-access-key`). */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, data: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
}

/** Reads and validates a JSON body; malformed JSON is a 400 like any other bad field. */
export async function parseJsonBody<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.output<S>> {
  let data: unknown;
  try {
    data = await c.req.json();
  } catch (err) {
    // Only a parse failure is the client's malformed JSON; a body-limit or stream error passes on.
    if (!(err instanceof SyntaxError)) throw err;
    throw new ValidationError([{ field: '(body)', ...FIELD_MESSAGES.json_body }]);
  }
  return parseOrThrow(schema, data);
}
