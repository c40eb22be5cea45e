/**
 * Evidence sent straight to S3 (AWS only). API Gateway and Lambda cap a request body far below six
 * 10 MB files, so in AWS the browser or API client asks for presigned POSTs and sends each file to
 * the evidence bucket under `incoming/<upload id>`; nothing there is readable by staff. An S3 event
 * then runs `finishDirectUpload`, which does what the multipart path does before storing: type by
 * the bytes, strip, verify, seal with the case's envelope key (purpose `evidence`) into
 * `evidence/…`, and only then makes the file visible — one `evidence_added` event, the pending item
 * replaced by the ready one in the same transaction. A file that fails is marked refused with its
 * reason. The incoming object is deleted either way (and expires after a day if never processed).
 *
 * Locally the multipart path stays (there is no payload limit to work around).
 */
import { randomBytes } from 'node:crypto';
import { incomingBlobKey, TTL } from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import {
  kindOf,
  MAX_FILE_BYTES,
  MAX_FILES_PER_CASE,
  MAX_FILES_PER_SUBMISSION,
  type RefusalReason,
  refusalIssue,
} from '../domain/evidence.ts';
import { ValidationError } from '../errors.ts';
import type { BlobStore } from '../evidence/blob-store.ts';
import type { ChangeDecision } from '../repositories/case-change.ts';
import type { EvidenceItem, EvidenceSource, PendingEvidence } from '../repositories/evidence-repository.ts';
import { type EvidenceDeps, prepareFile, sealAndStore } from './evidence.ts';

/** How long a presigned POST may be used. */
export const DIRECT_UPLOAD_EXPIRY_S = 5 * 60;
/** A pending item (and the incoming object, by the bucket's lifecycle rule) is gone after a day. */
const PENDING_TTL_S = 24 * 60 * 60;

/** A form the client posts the file to: every field, then the file as the last field `file`. */
export interface PresignedUpload {
  url: string;
  fields: Record<string, string>;
}

/** Signs a POST of at most `maxBytes` to `key`, valid `expiresS` seconds (S3 in AWS). */
export interface UploadSigner {
  presign(key: string, maxBytes: number, expiresS: number): Promise<PresignedUpload>;
  /** Where the POSTs go (`https://<bucket>.s3.<region>.…`), for the pages' connect-src. */
  readonly origin: string;
}

export interface DirectUpload extends PresignedUpload {
  /** When the form stops working (ISO time). */
  expiresAt: string;
}

/**
 * Records `count` pending files on the case and returns one presigned POST each. Refuses (400,
 * field `count`) more than a submission's files or more than the case may still hold, counting
 * uploads still pending.
 */
export async function startDirectUploads(
  deps: EvidenceDeps & { uploadSigner: UploadSigner },
  record: CaseRecord,
  count: number,
  source: EvidenceSource,
): Promise<DirectUpload[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_FILES_PER_SUBMISSION)
    throw new ValidationError([refusalIssue('too_many', undefined, 'count')]);
  const caseNumber = record.caseNumber;
  const now = deps.now();
  const nowS = Math.floor(now.getTime() / 1000);
  const [ready, uploads] = await Promise.all([
    deps.evidence.list(caseNumber),
    deps.evidence.listUploads(caseNumber, nowS),
  ]);
  const waiting = uploads.filter((u) => u.status === 'pending').length;
  if (ready.length + waiting + count > MAX_FILES_PER_CASE)
    throw new ValidationError([refusalIssue('case_full', undefined, 'count')]);
  const at = now.toISOString();
  const items: PendingEvidence[] = Array.from({ length: count }, (_, order) => ({
    id: randomBytes(12).toString('hex'),
    caseNumber,
    status: 'pending',
    uploadId: randomBytes(24).toString('base64url'),
    at,
    order,
    source,
    [TTL]: nowS + PENDING_TTL_S,
  }));
  await deps.evidence.addPending(items);
  const expiresAt = new Date(now.getTime() + DIRECT_UPLOAD_EXPIRY_S * 1000).toISOString();
  return Promise.all(
    items.map(async (i) => ({
      ...(await deps.uploadSigner.presign(
        incomingBlobKey(i.uploadId),
        MAX_FILE_BYTES,
        DIRECT_UPLOAD_EXPIRY_S,
      )),
      expiresAt,
    })),
  );
}

/** What became of one incoming object. */
export type DirectUploadOutcome =
  | { outcome: 'ready'; caseNumber: string; id: string }
  | { outcome: 'refused'; reason: RefusalReason }
  /** No pending item for it (unknown, expired, or already handled: S3 may deliver an event twice). */
  | { outcome: 'ignored' };

/** The opaque id of an incoming key (`incoming/<id>`), or null for any other key. */
export function uploadIdOf(key: string): string | null {
  return /^incoming\/([A-Za-z0-9_-]{32})$/.exec(key)?.[1] ?? null;
}

/**
 * Strips, verifies and seals one incoming object into the case's evidence, then deletes it.
 * `incoming` reads and deletes `incoming/…` objects (the bucket itself in AWS).
 */
export async function finishDirectUpload(
  deps: EvidenceDeps,
  incoming: BlobStore,
  uploadId: string,
): Promise<DirectUploadOutcome> {
  const key = incomingBlobKey(uploadId);
  const pointer = await deps.evidence.pointer(uploadId);
  const pending = pointer && (await deps.evidence.get(pointer.caseNumber, pointer.evidenceId));
  if (!pointer || pending?.status !== 'pending') {
    await incoming.delete([key]);
    return { outcome: 'ignored' };
  }
  const bytes = await incoming.get(key);
  if (!bytes) return { outcome: 'ignored' };
  const file = await prepareFile(bytes);
  if (typeof file === 'string') {
    await deps.evidence.markRefused(pending.caseNumber, pending.id, file);
    await incoming.delete([key]);
    return { outcome: 'refused', reason: file };
  }
  const { caseNumber, id } = pending;
  await sealAndStore(deps, caseNumber, id, file);
  const item: EvidenceItem = {
    id,
    caseNumber,
    kind: kindOf(file.format),
    format: file.format,
    size: file.bytes.length,
    // Files asked for together keep their time and order, like files sent in one form.
    at: pending.at,
    order: pending.order,
    source: pending.source,
    ...(file.width ? { width: file.width, height: file.height } : {}),
    ...(file.pages ? { pages: file.pages } : {}),
    hasThumbnail: Boolean(file.thumbnail),
  };
  // Another event may land first (change() decides again), or a repeated delivery made it ready.
  await deps.cases.change(
    caseNumber,
    ({ loaded: current }): ChangeDecision<undefined> =>
      current?.status !== 'pending'
        ? { ok: true, events: [], result: undefined }
        : {
            ok: true,
            events: [
              {
                type: 'evidence_added',
                actor: { kind: 'reporter' },
                reporterVisible: true,
                detail: { count: 1, photos: item.kind === 'photo' ? 1 : 0, source: item.source },
              },
            ],
            extra: [deps.evidence.readyInTransaction(item)],
            result: undefined,
          },
    { now: deps.now, load: () => deps.evidence.get(caseNumber, id) },
  );
  await incoming.delete([key]);
  return { outcome: 'ready', caseNumber, id };
}
