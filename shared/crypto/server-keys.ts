/**
 * Server-side secrets for short-lived authenticity checks: page cursors (signed so a client cannot
 * forge a position or widen a query) and the keyed hash of a client's address (rate limits without
 * storing the address). One sub-key per purpose, derived from key material the deployment already
 * has, the same way the phone-number hash gets its key:
 * - locally: HKDF-SHA256 of the local master key (`.data/master.key`), info `chuishao <purpose>`;
 * - in AWS: a KMS HMAC key (`SERVER_HMAC_KEY_ID`, never leaving KMS) MACs the label
 *   `chuishao <purpose>` once per warm function; the MAC is the sub-key. Rotating the KMS key (or
 *   replacing it) invalidates outstanding cursors, which then ask the client to start over.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { type ClientSource, clientOf } from '../aws/lazy-clients.ts';
import { UnavailableError } from '../errors.ts';

export type SecretPurpose = 'cursor' | 'client-address' | 'intake-source';

export interface ServerSecrets {
  /** A 32-byte key for `purpose`, stable across instances of the deployment. */
  key(purpose: SecretPurpose): Promise<Buffer>;
}

export class LocalServerSecrets implements ServerSecrets {
  constructor(private readonly masterKey: Uint8Array) {}
  async key(purpose: SecretPurpose): Promise<Buffer> {
    return Buffer.from(hkdfSync('sha256', this.masterKey, Buffer.alloc(0), `chuishao ${purpose}`, 32));
  }
}

export class KmsServerSecrets implements ServerSecrets {
  private readonly keys = new Map<SecretPurpose, Promise<Buffer>>();
  constructor(
    private readonly kms: ClientSource<KMSClient>,
    /** An HMAC_256 KMS key. */
    private readonly keyId: string,
  ) {}

  key(purpose: SecretPurpose): Promise<Buffer> {
    let pending = this.keys.get(purpose);
    if (!pending) {
      pending = (async () => {
        const [kms, { GenerateMacCommand }] = await Promise.all([
          clientOf(this.kms),
          import('../aws/kms.ts'),
        ]);
        const out = await kms.send(
          new GenerateMacCommand({
            KeyId: this.keyId,
            MacAlgorithm: 'HMAC_SHA_256',
            Message: Buffer.from(`chuishao ${purpose}`, 'utf8'),
          }),
        );
        if (!out.Mac) throw new Error('KMS returned no MAC');
        return Buffer.from(out.Mac);
      })();
      // A failure is not cached: the next request asks KMS again.
      pending.catch(() => this.keys.delete(purpose));
      this.keys.set(purpose, pending);
    }
    return pending.catch((err) => {
      throw new UnavailableError('key service unavailable', { cause: err });
    });
  }
}

/** HMAC-SHA256 of `data` under the purpose's key, base64url. */
export async function keyedHash(
  secrets: ServerSecrets,
  purpose: SecretPurpose,
  data: string,
): Promise<string> {
  return createHmac('sha256', await secrets.key(purpose))
    .update(data, 'utf8')
    .digest('base64url');
}

/** Constant-time comparison of two base64url MACs. */
export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'base64url');
  const y = Buffer.from(b, 'base64url');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
