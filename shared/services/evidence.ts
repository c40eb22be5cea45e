/**
 * Evidence files, the reusable service behind every form and API that takes photos or PDFs (the
 * report form, the follow-up page, phone intake, the JSON API, and any staff form that adds files):
 *
 * 1. `prepareEvidence(files)` — count, size and type (by magic number) first, then strip and verify
 *    each file (shared/evidence/strip.ts). Throws ValidationError naming each refused file and why;
 *    nothing is stored, so the caller keeps the rest of the submission. Call it BEFORE creating or
 *    changing anything, so a refused file never leaves half a submission behind.
 * 2. `attachEvidence(deps, record, prepared, source)` — seals each stripped file and its thumbnail
 *    with the case's envelope encryption (purpose `evidence`), writes the sealed blobs, then
 *    records the files and one `evidence_added` event in one transaction. A file's id is derived
 *    from the case and the stripped bytes, so a retried upload finds it already there and adds
 *    nothing.
 * 3. `listEvidence`, `openEvidence` (staff; every full-file view is an audit event), and
 *    `purgeEvidence` (the retention sweep).
 *
 * The original file name is never passed in, so it cannot be kept.
 */
import { createHash } from 'node:crypto';
import type { StaffPrincipal } from '../auth/staff.ts';
import { type KeyProvider, openBytes, sealBytes } from '../crypto/envelope.ts';
import { evidenceBlobKey } from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import {
  checkFile,
  checkSubmission,
  EXTENSION_OF,
  evidenceLabels,
  kindOf,
  MAX_FILES_PER_CASE,
  MIME_OF,
  type RefusalReason,
  refusalIssue,
} from '../domain/evidence.ts';
import { type FieldIssue, NotFoundError, ValidationError } from '../errors.ts';
import type { BlobStore } from '../evidence/blob-store.ts';
import { type StrippedFile, stripEvidence, UnstrippableError } from '../evidence/strip.ts';
import type { ChangeDecision } from '../repositories/case-change.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type {
  EvidenceItem,
  EvidenceRepository,
  EvidenceSource,
} from '../repositories/evidence-repository.ts';
import { appendStaffEvent, readableCase, type StaffDeps } from './case-access.ts';

export interface EvidenceDeps {
  cases: CaseRepository;
  evidence: EvidenceRepository;
  blobs: BlobStore;
  keys: KeyProvider;
  now: () => Date;
}

export interface PreparedEvidence extends StrippedFile {
  /** sha256 of the stripped bytes (the id is derived from it and the case number). */
  digest: string;
}

/** The bytes of the files of one submission, in the order they were sent (no names). */
export type IncomingFiles = Uint8Array[];

/**
 * Checks and strips the files of one submission. Throws ValidationError (field `field`) naming each
 * refused file by its position and the reason (count, size, type, HEIC, unreadable).
 */
export async function prepareEvidence(files: IncomingFiles, field = 'file'): Promise<PreparedEvidence[]> {
  const first = checkSubmission(files.map((b) => ({ size: b.length, head: b.subarray(0, 1024) })));
  if (first.length) throw new ValidationError(first.map((i) => ({ ...i, field })));
  const prepared: PreparedEvidence[] = [];
  const issues: FieldIssue[] = [];
  // One at a time: decoding a 10 MB photo takes far more memory than the file itself.
  for (const [i, bytes] of files.entries()) {
    const file = await stripOne(bytes);
    if (typeof file === 'string') issues.push(refusalIssue(file, i + 1, field));
    else prepared.push(file);
  }
  if (issues.length) throw new ValidationError(issues);
  return prepared;
}

/** Strips and verifies one file already checked for size and type; a refusal is returned as its reason. */
async function stripOne(bytes: Uint8Array): Promise<PreparedEvidence | RefusalReason> {
  try {
    const stripped = await stripEvidence(bytes);
    return { ...stripped, digest: createHash('sha256').update(stripped.bytes).digest('hex') };
  } catch (err) {
    if (!(err instanceof UnstrippableError)) throw err;
    return err.reason;
  }
}

/** One file on its own (a direct upload): size and type by its bytes, then stripped and verified. */
export async function prepareFile(bytes: Uint8Array): Promise<PreparedEvidence | RefusalReason> {
  return checkFile({ size: bytes.length, head: bytes.subarray(0, 1024) }) ?? (await stripOne(bytes));
}

