/**
 * `GET /api/v1/dashboard` — the 考核 dashboard for programs, with the staff bearer token like the
 * other staff JSON routes: the same period parameters and the same role and jurisdiction rules as
 * the `/staff/dashboard` page (shared/services/supervision.ts decides both), the figures as JSON
 * (./dashboard-json.ts). A county or township outside the caller's jurisdiction is a 403 naming
 * the query field, so a program knows which parameter to change.
 */
import { Hono } from 'hono';
import { parseOrThrow } from '#functions/http/validation.ts';
import { requireStaff } from '#functions/staff/auth.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { parsePeriod } from '#shared/domain/supervision-period.ts';
import { ValidationError } from '#shared/errors.ts';
import { dashboard, type SupervisionDeps } from '#shared/services/supervision.ts';
import { DashboardQuerySchema, dashboardJson } from './dashboard-json.ts';

export const DASHBOARD_API_PATH = '/api/v1/dashboard';

export function dashboardApi(deps: SupervisionDeps, verify: StaffVerifier) {
  const app = new Hono();
  app.use(DASHBOARD_API_PATH, requireStaff(verify, { pages: false }));
  app.get(DASHBOARD_API_PATH, async (c) => {
    // Figures are by jurisdiction: never kept by a cache.
    c.header('Cache-Control', 'no-store');
    const q = parseOrThrow(DashboardQuerySchema, c.req.query());
    const parsed = parsePeriod(q, deps.now());
    if (!parsed.ok) throw new ValidationError([{ field: parsed.field, zh: parsed.zh, en: parsed.en }]);
    if (q.county && q.township && !q.township.startsWith(q.county))
      throw new ValidationError([
        {
          field: 'township',
          zh: '乡镇不在所选县区内',
          en: 'township is not in the county given',
        },
      ]);
    const field = q.township ? 'township' : 'county';
    const view = await dashboard(deps, c.get('staff'), parsed.period, q.township ?? q.county, field);
    return c.json(dashboardJson(view));
  });
  return app;
}
