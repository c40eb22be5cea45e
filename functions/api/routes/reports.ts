/** The reporter's JSON API: file a report, follow it up, add information. Handlers parse, call, shape. */
import { Hono } from 'hono/tiny';
import { clientAddress } from '#functions/http/client-address.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import {
  AccessKeyHeaderSchema,
  CaseParamsSchema,
  MessageHeadersSchema,
  MessageSchema,
  ReportHeadersSchema,
  ReportSchema,
} from '#functions/http/schemas.ts';
import { sourceAddress } from '#functions/http/source.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { addReporterMessage, getReporterView } from '#shared/services/follow-up.ts';
import { fileReport } from '#shared/services/intake.ts';

const CaseParams = CaseParamsSchema;
const MessageHeaders = MessageHeadersSchema;
const ReportHeaders = ReportHeadersSchema;

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
