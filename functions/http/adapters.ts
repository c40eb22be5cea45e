/**
 * The adapters each environment gets — table names, the identity key provider (local key file or
 * KMS), the server secrets, the evidence blob store and the direct-upload signer — apart from the
 * full composition (compose.ts), so a function that needs only an adapter or two (the stream
 * consumer, the strip function, the dashboards) does not carry the intake and its questionnaire.
 */
import { dirname, join } from 'node:path';
import { lazyKms } from '#shared/aws/lazy-clients.ts';
import type { Config } from '#shared/config.ts';
import type { KeyProvider } from '#shared/crypto/envelope.ts';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider.ts';
import { LocalKeyProvider, loadOrCreateMasterKey } from '#shared/crypto/local-key-provider.ts';
import { KmsServerSecrets, LocalServerSecrets, type ServerSecrets } from '#shared/crypto/server-keys.ts';
import type { TableNames } from '#shared/db/keys.ts';
import { UnavailableError } from '#shared/errors.ts';
import { type BlobStore, FileBlobStore } from '#shared/evidence/blob-store.ts';
import { bucketOrigin } from '#shared/evidence/bucket-origin.ts';
import type { UploadSigner } from '#shared/services/direct-uploads.ts';

export function tableNamesOf(config: Config): TableNames {
  return { cases: config.CASES_TABLE, identity: config.IDENTITY_TABLE, directory: config.DIRECTORY_TABLE };
}

export function keyProviderOf(config: Config): KeyProvider {
  if (config.MODE === 'local') return new LocalKeyProvider(loadOrCreateMasterKey(config.MASTER_KEY_FILE!));
  if (!config.IDENTITY_KEY_ID)
    throw new Error('configuration invalid: IDENTITY_KEY_ID is required in aws mode');
  return new KmsKeyProvider(lazyKms(config.AWS_REGION), config.IDENTITY_KEY_ID);
}

/** Local master key file, or the KMS HMAC key in AWS (the phone hash's mechanism, its own key). */
export function serverSecretsOf(config: Config): ServerSecrets {
  if (config.MODE === 'local') return new LocalServerSecrets(loadOrCreateMasterKey(config.MASTER_KEY_FILE!));
  const keyId = config.SERVER_HMAC_KEY_ID;
  if (!keyId)
    return {
      key: async () => {
        throw new Error('configuration invalid: SERVER_HMAC_KEY_ID is required in aws mode');
      },
    };
  return new KmsServerSecrets(lazyKms(config.AWS_REGION), keyId);
}

/** A blob store for functions that have no evidence bucket: any use is a clear 503, never a silent no-op. */
class NoBlobStore implements BlobStore {
  private fail(): never {
    throw new UnavailableError('no evidence store configured for this function');
  }
  put = async () => this.fail();
  get = async () => this.fail();
  delete = async () => this.fail();
}

/** The evidence blob store: a folder under .data/ locally, the S3 bucket in AWS (loaded on first use). */
export function blobStoreOf(config: Config): BlobStore {
  if (config.MODE === 'local')
    return new FileBlobStore(config.EVIDENCE_DIR ?? join(dirname(config.MASTER_KEY_FILE!), 'evidence'));
  if (!config.EVIDENCE_BUCKET) return new NoBlobStore();
  const bucket = config.EVIDENCE_BUCKET;
  let store: Promise<BlobStore> | undefined;
  // The S3 client loads only when a file is stored or read, so intake without files pays nothing.
  const load = () =>
    (store ??= import('#shared/evidence/s3-blob-store.ts').then(
      (m) => new m.S3BlobStore(new m.S3Client({ region: config.AWS_REGION }), bucket),
    ));
  return {
    put: async (k, b) => (await load()).put(k, b),
    get: async (k) => (await load()).get(k),
    delete: async (k) => (await load()).delete(k),
  };
}

/** The direct-upload signer in AWS with an evidence bucket (loaded on first use), else none. */
export function uploadSignerOf(config: Config): UploadSigner | undefined {
  if (config.MODE === 'local' || !config.EVIDENCE_BUCKET) return undefined;
  const bucket = config.EVIDENCE_BUCKET;
  let signer: Promise<UploadSigner> | undefined;
  const load = () =>
    // The same slim S3 client module as the blob store, not the whole client package.
    (signer ??= Promise.all([
      import('#shared/evidence/s3-blob-store.ts'),
      import('#shared/evidence/s3-upload-signer.ts'),
    ]).then(
      ([s3, m]) =>
        new m.S3UploadSigner(new s3.S3Client({ region: config.AWS_REGION }), bucket, config.AWS_REGION),
    ));
  return {
    origin: bucketOrigin(bucket, config.AWS_REGION),
    presign: async (key, max, expires) => (await load()).presign(key, max, expires),
  };
}
