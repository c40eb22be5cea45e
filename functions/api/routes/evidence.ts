/**
 * The reporter's evidence upload: `POST /api/v1/reports/{caseNumber}/evidence` with `X-Access-Key`
 * and a multipart body whose field `file` repeats (up to 6 files of 10 MB: JPEG, PNG, WebP, PDF).
 * Files are stripped of metadata, sealed and stored (shared/services/evidence.ts); the answer lists
 * the case's files by id, kind, size and time. Sending the same files again adds nothing.
 */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import type { AppDeps } from '#functions/http/compose.ts';
import { AccessKeyHeaderSchema, ErrorSchema, schemaRegistry } from '#functions/http/schemas.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import { MAX_FILE_BYTES, MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';
import { ValidationError } from '#shared/errors.ts';
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
schemaRegistry.add(EvidenceAddedSchema, {
  id: 'EvidenceAdded',
  description: 'How many files this request added (0 for a repeat) and every file of the case.',
} as never);

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
];

export function evidenceApi(deps: AppDeps) {
  const app = new Hono();
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
