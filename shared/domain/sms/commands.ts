/**
 * What an inbound SMS asks for (`parseCommand`). The text is cleaned and folded first (NFKC:
 * full-width digits, letters and punctuation become half-width; case-insensitive).
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
 *   the rest is the payee's name, ID number, bank and account, optionally after a case number and
 *   key (format in claim.ts), validated by payee.ts's rule. Always a claim, never a report: a text
 *   that begins with the keyword is never stored, whatever follows.
 * - A message of nothing but a case number and a key is a status request.
 * - Everything else is a report. Whether a report answers a question the hotline asked is decided
 *   by the conversation (conversation.ts), from its state, not here.
 */
import { type PayeeResult, parsePayee } from '../payee.ts';
import { looksLikePayeeDetails, parseClaimPayload } from './claim.ts';
import { type Credentials, credentialsOf, digitRuns, type Folded, fold, isDigit, LETTER } from './folding.ts';
import { LABELS, matchesAt, matchPrefix, matchWhole, skipNoiseAndLabels } from './keywords.ts';
import { cleanSmsText, redactKeyShaped } from './redaction.ts';

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

/** Letters a status request may carry besides labels and credentials ("查询一下进度"). */
const STATUS_CHATTER = 8;

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
