/**
 * Turns zod issues into field-level messages in English and Simplified Chinese. zod's own locales
 * give the wording; schema-level messages that are codes in FIELD_MESSAGES get our bilingual text.
 */
import { z } from 'zod';
import { type FieldIssue, ValidationError } from '#shared/errors.ts';

/** Bilingual messages for schema rules zod has no words for. Schemas pass these codes as `error`. */
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
  blank: { en: 'Must not be blank', zh: '不能为空' },
} as const;

export type FieldMessageCode = keyof typeof FIELD_MESSAGES;

const zh = z.locales.zhCN().localeError;
const en = z.locales.en().localeError;

function localized(issue: z.core.$ZodIssue, map: typeof zh): string {
  const out = map(issue as never);
  const text = typeof out === 'string' ? out : (out?.message ?? issue.message);
  // Final issues no longer carry the input, so the locale would print "received undefined".
  return text.replace(/[，,]\s*(实际接收|received) undefined$/, '');
}

export function toFieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)';
    const code = issue.message as FieldMessageCode;
    if (code in FIELD_MESSAGES) return { field, ...FIELD_MESSAGES[code] };
    return { field, en: localized(issue, en), zh: localized(issue, zh) };
  });
}

/** Parses or throws ValidationError; for inputs that do not come through an OpenAPI route. */
export function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, prefix = ''): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ValidationError(toFieldIssues(result.error, prefix));
  return result.data;
}
