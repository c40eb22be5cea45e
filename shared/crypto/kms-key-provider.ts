/** AWS KMS as the envelope key provider: GenerateDataKey / Decrypt with an encryption context. */
import type { KMSClient } from '@aws-sdk/client-kms';
import { type ClientSource, clientOf } from '../aws/lazy-clients.ts';
import { UnavailableError } from '../errors.ts';
import type { DataKey, KeyContext, KeyProvider } from './envelope.ts';

export class KmsKeyProvider implements KeyProvider {
  readonly kind = 'kms';
  constructor(
    private readonly kms: ClientSource<KMSClient>,
    private readonly keyId: string,
  ) {}

  async generateDataKey(context: KeyContext): Promise<DataKey> {
    try {
      const [kms, { GenerateDataKeyCommand }] = await Promise.all([
        clientOf(this.kms),
        import('../aws/kms.ts'),
      ]);
      const out = await kms.send(
        new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', EncryptionContext: context }),
      );
      if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
      return { plaintext: out.Plaintext, wrapped: out.CiphertextBlob };
    } catch (err) {
      throw new UnavailableError('key service unavailable', { cause: err });
    }
  }

  async unwrapDataKey(wrapped: Uint8Array, context: KeyContext): Promise<Uint8Array> {
    try {
      const [kms, { DecryptCommand }] = await Promise.all([clientOf(this.kms), import('../aws/kms.ts')]);
      const out = await kms.send(
        new DecryptCommand({ KeyId: this.keyId, CiphertextBlob: wrapped, EncryptionContext: context }),
      );
      if (!out.Plaintext) throw new Error('KMS returned no plaintext');
      return out.Plaintext;
    } catch (err) {
      throw new UnavailableError('key service unavailable', { cause: err });
    }
  }
}
