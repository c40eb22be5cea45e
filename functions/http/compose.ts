/**
 * Composition root: the one place that picks adapters for the environment (KMS vs local key file,
 * DynamoDB in AWS vs DynamoDB Local) and wires them into the services the app uses.
 */

import { createHmac } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Config } from '#shared/config.ts';
import type { KeyProvider } from '#shared/crypto/envelope.ts';
import type { ServerSecrets } from '#shared/crypto/server-keys.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import type { CalendarData } from '#shared/domain/calendar.ts';
import type { DeadlinePolicy } from '#shared/domain/deadline-policy.ts';
import type { BlobStore } from '#shared/evidence/blob-store.ts';
import { createLogger, type Logger } from '#shared/log.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { EvidenceRepository } from '#shared/repositories/evidence-repository.ts';
import { FloodRepository } from '#shared/repositories/flood-repository.ts';
import type { UploadSigner } from '#shared/services/direct-uploads.ts';
import { IntakeGuard } from '#shared/services/intake-guard.ts';
import { blobStoreOf, keyProviderOf, serverSecretsOf, tableNamesOf, uploadSignerOf } from './adapters.ts';

export { blobStoreOf, keyProviderOf, serverSecretsOf, tableNamesOf, uploadSignerOf };

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