/** Seals a prepared file and its thumbnail with the case's envelope key and writes the blobs. */
export async function sealAndStore(
  deps: Pick<EvidenceDeps, 'blobs' | 'keys'>,
  caseNumber: string,
  id: string,
  p: PreparedEvidence,
): Promise<void> {
  await deps.blobs.put(
    evidenceBlobKey(caseNumber, id, 'file'),
    await sealBytes(deps.keys, p.bytes, aadOf(caseNumber, id, 'file'), contextOf(caseNumber)),
  );
  if (p.thumbnail)
    await deps.blobs.put(
      evidenceBlobKey(caseNumber, id, 'thumb'),
      await sealBytes(deps.keys, p.thumbnail, aadOf(caseNumber, id, 'thumb'), contextOf(caseNumber)),
    );
}

const evidenceId = (caseNumber: string, digest: string) =>
  createHash('sha256').update(`evidence:${caseNumber}:${digest}`).digest('hex').slice(0, 24);

const aadOf = (caseNumber: string, id: string, variant: 'file' | 'thumb') => `${caseNumber}/${id}/${variant}`;
const contextOf = (caseNumber: string) => ({ purpose: 'evidence', caseNumber });

export interface AttachResult {
  /** Files newly stored by this call (a retry of the same files adds none). */
  added: EvidenceItem[];
  /** Every file of the case afterwards. */
  all: EvidenceItem[];
}

/**
 * Seals and stores prepared files on the case and records them with one `evidence_added` event.
 * `actor`: who added them (the reporter, or a staff member for phone intake and staff forms).
 */
export async function attachEvidence(
  deps: EvidenceDeps,
  start: CaseRecord,
  prepared: PreparedEvidence[],
  source: EvidenceSource,
  actor: { kind: 'reporter' } | { kind: 'staff'; staffId: string } = { kind: 'reporter' },
): Promise<AttachResult> {
  const caseNumber = start.caseNumber;
  const first = await deps.evidence.list(caseNumber);
  if (!prepared.length) return { added: [], all: first };
  const unique = [...new Map(prepared.map((p) => [evidenceId(caseNumber, p.digest), p])).entries()];
  const freshIn = (existing: EvidenceItem[]) => {
    const present = new Set(existing.map((e) => e.id));
    return unique.filter(([id]) => !present.has(id));
  };
  const toSeal = freshIn(first);
  if (!toSeal.length) return { added: [], all: first };
  if (first.length + toSeal.length > MAX_FILES_PER_CASE)
    throw new ValidationError([refusalIssue('case_full')]);
  // Blobs first, sealed; the items that make them visible come after, in the event's transaction.
  // A blob whose transaction then fails is unreachable (no item points to it) and overwritten by a retry.
  for (const [id, p] of toSeal) {
    await sealAndStore(deps, caseNumber, id, p);
  }
  // Another event may land first, or a concurrent retry store the same files: change() reads again.
  const { result } = await deps.cases.change(
    caseNumber,
    ({ loaded: existing, now }): ChangeDecision<AttachResult> => {
      const fresh = freshIn(existing);
      if (!fresh.length) return { ok: true, events: [], result: { added: [], all: existing } };
      if (existing.length + fresh.length > MAX_FILES_PER_CASE) {
        const full = refusalIssue('case_full');
        return { ok: false, code: 'invalid', message: full.en, en: full.en, zh: full.zh, field: full.field };
      }
      const at = now.toISOString();
      const items: EvidenceItem[] = fresh.map(([id, p], order) => ({
        id,
        caseNumber,
        kind: kindOf(p.format),
        format: p.format,
        size: p.bytes.length,
        at,
        order,
        source,
        ...(p.width ? { width: p.width, height: p.height } : {}),
        ...(p.pages ? { pages: p.pages } : {}),
        hasThumbnail: Boolean(p.thumbnail),
      }));
      return {
        ok: true,
        events: [
          {
            type: 'evidence_added',
            actor,
            // The reporter sees that files were added, never which or by whom on staff's side.
            reporterVisible: actor.kind === 'reporter',
            detail: { count: items.length, photos: items.filter((i) => i.kind === 'photo').length, source },
          },
        ],
        extra: items.map((i) => deps.evidence.putInTransaction(i)),
        result: { added: items, all: [...existing, ...items] },
      };
    },
    { now: deps.now, load: () => deps.evidence.list(caseNumber) },
  );
  return result;
}

