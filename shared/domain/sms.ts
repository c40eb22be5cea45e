/**
 * The SMS channel's pure domain (SPEC §6–§7): the inbound payload, the keyword commands,
 * redaction of access keys, the replies and the conversation decision. No AWS, no environment, no
 * clock, no I/O: time and the place lookup come in as arguments.
 *
 * Inbound. `parseInboundSns` takes the SNS notification's `Message` (the AWS End User Messaging
 * two-way SMS JSON) and returns a typed value or a typed error, never throwing. Errors never carry
 * input values (the number must not reach a log). The origination number comes back in E.164 and,
 * for a +86 mobile, in the 11-digit mainland form. The value holds the number in clear: the caller
 * keys a hash from it and seals it, and keeps neither.
 *
 * Commands (`parseCommand`). The text is folded first (NFKC: full-width digits, letters and
 * punctuation become half-width; case-insensitive), control and bidi characters are removed.
 * - Whole-message keywords (the message is nothing but the keyword, with any whitespace and
 *   punctuation around it): help 帮助 / HELP / ?, opt out 退订 / TD / STOP / T / UNSUBSCRIBE,
 *   opt in START / 订阅. Whole-message only, so that a report which begins with "T公司…" or
 *   "帮助我们…" is never taken for an opt-out or a help request.
 * - Leading keywords (after any leading whitespace or punctuation): status 查询 / 状态 / CX / STATUS
 *   and add 补充 / BC / ADD. A Latin keyword must not run on into a letter (ADDRESS, BC公司 are
 *   text). Status takes a case number (8+6 digits, with or without the hyphen) and a 16-digit key
 *   in any order, spacing and punctuation, with or without labels (案件编号, 查询密码 …). A status
 *   keyword followed by more than a few words and no credentials is a report ("状态很差的锅炉在…"):
 *   losing a report is worse than opening a stray one. Add takes an optional case number (and
 *   key) right after the keyword; the rest is the text, with any 16-digit key in it redacted.
 * - Claim keyword 领奖 / 申领 / LJ / CLAIM (also 领奖金, 领取奖励, 申领奖金 …; leading, like status):
 *   the rest is the payee's name, ID
 *   number, bank and account, optionally after a case number and key (format in sms-claim.ts),
 *   validated by payee.ts's rule. Always a claim, never a report: a text that begins with the
 *   keyword is never stored, whatever follows.
 * - A message of nothing but a case number and a key is a status request.
 * - Everything else is a report. Whether a report answers the township question is decided by
 *   `decideConversation`, from the conversation state, not here.
 *
 * Redaction (`redactSecrets`). A key is found as its 16 digits with up to three separators
 * (spaces, dashes, dots, zero-width characters) between any two digits, full-width or not, even
 * inside a longer run of digits. After a status/add keyword, any key-shaped run is redacted too:
 * exactly 16 digits, or the key half of a 30-digit run (case number and key written together).
 * The stored hash cannot be searched for, so `accessKeyCandidates` lists the key-shaped runs of
 * any text for the caller to verify against the case's hash before redacting.
 *
 * Replies. Simplified Chinese, neutral (no product name: a reporter's phone may be seen by
 * others), never the report text or any identity, a key grouped 4-4-4-4. Each fits two UCS-2
 * segments (≤ 140 UTF-16 code units, see `fitsTwoSegments`); every variable part is clipped, so
 * that holds for any input. (A concatenated segment really carries 67 characters; the fixed texts
 * also fit 134 with realistic values.)
 *
 * Payee details are never stored from a text (see `redactPayeeNumbers`, `impliedClaim`): a claim is
 * consumed and sealed by the caller; any other text is stored without valid resident ID numbers,
 * numbers of 16+ digits, and — when it holds a valid ID number — every number of 10+ digits.
 *
 * Conversation (`decideConversation`), in order:
 * 1. An opted-out number: START/订阅 opts back in; anything else is ignored — not stored, not
 *    answered (the opt-out reply says how to come back).
 * 2. 退订/STOP → optout (one confirmation); START → optin; 帮助 → help.
 * 3. Status: of the case named, else of the open case. Verified by the thread when it is the open
 *    case, else by the key when one is given, else by the sender (the caller checks the case's
 *    sender hash). Nothing to query → the usage reply.
 * 4. Add with a case number → append to that case (verified as for status); an empty add → help.
 *    Add without a case number is treated as the text it carries (rule 5).
 * 5. Claim: of the case named, else of the thread's last case (`lastCaseNumber`, even when that
 *    case is finished: an award comes after the conclusion). Verified like status. Nothing after
 *    the keyword → the format; no case → how to name one; a field missing or wrong → which one.
 * 6. Text: nothing readable (no letter or digit) → the "not understood" reply. Awaiting a township:
 *    text naming exactly one township → answer_township; other text is appended and the question
 *    asked again. An open case → append_to_case. Otherwise a new report, unless the number has
 *    already opened `dailyReportCap` reports this Shanghai day → rate_limited.
 * Which conversation is open, and when it ends (case closed, idle), is the caller's state.
 */
import * as z from 'zod/mini';
import { formatAccessKey, normalizeAccessKey } from '../crypto/access-key.ts';
import { normalizeCaseNumber } from './case.ts';
import { shanghaiDate } from './deadlines.ts';
import { normalizeMobile } from './id-number.ts';
import {
  type PayeeDetails,
  type PayeeField,
  type PayeeIssue,
  type PayeeResult,
  parsePayee,
} from './payee.ts';
import type { PlaceRef } from './place-matcher.ts';
import { looksLikePayeeDetails, parseClaimPayload, payeeNumberRanges } from './sms-claim.ts';

