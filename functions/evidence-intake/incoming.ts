/**
 * The S3 event side of direct evidence uploads: every object created under `incoming/` is
 * stripped, verified and sealed into the case's evidence, or refused, then deleted
 * (shared/services/direct-uploads.ts). Objects are handled one at a time — decoding a 10 MB photo
 * takes far more memory than the file — and a storage failure throws, so Lambda retries the event
 * (a retry of a handled object is ignored). Logs counts only: never a key, never the event.
 */
import type { S3Event } from 'aws-lambda';
import type { BlobStore } from '#shared/evidence/blob-store.ts';
import type { Logger } from '#shared/log.ts';
import { finishDirectUpload, uploadIdOf } from '#shared/services/direct-uploads.ts';
import type { EvidenceDeps } from '#shared/services/evidence.ts';

export interface IncomingEvidenceDeps extends EvidenceDeps {
  /** Reads and deletes `incoming/…` objects (the evidence bucket). */
  incoming: BlobStore;
  logger: Logger;
}

export interface IncomingSummary {
  ready: number;
  refused: number;
  ignored: number;
}

/** S3 event keys are URL-encoded, spaces as `+`. */
const keyOf = (raw: string) => decodeURIComponent(raw.replace(/\+/g, ' '));

export async function handleIncomingEvidence(
  deps: IncomingEvidenceDeps,
  event: S3Event,
): Promise<IncomingSummary> {
  const summary: IncomingSummary = { ready: 0, refused: 0, ignored: 0 };
  for (const record of event.Records ?? []) {
    const uploadId = record.eventName?.startsWith('ObjectCreated:')
      ? uploadIdOf(keyOf(record.s3?.object?.key ?? ''))
      : null;
    if (!uploadId) {
      summary.ignored += 1;
      continue;
    }
    const done = await finishDirectUpload(deps, deps.incoming, uploadId);
    summary[done.outcome] += 1;
  }
  // Counts only: how many objects this event carried, and how many of them were refused.
  deps.logger.info('incoming evidence', { component: 'evidence-intake', count: event.Records?.length ?? 0 });
  if (summary.refused)
    deps.logger.info('incoming evidence refused', { component: 'evidence-intake', count: summary.refused });
  return summary;
}
