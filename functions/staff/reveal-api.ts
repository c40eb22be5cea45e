/** Identity reveal requests and custodian decisions (staff function): no identity is read here. */
import { Hono } from 'hono';
import { parseJsonBody } from '#functions/http/validation.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import {
  decideReveal,
  pendingReveals,
  type RevealDeps,
  requestReveal,
} from '#shared/services/identity-reveal.ts';
import { requireStaff } from './auth.ts';
import { RevealDecisionSchema, RevealRequestSchema } from './schemas.ts';

export { RevealDecisionSchema, RevealRequestSchema };

export function revealRequestsApi(deps: RevealDeps, verify: StaffVerifier) {
  const app = new Hono();
  app.use('/api/v1/identity-requests', requireStaff(verify, { pages: false }));
  app.use('/api/v1/identity-requests/*', requireStaff(verify, { pages: false }));
  app.use('/api/v1/cases/:caseNumber/identity-requests', requireStaff(verify, { pages: false }));

  app.post('/api/v1/cases/:caseNumber/identity-requests', async (c) => {
    const { reason } = await parseJsonBody(c, RevealRequestSchema);
    const request = await requestReveal(deps, c.get('staff'), c.req.param('caseNumber'), reason);
    return c.json(request, 201);
  });

  app.get('/api/v1/identity-requests', async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ requests: await pendingReveals(deps, c.get('staff')) });
  });

  app.post('/api/v1/identity-requests/:caseNumber/:requestId/decision', async (c) => {
    const body = await parseJsonBody(c, RevealDecisionSchema);
    const decided = await decideReveal(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      c.req.param('requestId'),
      body,
    );
    return c.json(decided, 200);
  });
  return app;
}
