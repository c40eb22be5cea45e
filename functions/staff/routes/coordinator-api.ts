/**
 * The village safety coordinator's JSON API (a field app): file a patrol report, follow their own
 * reports, read and answer the re-checks (复查) their township hands them. Bearer token; other
 * roles get a 403. What a coordinator may see is decided by shared/services/coordinator.ts.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ReportSchema } from '#functions/http/schemas.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { ForbiddenError } from '#shared/errors.ts';
import {
  filePatrolReport,
  ownReport,
  ownReports,
  recheckTask,
  recheckTasks,
  recordRecheck,
} from '#shared/services/coordinator.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import type { TransitionDeps } from '#shared/services/staff-cases.ts';
import { requireStaff } from '../auth.ts';
import { PatrolReportSchema, RecheckAnswerSchema } from '../schemas.ts';

export const COORDINATOR_API = '/api/v1/coordinator';

export { PatrolReportSchema, RecheckAnswerSchema };

/** The report body the shared schema checks: located in the coordinator's own village. */
export const asPatrolReport = (c: Context, body: Record<string, unknown>) => ({
  category: body.category,
  description: body.description ?? '',
  unitName: body.unitName,
  occurredAt: body.occurredAt,
  imminentDanger: body.imminentDanger,
  location: { villageCode: c.get('staff').jurisdiction, address: body.address },
  ...(body.answers !== undefined ? { answers: body.answers } : {}),
});

export function coordinatorApi(deps: TransitionDeps & IntakeDeps, verify: StaffVerifier) {
  const app = new Hono();
  app.use(`${COORDINATOR_API}/*`, requireStaff(verify, { pages: false }));
  app.use(`${COORDINATOR_API}/*`, async (c, next) => {
    if (c.get('staff').role === 'village_coordinator') return next();
    throw new ForbiddenError('village coordinators only', { zh: '只有村安全生产协管员可以使用' });
  });

  app.post(`${COORDINATOR_API}/reports`, async (c) => {
    const body = await parseJsonBody(c, PatrolReportSchema);
    const input = parseOrThrow(ReportSchema, asPatrolReport(c, body));
    const { replayed, ...created } = await filePatrolReport(
      deps,
      c.get('staff'),
      { ...input, ...(input.location.address ? { address: input.location.address } : {}) },
      c.req.header('idempotency-key'),
    );
    c.header('Cache-Control', 'no-store');
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(created, 201);
  });

  app.get(`${COORDINATOR_API}/reports`, async (c) => {
    const cursor = c.req.query('cursor');
    const out = await ownReports(
      deps,
      c.get('staff'),
      25,
      cursor && cursor.length < 200 ? cursor : undefined,
    );
    c.header('Cache-Control', 'no-store');
    return c.json(out);
  });

  app.get(`${COORDINATOR_API}/reports/:caseNumber`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ report: await ownReport(deps, c.get('staff'), c.req.param('caseNumber')) });
  });

  app.get(`${COORDINATOR_API}/rechecks`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ rechecks: await recheckTasks(deps, c.get('staff')) });
  });

  app.get(`${COORDINATOR_API}/rechecks/:taskId`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ recheck: await recheckTask(deps, c.get('staff'), c.req.param('taskId')) });
  });

  app.post(`${COORDINATOR_API}/rechecks/:taskId`, async (c) => {
    const body = await parseJsonBody(c, RecheckAnswerSchema);
    const recheck = await recordRecheck(deps, c.get('staff'), c.req.param('taskId'), body);
    return c.json({ recheck }, 200);
  });

  return app;
}