/** What a staff response lists of a file: never a name, never the bytes. */
export interface EvidenceSummary {
  id: string;
  kind: EvidenceItem['kind'];
  format: EvidenceItem['format'];
  mimeType: string;
  size: number;
  at: string;
  label: string;
  hasThumbnail: boolean;
  width?: number;
  height?: number;
  pages?: number;
  purged: boolean;
}

export function summarize(items: EvidenceItem[], lang: 'zh' | 'en' = 'zh'): EvidenceSummary[] {
  return evidenceLabels(items, lang).map((i) => ({
    id: i.id,
    kind: i.kind,
    format: i.format,
    mimeType: MIME_OF[i.format],
    size: i.size,
    at: i.at,
    label: i.label,
    hasThumbnail: i.hasThumbnail && !i.purgedAt,
    ...(i.width ? { width: i.width, height: i.height } : {}),
    ...(i.pages ? { pages: i.pages } : {}),
    purged: Boolean(i.purgedAt),
  }));
}

/** The files of a case a staff member may read (NotFoundError otherwise, like the case itself). */
export async function staffEvidenceList(
  deps: StaffDeps & EvidenceDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  lang: 'zh' | 'en' = 'zh',
): Promise<EvidenceSummary[]> {
  await readableCase(deps, staff, caseNumber);
  return summarize(await deps.evidence.list(caseNumber), lang);
}

export interface OpenedEvidence {
  bytes: Buffer;
  mimeType: string;
  /** A download name made from the label (照片-1.jpg), never the original name. */
  fileName: string;
}

/**
 * Opens a file (or its thumbnail) for a staff member who may read the case. Opening the full file
 * is an audit event in the case's chain; thumbnails are shown on the case page, whose view is
 * audited already.
 */
export async function openEvidence(
  deps: StaffDeps & EvidenceDeps,
  staff: StaffPrincipal,
  caseNumber: string,
  id: string,
  variant: 'file' | 'thumb',
): Promise<OpenedEvidence> {
  const record = await readableCase(deps, staff, caseNumber);
  const items = evidenceLabels(await deps.evidence.list(caseNumber), 'zh');
  const item = items.find((i) => i.id === id);
  if (!item || item.purgedAt || (variant === 'thumb' && !item.hasThumbnail))
    throw new NotFoundError('evidence not found');
  const sealed = await deps.blobs.get(evidenceBlobKey(caseNumber, id, variant));
  if (!sealed) throw new NotFoundError('evidence not found');
  const bytes = await openBytes(deps.keys, sealed, aadOf(caseNumber, id, variant), contextOf(caseNumber));
  if (variant === 'file') {
    await appendStaffEvent(deps, record, () => ({
      type: 'evidence_viewed',
      actor: { kind: 'staff', staffId: staff.id },
      reporterVisible: false,
      detail: { evidenceId: id },
    }));
  }
  return {
    bytes,
    mimeType: variant === 'thumb' ? 'image/webp' : MIME_OF[item.format],
    fileName: `${item.label.replace(/[（）() ]+/g, '-').replace(/-+$/, '')}.${variant === 'thumb' ? 'webp' : EXTENSION_OF[item.format]}`,
  };
}

/** Retention: deletes a case's sealed evidence blobs and marks the items. Idempotent. */
export async function purgeEvidence(
  deps: Pick<EvidenceDeps, 'evidence' | 'blobs' | 'now'>,
  caseNumber: string,
): Promise<number> {
  const items = (await deps.evidence.list(caseNumber)).filter((i) => !i.purgedAt);
  const at = deps.now().toISOString();
  for (const item of items) {
    await deps.blobs.delete([
      evidenceBlobKey(caseNumber, item.id, 'file'),
      ...(item.hasThumbnail ? [evidenceBlobKey(caseNumber, item.id, 'thumb')] : []),
    ]);
    await deps.evidence.markPurged(caseNumber, item.id, at);
  }
  return items.length;
}
