/**
 * Text folding for the place matcher: directory names and message text both go through NFKC, so
 * full-width letters, digits and punctuation match their plain forms. A message also keeps where
 * each folded character came from, so a match can be quoted as written, and punctuation becomes a
 * break that no place name may span. Apart from the index and the matching because both sides use
 * it and it knows nothing of places.
 */

const IGNORED = /[\s\u200b-\u200d\u2060\ufeff]/u;
const BOUNDARY = /[\p{P}\p{S}\p{C}]/u;
/** Never a trie key: marks punctuation so that no name spans it. */
const BREAK = '\u0000';

export interface NormalizedText {
  chars: string[];
  /** UTF-16 offsets in the original text where each char starts and ends. */
  starts: number[];
  ends: number[];
}

export function normalize(text: string): NormalizedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const original of text) {
    const start = offset;
    offset += original.length;
    // NFKC folds full-width letters, digits and punctuation (，：（） → ,:()).
    for (const ch of original.normalize('NFKC')) {
      if (IGNORED.test(ch)) continue;
      chars.push(BOUNDARY.test(ch) ? BREAK : ch);
      starts.push(start);
      ends.push(offset);
    }
  }
  return { chars, starts, ends };
}

export function codePoints(s: string): string[] {
  return [...s.normalize('NFKC')];
}