// --- Text handling --------------------------------------------------------------------------------

/** What a redacted key is replaced with. */
export const REDACTED = '[已隐去]';

/**
 * Removes what must never be stored or shown: C0/C1 controls (keeping newline and tab), bidi
 * overrides and isolates, BOM, lone surrogates (→ U+FFFD). CR/CRLF become LF; trims.
 */
export function cleanSmsText(text: string): string {
  let out = '';
  for (const ch of String(text).replace(/\r\n?/g, '\n')) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x0a && c !== 0x09) || (c >= 0x7f && c <= 0x9f)) continue;
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff) continue;
    if (c === 0x200e || c === 0x200f) continue;
    out += c >= 0xd800 && c <= 0xdfff ? '\ufffd' : ch;
  }
  return out.trim();
}

/** The text folded per code point (NFKC, lower case), with each folded char's source range. */
interface Folded {
  chars: string[];
  starts: number[];
  ends: number[];
}

function fold(text: string): Folded {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const original of text) {
    const start = offset;
    offset += original.length;
    for (const ch of original.normalize('NFKC').toLowerCase()) {
      chars.push(ch);
      starts.push(start);
      ends.push(offset);
    }
  }
  return { chars, starts, ends };
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const SEPARATOR = /^[\s\-_./·\u2010-\u2015\u2212\u30fb\u200b-\u200d\u2060\ufeff]$/u;
const NOISE = /^[\s\p{P}\p{S}\p{C}]$/u;
const BLANK = /^[\s\p{C}]$/u;
const PUNCT_OR_SYMBOL = /^[\p{P}\p{S}]$/u;
const LETTER = /^\p{L}$/u;
/** Separators allowed between two digits of one number. */
const MAX_GAP = 3;

interface DigitRun {
  digits: string;
  /** Folded index of each digit. */
  at: number[];
}

function digitRuns(f: Folded, from: number): DigitRun[] {
  const runs: DigitRun[] = [];
  let i = from;
  while (i < f.chars.length) {
    if (!isDigit(f.chars[i])) {
      i++;
      continue;
    }
    const at = [i];
    let gap = 0;
    for (let j = i + 1; j < f.chars.length; j++) {
      const ch = f.chars[j]!;
      if (isDigit(ch)) {
        at.push(j);
        gap = 0;
      } else if (gap < MAX_GAP && SEPARATOR.test(ch)) gap++;
      else break;
    }
    runs.push({ digits: at.map((k) => f.chars[k]).join(''), at });
    i = at[at.length - 1]! + 1;
  }
  return runs;
}

const PLAUSIBLE_DATE = /^20\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;

/** In 30 digits written together, whether the case number (dated) comes first. */
function caseFirst(digits: string): boolean {
  return PLAUSIBLE_DATE.test(digits) || !PLAUSIBLE_DATE.test(digits.slice(16));
}

/** The digit indices [from, to) of the key in a key-shaped run, or null. */
function keySpan(run: DigitRun): [number, number] | null {
  if (run.digits.length === 16) return [0, 16];
  if (run.digits.length === 30) return caseFirst(run.digits) ? [14, 30] : [0, 16];
  return null;
}

interface Credentials {
  caseNumber?: string;
  accessKey?: string;
}

function credentialsOf(run: DigitRun): Credentials | null {
  const d = run.digits;
  if (d.length === 14) return { caseNumber: normalizeCaseNumber(d)! };
  if (d.length === 16) return { accessKey: d };
  if (d.length === 30)
    return caseFirst(d)
      ? { caseNumber: normalizeCaseNumber(d.slice(0, 14))!, accessKey: d.slice(14) }
      : { accessKey: d.slice(0, 16), caseNumber: normalizeCaseNumber(d.slice(16))! };
  return null;
}

/** Source ranges [start, end) to replace, merged; the text with them replaced by REDACTED. */
function replaceRanges(text: string, ranges: [number, number][]): string {
  if (ranges.length === 0) return text;
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  let out = '';
  let pos = 0;
  for (const [start, end] of merged) {
    out += text.slice(pos, start) + REDACTED;
    pos = end;
  }
  return out + text.slice(pos);
}

function runRange(f: Folded, run: DigitRun, from: number, to: number): [number, number] {
  return [f.starts[run.at[from]!]!, f.ends[run.at[to - 1]!]!];
}

// --- Keywords -------------------------------------------------------------------------------------

type PrefixKind = 'status' | 'add' | 'claim';

const prefixKeyword = (word: string, kind: PrefixKind) => ({
  chars: [...word],
  kind,
  /** A Latin keyword must not run on into a letter. */
  latin: /^[a-z]+$/.test(word),
});

const PREFIX_KEYWORDS = [
  prefixKeyword('查询', 'status'),
  prefixKeyword('状态', 'status'),
  prefixKeyword('status', 'status'),
  prefixKeyword('cx', 'status'),
  prefixKeyword('补充', 'add'),
  prefixKeyword('add', 'add'),
  prefixKeyword('bc', 'add'),
  // Longest first: "领奖金 王小明 …" must not give the name "金 王小明".
  prefixKeyword('领取奖励', 'claim'),
  prefixKeyword('领取奖金', 'claim'),
  prefixKeyword('申领奖励', 'claim'),
  prefixKeyword('申领奖金', 'claim'),
  prefixKeyword('领奖金', 'claim'),
  prefixKeyword('领奖', 'claim'),
  prefixKeyword('申领', 'claim'),
  prefixKeyword('claim', 'claim'),
  prefixKeyword('lj', 'claim'),
];

