/**
 * The reporter's secret access key: 16 random digits (typable on any phone keypad), shown once.
 * Only a scrypt hash with a per-case salt is stored; verification is constant-time. How a key is
 * written and read back (4-4-4-4, with or without separators) is domain/access-key-format.ts.
 */
import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt cost: N=2^14, r=8, p=1 (about 16 MiB and tens of ms per hash). */
const PARAMS = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LEN = 32;

export function generateAccessKey(): string {
  let out = '';
  for (let i = 0; i < 16; i++) out += String(randomInt(10));
  return out;
}

export interface AccessKeyHash {
  salt: string;
  hash: string;
}

function derive(key: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(key, salt, KEY_LEN, PARAMS, (err, derived) => (err ? reject(err) : resolve(derived))),
  );
}

export async function hashAccessKey(key: string): Promise<AccessKeyHash> {
  const salt = randomBytes(16);
  const hash = await derive(key, salt);
  return { salt: salt.toString('base64'), hash: hash.toString('base64') };
}

export async function verifyAccessKey(key: string, stored: AccessKeyHash): Promise<boolean> {
  const derived = await derive(key, Buffer.from(stored.salt, 'base64'));
  const expected = Buffer.from(stored.hash, 'base64');
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

/** Spends the same work as a real verification, for unknown case numbers (no timing oracle). */
const DUMMY_SALT = Buffer.alloc(16, 7);
export async function burnVerification(key: string): Promise<false> {
  await derive(key, DUMMY_SALT);
  return false;
}
