/**
 * Multipart uploads (evidence files) for every app: which routes may receive a body larger than
 * the 64 KB a text request needs, and how a multipart form is read into its text fields and the
 * bytes of its files. The file's name and declared type are dropped here: the type is decided
 * later from the bytes (shared/domain/evidence.ts) and the name is never kept.
 *
 * To accept files on a new form: add its path to UPLOAD_PATHS, name the file input `file`, read
 * it with `readMultipart`, then call prepareEvidence/attachEvidence (shared/services/evidence.ts).
 */
import type { Context } from 'hono';
import { MAX_FILE_BYTES, MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';

/** Routes that take multipart bodies with files (POST only). */
export const UPLOAD_PATHS: RegExp[] = [
  /^\/report$/,
  /^\/follow-up\/evidence$/,
  /^\/staff\/intake$/,
  /^\/staff\/coordinator\/report$/,
  /^\/staff\/coordinator\/rechecks\/[^/]+$/,
  /^\/api\/v1\/reports\/[^/]+\/evidence$/,
];

/**
 * Largest body an upload route accepts: one file more than allowed still gets the clear "too
 * many files" answer rather than a bare 413. (In AWS, API Gateway and Lambda cap bodies lower;
 * see the README's evidence section.)
 */
export const MAX_UPLOAD_BODY_BYTES = (MAX_FILES_PER_SUBMISSION + 1) * MAX_FILE_BYTES + 1024 * 1024;

export const isUploadRequest = (method: string, path: string, contentType: string | undefined) =>
  method === 'POST' &&
  (contentType ?? '').toLowerCase().startsWith('multipart/form-data') &&
  UPLOAD_PATHS.some((p) => p.test(path));

export interface MultipartForm {
  values: Record<string, string>;
  /** The files' bytes in the order sent; empty file inputs (nothing chosen) are skipped. */
  files: Uint8Array[];
}

/** Reads a form (multipart or urlencoded); files come from the field `field` (repeatable). */
export async function readMultipart(c: Context, field = 'file'): Promise<MultipartForm> {
  const body = await c.req.parseBody({ all: true });
  const values: Record<string, string> = {};
  const files: Uint8Array[] = [];
  for (const [k, raw] of Object.entries(body)) {
    const list = Array.isArray(raw) ? raw : [raw];
    for (const v of list) {
      if (typeof v === 'string') {
        // A multiple-choice question sends one field per box ticked; they are joined by commas.
        if (!(k in values)) values[k] = v;
        else if (k.startsWith('answers.')) values[k] = `${values[k]},${v}`;
      } else if (k === field && !(v.size === 0 && v.name === '')) {
        files.push(new Uint8Array(await v.arrayBuffer()));
      }
    }
  }
  return { values, files };
}
