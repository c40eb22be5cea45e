/**
 * Server-rendered citizen pages. They post plain forms (no JavaScript needed) to the same services
 * and schemas as the JSON API.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import { contextStorage } from 'hono/context-storage';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
// hono/tiny: the same Hono with its smallest router (PatternRouter), about 6 KB less per bundle.
import { Hono } from 'hono/tiny';
import { clientAddress } from '#functions/http/client-address.ts';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { type CsrfRefusal, csrfProtection, csrfText } from '#functions/http/csrf.tsx';
import { MessageSchema, ObjectionSchema, ReportSchema, RewardClaimSchema } from '#functions/http/schemas.ts';
import { sourceAddress } from '#functions/http/source.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseOrThrow, toFieldIssues } from '#functions/http/validation.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { parseListingCursor } from '#shared/domain/public-record.ts';
import { shanghaiClock as shanghaiTime } from '#shared/domain/shanghai-time.ts';
import type { FieldIssue } from '#shared/errors.ts';
import {
  NotFoundError,
  RefusedError,
  StaleVersionError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '#shared/errors.ts';
import type { PublicRepository } from '#shared/repositories/public-repository.ts';
import type { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { attachEvidence, prepareEvidence } from '#shared/services/evidence.ts';
import {
  appendReporterMessage,
  caseOfSession,
  closeReporterSession,
  openReporterSession,
  SESSION_TTL_S,
  viewOf,
} from '#shared/services/follow-up.ts';
import { fileReport } from '#shared/services/intake.ts';
import { IntakeBudgetError, ProofRejectedError } from '#shared/services/intake-guard.ts';
import { canObject, objectToConclusion } from '#shared/services/objection.ts';
import { publicPage } from '#shared/services/public-stats.ts';
import { claimReward, reporterRewardView, rewardOf } from '#shared/services/rewards.ts';
import { claimApi } from './claim-api.ts';
import { directUploadPages, offerDirectUploads } from './direct-uploads.tsx';
import { attachToNewCase, collectIssues, evidenceText } from './evidence-field.tsx';
import { CaseViewPage, type ClaimValues, FollowUpPage } from './follow-up-pages.tsx';
import { formPlaces, formToReport, formValues } from './forms.ts';
import { dictionaries, type Lang, pickLang } from './i18n.ts';
import { Layout } from './layout.tsx';
import { objectionApi } from './objection-api.ts';
import { PUBLIC_PATH, PublicPage } from './public-page.tsx';
import { CreatedPage, type FormValues, HomePage } from './report-pages.tsx';

/** Opaque web follow-up session (never the access key). */
const SESSION_COOKIE = 'chuishao_session';

function noStore(c: Context) {
  c.header('Cache-Control', 'no-store');
}

