/**
 * How the SMS modules read a text: folded per code point (NFKC, lower case: full-width digits,
 * letters and punctuation become half-width) with each folded character's source range, so a
 * match found in the folded text can be cut out of the text as received; and the runs of digits
 * in it, with the shapes a case number (14 digits) and an access key (16) take. Shared by the
 * keyword commands and the redaction, which must agree on what a key looks like.
 */
import { normalizeCaseNumber } from '../case.ts';

/** The text folded per code point (NFKC, lower case), with each folded char's source range. */
export interface Folded {
  chars: string[];
  starts: number[];
  ends: number[];
}

export function fold(text: string): Folded {
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

export const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
const SEPARATOR = /^[\s\-_./·\u2010-\u2015\u2212\u30fb\u200b-\u200d\u2060\ufeff]$/u;
export const NOISE = /^[\s\p{P}\p{S}\p{C}]$/u;
export const BLANK = /^[\s\p{C}]$/u;
export const PUNCT_OR_SYMBOL = /^[\p{P}\p{S}]$/u;
export const LETTER = /^\p{L}$/u;
/** Separators allowed between two digits of one number. */
const MAX_GAP = 3;

export interface DigitRun {
  digits: string;
  /** Folded index of each digit. */
  at: number[];
}

export function digitRuns(f: Folded, from: number): DigitRun[] {
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
export function keySpan(run: DigitRun): [number, number] | null {
  if (run.digits.length === 16) return [0, 16];
  if (run.digits.length === 30) return caseFirst(run.digits) ? [14, 30] : [0, 16];
  return null;
}

export interface Credentials {
  caseNumber?: string;
  accessKey?: string;
}

export function credentialsOf(run: DigitRun): Credentials | null {
  const d = run.digits;
  if (d.length === 14) return { caseNumber: normalizeCaseNumber(d)! };
  if (d.length === 16) return { accessKey: d };
  if (d.length === 30)
    return caseFirst(d)
      ? { caseNumber: normalizeCaseNumber(d.slice(0, 14))!, accessKey: d.slice(14) }
      : { accessKey: d.slice(0, 16), caseNumber: normalizeCaseNumber(d.slice(16))! };
  return null;
}
