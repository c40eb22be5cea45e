/**
 * What the hotline texts back. Simplified Chinese, neutral (no product name: a reporter's phone
 * may be seen by others), never the report text or any identity, a key grouped 4-4-4-4. Each fits
 * two UCS-2 segments (≤ 140 UTF-16 code units, see `fitsTwoSegments`); every variable part is
 * clipped, so that holds for any input. (A concatenated segment really carries 67 characters; the
 * fixed texts also fit 134 with realistic values.) The replies to a reward claim are in
 * claim-replies.ts.
 */
import { formatAccessKey, normalizeAccessKey } from '../access-key-format.ts';
import { normalizeCaseNumber } from '../case.ts';
import { cleanSmsText } from './redaction.ts';

/** UCS-2 characters in one single-part SMS. */
export const UCS2_SEGMENT = 70;
/** The most a reply may take: two UCS-2 segments. */
export const MAX_REPLY_UCS2 = 2 * UCS2_SEGMENT;

/** Length as the SMS network counts UCS-2: UTF-16 code units (an emoji counts two). */
export function ucs2Length(text: string): number {
  return text.length;
}

export function fitsTwoSegments(text: string): boolean {
  return ucs2Length(text) <= MAX_REPLY_UCS2;
}

/** One line, cleaned, at most `max` code units (cut at a character boundary, marked with …). */
export function clip(value: unknown, max: number): string {
  const text = cleanSmsText(typeof value === 'string' ? value : '').replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function showCaseNumber(value: unknown): string {
  const s = typeof value === 'string' ? value.normalize('NFKC') : '';
  return normalizeCaseNumber(s) ?? clip(value, 15);
}

function showKey(value: unknown): string {
  const key = typeof value === 'string' ? normalizeAccessKey(value.normalize('NFKC')) : null;
  return key ? formatAccessKey(key) : clip(value, 19);
}

/** The last guard: never more than two segments, whatever happened above. */
export function bounded(text: string): string {
  return fitsTwoSegments(text) ? text : clip(text, MAX_REPLY_UCS2);
}

export const HOW_TO_QUERY = '查进度请发：查询 案件编号 查询密码';
/** SMS cannot carry photos: the receipt points to the web follow-up page, which takes them. */
export const ADD_PHOTOS_HINT = '照片可在网站“查询举报进度”页补充。';

/** What a receipt says: the case, its key, and the township the place matcher found, if any. */
export interface Receipt {
  caseNumber: string;
  accessKey: string;
  townshipName?: string;
}

/** A receipt with a question stays within two concatenated segments (2 × 67): never cut. */
export const MAX_RECEIPT = 134;

const receiptHead = (input: Receipt) =>
  `已收到您的举报。案件编号${showCaseNumber(input.caseNumber)}，查询密码${showKey(input.accessKey)}，请抄下后删除本短信。`;
const routedTo = (input: Receipt) => {
  const township = clip(input.townshipName ?? '', 16);
  return township ? `已转${township}办理。` : '';
};

/**
 * The room a receipt leaves for the follow-up question (`replyReportReceived`'s `question`), in
 * UTF-16 units; 0 when the township is not known, because then the receipt asks for the township
 * and one question is enough.
 */
export function receiptQuestionRoom(input: Receipt): number {
  const routed = routedTo(input);
  return routed ? Math.max(0, MAX_RECEIPT - ucs2Length(receiptHead(input) + routed)) : 0;
}

/**
 * A new report's receipt: case number and key (4-4-4-4), and the township it went to, or the
 * township question when it is not known. With a follow-up question that fits
 * (`receiptQuestionRoom`), the question takes the place of the how-to lines, which the answer's
 * reply (`replyAnswerRecorded`) and 帮助 give.
 */
export function replyReportReceived(input: Receipt & { question?: string }): string {
  const head = receiptHead(input);
  const routed = routedTo(input);
  if (!routed) return bounded(`${head}请回复事发地所在乡镇（街道）名称，以便转交办理。${ADD_PHOTOS_HINT}`);
  const question = cleanSmsText(input.question ?? '');
  if (question && ucs2Length(question) <= receiptQuestionRoom(input)) return `${head}${routed}${question}`;
  return bounded(`${head}${routed}${HOW_TO_QUERY}。${ADD_PHOTOS_HINT}`);
}

/** After the reporter answered the receipt's question: what was recorded, and the photo hint. */
export function replyAnswerRecorded(input: { caseNumber: string; label: string }): string {
  return bounded(
    `已将您的回答“${clip(input.label, 12)}”记入案件${showCaseNumber(input.caseNumber)}，谢谢。${ADD_PHOTOS_HINT}`,
  );
}

export function replyAskTownship(): string {
  return '请回复事发地所在的乡镇（街道）名称，如“某某镇”，以便尽快转交办理。';
}

/** After the township answer routed the case. */
export function replyRouted(input: { caseNumber: string; townshipName: string }): string {
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}已转${clip(input.townshipName, 16) || '乡镇'}办理，谢谢。${HOW_TO_QUERY}`,
  );
}

/**
 * What an SMS reporter is sent when staff write to them or the case moves on (acceptance,
 * transfer, conclusion …): the case number, the new status and the words meant for them,
 * clipped to two segments. Never anything staff-internal: callers pass only reporter-visible text.
 */
export function smsCaseUpdate(input: { caseNumber: string; statusLabel?: string; message?: string }): string {
  const head = `案件${showCaseNumber(input.caseNumber)}`;
  const status = input.statusLabel ? `：${clip(input.statusLabel, 12)}` : '';
  const budget = MAX_REPLY_UCS2 - ucs2Length(`${head}${status}。工作人员：`) - 1;
  const message = input.message ? `。工作人员：${clip(input.message, Math.max(budget, 10))}` : '';
  return bounded(`${head}${status}${message}`);
}

export function replyStatus(input: { caseNumber: string; statusLabel: string; dueDate?: string }): string {
  const due = clip(input.dueDate ?? '', 10);
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}当前状态：${clip(input.statusLabel, 12) || '办理中'}${
      due ? `，办理期限${due}` : ''
    }。补充情况请发：补充 案件编号 内容`,
  );
}

export function replyAdded(caseNumber: string): string {
  return bounded(`已将您的补充内容记入案件${showCaseNumber(caseNumber)}，谢谢。`);
}

export function replyHelp(): string {
  return '举报：直接发送隐患情况和地点（乡镇、村）。查进度：查询 案件编号 查询密码。补充：补充 案件编号 内容。领奖：领奖 姓名 身份证号 开户行 账号。退订：TD。您的号码严格保密。';
}

export function replyOptedOut(): string {
  return '已退订，今后不再向您发送短信。如需恢复，请发送 START 或“订阅”。';
}

export function replyOptedIn(): string {
  return '已恢复接收短信。发送“帮助”查看用法。';
}

export function replyBadCredentials(): string {
  return `案件编号或查询密码不正确或不完整。${HOW_TO_QUERY}（16位数字）。`;
}

export function replyRateLimited(): string {
  return '今日本号码提交的新举报已达上限，请明天再发。已有案件可发：补充 案件编号 内容';
}

export function replyUnknown(): string {
  return '未能识别您的短信。举报请直接发送情况和地点；发送“帮助”查看用法。';
}
