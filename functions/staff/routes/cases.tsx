/**
 * The case page and every form posted from it: lifecycle transitions, messages, identity
 * requests and reward steps. A refused or invalid post renders the page again with the reason.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { parseOrThrow } from '#functions/http/validation.ts';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { allowedActions, factsOf, type TransitionRequest } from '#shared/domain/lifecycle.ts';
import { allowedRewardActions } from '#shared/domain/reward-workflow.ts';
import { NotFoundError, RefusedError, StaleVersionError, ValidationError } from '#shared/errors.ts';
import { canRequestReveal, myRevealRequests, requestReveal } from '#shared/services/identity-reveal.ts';
import { recordRewardFacts } from '#shared/services/reward-facts.ts';
import { decideRewardAsStaff, rewardOf } from '#shared/services/rewards.ts';
import { openCase, staffMessage, transitionCase } from '#shared/services/staff-cases.ts';
import { ActionForms, formToTransition } from '../action-forms.tsx';
import { TransitionSchema } from '../api.ts';
import { CasePage } from '../pages.tsx';
import { RevealSection } from '../reveal-pages.tsx';
import { RewardDecisionSchema, RewardFactsBodySchema } from '../reward-api.ts';
import { formToRewardDecision, formToRewardFacts, RewardSection, rewardFormError } from '../reward-pages.tsx';
import { type ConsoleDeps, formOf, langOf, namesOf } from './context.ts';

export function caseRoutes(deps: ConsoleDeps) {
  const app = new Hono();

  /** The reward of a readable case, or null when the case has none (not substantiated yet). */
  const rewardOfCase = async (staff: StaffPrincipal, caseNumber: string) => {
    try {
      return (await rewardOf(deps, { staff }, caseNumber)).reward;
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  const casePage = async (
    c: Context,
    lang: Lang,
    caseNumber: string,
    error?: { message: string; status: 400 | 409 | 412 },
    rewardError?: { message: string; status: 400 | 403 | 409 | 412 },
  ) => {
    const staff = c.get('staff');
    const { record, events } = await openCase(deps, staff, caseNumber);
    const reward = await rewardOfCase(staff, caseNumber);
    const placeName = await namesOf(deps, [
      record.location.countyCode,
      record.location.townshipCode,
      record.location.villageCode,
    ]);
    const actions = allowedActions(factsOf(record, deps.regionCode), { kind: 'staff', ...staff }, deps.now());
    const county = record.location.countyCode ?? record.townshipCode?.slice(0, 6);
    const needsTownships = actions.some((a) => a === 'assign_township' || a === 'transfer');
    const townships = county && needsTownships ? await deps.directory.children(county) : [];
    c.header('Cache-Control', 'no-store');
    return c.html(
      <CasePage
        lang={lang}
        staff={staff}
        record={record}
        events={events}
        placeName={placeName}
        identity={
          record.hasIdentity && canRequestReveal(staff) ? (
            <RevealSection
              lang={lang}
              caseNumber={record.caseNumber}
              mine={await myRevealRequests(deps, staff, record.caseNumber)}
              now={deps.now().toISOString()}
            />
          ) : null
        }
        actions={
          <ActionForms
            lang={lang}
            caseNumber={record.caseNumber}
            version={record.version}
            actions={actions}
            townships={townships}
            error={error?.message}
          />
        }
        reward={
          reward ? (
            <RewardSection
              lang={lang}
              caseNumber={record.caseNumber}
              caseCategory={record.category}
              reward={reward}
              actions={allowedRewardActions(
                reward,
                {
                  verifiedBy: record.verifiedBy ?? [],
                  substantiated: record.conclusion?.outcome === 'substantiated',
                },
                { kind: 'staff', id: staff.id, role: staff.role },
                deps.now(),
              )}
              error={rewardError?.message}
            />
          ) : null
        }
      />,
      error?.status ?? rewardError?.status ?? 200,
    );
  };

  app.get('/staff/cases/:caseNumber', (c) => casePage(c, langOf(c), c.req.param('caseNumber')));

  // Reward forms: each posts the reward version it was drawn with (If-Match in the API) and
  // redirects back to the section, or shows the section again with the error.
  app.post('/staff/cases/:caseNumber/reward/facts', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      const input = parseOrThrow(RewardFactsBodySchema, formToRewardFacts(form));
      await recordRewardFacts(deps, c.get('staff'), caseNumber, input, Number(form.version));
      return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#reward`, 303);
    } catch (err) {
      const shown = rewardFormError(err, lang);
      if (shown) return casePage(c, lang, caseNumber, undefined, shown);
      throw err;
    }
  });

  app.post('/staff/cases/:caseNumber/reward/decisions', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      const request = parseOrThrow(RewardDecisionSchema, formToRewardDecision(form));
      await decideRewardAsStaff(deps, c.get('staff'), caseNumber, request, Number(form.version));
      return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#reward`, 303);
    } catch (err) {
      const shown = rewardFormError(err, lang);
      if (shown) return casePage(c, lang, caseNumber, undefined, shown);
      throw err;
    }
  });

  app.post('/staff/cases/:caseNumber/transitions', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      const request = parseOrThrow(TransitionSchema, formToTransition(form)) as TransitionRequest;
      await transitionCase(deps, { staff: c.get('staff') }, caseNumber, request, Number(form.version));
      return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}`, 303);
    } catch (err) {
      if (err instanceof ValidationError) {
        const message = err.issues.map((i) => `${i.field}: ${lang === 'zh' ? i.zh : i.en}`).join('; ');
        return casePage(c, lang, caseNumber, { status: 400, message });
      }
      if (err instanceof RefusedError)
        return casePage(c, lang, caseNumber, { status: 409, message: err.message });
      if (err instanceof StaleVersionError) {
        const message =
          lang === 'zh'
            ? '案件已被他人修改，请查看最新情况后重新操作。'
            : 'Someone else changed the case; review it and decide again.';
        return casePage(c, lang, caseNumber, { status: 412, message });
      }
      throw err;
    }
  });

  app.post('/staff/cases/:caseNumber/identity-requests', async (c) => {
    const form = await c.req.parseBody();
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    const reason = typeof form.reason === 'string' ? form.reason : '';
    try {
      await requestReveal(deps, c.get('staff'), caseNumber, reason);
    } catch (err) {
      if (err instanceof ValidationError || err instanceof RefusedError) {
        const message =
          err instanceof ValidationError
            ? lang === 'zh'
              ? err.issues[0]?.zh
              : err.issues[0]?.en
            : err.message;
        return casePage(c, lang, caseNumber, {
          status: err instanceof ValidationError ? 400 : 409,
          message: message ?? '',
        });
      }
      throw err;
    }
    return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#identity`, 303);
  });

  app.post('/staff/cases/:caseNumber/messages', async (c) => {
    const form = await c.req.parseBody();
    const lang = langOf(c, form);
    const text = typeof form.text === 'string' ? form.text.trim() : '';
    if (!text) return c.redirect(`/staff/cases/${c.req.param('caseNumber')}?lang=${lang}`, 303);
    await staffMessage(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      text.slice(0, 4000),
      form.internal === 'on',
    );
    return c.redirect(`/staff/cases/${c.req.param('caseNumber')}?lang=${lang}`, 303);
  });

  return app;
}
