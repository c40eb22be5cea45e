/**
 * What an SMS text loses before it is stored or shown: control and bidi characters
 * (`cleanSmsText`), the access keys it holds (`redactSecrets`: a key is found as its 16 digits
 * with up to three separators — spaces, dashes, dots, zero-width characters — between any two
 * digits, full-width or not, even inside a longer run of digits; after a status/add keyword every
 * key-shaped run goes too: exactly 16 digits, or the key half of a 30-digit run), and the numbers
 * payee details are made of (`redactPayeeNumbers`). The stored key hash cannot be searched for, so
 * `accessKeyCandidates` lists the key-shaped runs for the caller to verify before redacting.
 */
import { normalizeAccessKey } from '../access-key-format.ts';
import { payeeNumberRanges } from './claim.ts';
import { type DigitRun, digitRuns, type Folded, fold, keySpan } from './folding.ts';
import { matchPrefix } from './keywords.ts';

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
 * digits (numbers written in groups count as one; see claim.ts). Every SMS text is passed
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

/** Redacts every key-shaped run (16 digits, or the key half of 30) of a text. */
export function redactKeyShaped(text: string): string {
  const f = fold(text);
  const ranges: [number, number][] = [];
  for (const run of digitRuns(f, 0)) {
    const span = keySpan(run);
    if (span) ranges.push(runRange(f, run, span[0], span[1]));
  }
  return replaceRanges(text, ranges);
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
