/**
 * The keywords of the SMS channel and where they stand in a folded text: leading keywords (status
 * 查询/CX, add 补充/BC, claim 领奖/LJ …) after any noise, whole-message keywords (帮助, 退订/TD,
 * START), and the labels a reporter may write before a case number or key. Both the commands and
 * the redaction need to know whether a text begins with a keyword, so it lives apart from both.
 */
import { BLANK, type Folded, LETTER, NOISE, PUNCT_OR_SYMBOL } from './folding.ts';

export type PrefixKind = 'status' | 'add' | 'claim';

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
export const LABELS = [
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

export function matchesAt(chars: readonly string[], at: number, word: readonly string[]): boolean {
  if (at + word.length > chars.length) return false;
  for (let k = 0; k < word.length; k++) if (chars[at + k] !== word[k]) return false;
  return true;
}

export function skipNoise(f: Folded, at: number): number {
  let i = at;
  while (i < f.chars.length && NOISE.test(f.chars[i]!)) i++;
  return i;
}

export function matchPrefix(f: Folded): { kind: PrefixKind; end: number } | null {
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

export function matchWhole(f: Folded): 'help' | 'optout' | 'optin' | null {
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
export function skipNoiseAndLabels(f: Folded, at: number): number {
  let i = skipNoise(f, at);
  for (let guard = 0; guard < 8; guard++) {
    const label = LABELS.find((w) => matchesAt(f.chars, i, w));
    if (!label) break;
    i = skipNoise(f, i + label.length);
  }
  return i;
}