export function createWebApp(deps: AppDeps & { rewards: RewardRepository; publicRecords: PublicRepository }) {
  const app = new Hono();
  useCommonMiddleware(app, deps.logger, {
    csrf: csrfProtection({ edgeSecret: deps.edgeSecret, refused: (c, reason) => csrfRefused(c, reason) }),
    connectOrigins: deps.uploadSigner ? [deps.uploadSigner.origin] : [],
  });
  // In AWS files go straight to S3 (./direct-uploads.tsx): the evidence field tells its script.
  app.use(contextStorage(), offerDirectUploads(deps));
  const langOf = (c: Context, v?: FormValues): Lang => pickLang(c.req.query('lang'), v?.lang);

  const home = async (
    c: Context,
    lang: Lang,
    values: FormValues,
    errors: ValidationError['issues'],
    status: 200 | 400 | 403 | 429 | 503,
  ) => {
    const places = await formPlaces(deps, values.townshipCode);
    return c.html(
      <HomePage lang={lang} t={dictionaries[lang]} values={values} errors={errors} places={places} />,
      status,
    );
  };

  // The refusal page of the forged-form check (functions/http/csrf.tsx, installed by useCommonMiddleware). A
  // refused report form comes back filled in, so a reporter never loses what they wrote.
  const csrfRefused = async (c: Context, reason: CsrfRefusal) => {
    const values = await formValues(c).catch(() => ({}) as FormValues);
    const lang = langOf(c, values);
    const words = csrfText[lang];
    noStore(c);
    if (reason === 'token' && c.req.path === '/report') {
      return home(c, lang, values, [{ field: 'form', zh: csrfText.zh.body, en: csrfText.en.body }], 403);
    }
    const back = c.req.path.startsWith('/follow-up') ? '/follow-up' : '/';
    return c.html(
      <Layout lang={lang} t={dictionaries[lang]} title={words.title} path={back}>
        <h1>{words.title}</h1>
        <p role="alert">{words.body}</p>
        <p>
          <a href={`${back}?lang=${lang}`}>{words.back}</a>
        </p>
      </Layout>,
      403,
    );
  };

  app.get('/', (c) => home(c, langOf(c), { idempotencyKey: randomUUID() }, [], 200));

  app.post('/report', async (c) => {
    const { values, files } = await readMultipart(c);
    const lang = langOf(c, values);
    if (!values.idempotencyKey) values.idempotencyKey = randomUUID();
    if (values.action === 'villages' || values.action === 'questions') return home(c, lang, values, [], 200);
    try {
      // The report and its files are checked together, before anything is stored: a refused file
      // costs the reporter nothing else they typed.
      const [input, prepared] = await collectIssues(
        () => parseOrThrow(ReportSchema, formToReport(values)),
        () => prepareEvidence(files),
      );
      const idempotencyKey = `web:${values.idempotencyKey}`;
      // The flood budget is checked before the access key is hashed or anything is written; the
      // page's script sends a solved proof-of-work in `pow` (without JavaScript there is none).
      const ticket = await deps.intakeGuard?.admit({
        address: sourceAddress(c, deps.edgeSecret),
        proof: values.pow,
        idempotencyKey,
      });
      const created = await fileReport(deps, input, { channel: 'web', idempotencyKey }).catch(async (err) => {
        await ticket?.giveBack().catch(() => {});
        throw err;
      });
      if (created.replayed) await ticket?.giveBack().catch(() => {});
      const filesAdded = await attachToNewCase(deps, created.caseNumber, prepared, 'report');
      noStore(c);
      return c.html(
        <CreatedPage
          lang={lang}
          t={dictionaries[lang]}
          caseNumber={created.caseNumber}
          accessKey={created.accessKey}
          status={created.status}
          filesAdded={filesAdded}
        />,
        201,
      );
    } catch (err) {
      if (err instanceof ValidationError) return home(c, lang, values, err.issues, 400);
      // Over budget or a failed check: the form comes back with everything typed, saying what to do.
      const t = dictionaries[lang];
      if (err instanceof IntakeBudgetError) {
        c.header('Retry-After', String(err.retryAfterSeconds));
        const text = t.tooManyReports.replace('{time}', shanghaiTime(err.retryAt));
        return home(c, lang, { ...values, pow: '' }, [{ field: 'form', en: text, zh: text }], 429);
      }
      if (err instanceof ProofRejectedError)
        return home(
          c,
          lang,
          { ...values, pow: '' },
          [{ field: 'form', en: t.powRejected, zh: t.powRejected }],
          400,
        );
      if (err instanceof UnavailableError) {
        const t = dictionaries[lang];
        return home(c, lang, values, [{ field: 'form', en: t.unavailable, zh: t.unavailable }], 503);
      }
      throw err;
    }
  });

  /** What the reporter may see of the case's reward (null: none yet, or nothing to tell). */
  const rewardView = async (record: CaseRecord) => {
    try {
      return reporterRewardView((await rewardOf(deps, { reporter: record }, record.caseNumber)).reward);
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  };

  const showCase = async (
    c: Context,
    lang: Lang,
    record: CaseRecord,
    errors: FieldIssue[] = [],
    status: 200 | 400 = 200,
    claim: { errors: FieldIssue[]; values: ClaimValues } = { errors: [], values: {} },
    evidenceErrors: FieldIssue[] = [],
  ) => {
    noStore(c);
    const [view, reward] = await Promise.all([viewOf(deps, record), rewardView(record)]);
    return c.html(
      <CaseViewPage
        lang={lang}
        t={dictionaries[lang]}
        view={view}
        errors={errors}
        objectionOpen={canObject(record, deps.now())}
        reward={reward}
        claimErrors={claim.errors}
        claimValues={claim.values}
        evidenceErrors={evidenceErrors}
      />,
      status,
    );
  };

  /** The case of the session cookie, or null (no cookie, unknown or expired session). */
  const sessionCase = async (c: Context) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) return null;
    try {
      return await caseOfSession(deps, token);
    } catch (err) {
      if (err instanceof UnauthorizedError) return null;
      throw err;
    }
  };

  app.get('/follow-up', async (c) => {
    const lang = langOf(c);
    const record = await sessionCase(c);
    if (record) return showCase(c, lang, record);
    return c.html(<FollowUpPage lang={lang} t={dictionaries[lang]} />);
  });

  /** Renders the sign-in page again with a notice that never says whether the case exists. */
  const refused = (c: Context, lang: Lang, err: unknown, caseNumber?: string) => {
    const t = dictionaries[lang];
    const page = (notice: string, status: 401 | 429 | 503) =>
      c.html(<FollowUpPage lang={lang} t={t} caseNumber={caseNumber} notice={notice} />, status);
    if (err instanceof UnauthorizedError) return page(t.badCredentials, 401);
    if (err instanceof TooManyAttemptsError) {
      c.header('Retry-After', String(err.retryAfterSeconds));
      return page(t.tooMany, 429);
    }
    if (err instanceof UnavailableError) return page(t.unavailable, 503);
    throw err;
  };

  // Sign in with the access key once; later pages carry only an opaque, HttpOnly session cookie,
  // so the key never appears in a page, a URL or a form again.
  app.post('/follow-up', async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    try {
      const { token } = await openReporterSession(deps, values.caseNumber ?? '', values.accessKey ?? '', {
        address: clientAddress(c),
      });
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'Strict',
        path: '/follow-up',
        maxAge: SESSION_TTL_S,
        secure: new URL(c.req.url).protocol === 'https:',
      });
      return c.redirect(`/follow-up?lang=${lang}`, 303);
    } catch (err) {
      return refused(c, lang, err, values.caseNumber);
    }
  });

  app.post('/follow-up/message', async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    const record = await sessionCase(c);
    if (!record) return refused(c, lang, new UnauthorizedError('no session'));
    const parsed = MessageSchema.safeParse({ text: values.text ?? '' });
    if (!parsed.success) return showCase(c, lang, record, toFieldIssues(parsed.error), 400);
    await appendReporterMessage(deps, record, parsed.data.text, values.idempotencyKey);
    return c.redirect(`/follow-up?lang=${lang}`, 303);
  });

  // Photos and files added later: stripped, sealed and stored like those sent with the report.
  app.post('/follow-up/evidence', async (c) => {
    const { values, files } = await readMultipart(c);
    const lang = langOf(c, values);
    const record = await sessionCase(c);
    if (!record) return refused(c, lang, new UnauthorizedError('no session'));
    try {
      if (!files.length) throw new ValidationError([evidenceText[lang].noFile]);
      await attachEvidence(deps, record, await prepareEvidence(files), 'follow_up');
    } catch (err) {
      if (err instanceof ValidationError) return showCase(c, lang, record, [], 400, undefined, err.issues);
      throw err;
    }
    return c.redirect(`/follow-up?lang=${lang}#evidence`, 303);
  });

  app.post('/follow-up/objection', async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    const record = await sessionCase(c);
    if (!record) return refused(c, lang, new UnauthorizedError('no session'));
    const parsed = ObjectionSchema.safeParse({ reason: values.reason ?? '' });
    if (!parsed.success) return showCase(c, lang, record, toFieldIssues(parsed.error), 400);
    try {
      await objectToConclusion(deps, record, parsed.data.reason);
    } catch (err) {
      if (err instanceof RefusedError || err instanceof StaleVersionError) {
        return showCase(
          c,
          lang,
          record,
          [{ field: 'reason', en: err.message, zh: dictionaries.zh.objectHint }],
          400,
        );
      }
      throw err;
    }
    return c.redirect(`/follow-up?lang=${lang}`, 303);
  });

  // The reward claim: the payee details are validated like the API's and sealed into the identity
  // store by the service; after a mistake the reporter's own no-store page shows what they typed.
  app.post('/follow-up/reward-claim', async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    const record = await sessionCase(c);
    if (!record) return refused(c, lang, new UnauthorizedError('no session'));
    const echo: ClaimValues = {
      name: values.name ?? '',
      idNumber: values.idNumber ?? '',
      bankName: values.bankName ?? '',
      bankAccount: values.bankAccount ?? '',
    };
    try {
      const payee = parseOrThrow(RewardClaimSchema, echo);
      await claimReward(deps, record, payee);
    } catch (err) {
      if (err instanceof ValidationError)
        return showCase(c, lang, record, [], 400, { errors: err.issues, values: echo });
      // Nothing to claim (no reward): the page shows what there is.
      if (err instanceof NotFoundError) return c.redirect(`/follow-up?lang=${lang}`, 303);
      if (err instanceof RefusedError) {
        const t = dictionaries[lang];
        const message = err.code === 'too_late' ? t.rewardLapsed : t.claimNotOpen;
        return showCase(c, lang, record, [], 400, {
          errors: [{ field: 'reward', zh: message, en: message }],
          values: echo,
        });
      }
      throw err;
    }
    return c.redirect(`/follow-up?lang=${lang}#reward`, 303);
  });

  // The public page: listed hazards and anonymised counts, the same for everyone. A
  // malformed page cursor is a 400 showing the first page.
  app.get(PUBLIC_PATH, async (c) => {
    const lang = langOf(c);
    const raw = c.req.query('before');
    const cursor = raw ? parseListingCursor(raw) : null;
    const bad = Boolean(raw) && !cursor;
    const view = await publicPage(deps, { cursor });
    c.header('Cache-Control', 'public, max-age=60');
    const t = dictionaries[lang];
    return c.html(
      <PublicPage
        lang={lang}
        t={t}
        view={view}
        paged={Boolean(cursor)}
        {...(bad ? { notice: t.pubBadCursor } : {})}
      />,
      bad ? 400 : 200,
    );
  });

  app.post('/follow-up/sign-out', async (c) => {
    const values = await formValues(c);
    await closeReporterSession(deps, getCookie(c, SESSION_COOKIE) ?? '');
    deleteCookie(c, SESSION_COOKIE, { path: '/follow-up' });
    return c.redirect(`/follow-up?lang=${langOf(c, values)}`, 303);
  });

  app.route('/', objectionApi(deps));
  app.route('/', claimApi(deps));
  app.route('/', directUploadPages(deps, sessionCase));
  useErrorHandling(app, deps.logger);
  return app;
}
