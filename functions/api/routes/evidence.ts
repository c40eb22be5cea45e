/**
 * The reporter's evidence upload: `POST /api/v1/reports/{caseNumber}/evidence` with `X-Access-Key`
 * and a multipart body whose field `file` repeats (up to 6 files of 10 MB: JPEG, PNG, WebP, PDF).
 * Files are stripped of metadata, sealed and stored (shared/services/evidence.ts); the answer lists
 * the case's files by id, kind, size and time. Sending the same files again adds nothing.
 *
 * In AWS a request body cannot carry six 10 MB files, so there the client asks
 * `POST …/evidence/uploads` for presigned S3 POSTs instead and sends each file straight to the
 * bucket; the files are stripped and sealed before anyone can see them
 * (shared/services/direct-uploads.ts). Locally that route answers 404 and the multipart path is used.
 */
import { Hono } from 'hono/tiny';
import type { AppDeps } from '#functions/http/compose.ts';
import {
  AccessKeyHeaderSchema,
  CaseParamsSchema as CaseParams,
  DirectUploadRequestSchema,
} from '#functions/http/schemas.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { MAX_FILE_BYTES } from '#shared/domain/evidence.ts';
import { NotFoundError, ValidationError } from '#shared/errors.ts';
import { DIRECT_UPLOAD_EXPIRY_S, startDirectUploads } from '#shared/services/direct-uploads.ts';
import { attachEvidence, prepareEvidence } from '#shared/services/evidence.ts';
import { authenticateReporter } from '#shared/services/follow-up.ts';

export function evidenceApi(deps: AppDeps) {
  const app = new Hono();
  app.post('/api/v1/reports/:caseNumber/evidence/uploads', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const headers = parseOrThrow(AccessKeyHeaderSchema, c.req.header(), 'header');
    const { uploadSigner } = deps;
    if (!uploadSigner)
      throw new NotFoundError(
        'direct uploads are not offered here: post the files as multipart to …/evidence',
      );
    const body = await parseJsonBody(c, DirectUploadRequestSchema);
    if (body.kinds && body.kinds.length !== body.count)
      throw new ValidationError([
        { field: 'kinds', en: 'Give one kind per file, or none', zh: '文件类型的数量须与文件数一致，或不填' },
      ]);
    const record = await authenticateReporter(deps, caseNumber, headers['x-access-key'] ?? '');
    const uploads = await startDirectUploads({ ...deps, uploadSigner }, record, body.count, 'api');
    c.header('Cache-Control', 'no-store');
    return c.json({ uploads, maxBytes: MAX_FILE_BYTES, expiresInSeconds: DIRECT_UPLOAD_EXPIRY_S }, 201);
  });
  app.post('/api/v1/reports/:caseNumber/evidence', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const headers = parseOrThrow(AccessKeyHeaderSchema, c.req.header(), 'header');
    const record = await authenticateReporter(deps, caseNumber, headers['x-access-key'] ?? '');
    if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data'))
      throw new ValidationError([
        {
          field: 'file',
          en: 'Send the files as multipart/form-data',
          zh: '请以 multipart/form-data 方式上传文件',
        },
      ]);
    const { files } = await readMultipart(c);
    if (!files.length)
      throw new ValidationError([{ field: 'file', en: 'No file was sent', zh: '没有收到文件' }]);
    const prepared = await prepareEvidence(files);
    const { added, all } = await attachEvidence(deps, record, prepared, 'api');
    c.header('Cache-Control', 'no-store');
    return c.json(
      { added: added.length, evidence: all.map((e) => ({ id: e.id, kind: e.kind, size: e.size, at: e.at })) },
      201,
    );
  });
  return app;
}
