/**
 * Flood resistance rules, pure: the per-source budget's hourly window and limits, the
 * proof-of-work difficulty, and the hashcash check itself.
 *
 * Proof-of-work (after GlobaLeaks' HashCash antispam): the server hands out a signed challenge
 * `v1.<salt>.<difficulty>.<expires>.<mac>`; the client finds a nonce such that
 * SHA-256(`<challenge>:<nonce>`) starts with `difficulty` zero bits and sends `<challenge>:<nonce>`.
 * Checking costs one hash; solving costs 2^difficulty on average — about a second on a phone at
 * the default 15. Each challenge is accepted once (the service records it spent).
 */
import { createHash } from 'node:crypto';

/** Budgets count per clock hour (UTC), so a counter item is one key and expires with TTL. */
export const BUDGET_WINDOW_S = 3600;
/** How long a challenge may be solved and sent. */
export const CHALLENGE_TTL_S = 30 * 60;
/** Difficulty never rises more than this many bits above the base (64× the work). */
export const MAX_EXTRA_BITS = 6;

export const windowStartOf = (nowS: number) => nowS - (nowS % BUDGET_WINDOW_S);

/** Seconds until the window that starts at `windowStart` ends (at least 1). */
export const retryAfterOf = (windowStart: number, nowS: number) =>
  Math.max(1, windowStart + BUDGET_WINDOW_S - nowS);

/**
 * New cases a source may open in a window: the full budget with a solved proof-of-work, a fifth of
 * it (at least 1) without — a browser without JavaScript, an API script, a phone number by SMS.
 */
export function budgetLimit(budget: number, withProof: boolean): number {
  return withProof ? budget : Math.max(1, Math.floor(budget / 5));
}

/**
 * The difficulty a source must solve after opening `count` cases this window: one more bit (twice
 * the work) for every sixth of the budget it used, at most MAX_EXTRA_BITS more.
 */
export function requiredDifficulty(base: number, count: number, budget: number): number {
  if (base === 0) return 0;
  const step = Math.max(1, Math.ceil(budget / 6));
  return Math.min(30, base + Math.min(MAX_EXTRA_BITS, Math.floor(count / step)));
}

export interface Challenge {
  salt: string;
  difficulty: number;
  expiresAt: number;
}

/** The part of a challenge the MAC covers. */
export const challengeBody = (c: Challenge) => `v1.${c.salt}.${c.difficulty}.${c.expiresAt}`;

/** Splits `<challenge>:<nonce>` or a bare challenge; null when malformed. */
export function parseProof(
  text: string,
): { challenge: Challenge; mac: string; nonce?: string; raw: string } | null {
  const m = /^v1\.([A-Za-z0-9_-]{8,64})\.(\d{1,2})\.(\d{1,12})\.([A-Za-z0-9_-]{16,64})(?::(\d{1,16}))?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  return {
    challenge: { salt: m[1]!, difficulty: Number(m[2]), expiresAt: Number(m[3]) },
    mac: m[4]!,
    ...(m[5] !== undefined ? { nonce: m[5] } : {}),
    raw: `v1.${m[1]}.${m[2]}.${m[3]}.${m[4]}`,
  };
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Whether `nonce` solves the signed challenge string at `difficulty`. */
export function solves(challenge: string, nonce: string, difficulty: number): boolean {
  return leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= difficulty;
}

/**
 * Finds a nonce (for Node clients: the demo, tests). The page's script does the same in the
 * browser (functions/assets/public/app.js).
 */
export function solve(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) if (solves(challenge, String(n), difficulty)) return String(n);
}

/**
 * The address a budget counts: IPv4 as it is (an IPv4-mapped IPv6 address as IPv4), IPv6 by its
 * /64 network, which one subscriber usually holds whole. Null when there is none to count.
 */
export function sourceKeyOf(address: string | undefined): string | null {
  if (!address) return null;
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(a);
  if (mapped) return mapped[1]!;
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(a)) return a;
  if (!a.includes(':') || !/^[0-9a-f:.]+$/.test(a)) return null;
  const [head = '', tail = ''] = a.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = a.includes('::')
    ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
