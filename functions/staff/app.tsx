/**
 * The staff app (its own Lambda in AWS, apart from the public intake functions): the staff JSON
 * API and the consoles. Every request carries a verified token; role and jurisdiction are checked
 * again by the services on every case.
 */

import type { Context } from 'hono';
import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import { errorResponse } from '#functions/http/errors.ts';
import { ReportSchema } from '#functions/http/schemas.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import { formPlaces, formToReport, formValues } from '#functions/web/forms.ts';
import { dictionaries, type Lang, pickLang } from '#functions/web/i18n.ts';
import { ErrorSummary } from '#functions/web/layout.tsx';
import { type FormValues, ReportForm } from '#functions/web/report-pages.tsx';
import type { StaffPrincipal, StaffVerifier } from '#shared/auth/staff.ts';
import { formatAccessKey } from '#shared/crypto/access-key.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { allowedActions, factsOf, type TransitionRequest } from '#shared/domain/lifecycle.ts';
import { rewardFactDefaults } from '#shared/domain/questionnaire.ts';
import { allowedRewardActions } from '#shared/domain/reward-workflow.ts';
import { exclusionByChannel } from '#shared/domain/rewards.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { NotFoundError, RefusedError, StaleVersionError, ValidationError } from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import type { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { loadRuleSets } from '#shared/rules.ts';
import {
  canRequestReveal,
  decideReveal,
  myRevealRequests,
  pendingReveals,
  requestReveal,
} from '#shared/services/identity-reveal.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import { recordRewardFacts } from '#shared/services/reward-facts.ts';
import { decideRewardAsStaff, rewardOf, rewardQueue } from '#shared/services/rewards.ts';
import {
  openCase,
  phoneIntake,
  staffMessage,
  staffQueue,
  type TransitionDeps,
  transitionCase,
} from '#shared/services/staff-cases.ts';
import { ActionForms, formToTransition } from './action-forms.tsx';
import { staffApi, TransitionSchema } from './api.ts';
import { requireStaff, STAFF_COOKIE } from './auth.ts';
import { CaseExtras } from './case-extras.tsx';
import { type HostedUiOptions, useHostedUiSignIn } from './oauth.ts';
import { CasePage, QueuePage, REWARD_QUEUE_STAGES, StaffLayout, staffText } from './pages.tsx';
import { revealRequestsApi } from './reveal-api.ts';
import { CustodianQueue, RevealSection, revealText } from './reveal-pages.tsx';
import {
  REWARD_STAGES,
  RewardDecisionSchema,
  RewardFactsBodySchema,
  rewardApi,
  staffRewardView,
} from './reward-api.ts';
import {
  defaultRewardStage,
  formToRewardDecision,
  formToRewardFacts,
  RewardQueuePage,
  RewardQueueRefused,
  RewardSection,
  rewardFormError,
  rewardText,
} from './reward-pages.tsx';
import { coordinatorRoutes } from './routes/coordinator.tsx';

export interface StaffAppOptions {
  verify: StaffVerifier;
  reveals: RevealRepository;
  rewards: RewardRepository;
  /** Local mode: the demo users offered on the sign-in page (POST /local/sign-in). */
  demoUsers?: StaffPrincipal[];
  /** AWS mode: the Cognito hosted UI's authorization code flow. */
  hostedUi?: Omit<HostedUiOptions, 'verify'>;
}

