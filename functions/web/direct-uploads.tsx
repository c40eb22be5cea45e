/**
 * Direct evidence uploads on the citizen pages (AWS only, shared/services/direct-uploads.ts): the
 * pages tell their script (a `data-direct` flag on the evidence field) that files go straight to
 * the evidence bucket, and the signed-in reporter's follow-up page gets its presigned POSTs here
 * (`POST /follow-up/evidence/uploads`, JSON `{count}`, the session cookie). The report form uses
 * the reporter API's `…/evidence/uploads` with the access key the new case's page shows. Without
 * JavaScript, or locally, the multipart form is used as before.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { tryGetContext } from 'hono/context-storage';
import { Hono } from 'hono/tiny';
import type { AppDeps } from '#functions/http/compose.ts';
import { DirectUploadRequestSchema } from '#functions/http/schemas.ts';
import { parseJsonBody } from '#functions/http/validation.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { MAX_FILE_BYTES, refusalText } from '#shared/domain/evidence.ts';
import { NotFoundError, UnauthorizedError } from '#shared/errors.ts';
import type { PendingEvidence } from '#shared/repositories/evidence-repository.ts';
import { DIRECT_UPLOAD_EXPIRY_S, startDirectUploads } from '#shared/services/direct-uploads.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * Set when evidence goes straight to S3 (read by the evidence field through context storage):
     * how to read a case's uploads not yet ready, for the follow-up page.
     */
    directUploads: (caseNumber: string) => Promise<PendingEvidence[]>;
  }
}

/** Marks every page of this request as one whose script uploads files straight to S3. */
export function offerDirectUploads(
  deps: Pick<AppDeps, 'uploadSigner' | 'evidence' | 'now'>,
): MiddlewareHandler {
  return async (c, next) => {
    if (deps.uploadSigner)
      c.set('directUploads', (caseNumber) =>
        deps.evidence.listUploads(caseNumber, Math.floor(deps.now().getTime() / 1000)),
      );
    await next();
  };
}

const STATUS_TEXT = {
  zh: {
    pending: (n: number) => `有 ${n} 个照片或文件正在处理（删除拍摄位置等信息），完成后工作人员即可看到。`,
    refused: '有一个文件没有保存：',
  },
  en: {
    pending: (n: number) =>
      `${n} photo(s) or file(s) are being processed (location and other details removed); staff see them once that is done.`,
    refused: 'A file was not kept: ',
  },
};

/**
 * On the follow-up page: files sent straight to S3 that are still being stripped, and those
 * refused with the reason (for a day, then they are gone). Nothing where uploads go through the form.
 */
export async function UploadStatus(props: { lang: 'zh' | 'en'; caseNumber: string }) {
  const read = tryGetContext()?.var.directUploads;
  if (!read) return null;
  const uploads = await read(props.caseNumber);
  const pending = uploads.filter((u) => u.status === 'pending').length;
  const refused = uploads.filter((u) => u.status === 'refused' && u.refusedReason);
  if (!pending && !refused.length) return null;
  const t = STATUS_TEXT[props.lang];
  return (
    <ul id="upload-status" role="status">
      {pending > 0 && <li>{t.pending(pending)}</li>}
      {refused.map((u) => (
        <li class="field-error">
          {t.refused}
          {u.refusedReason ? refusalText(u.refusedReason)[props.lang] : ''}
        </li>
      ))}
    </ul>
  );
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