const WHOLE_KEYWORDS: ReadonlyMap<string, 'help' | 'optout' | 'optin'> = new Map([
  ['帮助', 'help'],
  ['help', 'help'],
  ['退订', 'optout'],
  ['td', 'optout'],
  ['stop', 'optout'],
  ['t', 'optout'],
  ['unsubscribe', 'optout'],
  ['订阅', 'optin'],
  ['start', 'optin'],
]);

/** Words a reporter may put before a case number or a key; they are not text. */
const LABELS = [
  '案件编号',
  '案件号',
  '编号',
  '案号',
  '查询密码',
  '查询密钥',
  '密码',
  '密钥',
  '号码',
  '进度',
  'case',
  'key',
  'no',
  'pin',
].map((w) => [...w]);

/** Letters a status request may carry besides labels and credentials ("查询一下进度"). */
const STATUS_CHATTER = 8;

function matchesAt(chars: readonly string[], at: number, word: readonly string[]): boolean {
  if (at + word.length > chars.length) return false;
  for (let k = 0; k < word.length; k++) if (chars[at + k] !== word[k]) return false;
  return true;
}

function skipNoise(f: Folded, at: number): number {
  let i = at;
  while (i < f.chars.length && NOISE.test(f.chars[i]!)) i++;
  return i;
}

function matchPrefix(f: Folded): { kind: PrefixKind; end: number } | null {
  const i = skipNoise(f, 0);
  for (const kw of PREFIX_KEYWORDS) {
    if (!matchesAt(f.chars, i, kw.chars)) continue;
    const end = i + kw.chars.length;
    const next = f.chars[end];
    if (kw.latin && next !== undefined && LETTER.test(next)) continue;
    return { kind: kw.kind, end };
  }
  return null;
}

function matchWhole(f: Folded): 'help' | 'optout' | 'optin' | null {
  const core = f.chars.filter((c) => !BLANK.test(c));
  if (core.length === 0 || core.length > 32) return null;
  if (core.every((c) => c === '?')) return 'help';
  let a = 0;
  let b = core.length;
  while (a < b && PUNCT_OR_SYMBOL.test(core[a]!)) a++;
  while (b > a && PUNCT_OR_SYMBOL.test(core[b - 1]!)) b--;
  return WHOLE_KEYWORDS.get(core.slice(a, b).join('')) ?? null;
}

/** Skips whitespace, punctuation and labels; returns where the next content starts. */
function skipNoiseAndLabels(f: Folded, at: number): number {
  let i = skipNoise(f, at);
  for (let guard = 0; guard < 8; guard++) {
    const label = LABELS.find((w) => matchesAt(f.chars, i, w));
    if (!label) break;
    i = skipNoise(f, i + label.length);
  }
  return i;
}

// --- Commands -------------------------------------------------------------------------------------

export type SmsCommand =
  | { kind: 'status'; caseNumber?: string; accessKey?: string }
  /** `accessKey` when the reporter wrote one after the case number; it is not part of `text`. */
  | { kind: 'add'; caseNumber?: string; accessKey?: string; text: string }
  /** The payee as read and validated (it is personal data: sealed by the caller, never stored). */
  | { kind: 'claim'; caseNumber?: string; accessKey?: string; payee: PayeeResult }
  | { kind: 'help' }
  | { kind: 'optout' }
  | { kind: 'optin' }
  | { kind: 'report'; text: string };

export type SmsCommandKind = SmsCommand['kind'];

const LEADING_TEXT_NOISE = /^[\s:：,，.。;；、!！\-－—~～]+/u;

function parseStatus(f: Folded, end: number): SmsCommand | null {
  const creds: Credentials = {};
  for (const run of digitRuns(f, end)) {
    const c = credentialsOf(run);
    if (c?.caseNumber && !creds.caseNumber) creds.caseNumber = c.caseNumber;
    if (c?.accessKey && !creds.accessKey) creds.accessKey = c.accessKey;
  }
  if (!creds.caseNumber && !creds.accessKey) {
    let letters = 0;
    for (let i = end; i < f.chars.length; ) {
      const label = LABELS.find((w) => matchesAt(f.chars, i, w));
      if (label) {
        i += label.length;
        continue;
      }
      if (LETTER.test(f.chars[i]!)) letters++;
      i++;
    }
    if (letters > STATUS_CHATTER) return null;
  }
  return { kind: 'status', ...creds };
}

function parseAdd(body: string, f: Folded, end: number): SmsCommand {
  const creds: Credentials = {};
  let textFrom = f.starts[end] ?? body.length;
  let at = skipNoiseAndLabels(f, end);
  for (let n = 0; n < 2 && isDigit(f.chars[at]); n++) {
    const run = digitRuns(f, at)[0];
    const c = run && credentialsOf(run);
    if (!run || !c || (c.caseNumber && creds.caseNumber) || (c.accessKey && creds.accessKey)) break;
    Object.assign(creds, c);
    const last = run.at[run.at.length - 1]!;
    textFrom = f.ends[last]!;
    at = skipNoiseAndLabels(f, last + 1);
    if (creds.caseNumber && creds.accessKey) break;
  }
  const text = redactKeyShaped(body.slice(textFrom).replace(LEADING_TEXT_NOISE, '')).trim();
  return { kind: 'add', ...creds, text };
}

/** A claim: credentials and payee from what follows the keyword. */
function parseClaim(body: string, f: Folded, end: number): SmsCommand {
  return claimCommandOf(body.slice(f.starts[end] ?? body.length));
}

