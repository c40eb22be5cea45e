/**
 * Words for the staff search, without a word segmenter: Chinese is written without spaces, so the
 * text of a case (unit name, then the report) is cut into overlapping pairs of characters
 * (bigrams: 黑作坊 → 黑作, 作坊), and runs of Latin letters or digits into whole lower-case words.
 * A query is cut the same way; a case matches when it holds every token of the query, and the
 * service then checks each query word against the case's own text, so 黑作 … 作坊 apart never
 * passes for 黑作坊. Pure: no I/O.
 */

/** Distinct tokens kept per case (unit name first, then the report in order). */
export const MAX_CASE_TOKENS = 400;
/** Tokens a query is looked up by: enough to narrow, few enough to bound the reads. */
export const MAX_QUERY_TOKENS = 6;
/** Query words kept. */
export const MAX_QUERY_WORDS = 5;

const HAN = /\p{Script=Han}/u;
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{Nd}]/u;

/** Full-width to half-width, lower case, one form per character (NFKC). */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Runs of Han characters and runs of Latin letters or digits; everything else separates. */
function runs(text: string): { kind: 'han' | 'word'; text: string }[] {
  type Run = { kind: 'han' | 'word'; text: string };
  const out: Run[] = [];
  let kindOfLast: Run['kind'] | null = null;
  for (const ch of normalizeText(text)) {
    const kind: Run['kind'] | null = HAN.test(ch) ? 'han' : LATIN_OR_DIGIT.test(ch) ? 'word' : null;
    const last = out.at(-1);
    if (kind && last && kindOfLast === kind) last.text += ch;
    else if (kind) out.push({ kind, text: ch });
    kindOfLast = kind;
  }
  return out;
}

/** The tokens of a text, in order of first appearance, each once. A lone Han character is no token. */
export function tokensOf(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const seen = new Set<string>();
  for (const run of runs(text)) {
    if (seen.size >= max) break;
    if (run.kind === 'word') {
      seen.add(run.text.slice(0, 40));
      continue;
    }
    const chars = [...run.text];
    for (let i = 0; i + 1 < chars.length && seen.size < max; i++) seen.add(`${chars[i]}${chars[i + 1]}`);
  }
  return [...seen];
}

/** The tokens indexed for a case: its unit name, then its report, at most MAX_CASE_TOKENS. */
export function caseTokens(c: { unitName?: string; description: string }): string[] {
  return tokensOf(`${c.unitName ?? ''}\n${c.description}`, MAX_CASE_TOKENS);
}

export type ParsedQuery =
  | { ok: true; words: string[]; tokens: string[] }
  | { ok: false; reason: 'empty' | 'too_short' };

/**
 * A search query: words separated by spaces, each of at least two characters (one Han character
 * alone would match nearly every report). The tokens to look up are spread over all words.
 */
export function parseQuery(q: string): ParsedQuery {
  const words = normalizeText(q)
    .split(/[\s,，、;；]+/u)
    .map((w) => w.replace(/^[^\p{L}\p{Nd}]+|[^\p{L}\p{Nd}]+$/gu, ''))
    .filter(Boolean)
    .slice(0, MAX_QUERY_WORDS);
  if (words.length === 0) return { ok: false, reason: 'empty' };
  const perWord = words.map((w) => tokensOf(w));
  if (perWord.some((t) => t.length === 0)) return { ok: false, reason: 'too_short' };
  // Round-robin over the words so a long first word does not crowd out the others.
  const tokens: string[] = [];
  for (let i = 0; tokens.length < MAX_QUERY_TOKENS; i++) {
    let added = false;
    for (const t of perWord) {
      // First and last token of each word first: they pin the word's ends.
      const order = [t[0], t.at(-1), ...t.slice(1, -1)];
      const token = order[i];
      if (token && !tokens.includes(token) && tokens.length < MAX_QUERY_TOKENS) {
        tokens.push(token);
        added = true;
      } else if (token) added = true;
    }
    if (!added) break;
  }
  return { ok: true, words, tokens };
}

/** Whether a case's own text holds every query word (after normalisation). */
export function textMatches(c: { unitName?: string; description: string }, words: string[]): boolean {
  const squash = (s: string) => normalizeText(s).replace(/\s+/gu, '');
  const text = squash(`${c.unitName ?? ''}\n${c.description}`);
  return words.every((w) => text.includes(squash(w)));
}
