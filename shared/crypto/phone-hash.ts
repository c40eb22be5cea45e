/**
 * A keyed hash of a phone number (E.164), to thread an SMS conversation and rate-limit a number
 * without storing it: HMAC-SHA256 under a key that never leaves the key provider (KMS
 * GenerateMac in AWS; locally an HKDF-derived sub-key of the master key). Output base64url.
 * Without the key, the small space of phone numbers cannot be searched.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { type ClientSource, clientOf } from '../aws/lazy-clients.ts';
import { UnavailableError } from '../errors.ts';

export interface PhoneHasher {
  hash(e164: string): Promise<string>;
}

const HKDF_INFO = 'chuishao sms phone';

export class LocalPhoneHasher implements PhoneHasher {
  private readonly key: Buffer;
  constructor(masterKey: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), HKDF_INFO, 32));
  }

  async hash(e164: string): Promise<string> {
    return createHmac('sha256', this.key).update(e164, 'utf8').digest('base64url');
  }
}

export class KmsPhoneHasher implements PhoneHasher {
  constructor(
    private readonly kms: ClientSource<KMSClient>,
    /** An HMAC_256 KMS key. */
    private readonly keyId: string,
  ) {}

  async hash(e164: string): Promise<string> {
    try {
      const [kms, { GenerateMacCommand }] = await Promise.all([clientOf(this.kms), import('../aws/kms.ts')]);
      const out = await kms.send(
        new GenerateMacCommand({
          KeyId: this.keyId,
          MacAlgorithm: 'HMAC_SHA_256',
          Message: Buffer.from(e164, 'utf8'),
        }),
      );
      if (!out.Mac) throw new Error('KMS returned no MAC');
      return Buffer.from(out.Mac).toString('base64url');
    } catch (err) {
      throw new UnavailableError('key service unavailable', { cause: err });
    }
  }
}
