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
import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppDeps } from '#functions/http/compose.ts';
import {
  AccessKeyHeaderSchema,
  DirectUploadRequestSchema,
  ErrorSchema,
  schemaRegistry,
} from '#functions/http/schemas.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { MAX_FILE_BYTES, MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';
import { NotFoundError, ValidationError } from '#shared/errors.ts';
import { DIRECT_UPLOAD_EXPIRY_S, startDirectUploads } from '#shared/services/direct-uploads.ts';
import { attachEvidence, prepareEvidence } from '#shared/services/evidence.ts';
import { authenticateReporter } from '#shared/services/follow-up.ts';
import type { RouteDoc } from '../openapi.ts';

const CaseParams = z.object({ caseNumber: z.string().check(z.maxLength(32)) });

export const EvidenceAddedSchema = z.object({
  added: z.number(),
  evidence: z.array(
    z.object({ id: z.string(), kind: z.enum(['photo', 'pdf']), size: z.number(), at: z.string() }),
  ),
});

export const DirectUploadsSchema = z.object({
  uploads: z.array(
    z.object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() }),
  ),
  maxBytes: z.number(),
  expiresInSeconds: z.number(),
});
schemaRegistry.add(DirectUploadsSchema, {
  id: 'DirectUploads',
  description:
    'One presigned POST per file: send a multipart/form-data POST to `url` with every entry of `fields`, then the file as the last field `file`.',
} as never);

schemaRegistry.add(EvidenceAddedSchema, {
  id: 'EvidenceAdded',
  description: 'How many files this request added (0 for a repeat) and every file of the case.',
} as never);

const directUploadDoc: RouteDoc = {
  method: 'post',
  path: '/api/v1/reports/{caseNumber}/evidence/uploads',
  summary: 'Send files straight to storage (AWS): presigned POSTs, stripped before anyone sees them',
  tags: ['Reporter'],
  params: CaseParams,
  headers: AccessKeyHeaderSchema,
  requestBody: { required: true, content: { 'application/json': { schema: DirectUploadRequestSchema } } },
  responses: {
    201: {
      description: `One presigned POST per file (each at most 10 MB, valid ${DIRECT_UPLOAD_EXPIRY_S / 60} minutes). Files appear on the case once their metadata has been removed; a file that cannot be read or is not JPEG, PNG, WebP or PDF is refused.`,
      schema: DirectUploadsSchema,
    },
    400: {
      description: 'A count outside 1–6, or more files than the case may still hold',
      schema: ErrorSchema,
    },
    401: { description: 'Wrong or missing case number or access key', schema: ErrorSchema },
    404: { description: 'Not offered here: send the files as multipart to …/evidence', schema: ErrorSchema },
    429: { description: 'Too many wrong keys for this case; see Retry-After', schema: ErrorSchema },
    503: { description: 'Storage unavailable; nothing was recorded', schema: ErrorSchema },
  },
};

export const evidenceRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/reports/{caseNumber}/evidence',
    summary: 'Add photos or PDF files to a case (metadata removed before storing)',
    tags: ['Reporter'],
    params: CaseParams,
    headers: AccessKeyHeaderSchema,
    requestBody: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: {
            type: 'object',
            required: ['file'],
            properties: {
              file: {
                type: 'array',
                maxItems: MAX_FILES_PER_SUBMISSION,
                items: { type: 'string', format: 'binary', maxLength: MAX_FILE_BYTES },
                description:
                  'Repeat the field for each file. JPEG, PNG, WebP or PDF, decided by the bytes, not the name; HEIC is refused. GPS, camera, times, XMP, IPTC, ICC, text chunks and PDF document information are removed; the file name is not kept.',
              },
            },
          },
        },
      },
    },
    responses: {
      201: { description: 'Files stored (a repeated file is not stored twice)', schema: EvidenceAddedSchema },
      400: {
        description:
          'No file, too many files, a file too large, of another type or unreadable — named in `error.fields`',
        schema: ErrorSchema,
      },
      401: { description: 'Wrong or missing case number or access key', schema: ErrorSchema },
      413: { description: 'Body too large', schema: ErrorSchema },
      429: { description: 'Too many wrong keys for this case; see Retry-After', schema: ErrorSchema },
      503: { description: 'Storage unavailable; nothing was saved', schema: ErrorSchema },
    },
  },
  directUploadDoc,
];

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