function claimCommandOf(payload: string): Extract<SmsCommand, { kind: 'claim' }> {
  const p = parseClaimPayload(payload);
  return {
    kind: 'claim',
    ...(p.caseNumber ? { caseNumber: p.caseNumber } : {}),
    ...(p.accessKey ? { accessKey: p.accessKey } : {}),
    payee: parsePayee(p.fields),
  };
}

/**
 * A text without the claim keyword that carries payee details (a valid resident ID number and
 * another number of 10+ digits), as the claim it would be with the keyword; null for any other
 * text. `into` is where the text was going (the case it would be appended to, with the key given).
 * The caller takes it for a claim only when that case has a notified reward; otherwise the text
 * goes where it was going, with the numbers redacted (`redactPayeeNumbers`).
 */
export function impliedClaim(
  text: string,
  into: { caseNumber?: string; accessKey?: string } = {},
): Extract<SmsCommand, { kind: 'claim' }> | null {
  if (!looksLikePayeeDetails(text)) return null;
  const command = claimCommandOf(text);
  const caseNumber = command.caseNumber ?? into.caseNumber;
  const accessKey = command.caseNumber ? command.accessKey : into.accessKey;
  return {
    ...command,
    ...(caseNumber ? { caseNumber } : {}),
    ...(accessKey ? { accessKey } : {}),
  };
}

/** Redacts every key-shaped run (16 digits, or the key half of 30) of a text. */
function redactKeyShaped(text: string): string {
  const f = fold(text);
  const ranges: [number, number][] = [];
  for (const run of digitRuns(f, 0)) {
    const span = keySpan(run);
    if (span) ranges.push(runRange(f, run, span[0], span[1]));
  }
  return replaceRanges(text, ranges);
}

/**
 * What an inbound text asks for. Never throws; any string (empty, 1,600 characters, emoji,
 * controls) gives a command. `text` is cleaned (see `cleanSmsText`).
 */
export function parseCommand(body: string): SmsCommand {
  const clean = cleanSmsText(typeof body === 'string' ? body : '');
  const f = fold(clean);
  const whole = matchWhole(f);
  if (whole) return { kind: whole };
  const prefix = matchPrefix(f);
  if (prefix?.kind === 'status') {
    const status = parseStatus(f, prefix.end);
    if (status) return status;
  } else if (prefix?.kind === 'add') {
    return parseAdd(clean, f, prefix.end);
  } else if (prefix?.kind === 'claim') {
    return parseClaim(clean, f, prefix.end);
  }
  // Nothing but a case number and a key: a status request without the keyword.
  if (!f.chars.some((c) => LETTER.test(c))) {
    const runs = digitRuns(f, 0);
    const creds: Credentials = {};
    for (const run of runs) Object.assign(creds, credentialsOf(run) ?? {});
    const digits = runs.reduce((n, r) => n + r.digits.length, 0);
    if (creds.caseNumber && creds.accessKey && digits === 30) return { kind: 'status', ...creds };
  }
  return { kind: 'report', text: clean };
}

// --- Redaction ------------------------------------------------------------------------------------

/**
 * The text with every occurrence of the given access keys (16 digits, written with separators or
 * full-width digits) and, after a status/add keyword, every key-shaped run replaced by REDACTED.
 * Keys that are not 16 digits are ignored. Nothing else in the text changes.
 */
export function redactSecrets(body: string, accessKeys: readonly string[]): string {
  const text = typeof body === 'string' ? body : '';
  const keys = [
    ...new Set(accessKeys.map((k) => normalizeAccessKey(String(k).normalize('NFKC'))).filter(Boolean)),
  ] as string[];
  const f = fold(text);
  const runs = digitRuns(f, 0);
  const ranges: [number, number][] = [];
  for (const run of runs) {
    for (const key of keys) {
      for (let i = run.digits.indexOf(key); i >= 0; i = run.digits.indexOf(key, i + key.length))
        ranges.push(runRange(f, run, i, i + key.length));
    }
  }
  const prefix = matchPrefix(f);
  if (prefix) {
    for (const run of runs) {
      const span = run.at[0]! >= prefix.end ? keySpan(run) : null;
      if (span) ranges.push(runRange(f, run, span[0], span[1]));
    }
  }
  return replaceRanges(text, ranges);
}

/**
 * The text with the numbers payee details are made of replaced by REDACTED: any valid resident ID
 * number, any number of 16+ digits, and — in a text holding a valid ID number — any number of 10+
 * digits (numbers written in groups count as one; see sms-claim.ts). Every SMS text is passed
 * through this before it is stored. Phone numbers, case numbers and dates stay.
 */
export function redactPayeeNumbers(body: string): string {
  const text = typeof body === 'string' ? body : '';
  return replaceRanges(text, payeeNumberRanges(text));
}

/** At most this many candidates, each costing the caller one slow-hash verification. */
export const MAX_KEY_CANDIDATES = 4;

/**
 * The key-shaped numbers of a text (16 digits, or the key half of 30), normalised, distinct, in
 * order, at most MAX_KEY_CANDIDATES: verify each against the case's key hash, then pass the ones
 * that match to `redactSecrets`.
 */
export function accessKeyCandidates(body: string): string[] {
  const out: string[] = [];
  for (const run of digitRuns(fold(typeof body === 'string' ? body : ''), 0)) {
    const span = keySpan(run);
    const key = span && run.digits.slice(span[0], span[1]);
    if (key && !out.includes(key)) out.push(key);
    if (out.length >= MAX_KEY_CANDIDATES) break;
  }
  return out;
}

