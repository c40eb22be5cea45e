/** The identity custodian's queue of reveal requests and their decisions. */
import { Hono } from 'hono';
import { decideReveal, pendingReveals } from '#shared/services/identity-reveal.ts';
import { REWARD_QUEUE_STAGES, StaffLayout } from '../layout.tsx';
import { CustodianQueue, revealText } from '../reveal-pages.tsx';
import { rewardText } from '../reward-text.ts';
import { type ConsoleDeps, langOf } from './context.ts';

export function identityRoutes(deps: ConsoleDeps) {
  const app = new Hono();

  app.get('/staff/identity-requests', async (c) => {
    const lang = langOf(c);
    const staff = c.get('staff');
    const requests = await pendingReveals(deps, staff);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <StaffLayout lang={lang} title={revealText[lang].queue} staff={staff}>
        <h1>{revealText[lang].queue}</h1>
        {REWARD_QUEUE_STAGES[staff.role].includes('release') && (
          <p>
            <a href={`/staff/rewards?stage=release&lang=${lang}`} id="reward-release-queue">
              {rewardText[lang].queue} · {rewardText[lang].stages.release}
            </a>
          </p>
        )}
        <CustodianQueue lang={lang} requests={requests} />
      </StaffLayout>,
    );
  });

  app.post('/staff/identity-requests/:caseNumber/:requestId/decision', async (c) => {
    const form = await c.req.parseBody();
    const lang = langOf(c, form);
    await decideReveal(deps, c.get('staff'), c.req.param('caseNumber'), c.req.param('requestId'), {
      approve: form.approve === 'yes',
      reason: typeof form.reason === 'string' ? form.reason : '',
    });
    return c.redirect(`/staff/identity-requests?lang=${lang}`, 303);
  });

  return app;
}