export function createStaffApp(
  deps: TransitionDeps & IntakeDeps & { logger: Logger },
  opts: StaffAppOptions,
) {
  const app = new Hono();
  useCommonMiddleware(app, deps.logger);
  app.route('/', staffApi(deps, opts.verify));
  app.route('/', revealRequestsApi({ ...deps, reveals: opts.reveals }, opts.verify));
  const rewardDeps = { ...deps, rewards: opts.rewards, ruleSets: loadRuleSets() };
  app.route('/', rewardApi(rewardDeps, opts.verify));

  const langOf = (c: Context, form?: Record<string, unknown>) =>
    pickLang(c.req.query('lang'), typeof form?.lang === 'string' ? form.lang : undefined);

  /** Names of the division codes a page shows, looked up once per page. */
  const namesOf = async (codes: (string | undefined)[]) => {
    const unique = [...new Set(codes.filter((c): c is string => Boolean(c)))];
    const places = await Promise.all(unique.map((code) => deps.directory.get(code)));
    const names = new Map(places.filter((p) => p !== null).map((p) => [p.code, p.name]));
    return (code?: string) => (code ? (names.get(code) ?? code) : '');
  };

  app.get('/staff/sign-in', (c) => {
    const lang = langOf(c);
    const t = staffText[lang];
    return c.html(
      <StaffLayout lang={lang} title={t.signIn}>
        <h1>{t.signIn}</h1>
        {opts.demoUsers ? (
          <>
            <p>{t.signInLocal}</p>
            <ul class="demo-users">
              {opts.demoUsers.map((u) => (
                <li>
                  <form method="post" action="/local/sign-in">
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="next" value={c.req.query('next') ?? '/staff'} />
                    <button type="submit">
                      {u.name} · {t.roles[u.role]} · {u.jurisdiction}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            <a href="/staff/sign-in/start">{t.signInAws}</a>
          </p>
        )}
      </StaffLayout>,
    );
  });

  if (opts.hostedUi) useHostedUiSignIn(app, { ...opts.hostedUi, verify: opts.verify });

  app.post('/staff/sign-out', (c) => {
    deleteCookie(c, STAFF_COOKIE, { path: '/' });
    return c.redirect('/staff/sign-in', 303);
  });

  // Every console page needs a verified token, except the sign-in flow itself. New pages are
  // covered by default (API Gateway has no authorizer on /staff*: the cookie is checked here).
  const guard = requireStaff(opts.verify, { pages: true });
  const PUBLIC_PAGES = new Set([
    '/staff/sign-in',
    '/staff/sign-in/start',
    '/staff/auth/callback',
    '/staff/sign-out',
  ]);
  app.use('/staff', guard);
  app.use('/staff/*', (c, next) => (PUBLIC_PAGES.has(c.req.path) ? next() : guard(c, next)));
  app.route('/', coordinatorRoutes(deps, opts.verify));

  const intakePage = async (
    c: Context,
    lang: Lang,
    values: FormValues,
    errors: FieldIssue[],
    status: 200 | 400,
  ) => {
    const places = await formPlaces(deps, values.townshipCode);
    const t = staffText[lang];
    return c.html(
      <StaffLayout lang={lang} title={t.phoneIntake} staff={c.get('staff')}>
        <h1>{t.phoneIntake}</h1>
        <p>{t.phoneIntakeHint}</p>
        <ErrorSummary t={dictionaries[lang]} lang={lang} errors={errors} />
        <ReportForm
          action="/staff/intake"
          lang={lang}
          t={dictionaries[lang]}
          values={values}
          errors={errors}
          places={places}
        />
      </StaffLayout>,
      status,
    );
  };

  app.get('/staff/intake', (c) => intakePage(c, langOf(c), { idempotencyKey: crypto.randomUUID() }, [], 200));

  app.post('/staff/intake', async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    if (values.action === 'villages' || values.action === 'questions')
      return intakePage(c, lang, values, [], 200);
    try {
      const input = parseOrThrow(ReportSchema, formToReport(values));
      const created = await phoneIntake(deps, c.get('staff'), input, values.idempotencyKey);
      c.header('Cache-Control', 'no-store');
      const t = staffText[lang];
      return c.html(
        <StaffLayout lang={lang} title={t.phoneIntake} staff={c.get('staff')}>
          <h1>{t.phoneIntakeDone}</h1>
          <p role="alert">{t.phoneIntakeReadBack}</p>
          <dl class="credentials">
            <dt>{dictionaries[lang].caseNumber}</dt>
            <dd>
              <output id="case-number">{created.caseNumber}</output>
            </dd>
            <dt>{dictionaries[lang].accessKey}</dt>
            <dd>
              <output id="access-key">{formatAccessKey(created.accessKey)}</output>
            </dd>
          </dl>
          <p>
            <a href={`/staff/intake?lang=${lang}`}>{t.phoneIntake}</a>
          </p>
        </StaffLayout>,
        201,
      );
    } catch (err) {
      if (err instanceof ValidationError) return intakePage(c, lang, values, err.issues, 400);
      throw err;
    }
  });

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
    const placeName = await namesOf(page.cases.map((x: CaseRecord) => x.townshipCode));
    const townships =
      staff.jurisdiction.length === 6 ? await deps.directory.children(staff.jurisdiction) : undefined;
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
      />,
    );
  });

  /** The reward of a readable case, or null when the case has none (not substantiated yet). */
  const rewardOfCase = async (staff: StaffPrincipal, caseNumber: string) => {
    try {
      return (await rewardOf(rewardDeps, { staff }, caseNumber)).reward;
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
    const placeName = await namesOf([
      record.location.countyCode,
      record.location.townshipCode,
      record.location.villageCode,
      record.recheck?.villageCode,
    ]);
    const actions = allowedActions(factsOf(record, deps.regionCode), { kind: 'staff', ...staff }, deps.now());
    const county = record.location.countyCode ?? record.townshipCode?.slice(0, 6);
    const needsTownships = actions.some((a) => a === 'assign_township' || a === 'transfer');
    const townships = county && needsTownships ? await deps.directory.children(county) : [];
    const villages =
      actions.includes('request_recheck') && record.townshipCode
        ? await deps.directory.children(record.townshipCode)
        : undefined;
    c.header('Cache-Control', 'no-store');
    return c.html(
      <CasePage
        lang={lang}
        staff={staff}
        record={record}
        events={events}
        placeName={placeName}
        extras={<CaseExtras lang={lang} record={record} placeName={placeName} />}
        identity={
          record.hasIdentity && canRequestReveal(staff) ? (
            <RevealSection
              lang={lang}
              caseNumber={record.caseNumber}
              mine={await myRevealRequests({ ...deps, reveals: opts.reveals }, staff, record.caseNumber)}
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
            recheck={{
              ...(villages ? { villages } : {}),
              ...(record.location.villageCode ? { villageCode: record.location.villageCode } : {}),
            }}
          />
        }
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

  const formOf = async (c: Context) =>
    Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );

  // Reward forms: each posts the reward version it was drawn with (If-Match in the API) and
  // redirects back to the section, or shows the section again with the error.
  app.post('/staff/cases/:caseNumber/reward/facts', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    const caseNumber = c.req.param('caseNumber');
    try {
      const input = parseOrThrow(RewardFactsBodySchema, formToRewardFacts(form));
      await recordRewardFacts(rewardDeps, c.get('staff'), caseNumber, input, Number(form.version));
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
      await decideRewardAsStaff(rewardDeps, c.get('staff'), caseNumber, request, Number(form.version));
      return c.redirect(`/staff/cases/${caseNumber}?lang=${lang}#reward`, 303);
    } catch (err) {
      const shown = rewardFormError(err, lang);
      if (shown) return casePage(c, lang, caseNumber, undefined, shown);
      throw err;
    }
  });

  /** A reward queue page (tabs by stage); `error` re-renders it after a refused release. */
  const rewardQueuePage = async (
    c: Context,
    lang: Lang,
    stageParam: string | undefined,
    error?: { message: string; status: 400 | 403 | 409 | 412 },
  ) => {
    const staff = c.get('staff');
    const stages = REWARD_QUEUE_STAGES[staff.role];
    const stage = stageParam ?? defaultRewardStage(staff.role);
    c.header('Cache-Control', 'no-store');
    if (!stage || stages.length === 0)
      return c.html(<RewardQueueRefused lang={lang} staff={staff} message={rewardText[lang].noQueue} />, 403);
    if (!REWARD_STAGES.includes(stage as never) || !stages.includes(stage as never))
      return c.html(
        <RewardQueueRefused lang={lang} staff={staff} message={rewardText[lang].invalidStage} />,
        REWARD_STAGES.includes(stage as never) ? 403 : 400,
      );
    const listStage = stage as (typeof REWARD_STAGES)[number];
    const page = await rewardQueue(rewardDeps, staff, listStage, 25, c.req.query('cursor'));
    return c.html(
      <RewardQueuePage
        lang={lang}
        staff={staff}
        stage={listStage}
        rewards={page.rewards.map((r) => staffRewardView(r, staff))}
        cursor={page.cursor}
        error={error?.message}
      />,
      error?.status ?? 200,
    );
  };

  app.get('/staff/rewards', (c) => rewardQueuePage(c, langOf(c), c.req.query('stage')));

  // The identity custodian cannot open cases: they release a claim's payee details from the queue.
  app.post('/staff/rewards/:caseNumber/release', async (c) => {
    const form = await formOf(c);
    const lang = langOf(c, form);
    try {
      await decideRewardAsStaff(
        rewardDeps,
        c.get('staff'),
        c.req.param('caseNumber'),
        { action: 'release' },
        Number(form.version),
      );
      return c.redirect(`/staff/rewards?stage=release&lang=${lang}`, 303);
    } catch (err) {
      const shown = rewardFormError(err, lang);
      if (shown) return rewardQueuePage(c, lang, 'release', shown);
      throw err;
    }
  });

  app.get('/staff/cases/:caseNumber', (c) => casePage(c, langOf(c), c.req.param('caseNumber')));

  app.post('/staff/cases/:caseNumber/transitions', async (c) => {
    const form = Object.fromEntries(
      Object.entries(await c.req.parseBody()).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
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
      await requestReveal({ ...deps, reveals: opts.reveals }, c.get('staff'), caseNumber, reason);
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

  app.get('/staff/identity-requests', async (c) => {
    const lang = langOf(c);
    const staff = c.get('staff');
    const requests = await pendingReveals({ ...deps, reveals: opts.reveals }, staff);
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
    await decideReveal(
      { ...deps, reveals: opts.reveals },
      c.get('staff'),
      c.req.param('caseNumber'),
      c.req.param('requestId'),
      {
        approve: form.approve === 'yes',
        reason: typeof form.reason === 'string' ? form.reason : '',
      },
    );
    return c.redirect(`/staff/identity-requests?lang=${lang}`, 303);
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

  useErrorHandling(app, deps.logger);
  // Pages answer a case outside the jurisdiction like any unknown case: a plain 404 page.
  app.onError((err, c) => {
    if (err instanceof NotFoundError && c.req.path.startsWith('/staff/')) {
      return c.html(
        <StaffLayout lang={langOf(c)} title="404">
          <h1>404</h1>
        </StaffLayout>,
        404,
      );
    }
    return errorResponse(c, err, deps.logger);
  });
  return app;
}