// --- Inbound payload ------------------------------------------------------------------------------

/** SNS caps a message at 256 KiB; anything longer is not from SNS. */
export const MAX_SNS_MESSAGE = 256 * 1024;
/** A concatenated SMS is at most about 1,600 characters; this leaves room for any gateway. */
export const MAX_INBOUND_BODY = 10_000;

const idString = z.string().check(z.minLength(1), z.maxLength(256), z.regex(/^[\x21-\x7e]+$/));

const InboundSchema = z.object({
  originationNumber: z.string().check(z.minLength(1), z.maxLength(40)),
  destinationNumber: z.string().check(z.minLength(1), z.maxLength(40)),
  messageKeyword: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
  messageBody: z.string().check(z.maxLength(MAX_INBOUND_BODY)),
  inboundMessageId: idString,
  previousPublishedMessageId: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
});

export interface InboundSms {
  /** Idempotency key: one case, one append per id. */
  inboundMessageId: string;
  /** The sender in E.164 (`+8613800138000`). Personal data: hash and seal it, never store it. */
  originationNumber: string;
  /** The sender's 11-digit mainland mobile form, when it is a +86 mobile. */
  mainlandMobile?: string;
  /** The number the text was sent to (E.164 when it is one, else as given, e.g. a short code). */
  destinationNumber: string;
  /** The keyword the gateway matched, if any (informational: `parseCommand` decides). */
  messageKeyword: string;
  /** As received; `parseCommand` cleans it. */
  messageBody: string;
  /** The outbound message this one answers, when the gateway knows it. */
  previousPublishedMessageId?: string;
}

export type InboundSmsError =
  | { code: 'too_large' }
  | { code: 'not_json' }
  /** `issues` name fields and zod codes only, never values. */
  | { code: 'invalid_payload'; issues: string[] }
  | { code: 'invalid_origination' };

export type InboundSmsResult = { ok: true; value: InboundSms } | { ok: false; error: InboundSmsError };

const PHONE_NOISE = /[\s\-().·/\u2010-\u2015\u200b-\u200d\u2060\ufeff]/g;

/**
 * A phone number in E.164, or null. Accepts `+…`, `00…`, and mainland mobiles written without the
 * country code (`13800138000`, `8613800138000`); full-width digits, spaces, dashes, brackets.
 */
export function normalizeE164(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const s = input.normalize('NFKC').replace(PHONE_NOISE, '');
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else if (s.startsWith('00')) digits = s.slice(2);
  else if (/^1[3-9]\d{9}$/.test(s)) digits = `86${s}`;
  else if (/^861[3-9]\d{9}$/.test(s)) digits = s;
  else return null;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The two-way SMS payload of an SNS notification's `Message`. Also accepts the SNS envelope itself
 * (`{"Type":"Notification","Message":"…"}`, as an HTTP subscription delivers it). Never throws.
 */
export function parseInboundSns(snsMessage: string): InboundSmsResult {
  if (typeof snsMessage !== 'string') return { ok: false, error: { code: 'not_json' } };
  if (snsMessage.length > MAX_SNS_MESSAGE) return { ok: false, error: { code: 'too_large' } };
  let data: unknown;
  try {
    data = JSON.parse(snsMessage);
    if (isRecord(data) && data.Type === 'Notification' && typeof data.Message === 'string')
      data = JSON.parse(data.Message);
  } catch {
    return { ok: false, error: { code: 'not_json' } };
  }
  const parsed = InboundSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`);
    return { ok: false, error: { code: 'invalid_payload', issues: [...new Set(issues)] } };
  }
  const p = parsed.data;
  const origination = normalizeE164(p.originationNumber);
  if (!origination) return { ok: false, error: { code: 'invalid_origination' } };
  const value: InboundSms = {
    inboundMessageId: p.inboundMessageId,
    originationNumber: origination,
    destinationNumber:
      normalizeE164(p.destinationNumber) ?? p.destinationNumber.normalize('NFKC').replace(PHONE_NOISE, ''),
    messageKeyword: p.messageKeyword ?? '',
    messageBody: p.messageBody,
  };
  const mainland = origination.startsWith('+86') ? normalizeMobile(origination) : null;
  if (mainland) value.mainlandMobile = mainland;
  if (p.previousPublishedMessageId) value.previousPublishedMessageId = p.previousPublishedMessageId;
  return { ok: true, value };
}

// --- Replies --------------------------------------------------------------------------------------

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
function clip(value: unknown, max: number): string {
  const text = cleanSmsText(typeof value === 'string' ? value : '').replace(/\s+/g, ' ');
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

function showCaseNumber(value: unknown): string {
  const s = typeof value === 'string' ? value.normalize('NFKC') : '';
  return normalizeCaseNumber(s) ?? clip(value, 15);
}

function showKey(value: unknown): string {
  const key = typeof value === 'string' ? normalizeAccessKey(value.normalize('NFKC')) : null;
  return key ? formatAccessKey(key) : clip(value, 19);
}

/** The last guard: never more than two segments, whatever happened above. */
function bounded(text: string): string {
  return fitsTwoSegments(text) ? text : clip(text, MAX_REPLY_UCS2);
}

const HOW_TO_QUERY = '查进度请发：查询 案件编号 查询密码';
/** SMS cannot carry photos: the receipt points to the web follow-up page, which takes them. */
export const ADD_PHOTOS_HINT = '照片可在网站“查询举报进度”页补充。';

/**
 * A new report's receipt: case number and key (4-4-4-4), and the township it went to, or the
 * township question when it is not known.
 */
export function replyReportReceived(input: {
  caseNumber: string;
  accessKey: string;
  townshipName?: string;
}): string {
  const head = `已收到您的举报。案件编号${showCaseNumber(input.caseNumber)}，查询密码${showKey(input.accessKey)}，请抄下后删除本短信。`;
  const township = clip(input.townshipName ?? '', 16);
  return bounded(
    township
      ? `${head}已转${township}办理。${HOW_TO_QUERY}。${ADD_PHOTOS_HINT}`
      : `${head}请回复事发地所在乡镇（街道）名称，以便转交办理。${ADD_PHOTOS_HINT}`,
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

// Claims. No reply ever repeats a payee detail, not even the name.

const CLAIM_FORMAT = '领奖 姓名 身份证号 开户行 账号，用空格或逗号隔开';

/** The claim went through: the amount, and where the details went. */
export function replyClaimed(input: { caseNumber: string; amountYuan?: number }): string {
  const amount =
    typeof input.amountYuan === 'number' && Number.isSafeInteger(input.amountYuan) && input.amountYuan >= 0
      ? `${input.amountYuan}元`
      : '';
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}奖励${amount}已申领。您的收款信息已加密保存，仅用于支付奖励。请删除您发出的领奖短信。`,
  );
}

