/** The work queue (/staff): each role's open cases, filtered by status, category and township. */
import { Hono } from 'hono';
import type { CaseRecord } from '#shared/domain/case.ts';
import { levelOfCode } from '#shared/domain/division-code.ts';
import { staffQueue } from '#shared/services/staff-cases.ts';
import { QueuePage } from '../queue-page.tsx';
import { candidateTownships, type TownshipChoice } from '../routing-help.ts';
import { type ConsoleDeps, langOf, namesOf } from './context.ts';

export function queueRoutes(deps: ConsoleDeps) {
  const app = new Hono();

  app.get('/staff', async (c) => {
    const lang = langOf(c);
    const staff = c.get('staff');
    if (staff.role === 'identity_custodian') return c.redirect(`/staff/identity-requests?lang=${lang}`, 303);
    if (staff.role === 'village_coordinator') return c.redirect(`/staff/coordinator?lang=${lang}`, 303);
    const query = Object.fromEntries(
      Object.entries({
        status: c.req.query('status'),
        category: c.req.query('category'),
        township: c.req.query('township'),
      }).filter(([, v]) => v),
    ) as Record<string, string>;
    const page = await staffQueue(deps, staff, {
      status: query.status,
      category: query.category,
      townshipCode: query.township,
      limit: 25,
      cursor: c.req.query('cursor'),
    });
    const placeName = await namesOf(
      deps,
      page.cases.map((x: CaseRecord) => x.townshipCode),
    );
    const townships =
      levelOfCode(staff.jurisdiction) === 'county'
        ? await deps.directory.children(staff.jurisdiction)
        : undefined;
    // The matcher's townships for each unrouted case (one index per region, cached; pure lookups).
    const triage = page.cases.filter((x: CaseRecord) => x.status === 'triage');
    // A help, not the page: if the directory is slow the queue shows without candidates.
    const candidates = new Map(
      await Promise.all(
        triage.map(
          async (x: CaseRecord) =>
            [x.caseNumber, await candidateTownships(deps, x).catch((): TownshipChoice[] => [])] as const,
        ),
      ),
    );
    c.header('Cache-Control', 'no-store');
    return c.html(
      <QueuePage
        lang={lang}
        staff={staff}
        cases={page.cases}
        now={deps.now()}
        query={query}
        cursor={page.cursor}
        placeName={placeName}
        townships={townships}
        candidates={candidates}
      />,
    );
  });

  return app;
}
