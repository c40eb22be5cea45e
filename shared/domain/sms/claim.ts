/**
 * Reading payee details out of a text message (a reward claimed by plain SMS):
 * the words after the claim keyword 领奖 / 申领 / LJ / CLAIM (commands.ts), and texts that carry such
 * details without the keyword. Pure, never throws; what the fields must be is payee.ts's rule.
 *
 * The format is forgiving, because people type it on a keypad:
 *
 *     领奖 [案件编号 查询密码] 姓名 身份证号 开户银行 银行账号
 *
 * - Fields are separated by spaces, commas (, ，), 、, ；, colons or new lines, in any mix; full-width
 *   characters are read as half-width. Labels are skipped (姓名：, 身份证号, 开户行, 账号, Name: …).
 * - A number may be written in groups ("6228 4800 1234 5678 901", "110105 19491231 002X",
 *   "6228-4800-…"): digit groups shorter than 10 digits that follow each other with only spaces
 *   between them are one number; a number of 10 or more digits stands alone, so an ID number and an
 *   account written one after the other stay apart. If they run together anyway (more than 30
 *   digits, too long for an account), a valid ID number at either end is taken apart from the rest.
 * - Which field is which is read from its shape first: the ID number is the 18-character number
 *   (17 digits and a digit or X) that passes the GB 11643 check; the account is another number; of
 *   the words, the first is the name and the next ones are the bank (those before the account if
 *   any, else those after). A single run of words separated only by spaces ("张三 农业银行 …")
 *   gives its first word to the name and the rest to the bank; with English names, use commas.
 * - Case number and key, when given, come first: a 14-digit case number (dated, hyphen optional)
 *   and the 16-digit key, in either order, or the 30 digits written together.
 *
 * `looksLikePayeeDetails` tells whether a text carries payee details (a valid ID number and another
 * number of 10+ digits); `payeeNumberRanges` finds the numbers that must never be stored from an SMS
 * text: a valid ID number anywhere, any number of 16+ digits (bank-card and key length), and — in a
 * text that carries a valid ID number — every number of 10+ digits.
 */
import { normalizeCaseNumber } from '../case.ts';
import { isValidPayeeIdNumber, PAYEE_BANK_ACCOUNT, type PayeeField } from '../payee.ts';

// --- Tokens ---------------------------------------------------------------------------------------

/** One folded character (NFKC, lower case) and the source range it came from. */
interface Unit {
  ch: string;
  start: number;
  end: number;
}

function unitsOf(text: string): Unit[] {
  const out: Unit[] = [];
  let offset = 0;
  for (const original of text) {
    const start = offset;
    offset += original.length;
    for (const ch of original.normalize('NFKC').toLowerCase()) out.push({ ch, start, end: offset });
  }
  return out;
}

const isDigit = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '9';
/** Ends a field: a word never runs on over these, nor do number groups. */
const STRONG = /^[,、;|/\n。!?]$/u;
/** Separates tokens inside a field. */
const WEAK = /^[\s:\u200b-\u200d\u2060\ufeff]$/u;
/** Joins the digit groups of one number ("6228-4800", "20261127-482913", "2026.11.27"). */
const JOINER = /^[-.\u2010-\u2015\u2212\u30fc]$/u;

type Boundary = 'none' | 'weak' | 'strong';
const RANK: Record<Boundary, number> = { none: 0, weak: 1, strong: 2 };
const stronger = (a: Boundary, b: Boundary): Boundary => (RANK[a] >= RANK[b] ? a : b);

interface Token {
  kind: 'digits' | 'word';
  /** digits: the digits (an ID number's check character as a final `x`); word: the NFKC text. */
  value: string;
  start: number;
  end: number;
  /** What separates it from the token before. */
  before: Boundary;
}

