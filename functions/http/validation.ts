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
    en: 'Mobile number should be 11 digits starting with 1',
    zh: '手机号码应为 11 位数字，以 1 开头',
  },
  id_number_invalid: {
    en: 'ID number should be the 18 characters on the resident ID card',
    zh: '身份证号码应为居民身份证上的 18 位号码',
  },
  place_code_invalid: { en: 'Choose a place from the list', zh: '请从列表中选择地点' },
  location_required: {
    en: 'Choose at least a township or describe the address',
    zh: '请至少选择乡镇（街道）或填写详细地址',
  },
  date_invalid: { en: 'Enter a date, for example 2026-11-27', zh: '请填写日期，例如 2026-11-27' },
  bank_account_invalid: {
    en: 'Bank account number should be 10 to 30 digits',
    zh: '银行账号应为 10 到 30 位数字',
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

/**
 * What people call the fields of the forms and the API, by the last segment of the field path.
 * `choose`: picked from a list, so a missing value reads "请选择…" rather than "请填写…".
 */
export const FIELD_LABELS: Record<string, { zh: string; en: string; choose?: boolean }> = {
  category: { zh: '举报类别', en: 'the category', choose: true },
  description: { zh: '举报内容', en: 'what you are reporting' },
  unitName: { zh: '被举报单位名称', en: 'the name of the unit' },
  occurredAt: { zh: '发生时间', en: 'when it happened' },
  address: { zh: '详细地址', en: 'the address' },
  countyCode: { zh: '县（市、区）', en: 'the county', choose: true },
  townshipCode: { zh: '乡镇（街道）', en: 'the township', choose: true },
  villageCode: { zh: '村（社区）', en: 'the village', choose: true },
  name: { zh: '姓名', en: 'the name' },
  phone: { zh: '手机号码', en: 'the mobile number' },
  idNumber: { zh: '身份证号码', en: 'the ID number' },
  bankName: { zh: '开户银行', en: 'the bank' },
  bankAccount: { zh: '银行账号', en: 'the bank account number' },
  caseNumber: { zh: '案件编号', en: 'the case number' },
  accessKey: { zh: '查询密码', en: 'the access key' },
  'x-access-key': { zh: '查询密码', en: 'the access key' },
  text: { zh: '内容', en: 'the text' },
  reason: { zh: '理由', en: 'the reason' },
  reference: { zh: '付款凭证号', en: 'the payment reference' },
  amountYuan: { zh: '金额', en: 'the amount' },
  days: { zh: '天数', en: 'the number of days' },
  status: { zh: '状态', en: 'the status', choose: true },
  stage: { zh: '环节', en: 'the stage', choose: true },
  township: { zh: '乡镇（街道）', en: 'the township', choose: true },
  parent: { zh: '上级区划', en: 'the parent place', choose: true },
  decisionNo: { zh: '处罚决定书文号', en: 'the penalty decision number' },
  unitYuan: { zh: '单位罚款', en: "the unit's fines" },
  individualsYuan: { zh: '个人罚款', en: "the individuals' fines" },
  confiscatedYuan: { zh: '没收违法所得', en: 'the confiscated gains' },
  deaths: { zh: '死亡人数', en: 'the number of deaths' },
  seriousInjuries: { zh: '重伤人数', en: 'the number of serious injuries' },
  directLossYuan: { zh: '直接经济损失', en: 'the direct economic loss' },
  concealedDeaths: { zh: '瞒报、谎报的死亡人数', en: 'the concealed deaths' },
  jointSignatories: { zh: '联名举报人数', en: 'the number of joint signatories' },
};

/** One issue as a person would say it, when the field is one we have a name for. */
function humanIssue(
  issue: z.core.$ZodIssue,
  label: (typeof FIELD_LABELS)[string],
): { zh: string; en: string } | null {
  const choose = label.choose === true;
  const missing = {
    zh: `${choose ? '请选择' : '请填写'}${label.zh}`,
    en: `${choose ? 'Choose' : 'Enter'} ${label.en}`,
  };
  switch (issue.code) {
    case 'invalid_type':
      return missing;
    case 'invalid_value':
      return { zh: `请选择${label.zh}`, en: `Choose ${label.en}` };
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin !== 'string' || min <= 1) return missing;
      return { zh: `${label.zh}至少写 ${min} 个字`, en: `Write at least ${min} characters for ${label.en}` };
    }
    case 'too_big':
      if (issue.origin !== 'string') return null;
      return {
        zh: `${label.zh}最多 ${issue.maximum} 个字`,
        en: `Keep ${label.en} to ${issue.maximum} characters`,
      };
    case 'invalid_format':
      return choose
        ? { zh: `请从列表中选择${label.zh}`, en: `Choose ${label.en} from the list` }
        : { zh: `${label.zh}格式不对`, en: `Check ${label.en}` };
    default:
      return null;
  }
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
    const label = FIELD_LABELS[String(issue.path.at(-1) ?? '')];
    const human = label ? humanIssue(issue, label) : null;
    if (human) return { field, ...human };
    // No name for the field: the locale's wording, without the list of allowed codes.
    const text = (m: LocaleError) =>
      issue.code === 'invalid_value'
        ? m === zh
          ? '请从列表中选择'
          : 'Choose from the list'
        : localized(issue, m);
    return { field, en: text(english), zh: text(zh) };
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
