/**
 * `POST /api/v1/reports/{caseNumber}/objection` (documented with the reporter API): served by the
 * pages function, which carries the lifecycle state machine, so the API function stays small.
 */
import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { clientAddress } from '#functions/http/client-address.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { AccessKeyHeaderSchema, ObjectionSchema } from '#functions/http/schemas.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { authenticateReporter, getReporterView } from '#shared/services/follow-up.ts';
import { objectToConclusion } from '#shared/services/objection.ts';

const CaseParams = z.object({ caseNumber: z.string().check(z.maxLength(32)) });

export function objectionApi(deps: AppDeps) {
  const app = new Hono();
  app.post('/api/v1/reports/:caseNumber/objection', async (c) => {
    const { caseNumber } = parseOrThrow(CaseParams, c.req.param(), 'path');
    const accessKey = parseOrThrow(AccessKeyHeaderSchema, c.req.header(), 'header')['x-access-key'] ?? '';
    const { reason } = await parseJsonBody(c, ObjectionSchema);
    const record = await authenticateReporter(deps, caseNumber, accessKey, { address: clientAddress(c) });
    await objectToConclusion(deps, record, reason);
    c.header('Cache-Control', 'no-store');
    return c.json(await getReporterView(deps, caseNumber, accessKey, { address: clientAddress(c) }), 201);
  });
  return app;
}