/** A claim of a reward that was claimed (or paid) already: nothing was written. */
export function replyClaimRepeated(caseNumber: string): string {
  return bounded(
    `案件${showCaseNumber(caseNumber)}的奖励已申领，无需重复发送。您的收款信息已加密保存，仅用于支付奖励。`,
  );
}

/** No award to claim on the case (none yet, not eligible, refused). */
export function replyClaimNothing(caseNumber: string): string {
  return bounded(`案件${showCaseNumber(caseNumber)}目前没有可申领的奖励。如获奖励，将另行短信通知。`);
}

/** The claim window ended (`lastDay` YYYY-MM-DD, the last day one could claim). */
export function replyClaimWindowEnded(input: { caseNumber: string; lastDay?: string }): string {
  const day = clip(input.lastDay ?? '', 10);
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}的奖励申领期限${day ? `已于${day}` : '已'}结束。如有正当理由，可向受理机关申请延期。`,
  );
}

const FIELD_PROBLEMS: Record<PayeeField, { missing: string; invalid: string }> = {
  name: { missing: '缺少姓名', invalid: '姓名应为2-50字' },
  idNumber: { missing: '缺少身份证号码', invalid: '身份证号码有误' },
  bankName: { missing: '缺少开户银行', invalid: '开户银行应为2-60字' },
  bankAccount: { missing: '缺少银行账号', invalid: '银行账号应为10-30位数字' },
};

/** Which fields of a claim are missing or wrong, and the format to send again. */
export function replyClaimInvalid(issues: readonly PayeeIssue[]): string {
  const known = issues.filter((i) => FIELD_PROBLEMS[i.field]?.[i.problem]);
  if (known.length === 0 || known.length === 4) return replyClaimUsage();
  const list = known.map((i) => FIELD_PROBLEMS[i.field][i.problem]).join('、');
  return bounded(`领奖信息有误：${list}。请重发：${CLAIM_FORMAT}。`);
}

/** The claim format (the keyword alone, or nothing readable after it). */
export function replyClaimUsage(): string {
  return `领奖请发：${CLAIM_FORMAT}。用其他手机领奖，请在“领奖”后先写案件编号和查询密码。`;
}

/** A claim from a number with no case of its own, naming none. */
export function replyClaimNoCase(): string {
  return '请写明案件：领奖 案件编号 查询密码 姓名 身份证号 开户行 账号，用空格或逗号隔开。';
}

export function replyClaimBadCredentials(): string {
  return '案件编号或查询密码不正确。领奖请发：领奖 案件编号 查询密码 姓名 身份证号 开户行 账号。';
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

// --- Conversation ---------------------------------------------------------------------------------

export interface ConversationState {
  /** The case this number's texts are appended to. */
  openCaseNumber?: string;
  /** The case whose township this number was asked for. */
  awaitingTownshipFor?: string;
  /**
   * The last case this number opened, even when it is finished (closed, transferred …) and texts
   * no longer go to it: a reward is claimed after the conclusion, from the thread.
   */
  lastCaseNumber?: string;
  optedOut: boolean;
  /** New reports opened by this number on `reportsDay`. */
  reportsToday: number;
  /** Shanghai date (YYYY-MM-DD) `reportsToday` counts; another day counts as zero. */
  reportsDay?: string;
}

export interface DecideOptions {
  /** New reports a number may open per Shanghai day (default 5). */
  dailyReportCap?: number;
  /** The one township a text names (the place matcher's unique answer), else null. */
  townshipOf?: (text: string) => PlaceRef | null;
}

export const DEFAULT_DAILY_REPORT_CAP = 5;

/**
 * What to send back. `text` is final (the caller may still answer `replyBadCredentials()` when a
 * verification fails); `report_received` is rendered by the caller with `replyReportReceived`
 * once the case number and key exist; `status` after verification with `replyStatus` or
 * `replyBadCredentials`; `none` sends nothing.
 */
export type ReplyPlan =
  | { kind: 'text'; text: string }
  | { kind: 'report_received' }
  | { kind: 'status' }
  /** After the claim: `replyClaimed`, `replyClaimRepeated`, `replyClaimNothing`, … */
  | { kind: 'claim' }
  | { kind: 'none' };

/**
 * How the caller must check a request for a case: `thread` (the case is this number's open
 * conversation: nothing more), `key` (verify `accessKey` against the case's hash, rate-limited
 * per case), `sender` (the case's sender hash must be this number's).
 */
export type Verification = 'thread' | 'key' | 'sender';

export type ConversationAction =
  | 'open_report'
  | 'append_to_case'
  | 'answer_township'
  | 'status'
  | 'claim'
  | 'claim_help'
  | 'help'
  | 'optout'
  | 'optin'
  | 'rate_limited'
  | 'ignored_opted_out';

export type ConversationDecision =
  | { action: 'open_report'; text: string; reply: ReplyPlan }
  | {
      action: 'append_to_case';
      caseNumber: string;
      text: string;
      verify: Verification;
      accessKey?: string;
      reply: ReplyPlan;
    }
  | { action: 'answer_township'; caseNumber: string; township: PlaceRef; text: string; reply: ReplyPlan }
  | { action: 'status'; caseNumber: string; verify: Verification; accessKey?: string; reply: ReplyPlan }
  | {
      action: 'claim';
      caseNumber: string;
      verify: Verification;
      accessKey?: string;
      /** Personal data: to be sealed by `claimReward`, never stored or logged. */
      payee: PayeeDetails;
      reply: ReplyPlan;
    }
  | { action: 'claim_help'; reason: 'usage' | 'no_case' | 'invalid_payee'; reply: ReplyPlan }
  | { action: 'help'; reason: 'help' | 'unreadable' | 'incomplete_status' | 'empty_add'; reply: ReplyPlan }
  | { action: 'optout'; reply: ReplyPlan }
  | { action: 'optin'; reply: ReplyPlan }
  | { action: 'rate_limited'; reply: ReplyPlan }
  | { action: 'ignored_opted_out'; reply: ReplyPlan };

const say = (text: string): ReplyPlan => ({ kind: 'text', text });
const READABLE = /[\p{L}\p{N}]/u;

function capOf(options: DecideOptions): number {
  const cap = options.dailyReportCap;
  return typeof cap === 'number' && Number.isFinite(cap)
    ? Math.max(0, Math.floor(cap))
    : DEFAULT_DAILY_REPORT_CAP;
}

function reportsTodayOf(state: ConversationState, now: Date): number {
  const count = Number.isFinite(state.reportsToday) ? Math.max(0, state.reportsToday) : 0;
  const today = shanghaiDayOf(now);
  if (today && state.reportsDay && state.reportsDay !== today) return 0;
  return count;
}

/** The Shanghai date of `now`, or null for an invalid date or one at the edge of the range. */
function shanghaiDayOf(now: Date): string | null {
  try {
    return now instanceof Date ? shanghaiDate(now) : null;
  } catch {
    return null;
  }
}

function verification(
  caseNumber: string,
  openCase: string | undefined,
  accessKey: string | undefined,
): Verification {
  if (caseNumber === openCase) return 'thread';
  return accessKey ? 'key' : 'sender';
}

function decideText(
  state: ConversationState,
  text: string,
  now: Date,
  options: DecideOptions,
): ConversationDecision {
  if (!READABLE.test(text)) return { action: 'help', reason: 'unreadable', reply: say(replyUnknown()) };
  const awaiting = state.awaitingTownshipFor;
  if (awaiting) {
    let township: PlaceRef | null = null;
    try {
      township = options.townshipOf?.(text) ?? null;
    } catch {
      township = null;
    }
    if (township)
      return {
        action: 'answer_township',
        caseNumber: awaiting,
        township,
        text,
        reply: say(replyRouted({ caseNumber: awaiting, townshipName: township.name })),
      };
    return {
      action: 'append_to_case',
      caseNumber: awaiting,
      text,
      verify: 'thread',
      reply: say(replyAskTownship()),
    };
  }
  if (state.openCaseNumber)
    return {
      action: 'append_to_case',
      caseNumber: state.openCaseNumber,
      text,
      verify: 'thread',
      reply: say(replyAdded(state.openCaseNumber)),
    };
  if (reportsTodayOf(state, now) >= capOf(options))
    return { action: 'rate_limited', reply: say(replyRateLimited()) };
  return { action: 'open_report', text, reply: { kind: 'report_received' } };
}

/** What to do with a parsed text from a number in `state` (rules in the module header). */
export function decideConversation(
  state: ConversationState,
  command: SmsCommand,
  now: Date,
  options: DecideOptions = {},
): ConversationDecision {
  if (state.optedOut) {
    return command.kind === 'optin'
      ? { action: 'optin', reply: say(replyOptedIn()) }
      : { action: 'ignored_opted_out', reply: { kind: 'none' } };
  }
  const openCase = state.openCaseNumber ?? state.awaitingTownshipFor;
  switch (command.kind) {
    case 'optout':
      return { action: 'optout', reply: say(replyOptedOut()) };
    case 'optin':
      return { action: 'optin', reply: say(replyOptedIn()) };
    case 'help':
      return { action: 'help', reason: 'help', reply: say(replyHelp()) };
    case 'status': {
      const caseNumber = command.caseNumber ?? openCase;
      if (!caseNumber)
        return { action: 'help', reason: 'incomplete_status', reply: say(replyBadCredentials()) };
      const verify = verification(caseNumber, openCase, command.accessKey);
      return {
        action: 'status',
        caseNumber,
        verify,
        ...(command.accessKey ? { accessKey: command.accessKey } : {}),
        reply: { kind: 'status' },
      };
    }
    case 'claim': {
      const thread = state.lastCaseNumber ?? openCase;
      const caseNumber = command.caseNumber ?? thread;
      const payee: PayeeResult | undefined = command.payee;
      const issues = payee && !payee.ok && Array.isArray(payee.issues) ? payee.issues : [];
      // Nothing after the keyword that reads as a field: the format.
      if (!payee || (!payee.ok && (issues.length === 0 || issues.length === 4)))
        return { action: 'claim_help', reason: 'usage', reply: say(replyClaimUsage()) };
      if (!caseNumber) return { action: 'claim_help', reason: 'no_case', reply: say(replyClaimNoCase()) };
      if (!payee.ok)
        return { action: 'claim_help', reason: 'invalid_payee', reply: say(replyClaimInvalid(issues)) };
      return {
        action: 'claim',
        caseNumber,
        verify: caseNumber === thread ? 'thread' : command.accessKey ? 'key' : 'sender',
        ...(command.accessKey ? { accessKey: command.accessKey } : {}),
        payee: payee.payee,
        reply: { kind: 'claim' },
      };
    }
    case 'add': {
      if (!READABLE.test(command.text))
        return { action: 'help', reason: 'empty_add', reply: say(replyHelp()) };
      if (command.caseNumber) {
        const verify = verification(command.caseNumber, openCase, command.accessKey);
        return {
          action: 'append_to_case',
          caseNumber: command.caseNumber,
          text: command.text,
          verify,
          ...(command.accessKey ? { accessKey: command.accessKey } : {}),
          reply: say(replyAdded(command.caseNumber)),
        };
      }
      return decideText(state, command.text, now, options);
    }
    default:
      // 'report' (and, defensively, anything unexpected: its text, if any, is treated as text).
      return decideText(state, 'text' in command ? String(command.text) : '', now, options);
  }
}

// --- Order of texts -------------------------------------------------------------------------------
//
// Delivery is at least once and unordered: SNS invokes the SMS function asynchronously, retries
// with backoff, and two texts sent seconds apart may be handled in either order or at once. Which
// case a text belongs to is decided by the conversation item (one per number hash, written with a
// version check), so both texts land on one case whatever the order. The order they were sent in
// is taken from the time the text reached AWS: the SNS record's `Timestamp` (End User Messaging
// publishes each inbound text as it arrives from the carrier; its JSON carries no time of its own),
// or for a domestic gateway its signed `sentAt` / request timestamp. `previousPublishedMessageId`
// is not used for either: it names the last message *we* sent to the number, so two texts written
// before any reply carry the same value (it cannot order them), the first text of a number and
// every gateway text carry none, and the number's conversation already says which case is open.
//
// The case timeline is an append-only hash chain, so a text that arrives late cannot be inserted
// before one that arrived early. Each SMS text therefore goes on the timeline as a reporter
// message carrying its sent time (`detail.sentAt`, covered by the event hash — the opening text
// too, so the timeline is the whole SMS transcript), and the views show the reporter's SMS texts
// in sent order (`inSentOrder`) while `seq` keeps the order in which they were recorded.

/** How far ahead of our clock a gateway's time may be and still be taken as the sent time. */
export const MAX_SENT_SKEW_MS = 5 * 60_000;
/** A sent time older than this is not believed (a redelivery is never that late). */
export const MAX_SENT_AGE_MS = 30 * 24 * 3600_000;

/**
 * When a text was sent, as ISO 8601: the gateway's time when it is a valid date no more than
 * MAX_SENT_SKEW_MS ahead of `now` and no more than MAX_SENT_AGE_MS behind it, else `now`.
 *
 * @example sentTimeOf('2026-11-20T08:00:01.000Z', now) // '2026-11-20T08:00:01.000Z'
 */
export function sentTimeOf(candidate: unknown, now: Date): string {
  const nowMs = now.getTime();
  const at = typeof candidate === 'string' && candidate.length <= 64 ? Date.parse(candidate) : Number.NaN;
  if (Number.isFinite(at) && at <= nowMs + MAX_SENT_SKEW_MS && at >= nowMs - MAX_SENT_AGE_MS)
    return new Date(at).toISOString();
  return now.toISOString();
}

/** The `detail` of a timeline event that records an SMS text (hash-covered, staff-only). */
export function smsTextDetail(sentAt: string): { channel: 'sms'; sentAt: string } {
  return { channel: 'sms', sentAt };
}

/** The sent time of an event that records an SMS text, else null. */
export function smsSentAt(event: { type: string; detail?: Record<string, unknown> }): string | null {
  const d = event.detail;
  return event.type === 'reporter_message' && d?.channel === 'sms' && typeof d.sentAt === 'string'
    ? d.sentAt
    : null;
}

/**
 * A case's events for display: the SMS texts in the order they were sent (ties: the order they
 * were recorded), every other event where it is. Only the places held by SMS texts are permuted,
 * so staff actions and status changes keep their position; the chain itself is untouched.
 */
export function inSentOrder<E extends { seq: number; type: string; detail?: Record<string, unknown> }>(
  events: readonly E[],
): E[] {
  const out = [...events];
  const slots: number[] = [];
  const texts: { event: E; sentAt: string }[] = [];
  out.forEach((event, i) => {
    const sentAt = smsSentAt(event);
    if (sentAt === null) return;
    slots.push(i);
    texts.push({ event, sentAt });
  });
  texts.sort((a, b) => (a.sentAt < b.sentAt ? -1 : a.sentAt > b.sentAt ? 1 : a.event.seq - b.event.seq));
  slots.forEach((slot, k) => {
    out[slot] = texts[k]!.event;
  });
  return out;
}
