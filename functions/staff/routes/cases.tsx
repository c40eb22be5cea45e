/**
 * The case page and every form posted from it: lifecycle transitions, messages, identity
 * requests and reward steps. A refused or invalid post renders the page again with the reason.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { parseOrThrow } from '#functions/http/validation.ts';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { countyOf } from '#shared/domain/division-code.ts';
import { type Action, allowedActions, factsOf, roleMay } from '#shared/domain/lifecycle/index.ts';
import { rewardFactDefaults } from '#shared/domain/questionnaire.ts';
import { exclusionByChannel } from '#shared/domain/reward-facts.ts';
import { allowedRewardActions } from '#shared/domain/reward-workflow.ts';
import {
  ForbiddenError,
  NotFoundError,
  RefusedError,
  StaleVersionError,
  ValidationError,
} from '#shared/errors.ts';
import { readableCase } from '#shared/services/case-access.ts';
import { summarize } from '#shared/services/evidence.ts';
import { canRequestReveal, myRevealRequests, requestReveal } from '#shared/services/identity-reveal.ts';
import { recordRewardFacts } from '#shared/services/reward-facts.ts';
import { decideRewardAsStaff, rewardOf } from '#shared/services/rewards.ts';
import { canWriteToCase, openCase, staffMessage, transitionCase } from '#shared/services/staff-cases.ts';
import { actionFieldHref, type FailedAction } from '../action-fields.tsx';
import { ActionForms, formToTransition, missingConfirmation } from '../action-forms.tsx';
import { TransitionSchema } from '../api.ts';
import { CaseExtras } from '../case-extras.tsx';
import { CasePage } from '../case-page.tsx';
import { caseRecordView } from '../case-record.ts';
import { staffNamer } from '../case-text.ts';
import { EvidenceSection } from '../evidence-section.tsx';
import { recheckPhotos } from '../recheck-forms.tsx';
import { RevealSection } from '../reveal-pages.tsx';
import { RewardDecisionSchema, RewardFactsBodySchema } from '../reward-api.ts';
import { formToRewardDecision, formToRewardFacts, rewardFormError } from '../reward-form-input.ts';
import { RewardSection } from '../reward-pages.tsx';
import { candidateTownships, routingPlaces, type TownshipChoice } from '../routing-help.ts';
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

  /** What went wrong with the last post, shown at the top of the page and at its form. */
  type PageError = {
    status: 400 | 403 | 409 | 412;
    items: { href?: string; text: string }[];
    failed?: FailedAction;
    reward?: string;
  };

  const casePage = async (c: Context, lang: Lang, caseNumber: string, error?: PageError) => {
    const staff = c.get('staff');
    const { record, events } = await openCase(deps, staff, caseNumber);
    const reward = await rewardOfCase(staff, caseNumber);
    const codes = [
      record.location.countyCode,
      record.location.townshipCode,
      record.location.villageCode,
      record.recheck?.villageCode,
      ...(record.transfers ?? []).flatMap((t) => [t.toTownshipCode, t.fromTownshipCode]),
      ...events.flatMap((e) =>
        [e.detail?.townshipCode, e.detail?.toTownshipCode].map((v) => v as string | undefined),
      ),
    ];
    const placeName = await namesOf(deps, codes);
    const now = deps.now();
    const actions = allowedActions(factsOf(record, deps.regionCode), { kind: 'staff', ...staff }, now);
    const county = record.location.countyCode ?? (record.townshipCode && countyOf(record.townshipCode));
    const routes = actions.some((a) => a === 'assign_township' || a === 'transfer');
    const places = routes ? await routingPlaces(deps, staff, county) : { counties: [], townships: new Map() };
    // A help for routing, not the page: a slow directory leaves the lists without candidates.
    const candidates = actions.includes('assign_township')
      ? await candidateTownships(deps, record).catch((): TownshipChoice[] => [])
      : [];
    const villages =
      actions.includes('request_recheck') && record.townshipCode
        ? await deps.directory.children(record.townshipCode)
        : undefined;
    const name = staffNamer([...(deps.staffNames ?? []), { id: staff.id, name: staff.name }], lang);
    const evidenceItems = await deps.evidence.list(record.caseNumber);
    const evidence = summarize(evidenceItems, lang);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <CasePage
        lang={lang}
        staff={staff}
        record={record}
        events={events}
        now={now}
        recordView={caseRecordView(record, events)}
        name={name}
        placeName={placeName}
        errors={error?.items}
        canMessage={canWriteToCase(staff)}
        extras={
          <CaseExtras
            lang={lang}
            record={record}
            placeName={placeName}
            recheckPhotos={recheckPhotos(record, evidenceItems, evidence)}
          />
        }
        identity={
          record.hasIdentity && canRequestReveal(staff) ? (
            <RevealSection
              lang={lang}
              caseNumber={record.caseNumber}
              mine={await myRevealRequests(deps, staff, record.caseNumber)}
              now={now.toISOString()}
            />
          ) : null
        }
        actions={
          <ActionForms
            lang={lang}
            caseNumber={record.caseNumber}
            version={record.version}
            actions={actions}
            places={places}
            candidates={candidates}
            failed={error?.failed}
            recheck={{
              ...(villages ? { villages } : {}),
              ...(record.location.villageCode ? { villageCode: record.location.villageCode } : {}),
            }}
          />
        }
        evidence={<EvidenceSection lang={lang} caseNumber={record.caseNumber} items={evidence} />}
        reward={
          reward ? (
            <RewardSection
              lang={lang}
              caseNumber={record.caseNumber}
              caseCategory={record.category}
              reward={reward}
              suggested={{
                ...rewardFactDefaults(record.answers),
                ...(exclusionByChannel(record.channel)
                  ? { excludedReason: exclusionByChannel(record.channel) as string }
                  : {}),
              }}
              actions={allowedRewardActions(
                reward,
                {
                  verifiedBy: record.verifiedBy ?? [],
                  substantiated: record.conclusion?.outcome === 'substantiated',
                },
                { kind: 'staff', id: staff.id, role: staff.role },
                now,
              )}
              error={error?.reward}
              name={name}
            />
          ) : null
        }
      />,
      error?.status ?? 200,
    );
  };

  /** A refused or invalid post as the page shows it; null for errors the app's handler maps. */
  const pageError = (err: unknown, lang: Lang, form: Record<string, string>): PageError | null => {
    const said = (e: ForbiddenError | RefusedError, fallback: { zh: string; en: string }) =>
      lang === 'zh' ? (e.zh ?? fallback.zh) : /_/.test(e.message) ? fallback.en : e.message;
    if (err instanceof ValidationError) {
      const action = form.action ?? '';
      return {
        status: 400,
        failed: { action, issues: err.issues, values: form },
        items: err.issues.map((i) => ({
          href: actionFieldHref(action, i.field),
          text: lang === 'zh' ? i.zh : i.en,
        })),
      };
    }
    if (err instanceof ForbiddenError)
      return {
        status: 403,
        items: [{ text: said(err, { zh: '您的岗位不能执行此操作。', en: 'Your role may not do this.' }) }],
      };
    if (err instanceof RefusedError)
      return {
        status: 409,
        items: [
          {
            text: said(err, {
              zh: '当前状态下不能执行此操作。',
              en: 'Not possible in the case’s current state.',
            }),
          },
        ],
      };
    if (err instanceof StaleVersionError)
      return {
        status: 412,
        items: [
          {
            text:
              lang === 'zh'
                ? '案件已被他人修改，请查看最新情况后重新操作。'
                : 'Someone else changed the case; review it and decide again.',
          },
        ],
      };
    return null;
  };

  app.get('/staff/cases/:caseNumber', (c) => casePage(c, langOf(c), c.req.param('caseNumber')));

  // Reward forms: each posts the reward version it was drawn with (If-Match in the API) and
  // redirects back to the section, or shows the section again with the error.
  const rewardForm =
    (act: (staff: StaffPrincipal, caseNumber: string, form: Record<string, string>) => Promise<unknown>) =>
    async (c: Context) => {
      const form = await formOf(c);
      const lang = langOf(c, form);
      const caseNumber = c.req.param('caseNumber') ?? '';
      try {
        await act(c.get('staff'), caseNumber, form);
        return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#reward`, 303);
      } catch (err) {
        const shown = rewardFormError(err, lang);
        if (shown)
          return casePage(c, lang, caseNumber, {
            status: shown.status,
            items: [{ href: '#reward', text: shown.message }],
            reward: shown.message,
          });
        throw err;
      }
    };
  app.post(
    '/staff/cases/:caseNumber/reward/facts',
    rewardForm((staff, caseNumber, form) =>
      recordRewardFacts(
        deps,
        staff,
        caseNumber,
        parseOrThrow(RewardFactsBodySchema, formToRewardFacts(form)),
        Number(form.version),
      ),
    ),
  );
  app.post(
    '/staff/cases/:caseNumber/reward/decisions',
    rewardForm((staff, caseNumber, form) =>
      decideRewardAsStaff(
        deps,
        staff,
        caseNumber,
        parseOrThrow(RewardDecisionSchema, formToRewardDecision(form)),
        Number(form.version),
      ),
    ),
  );

  app.post('/staff/cases/:caseNumber/transitions', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      // The confirmation is asked only of someone who could take the action on this case: anyone
      // else learns "not found" or "not your role" first, exactly as without the box.
      const staff = c.get('staff');
      await readableCase(deps, staff, caseNumber);
      const unconfirmed = missingConfirmation(form);
      if (unconfirmed && roleMay(staff.role, form.action as Action)) throw new ValidationError([unconfirmed]);
      const request = parseOrThrow(TransitionSchema, formToTransition(form));
      await transitionCase(deps, { staff: c.get('staff') }, caseNumber, request, Number(form.version));
      return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}`, 303);
    } catch (err) {
      const shown = pageError(err, lang, form);
      if (shown) return casePage(c, lang, caseNumber, shown);
      throw err;
    }
  });

  app.post('/staff/cases/:caseNumber/identity-requests', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      await requestReveal(deps, c.get('staff'), caseNumber, form.reason ?? '');
    } catch (err) {
      const shown = pageError(err, lang, {});
      if (shown)
        return casePage(c, lang, caseNumber, {
          ...shown,
          items: shown.items.map((i) => ({ ...i, href: '#identity' })),
        });
      throw err;
    }
    return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#identity`, 303);
  });

  app.post('/staff/cases/:caseNumber/messages', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    const text = (form.text ?? '').trim();
    try {
      if (!text)
        throw new ValidationError([{ field: 'text', zh: '请填写消息内容', en: 'Write the message' }]);
      await staffMessage(deps, c.get('staff'), caseNumber, text.slice(0, 4000), form.internal === 'on');
    } catch (err) {
      const shown = pageError(err, lang, {});
      if (shown)
        return casePage(c, lang, caseNumber, {
          ...shown,
          items: shown.items.map((i) => ({ ...i, href: '#m-text' })),
        });
      throw err;
    }
    return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}`, 303);
  });

  return app;
}
