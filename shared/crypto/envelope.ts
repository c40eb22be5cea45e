/**
 * Envelope encryption for reporter identity (SPEC §6): a fresh 256-bit data key per sealed item,
 * AES-256-GCM with the case number (or another binding) as associated data, and the data key
 * itself wrapped by a KeyProvider — AWS KMS in AWS, a local key file in local mode.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Binds a wrapped data key to what it protects; KMS checks it as the encryption context. */
export type KeyContext = Record<string, string>;

export interface DataKey {
  plaintext: Uint8Array;
  wrapped: Uint8Array;
}

export interface KeyProvider {
  /** Short name stored with each sealed item (`kms` or `local`). */
  readonly kind: string;
  generateDataKey(context: KeyContext): Promise<DataKey>;
  unwrapDataKey(wrapped: Uint8Array, context: KeyContext): Promise<Uint8Array>;
}

export interface Sealed {
  v: 1;
  provider: string;
  /** Wrapped data key, base64. */
  dk: string;
  iv: string;
  ct: string;
  tag: string;
}

export function aesGcmEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: string) {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ct, tag: cipher.getAuthTag() };
}

export function aesGcmDecrypt(key: Uint8Array, iv: Uint8Array, ct: Uint8Array, tag: Uint8Array, aad: string) {
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]);
}

/**
 * Seals a JSON value. `aad` (the case number) is authenticated but not encrypted; `context` goes to
 * the key provider so a wrapped key can only be unwrapped for the purpose it was made for.
 */
export async function seal(
  provider: KeyProvider,
  value: unknown,
  aad: string,
  context: KeyContext,
): Promise<Sealed> {
  const dataKey = await provider.generateDataKey(context);
  try {
    const { iv, ct, tag } = aesGcmEncrypt(dataKey.plaintext, Buffer.from(JSON.stringify(value), 'utf8'), aad);
    return {
      v: 1,
      provider: provider.kind,
      dk: Buffer.from(dataKey.wrapped).toString('base64'),
      iv: iv.toString('base64'),
      ct: ct.toString('base64'),
      tag: tag.toString('base64'),
    };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

export async function open<T>(
  provider: KeyProvider,
  sealed: Sealed,
  aad: string,
  context: KeyContext,
): Promise<T> {
  const key = await provider.unwrapDataKey(Buffer.from(sealed.dk, 'base64'), context);
  try {
    const plain = aesGcmDecrypt(
      key,
      Buffer.from(sealed.iv, 'base64'),
      Buffer.from(sealed.ct, 'base64'),
      Buffer.from(sealed.tag, 'base64'),
      aad,
    );
    return JSON.parse(plain.toString('utf8')) as T;
  } finally {
    key.fill(0);
  }
}

/** Canonical AAD for a key context, so the local provider binds wrapped keys like KMS does. */
export function contextAad(context: KeyContext): string {
  return JSON.stringify(Object.entries(context).sort(([a], [b]) => a.localeCompare(b)));
}

/** Magic and version of a sealed binary blob (evidence files): "CSB1". */
const SEALED_BYTES_MAGIC = Buffer.from('CSB1', 'latin1');

/**
 * Seals bytes (an evidence file) with a fresh data key, like `seal` but without JSON or base64:
 * `CSB1 | u32 header length | header JSON {provider, dk, iv, tag} | ciphertext`. Nothing of the
 * plaintext — not its type, not its first bytes — is readable in the result.
 */
export async function sealBytes(
  provider: KeyProvider,
  plaintext: Uint8Array,
  aad: string,
  context: KeyContext,
): Promise<Uint8Array> {
  const dataKey = await provider.generateDataKey(context);
  try {
    const { iv, ct, tag } = aesGcmEncrypt(dataKey.plaintext, plaintext, aad);
    const header = Buffer.from(
      JSON.stringify({
        provider: provider.kind,
        dk: Buffer.from(dataKey.wrapped).toString('base64'),
        iv: iv.toString('base64'),
        tag: tag.toString('base64'),
      }),
      'utf8',
    );
    const length = Buffer.alloc(4);
    length.writeUInt32BE(header.length);
    return Buffer.concat([SEALED_BYTES_MAGIC, length, header, ct]);
  } finally {
    dataKey.plaintext.fill(0);
  }
}

export async function openBytes(
  provider: KeyProvider,
  sealed: Uint8Array,
  aad: string,
  context: KeyContext,
): Promise<Buffer> {
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < 8 || !buf.subarray(0, 4).equals(SEALED_BYTES_MAGIC)) throw new Error('not a sealed blob');
  const headerEnd = 8 + buf.readUInt32BE(4);
  const header = JSON.parse(buf.subarray(8, headerEnd).toString('utf8')) as {
    dk: string;
    iv: string;
    tag: string;
  };
  const key = await provider.unwrapDataKey(Buffer.from(header.dk, 'base64'), context);
  try {
    return aesGcmDecrypt(
      key,
      Buffer.from(header.iv, 'base64'),
      buf.subarray(headerEnd),
      Buffer.from(header.tag, 'base64'),
      aad,
    );
  } finally {
    key.fill(0);
  }
}
