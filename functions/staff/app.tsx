/**
 * The staff app (its own Lambda in AWS, apart from the public intake functions): the staff JSON
 * API and the consoles. Every request carries a verified token; role and jurisdiction are checked
 * again by the services on every case. Console pages live in route modules under ./routes/,
 * each a Hono sub-app mounted below the sign-in guard.
 */

import type { Context, Next } from 'hono';
import { Hono } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import { csrfProtection, csrfText } from '#functions/http/csrf.tsx';
import { errorResponse, toHttpError } from '#functions/http/errors.ts';
import type { StaffPrincipal, StaffVerifier } from '#shared/auth/staff.ts';
import {
  ForbiddenError,
  NotFoundError,
  RefusedError,
  StaleVersionError,
  ValidationError,
} from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import type { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { shippedRuleSets } from '#shared/rules.ts';
import type { EvidenceDeps } from '#shared/services/evidence.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import type { ListDeps, TransitionDeps } from '#shared/services/staff-cases.ts';
import { staffApi } from './api.ts';
import { requireStaff } from './auth.ts';
import { evidenceStaffRoutes } from './evidence-routes.tsx';
import { StaffLayout, staffText } from './layout.tsx';
import { type HostedUiOptions, useHostedUiSignIn } from './oauth.ts';
import { revealRequestsApi } from './reveal-api.ts';
import { rewardApi } from './reward-api.ts';
import { caseRoutes } from './routes/cases.tsx';
import { type ConsoleDeps, langOf } from './routes/context.ts';
import { coordinatorRoutes } from './routes/coordinator.tsx';
import { HeaderInbox, SearchBox } from './routes/header-tools.tsx';
import { identityRoutes } from './routes/identity.tsx';
import { intakeRoutes } from './routes/intake.tsx';
import { queueRoutes } from './routes/queue.tsx';
import { rewardRoutes } from './routes/rewards.tsx';
import { type SearchInboxDeps, searchInboxRoutes } from './routes/search-inbox.ts';
import { signInRoutes } from './routes/sign-in.tsx';

export interface StaffAppOptions {
  verify: StaffVerifier;
  reveals: RevealRepository;
  rewards: RewardRepository;
  /** Local mode: the demo users offered on the sign-in page (POST /local/sign-in). */
  demoUsers?: StaffPrincipal[];
  /** AWS mode: the Cognito hosted UI's authorization code flow. */
  hostedUi?: Omit<HostedUiOptions, 'verify'>;
  /** The staff search and inbox (routes/search-inbox.ts). */
  searchInbox?: Pick<SearchInboxDeps, 'search' | 'inbox'>;
}

export function createStaffApp(
  deps: TransitionDeps &
    IntakeDeps &
    EvidenceDeps &
    ListDeps & { logger: Logger; edgeSecret?: string | undefined },
  opts: StaffAppOptions,
) {
  const app = new Hono();
  // Lets the page layout read per-request values (the header's search and inbox slots).
  app.use(contextStorage());
  // Every form post carries the origin check and the token bound to the staff session
  // (functions/http/csrf.tsx, in the common middleware); bearer-token API calls pass untouched.
  useCommonMiddleware(app, deps.logger, {
    csrf: csrfProtection({
      edgeSecret: deps.edgeSecret,
      refused: async (c) => {
        const form = await c.req.parseBody().catch(() => ({}));
        const lang = langOf(c, form);
        const words = csrfText[lang];
        c.header('Cache-Control', 'no-store');
        return c.html(
          <StaffLayout lang={lang} title={words.title}>
            <h1>{words.title}</h1>
            <p role="alert">{words.body}</p>
            <p>
              <a href={`/staff?lang=${lang}`}>{words.back}</a>
            </p>
          </StaffLayout>,
          403,
        );
      },
    }),
  });
  const consoleDeps: ConsoleDeps = {
    ...deps,
    reveals: opts.reveals,
    rewards: opts.rewards,
    // Validated on the first request that needs them: most console requests compute no reward.
    get ruleSets() {
      return shippedRuleSets();
    },
    ...(opts.demoUsers ? { staffNames: opts.demoUsers } : {}),
  };
  if (opts.searchInbox) {
    // Every console page's header, the search and inbox pages' own included: the search box and
    // the inbox link, whose unread count is read while the page renders (after the sign-in guard).
    const headerTools = async (c: Context, next: Next) => {
      const lang = langOf(c);
      c.set('staffHeader', { search: <SearchBox lang={lang} />, inbox: <HeaderInbox lang={lang} /> });
      await next();
    };
    app.use('/staff', headerTools);
    app.use('/staff/*', headerTools);
    app.route('/', searchInboxRoutes({ ...deps, ...opts.searchInbox }, opts.verify));
  }
  app.route('/', staffApi(deps, opts.verify));
  app.route('/', evidenceStaffRoutes(deps, opts.verify));
  app.route('/', revealRequestsApi(consoleDeps, opts.verify));
  app.route('/', rewardApi(consoleDeps, opts.verify));

  app.route('/', signInRoutes(opts));
  if (opts.hostedUi) useHostedUiSignIn(app, { ...opts.hostedUi, verify: opts.verify });

  // Every console page needs a verified token, except the sign-in flow itself. New pages are
  // covered by default (API Gateway has no authorizer on /staff*: the cookie is checked here).
  // The guard is registered before the page modules, so it runs first for each of them.
  const guard = requireStaff(opts.verify, { pages: true });
  const PUBLIC_PAGES = new Set([
    '/staff/sign-in',
    '/staff/sign-in/start',
    '/staff/auth/callback',
    '/staff/sign-out',
  ]);
  app.use('/staff', guard);
  app.use('/staff/*', (c, next) => (PUBLIC_PAGES.has(c.req.path) ? next() : guard(c, next)));

  app.route('/', queueRoutes(consoleDeps));
  app.route('/', intakeRoutes(consoleDeps));
  app.route('/', caseRoutes(consoleDeps));
  app.route('/', rewardRoutes(consoleDeps));
  app.route('/', identityRoutes(consoleDeps));
  app.route('/', coordinatorRoutes(deps, opts.verify));

  useErrorHandling(app, deps.logger);
  // Console pages answer every refusal with a page in the user's language, never JSON: a case
  // outside the jurisdiction like any unknown case (404), a role's refusal with its reason.
  app.onError((err, c) => {
    if (!c.req.path.startsWith('/staff/') && c.req.path !== '/staff')
      return errorResponse(c, err, deps.logger);
    const lang = langOf(c);
    const t = staffText[lang];
    if (err instanceof NotFoundError)
      return c.html(
        <StaffLayout lang={lang} title={t.notFound}>
          <h1>{t.notFound}</h1>
          <p>{t.notFoundHint}</p>
          <p>
            <a href={`/staff?lang=${lang}`}>{t.queue}</a>
          </p>
        </StaffLayout>,
        404,
      );
    if (
      err instanceof ForbiddenError ||
      err instanceof RefusedError ||
      err instanceof ValidationError ||
      err instanceof StaleVersionError
    ) {
      const { status, body } = toHttpError(err, '-');
      const staff = c.get('staff') as StaffPrincipal | undefined;
      return c.html(
        <StaffLayout lang={lang} title={t.refusedTitle} staff={staff}>
          <h1>{t.refusedTitle}</h1>
          <p role="alert" id="refusal">
            {lang === 'zh' ? body.error.messageZh : body.error.message}
          </p>
          <p>
            <a href={`/staff?lang=${lang}`}>{t.backToQueue}</a>
          </p>
        </StaffLayout>,
        status,
      );
    }
    // Anything else (storage unavailable, an unexpected fault): still a page, with the generic
    // words and the request id, logged as the API would.
    const requestId = (c.get('requestId') as string | undefined) ?? '-';
    const mapped = toHttpError(err, requestId);
    // Class name only, as the API logs it: messages and causes may quote input.
    if (mapped.status >= 500)
      deps.logger.error('request failed', {
        requestId,
        route: c.req.routePath,
        errorName: (err as Error)?.name ?? 'unknown',
      });
    c.header('Cache-Control', 'no-store');
    return c.html(
      <StaffLayout lang={lang} title={t.refusedTitle}>
        <h1>{t.refusedTitle}</h1>
        <p role="alert" id="refusal">
          {lang === 'zh' ? mapped.body.error.messageZh : mapped.body.error.message}
        </p>
        <p>
          <a href={`/staff?lang=${lang}`}>{t.backToQueue}</a>
        </p>
      </StaffLayout>,
      mapped.status,
    );
  });
  return app;
}
