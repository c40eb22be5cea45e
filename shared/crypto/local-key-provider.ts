/**
 * Local stand-in for KMS: a 256-bit master key in a file under .data/ (created 0600 on first use)
 * wraps each data key with AES-256-GCM, binding the key context as associated data.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  aesGcmDecrypt,
  aesGcmEncrypt,
  contextAad,
  type DataKey,
  type KeyContext,
  type KeyProvider,
} from './envelope.ts';

export function loadOrCreateMasterKey(path: string): Buffer {
  try {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new Error(`master key file ${path} does not hold 32 bytes`);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    mkdirSync(dirname(path), { recursive: true });
    const key = randomBytes(32);
    writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  }
}

export class LocalKeyProvider implements KeyProvider {
  readonly kind = 'local';
  constructor(private readonly masterKey: Uint8Array) {}

  async generateDataKey(context: KeyContext): Promise<DataKey> {
    const plaintext = randomBytes(32);
    const { iv, ct, tag } = aesGcmEncrypt(this.masterKey, plaintext, contextAad(context));
    return { plaintext, wrapped: Buffer.concat([iv, tag, ct]) };
  }

  async unwrapDataKey(wrapped: Uint8Array, context: KeyContext): Promise<Uint8Array> {
    const buf = Buffer.from(wrapped);
    return aesGcmDecrypt(
      this.masterKey,
      buf.subarray(0, 12),
      buf.subarray(28),
      buf.subarray(12, 28),
      contextAad(context),
    );
  }
}
