/**
 * Composition root: the one place that picks adapters for the environment (KMS vs local key file,
 * DynamoDB in AWS vs DynamoDB Local) and wires them into the services the app uses.
 */

import { createHmac } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lazyKms } from '#shared/aws/lazy-clients.ts';
import type { Config } from '#shared/config.ts';
import type { KeyProvider } from '#shared/crypto/envelope.ts';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider.ts';
import { LocalKeyProvider, loadOrCreateMasterKey } from '#shared/crypto/local-key-provider.ts';
import { KmsServerSecrets, LocalServerSecrets, type ServerSecrets } from '#shared/crypto/server-keys.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import type { TableNames } from '#shared/db/keys.ts';
import type { CalendarData } from '#shared/domain/calendar.ts';
import type { DeadlinePolicy } from '#shared/domain/deadline-policy.ts';
import { UnavailableError } from '#shared/errors.ts';
import { type BlobStore, FileBlobStore } from '#shared/evidence/blob-store.ts';
import { bucketOrigin } from '#shared/evidence/bucket-origin.ts';
import { createLogger, type Logger } from '#shared/log.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { EvidenceRepository } from '#shared/repositories/evidence-repository.ts';
import { FloodRepository } from '#shared/repositories/flood-repository.ts';
import type { UploadSigner } from '#shared/services/direct-uploads.ts';
import { IntakeGuard } from '#shared/services/intake-guard.ts';

export interface AppDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  keys: KeyProvider;
  /** Sub-keys for signed page cursors and client-address hashes (shared/crypto/server-keys.ts). */
  secrets: ServerSecrets;
  now: () => Date;
  logger: Logger;
  regionCode: string;
  calendar: CalendarData;
  policies: DeadlinePolicy[];
  /** Evidence metadata (cases table) and the sealed blobs (local folder or S3). */
  evidence: EvidenceRepository;
  blobs: BlobStore;
  /**
   * Per-source budget and proof-of-work for new web/API reports (absent where the phone-hash key
   * is not configured: the staff and reveal functions, which open no citizen reports).
   */
  intakeGuard?: IntakeGuard;
  /** The CloudFront origin secret that lets a request name its viewer's address (functions/http/source.ts). */
  edgeSecret?: string;
  /**
   * Presigned POSTs of evidence straight to S3 (shared/services/direct-uploads.ts): AWS only, where
   * a request body cannot carry the files. Absent: files come in the multipart form.
   */
  uploadSigner?: UploadSigner;
}

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

const withUploadSigner = (signer: UploadSigner | undefined) => (signer ? { uploadSigner: signer } : {});

export function composeDeps(
  config: Config,
  overrides: Partial<AppDeps> & { db?: DynamoDBClient } = {},
): AppDeps {
  const db =
    overrides.db ?? createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const tables = tableNamesOf(config);
  const cases = overrides.cases ?? new CaseRepository(db, tables);
  const now = overrides.now ?? (() => new Date());
  const secrets = overrides.secrets ?? serverSecretsOf(config);
  // Sources are keyed by an HMAC under the server key (never the phone-hash key, which would let the
  // intake functions hash phone numbers): the key is derived once, each hash is local.
  const intakeGuard =
    overrides.intakeGuard ??
    new IntakeGuard({
      flood: new FloodRepository(db, tables),
      cases,
      hasher: {
        hash: async (value) =>
          createHmac('sha256', await secrets.key('intake-source'))
            .update(value, 'utf8')
            .digest('base64url'),
      },
      now: () => now(),
      policy: { sourceBudget: config.INTAKE_SOURCE_BUDGET, powDifficulty: config.INTAKE_POW_DIFFICULTY },
    });
  return {
    intakeGuard,
    ...(config.EDGE_ORIGIN_SECRET ? { edgeSecret: config.EDGE_ORIGIN_SECRET } : {}),
    ...withUploadSigner(overrides.uploadSigner ?? uploadSignerOf(config)),
    cases,
    directory: overrides.directory ?? new DirectoryRepository(db, tables),
    keys: overrides.keys ?? keyProviderOf(config),
    secrets,
    now,
    logger: overrides.logger ?? createLogger(),
    regionCode: config.REGION_CODE,
    calendar: overrides.calendar ?? loadCalendar(),
    policies: overrides.policies ?? loadDeadlinePolicies(),
    evidence: overrides.evidence ?? new EvidenceRepository(db, tables),
    blobs: overrides.blobs ?? blobStoreOf(config),
  };
}
