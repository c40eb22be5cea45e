/** The reporter's JSON API: file a report, follow it up, add information. Handlers parse, call, shape. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { addReporterMessage, getReporterView } from '#shared/services/follow-up.ts';
import { fileReport } from '#shared/services/intake.ts';
import type { AppDeps } from '../compose.ts';
import { validationHook } from '../hook.ts';
import { CreatedSchema, ErrorSchema, MessageSchema, ReporterViewSchema, ReportSchema } from '../schemas.ts';

const errors = {
  400: {
    description: 'Invalid field(s), named in `error.fields`',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  413: { description: 'Body too large', content: { 'application/json': { schema: ErrorSchema } } },
  503: {
    description: 'Storage unavailable; nothing was saved',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};
const authErrors = {
  401: {
    description: 'Wrong or missing case number or access key (no hint whether the case exists)',
    content: { 'application/json': { schema: ErrorSchema } },
  },
  429: {
    description: 'Too many wrong keys for this case',
    content: { 'application/json': { schema: ErrorSchema } },
  },
};

const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .min(8)
    .max(128)
    .optional()
    .openapi({ description: 'Client-chosen unique key; a retry with the same key returns the same answer.' }),
});
const AccessKeyHeader = z.object({
  'x-access-key': z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'The 16-digit access key shown at filing' }),
});
const CaseParam = z.object({ caseNumber: z.string().max(32).openapi({ example: '20261127-482913' }) });

const createReport = createRoute({
  method: 'post',
  path: '/api/v1/reports',
  tags: ['Reporter'],
  summary: 'File a report',
  request: {
    headers: IdempotencyHeader,
    body: { required: true, content: { 'application/json': { schema: ReportSchema } } },
  },
  responses: {
    201: { description: 'Case created', content: { 'application/json': { schema: CreatedSchema } } },
    422: {
      description: 'Idempotency-Key reused with another body',
      content: { 'application/json': { schema: ErrorSchema } },
    },
    ...errors,
  },
});

const readReport = createRoute({
  method: 'get',
  path: '/api/v1/reports/{caseNumber}',
  tags: ['Reporter'],
  summary: "The reporter's view of a case",
  request: { params: CaseParam, headers: AccessKeyHeader },
  responses: {
    200: {
      description: 'Status, timeline, messages',
      content: { 'application/json': { schema: ReporterViewSchema } },
    },
    ...authErrors,
  },
});

const postMessage = createRoute({
  method: 'post',
  path: '/api/v1/reports/{caseNumber}/messages',
  tags: ['Reporter'],
  summary: 'Add information to a case',
  request: {
    params: CaseParam,
    headers: AccessKeyHeader.extend(IdempotencyHeader.shape),
    body: { required: true, content: { 'application/json': { schema: MessageSchema } } },
  },
  responses: {
    201: {
      description: 'Message added; the updated view',
      content: { 'application/json': { schema: ReporterViewSchema } },
    },
    ...authErrors,
    ...errors,
  },
});

export function reportsApi(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.openapi(createReport, async (c) => {
    const input = c.req.valid('json');
    const { replayed, ...created } = await fileReport(deps, input, {
      channel: 'web',
      idempotencyKey: c.req.valid('header')['idempotency-key'],
    });
    c.header('Cache-Control', 'no-store');
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(created, 201);
  });

  app.openapi(readReport, async (c) => {
    const view = await getReporterView(
      deps,
      c.req.valid('param').caseNumber,
      c.req.valid('header')['x-access-key'] ?? '',
    );
    c.header('Cache-Control', 'no-store');
    return c.json(view, 200);
  });

  app.openapi(postMessage, async (c) => {
    const headers = c.req.valid('header');
    const view = await addReporterMessage(
      deps,
      c.req.valid('param').caseNumber,
      headers['x-access-key'] ?? '',
      c.req.valid('json').text,
      headers['idempotency-key'],
    );
    c.header('Cache-Control', 'no-store');
    return c.json(view, 201);
  });

  return app;
}
