/**
 * The reveal app — its own function in AWS, the only one that may read a sealed identity and
 * unwrap an identity data key. It serves exactly one thing: the decrypted identity for the
 * requester of an approved request, audited in the case's chain and shown to the reporter.
 */
import { Hono } from 'hono';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { requireStaff } from '#functions/staff/auth.ts';
import { StaffLayout } from '#functions/staff/pages.tsx';
import { IdentityView, revealText } from '#functions/staff/reveal-pages.tsx';
import { pickLang } from '#functions/web/i18n.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import type { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { revealIdentity } from '#shared/services/identity-reveal.ts';

export const REVEAL_PATH = /^\/api\/v1\/cases\/[^/]+\/identity-requests\/[^/]+\/identity$/;

export function createRevealApp(deps: AppDeps & { reveals: RevealRepository }, verify: StaffVerifier) {
  const app = new Hono();
  useCommonMiddleware(app, deps.logger);
  app.use('/api/v1/cases/*', requireStaff(verify, { pages: false }));
  app.get('/api/v1/cases/:caseNumber/identity-requests/:requestId/identity', async (c) => {
    const identity = await revealIdentity(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      c.req.param('requestId'),
    );
    c.header('Cache-Control', 'no-store');
    return c.json({ identity }, 200);
  });
  app.use('/staff/reveal/*', requireStaff(verify, { pages: true }));
  app.get('/staff/reveal/:caseNumber/:requestId', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const identity = await revealIdentity(deps, staff, c.req.param('caseNumber'), c.req.param('requestId'));
    c.header('Cache-Control', 'no-store');
    return c.html(
      <StaffLayout lang={lang} title={revealText[lang].title} staff={staff}>
        <h1>
          {revealText[lang].title} · {c.req.param('caseNumber')}
        </h1>
        <IdentityView lang={lang} identity={identity} />
        <p>
          <a href={`/staff/cases/${c.req.param('caseNumber')}?lang=${lang}`}>←</a>
        </p>
      </StaffLayout>,
    );
  });
  useErrorHandling(app, deps.logger);
  return app;
}