/** Words that name a field; skipped wherever they stand (longest first). */
const CJK_LABELS = [
  '公民身份号码',
  '身份证号码',
  '收款人姓名',
  '身份证号',
  '证件号码',
  '开户银行',
  '银行名称',
  '银行卡号',
  '银行账号',
  '银行帐号',
  '案件编号',
  '查询密码',
  '身份证',
  '证件号',
  '收款人',
  '开户行',
  '案件号',
  '查询码',
  '姓名',
  '名字',
  '户名',
  '卡号',
  '账号',
  '帐号',
  '账户',
  '帐户',
  '编号',
  '密码',
];
const LATIN_LABELS = new Set(['name', 'id', 'idno', 'no', 'account', 'acct', 'card', 'case', 'key', 'pin']);
/** Quotes and dashes around a word are not part of it. */
const WORD_TRIM = /^[-_~"'“”‘’«»]+|[-_~"'“”‘’«»]+$/gu;

/** A word without the labels in front of it ("姓名张三" → "张三"), or '' when it was only a label. */
function stripLabels(word: string): string {
  let w = word.replace(WORD_TRIM, '');
  for (let guard = 0; guard < 4; guard++) {
    const label = CJK_LABELS.find((l) => w.startsWith(l));
    if (!label) break;
    w = w.slice(label.length).replace(WORD_TRIM, '');
  }
  return LATIN_LABELS.has(w.toLowerCase().replace(/[.#]+$/, '')) ? '' : w;
}

function tokensOf(text: string): Token[] {
  const u = unitsOf(text);
  const tokens: Token[] = [];
  let pending: Boundary = 'none';
  let i = 0;
  const push = (t: Omit<Token, 'before'>) => {
    tokens.push({ ...t, before: pending });
    pending = 'none';
  };
  while (i < u.length) {
    const ch = u[i]!.ch;
    if (STRONG.test(ch)) {
      pending = 'strong';
      i++;
      continue;
    }
    if (WEAK.test(ch)) {
      pending = stronger(pending, 'weak');
      i++;
      continue;
    }
    if (isDigit(ch)) {
      let digits = '';
      let j = i;
      while (j < u.length) {
        if (isDigit(u[j]!.ch)) digits += u[j++]!.ch;
        else if (JOINER.test(u[j]!.ch) && isDigit(u[j - 1]?.ch) && isDigit(u[j + 1]?.ch)) j++;
        else break;
      }
      // The check character of an ID number (also on its last group: "110105 19491231 002X").
      if (u[j]?.ch === 'x' && !/^\p{L}$/u.test(u[j + 1]?.ch ?? '')) {
        digits += 'x';
        j++;
      }
      push({ kind: 'digits', value: digits, start: u[i]!.start, end: u[j - 1]!.end });
      i = j;
      continue;
    }
    let j = i;
    while (j < u.length && !isDigit(u[j]!.ch) && !STRONG.test(u[j]!.ch) && !WEAK.test(u[j]!.ch)) j++;
    const value = stripLabels(text.slice(u[i]!.start, u[j - 1]!.end).normalize('NFKC'));
    if (value) push({ kind: 'word', value, start: u[i]!.start, end: u[j - 1]!.end });
    // A label alone counts as a space (a strong separator before it still counts).
    else pending = stronger(pending, 'weak');
    i = j;
  }
  return tokens;
}

// --- Groups ---------------------------------------------------------------------------------------

const PLAUSIBLE_DATE = /^20\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])/;

const caseNumberOf = (digits: string): string | undefined =>
  digits.length === 14 && PLAUSIBLE_DATE.test(digits)
    ? (normalizeCaseNumber(digits) ?? undefined)
    : undefined;

/** Digit groups of at most this many digits are parts of one number written in groups. */
const GROUP_PART_MAX = 9;

interface Group {
  kind: 'digits' | 'word';
  /** digits: all the digits; word: the words joined by one space. */
  value: string;
  /** Each word of a word group (a single run of words may hold the name and the bank). */
  words: string[];
  start: number;
  end: number;
  /** Whether the last token was a short part (a number may go on). */
  open: boolean;
}

const ID_SHAPE = /^\d{17}[\dx]$/;
const isValidId = (digits: string) => ID_SHAPE.test(digits) && isValidPayeeIdNumber(digits.toUpperCase());

/**
 * A run of digits too long for an account (an ID number and an account typed together): a valid
 * ID number at either end taken apart from the rest, else the first 18 digits as the ID number.
 * Never a run that could be an account (a 19-digit account may end in 18 digits that happen to
 * pass the ID check) nor case number and key (30 digits).
 */
function peel(g: Group): Group[] {
  if (g.kind !== 'digits' || g.value.length <= PAYEE_BANK_ACCOUNT.max) return [g];
  const head = g.value.slice(0, 18);
  const tail = g.value.slice(-18);
  const part = (value: string): Group => ({ ...g, value, words: [], open: false });
  if (isValidId(head)) return [part(head), part(g.value.slice(18))];
  if (isValidId(tail)) return [part(g.value.slice(0, -18)), part(tail)];
  // A mistyped ID number and the account, in the documented order.
  return [part(head), part(g.value.slice(18))];
}

function groupsOf(text: string): Group[] {
  const groups: Group[] = [];
  for (const t of tokensOf(text)) {
    const last = groups[groups.length - 1];
    if (t.kind === 'digits') {
      const short = t.value.length <= GROUP_PART_MAX;
      // A check character ends the number.
      const open = short && !t.value.endsWith('x');
      if (last?.kind === 'digits' && last.open && short && t.before === 'weak') {
        last.value += t.value;
        last.end = t.end;
        last.open = open;
        continue;
      }
      groups.push({ kind: 'digits', value: t.value, words: [], start: t.start, end: t.end, open });
      continue;
    }
    if (last?.kind === 'word' && t.before !== 'strong') {
      last.value += ` ${t.value}`;
      last.words.push(t.value);
      last.end = t.end;
      continue;
    }
    groups.push({ kind: 'word', value: t.value, words: [t.value], start: t.start, end: t.end, open: false });
  }
  return groups.flatMap(peel);
}

// --- Claims ---------------------------------------------------------------------------------------

/** What a claim text holds: the credentials in front, if any, and the payee fields it could read. */
export interface ClaimPayload {
  caseNumber?: string;
  accessKey?: string;
  /** The fields as written (absent when not found); `parsePayee` validates and normalises them. */
  fields: Partial<Record<PayeeField, string>>;
}

/** The credentials in front: a case number and key, either order, or the 30 digits together. */
function credentialsAt(groups: Group[]): { caseNumber: string; accessKey?: string; used: number } | null {
  const [a, b] = groups;
  if (a?.kind !== 'digits') return null;
  if (a.value.length === 30) {
    const caseFirst = caseNumberOf(a.value.slice(0, 14));
    if (caseFirst) return { caseNumber: caseFirst, accessKey: a.value.slice(14), used: 1 };
    const keyFirst = caseNumberOf(a.value.slice(16));
    return keyFirst ? { caseNumber: keyFirst, accessKey: a.value.slice(0, 16), used: 1 } : null;
  }
  const aCase = caseNumberOf(a.value);
  if (aCase) {
    if (b?.kind === 'digits' && b.value.length === 16)
      return { caseNumber: aCase, accessKey: b.value, used: 2 };
    return { caseNumber: aCase, used: 1 };
  }
  const bCase = b?.kind === 'digits' ? caseNumberOf(b.value) : undefined;
  if (a.value.length === 16 && bCase) return { caseNumber: bCase, accessKey: a.value, used: 2 };
  return null;
}

/**
 * The credentials and payee fields of a claim text (what follows the keyword, or a whole text that
 * looks like payee details). Never throws; fields it cannot find are absent.
 *
 * @example parseClaimPayload('张三，110105194912310021，农业银行许昌分行，6228 4800 1234 5678 901')
 * // { fields: { name: '张三', idNumber: '110105194912310021', bankName: '农业银行许昌分行',
 * //             bankAccount: '6228480012345678901' } }
 */
export function parseClaimPayload(text: string): ClaimPayload {
  const all = groupsOf(typeof text === 'string' ? text : '');
  const creds = credentialsAt(all);
  const rest = creds ? all.slice(creds.used) : all;
  const out: ClaimPayload = { fields: {} };
  if (creds) {
    out.caseNumber = creds.caseNumber;
    if (creds.accessKey) out.accessKey = creds.accessKey;
  }

  const numbers = rest.filter((g) => g.kind === 'digits');
  const id =
    numbers.find((g) => isValidId(g.value)) ??
    numbers.find((g) => ID_SHAPE.test(g.value) || g.value.endsWith('x')) ??
    (numbers.length >= 2 ? numbers[0] : undefined);
  const others = numbers.filter((g) => g !== id);
  const account = (id && others.find((g) => rest.indexOf(g) > rest.indexOf(id))) ?? others[others.length - 1];
  if (id) out.fields.idNumber = id.value.toUpperCase();
  if (account) out.fields.bankAccount = account.value;

  const [first, ...more] = rest.filter((g) => g.kind === 'word');
  if (first) {
    // The bank: the words between the name and the account; else the rest of the name's own run
    // ("张三 农业银行 …"); else the words after the account. Anything after that is not a field.
    const at = account ? rest.indexOf(account) : rest.length;
    const between = more.filter((g) => rest.indexOf(g) < at);
    const join = (gs: Group[]) => gs.map((g) => g.value).join(' ');
    if (between.length > 0 || first.words.length === 1 || rest.indexOf(first) > at) {
      out.fields.name = first.value;
      const bank = between.length > 0 ? between : more.filter((g) => rest.indexOf(g) > at);
      if (bank.length > 0) out.fields.bankName = join(bank);
    } else {
      out.fields.name = first.words[0]!;
      out.fields.bankName = first.words.slice(1).join(' ');
    }
  }
  return out;
}

/** Whether a text carries payee details: a valid resident ID number and another number of 10+ digits. */
export function looksLikePayeeDetails(text: string): boolean {
  const numbers = groupsOf(typeof text === 'string' ? text : '').filter((g) => g.kind === 'digits');
  const id = numbers.find((g) => isValidId(g.value));
  return Boolean(id && numbers.some((g) => g !== id && g.value.length >= 10));
}

/** Numbers of this many digits or more never stay in a stored SMS text (bank cards, keys, IDs). */
export const ALWAYS_REDACTED_DIGITS = 16;
/** In a text with a valid ID number, numbers of this many digits or more are gone too (accounts). */
export const PAYEE_REDACTED_DIGITS = 10;

/**
 * Source ranges [start, end) of the numbers an SMS text must not be stored with (module header).
 * Phone numbers (≤ 13 digits with the country code), case numbers (14), dates stay.
 */
export function payeeNumberRanges(text: string): [number, number][] {
  const numbers = groupsOf(typeof text === 'string' ? text : '').filter((g) => g.kind === 'digits');
  const hasId = numbers.some((g) => isValidId(g.value));
  return numbers
    .filter(
      (g) =>
        isValidId(g.value) ||
        g.value.length >= ALWAYS_REDACTED_DIGITS ||
        (hasId && g.value.length >= PAYEE_REDACTED_DIGITS),
    )
    .map((g): [number, number] => [g.start, g.end]);
}
