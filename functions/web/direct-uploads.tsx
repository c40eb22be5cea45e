/**
 * Direct evidence uploads on the citizen pages (AWS only, shared/services/direct-uploads.ts): the
 * pages tell their script (a `data-direct` flag on the evidence field) that files go straight to
 * the evidence bucket, and the signed-in reporter's follow-up page gets its presigned POSTs here
 * (`POST /follow-up/evidence/uploads`, JSON `{count}`, the session cookie). The report form uses
 * the reporter API's `…/evidence/uploads` with the access key the new case's page shows. Without
 * JavaScript, or locally, the multipart form is used as before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { tryGetContext } from 'hono/context-storage';
import type { AppDeps } from '#functions/http/compose.ts';
import { DirectUploadRequestSchema } from '#functions/http/schemas.ts';
import { parseJsonBody } from '#functions/http/validation.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { MAX_FILE_BYTES } from '#shared/domain/evidence.ts';
import { NotFoundError, UnauthorizedError } from '#shared/errors.ts';
import { DIRECT_UPLOAD_EXPIRY_S, startDirectUploads } from '#shared/services/direct-uploads.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** Set when evidence goes straight to S3 (read by the evidence field through context storage). */
    directUploads: boolean;
  }
}

/** Marks every page of this request as one whose script uploads files straight to S3. */
export function offerDirectUploads(deps: Pick<AppDeps, 'uploadSigner'>): MiddlewareHandler {
  return async (c, next) => {
    if (deps.uploadSigner) c.set('directUploads', true);
    await next();
  };
}

/** Whether the page being rendered should upload files straight to S3. */
export const directUploadsOffered = (): boolean => Boolean(tryGetContext()?.var.directUploads);

/** The follow-up page's presigned POSTs, for the case of the reporter's session. */
export function directUploadPages(deps: AppDeps, sessionCase: (c: Context) => Promise<CaseRecord | null>) {
  const app = new Hono();
  app.post('/follow-up/evidence/uploads', async (c) => {
    const { uploadSigner } = deps;
    if (!uploadSigner) throw new NotFoundError('direct uploads are not offered here');
    const record = await sessionCase(c);
    if (!record) throw new UnauthorizedError('no session');
    const { count } = await parseJsonBody(c, DirectUploadRequestSchema);
    const uploads = await startDirectUploads({ ...deps, uploadSigner }, record, count, 'follow_up');
    c.header('Cache-Control', 'no-store');
    return c.json({ uploads, maxBytes: MAX_FILE_BYTES, expiresInSeconds: DIRECT_UPLOAD_EXPIRY_S }, 201);
  });
  return app;
}
