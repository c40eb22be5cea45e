/** The reporter's JSON API: file a report, follow it up, add information. Handlers parse, call, shape. */
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { clientAddress } from '#functions/http/client-address.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import {
  AccessKeyHeaderSchema,
  ChallengeSchema,
  CreatedSchema,
  ErrorSchema,
  IdempotencyHeaderSchema,
  MessageSchema,
  ObjectionSchema,
  ProofOfWorkHeaderSchema,
  ReporterViewSchema,
  ReportSchema,
  RewardClaimedSchema,
  RewardClaimSchema,
} from '#functions/http/schemas.ts';
import { sourceAddress } from '#functions/http/source.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { addReporterMessage, getReporterView } from '#shared/services/follow-up.ts';
import { fileReport } from '#shared/services/intake.ts';
import type { RouteDoc } from '../openapi.ts';

const CaseParams = z.object({ caseNumber: z.string().check(z.maxLength(32)) });
const MessageHeaders = z.object({ ...AccessKeyHeaderSchema.shape, ...IdempotencyHeaderSchema.shape });
const ReportHeaders = z.object({ ...IdempotencyHeaderSchema.shape, ...ProofOfWorkHeaderSchema.shape });

const bad = { description: 'Invalid field(s), named in `error.fields`', schema: ErrorSchema };
const tooLarge = { description: 'Body too large', schema: ErrorSchema };
const unavailable = { description: 'Storage unavailable; nothing was saved', schema: ErrorSchema };
const unauthorized = {
  description: 'Wrong or missing case number or access key (no hint whether the case exists)',
  schema: ErrorSchema,
};
const throttled = { description: 'Too many wrong keys for this case; see Retry-After', schema: ErrorSchema };

export const reportRouteDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/v1/reports/{caseNumber}/reward-claim',
    summary: 'Claim an awarded reward (举报奖励申领) within the claim window',
    tags: ['Reporter'],
    params: CaseParams,
    headers: AccessKeyHeaderSchema,
    body: RewardClaimSchema,
    responses: {
      201: {
        description: 'Claim recorded (a repeated claim answers the same); the payee is sealed apart',
        schema: RewardClaimedSchema,
      },
      400: bad,
      401: unauthorized,
      404: { description: 'No reward for this case', schema: ErrorSchema },
      409: { description: 'No award to claim, or the claim window has ended', schema: ErrorSchema },
      429: throttled,
      503: unavailable,
    },
  },
  {
    method: 'post',
    path: '/api/v1/reports/{caseNumber}/objection',
    summary: 'Object to the conclusion (异议), within 10 days of the feedback',
    tags: ['Reporter'],
    params: CaseParams,
    headers: AccessKeyHeaderSchema,
    body: ObjectionSchema,
    responses: {
      201: {
        description: 'Objection recorded; the county reviews it within 30 days',
        schema: ReporterViewSchema,
      },
      400: bad,
      401: unauthorized,
      409: {
        description: 'No conclusion to object to, already objected, or the window has passed',
        schema: ErrorSchema,
      },
      429: throttled,
      503: unavailable,
    },
  },
  {
    method: 'post',
    path: '/api/v1/reports',
    summary: 'File a report',
    tags: ['Reporter'],
    headers: ReportHeaders,
    body: ReportSchema,
    responses: {
      201: { description: 'Case created: case number and access key (shown once)', schema: CreatedSchema },
      400: {
        description: 'Invalid field(s), or a proof-of-work that is not valid or already used',
        schema: ErrorSchema,
      },
      413: tooLarge,
      422: { description: 'Idempotency-Key reused with another body', schema: ErrorSchema },
      429: {
        description:
          'Too many new reports from this network this hour; see Retry-After. A retry with the Idempotency-Key of an acknowledged report is never refused.',
        schema: ErrorSchema,
      },
      503: unavailable,
    },
  },
  {
    method: 'get',
    path: '/api/v1/challenge',
    summary: 'A proof-of-work challenge for the next report (optional; earns the full per-source budget)',
    tags: ['Reporter'],
    responses: {
      200: { description: 'A signed challenge, single use, valid 30 minutes', schema: ChallengeSchema },
      404: { description: 'The budget and proof-of-work are off on this server', schema: ErrorSchema },
    },
  },
  {
    method: 'get',
    path: '/api/v1/reports/{caseNumber}',
    summary: "The reporter's view of a case",
    tags: ['Reporter'],
    params: CaseParams,
    headers: AccessKeyHeaderSchema,
    responses: {
      200: { description: 'Status, reporter-visible timeline, messages', schema: ReporterViewSchema },
      401: unauthorized,
      429: throttled,
      503: unavailable,
    },
  },
  {
    method: 'post',
    path: '/api/v1/reports/{caseNumber}/messages',
    summary: 'Add information to a case',
    tags: ['Reporter'],
    params: CaseParams,
    headers: MessageHeaders,
    body: MessageSchema,
    responses: {
      201: { description: 'Message added; the updated view', schema: ReporterViewSchema },
      400: bad,
      401: unauthorized,
      413: tooLarge,
      429: throttled,
      503: unavailable,
    },
  },
];

const headersOf = (c: { req: { header(): Record<string, string> } }) => c.req.header();

export function reportsApi(deps: AppDeps) {
  const app = new Hono();

  app.post('/api/v1/reports', async (c) => {
    const headers = parseOrThrow(ReportHeaders, headersOf(c), 'header');
    const input = await parseJsonBody(c, ReportSchema);
    // Counted (or refused) before the access key is hashed and anything is written.
    const ticket = await deps.intakeGuard?.admit({
      address: sourceAddress(c, deps.edgeSecret),
      proof: headers['x-proof-of-work'],
      idempotencyKey: headers['idempotency-key'],
    });
    let filed: Awaited<ReturnType<typeof fileReport>>;
    try {
      filed = await fileReport(deps, input, { channel: 'web', idempotencyKey: headers['idempotency-key'] });
    } catch (err) {
      await ticket?.giveBack().catch(() => {});
      throw err;
    }
    // A retry that raced its first attempt replays it: it opened no case, so it costs no budget.
    if (filed.replayed) await ticket?.giveBack().catch(() => {});
    const { replayed, ...created } = filed;
    c.header('Cache-Control', 'no-store');
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(created, 201);
  });

  app.get('/api/v1/challenge', async (c) => {
    const challenge = await deps.intakeGuard?.challenge(sourceAddress(c, deps.edgeSecret));
    if (!challenge) return c.notFound();
    c.header('Cache-Control', 'no-store');
    return c.json(challenge, 200);
  });

  app.get('/api/v1/reports/:caseNumber', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const headers = parseOrThrow(AccessKeyHeaderSchema, headersOf(c), 'header');
    const view = await getReporterView(deps, caseNumber, headers['x-access-key'] ?? '', {
      address: clientAddress(c),
    });
    c.header('Cache-Control', 'no-store');
    return c.json(view, 200);
  });

  app.post('/api/v1/reports/:caseNumber/messages', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const headers = parseOrThrow(MessageHeaders, headersOf(c), 'header');
    const { text } = await parseJsonBody(c, MessageSchema);
    const view = await addReporterMessage(
      deps,
      caseNumber,
      headers['x-access-key'] ?? '',
      text,
      headers['idempotency-key'],
      { address: clientAddress(c) },
    );
    c.header('Cache-Control', 'no-store');
    return c.json(view, 201);
  });

  return app;
}
