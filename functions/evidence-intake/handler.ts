/**
 * Lambda entry for direct evidence uploads (S3 ObjectCreated under `incoming/`): the only function
 * that may read an incoming object. It seals into `evidence/…` with data keys of purpose `evidence`
 * and records the file on the case; it cannot read sealed evidence or anything of a reporter's identity.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { keyProviderOf, tableNamesOf } from '#functions/http/adapters.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { S3BlobStore } from '#shared/evidence/s3-blob-store.ts';
import { createLogger } from '#shared/log.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { EvidenceRepository } from '#shared/repositories/evidence-repository.ts';
import { handleIncomingEvidence, type IncomingSummary } from './incoming.ts';

const config = loadConfig();
if (!config.EVIDENCE_BUCKET) throw new Error('configuration invalid: EVIDENCE_BUCKET is required');
const db = createDynamoClient({ region: config.AWS_REGION });
const tables = tableNamesOf(config);
const bucket = new S3BlobStore(new S3Client({ region: config.AWS_REGION }), config.EVIDENCE_BUCKET);
const deps = {
  cases: new CaseRepository(db, tables),
  evidence: new EvidenceRepository(db, tables),
  blobs: bucket,
  incoming: bucket,
  keys: keyProviderOf(config),
  now: () => new Date(),
  logger: createLogger(),
};

export async function handler(event: S3Event): Promise<IncomingSummary> {
  return handleIncomingEvidence(deps, event);
}
