/**
 * The village safety coordinator's console (a phone in the field): file a patrol report with
 * photos, follow their own reports, and record on-site re-checks (复查) with photos when the
 * township hands them one. Handlers parse, call shared/services/coordinator.ts (and
 * coordinator-photos.ts for the photos) and shape; those services decide what a coordinator may
 * see (never a citizen's report, channel or messages; other cases are 404 like unknown ones). The
 * JSON API is ./coordinator-api.ts, the pages' words and parts ./coordinator-views.tsx.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { assetHref } from '#functions/assets/hashed.ts';
import { CsrfField } from '#functions/http/csrf.tsx';
import { ReportSchema } from '#functions/http/schemas.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import { collectIssues, EvidenceField } from '#functions/web/evidence-field.tsx';
import { dictionaries, type Lang, pickLang } from '#functions/web/i18n.ts';
import { ErrorSummary } from '#functions/web/layout.tsx';
import { QuestionnaireFields } from '#functions/web/questionnaire-fields.tsx';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { CATEGORIES, CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import { summarizeAnswers } from '#shared/domain/questionnaire.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { RefusedError, ValidationError } from '#shared/errors.ts';
import { answersFromForm, questionnaire } from '#shared/questionnaire.ts';
import {
  ownReport,
  ownReports,
  type RecheckTaskView,
  recheckTask,
  recheckTasks,
} from '#shared/services/coordinator.ts';
import { filePatrolReportWithPhotos, recordRecheckWithPhotos } from '#shared/services/coordinator-photos.ts';
import { type EvidenceDeps, prepareEvidence } from '#shared/services/evidence.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import type { TransitionDeps } from '#shared/services/staff-cases.ts';
import { requireStaff } from '../auth.ts';
import { StaffLayout } from '../layout.tsx';
import { RecheckAnswerSchema } from '../schemas.ts';
import { asPatrolReport, coordinatorApi } from './coordinator-api.ts';
import { COORDINATOR_PAGES, fieldErrors, RecheckTaskBody, T, TaskList } from './coordinator-views.tsx';

export { COORDINATOR_API } from './coordinator-api.ts';
export { COORDINATOR_PAGES } from './coordinator-views.tsx';

export function coordinatorRoutes(deps: TransitionDeps & IntakeDeps & EvidenceDeps, verify: StaffVerifier) {
  const app = new Hono();
  app.route('/', coordinatorApi(deps, verify));
  app.use(`${COORDINATOR_PAGES}`, requireStaff(verify, { pages: true }));
  app.use(`${COORDINATOR_PAGES}/*`, requireStaff(verify, { pages: true }));
  // Every page here is the coordinator's alone: other roles get a plain 403.
  const langOf = (c: Context, v?: Record<string, string>): Lang => pickLang(c.req.query('lang'), v?.lang);
  for (const path of [COORDINATOR_PAGES, `${COORDINATOR_PAGES}/*`])
    app.use(path, async (c, next) => {
      if (c.get('staff').role === 'village_coordinator') return next();
      const lang = langOf(c);
      return c.html(
        <StaffLayout lang={lang} title="403" staff={c.get('staff')}>
          <h1>{T[lang].forbidden}</h1>
        </StaffLayout>,
        403,
      );
    });
  const page = (
    c: Context,
    lang: Lang,
    title: string,
    body: unknown,
    status: 200 | 201 | 400 | 409 = 200,
  ) => {
    c.header('Cache-Control', 'no-store');
    return c.html(
      <StaffLayout lang={lang} title={title} staff={c.get('staff')}>
        {body as never}
        <script src={assetHref('/assets/app.js')} defer />
      </StaffLayout>,
      status,
    );
  };

  app.get(COORDINATOR_PAGES, async (c) => {
    const lang = langOf(c);
    const t = T[lang];
    const staff = c.get('staff');
    const [tasks, mine] = await Promise.all([recheckTasks(deps, staff), ownReports(deps, staff, 25)]);
    const open = tasks.filter((x) => x.status === 'requested');
    const done = tasks.filter((x) => x.status !== 'requested');
    return page(
      c,
      lang,
      t.home,
      <>
        <h1>{t.home}</h1>
        <form method="get" action={`${COORDINATOR_PAGES}/report`}>
          <input type="hidden" name="lang" value={lang} />
          <button type="submit" id="file-report">
            {t.file}
          </button>
        </form>
        <section aria-labelledby="tasks-title">
          <h2 id="tasks-title">{t.tasks}</h2>
          {open.length === 0 ? <p>{t.tasksNone}</p> : <TaskList lang={lang} tasks={open} />}
        </section>
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{t.mine}</h2>
          {mine.reports.length === 0 ? (
            <p>{t.mineNone}</p>
          ) : (
            <ul class="cards" id="my-reports">
              {mine.reports.map((r) => (
                <li>
                  <a href={`${COORDINATOR_PAGES}/reports/${r.caseNumber}?lang=${lang}`}>
                    {CATEGORY_LABELS[r.category][lang]}
                    {r.unitName ? ` · ${r.unitName}` : ''}
                  </a>
                  <br />
                  <small>
                    {r.caseNumber} · {shanghaiDateTime(r.createdAt)} ·{' '}
                    <strong data-status={r.status}>{STATUS_LABELS[r.status][lang]}</strong>
                  </small>
                </li>
              ))}
            </ul>
          )}
        </section>
        {done.length > 0 && (
          <section aria-labelledby="done-title">
            <h2 id="done-title">{t.doneTasks}</h2>
            <TaskList lang={lang} tasks={done} />
          </section>
        )}
      </>,
    );
  });

  const reportForm = (
    c: Context,
    lang: Lang,
    values: Record<string, string>,
    errors: FieldIssue[],
    status: 200 | 400,
  ) => {
    const t = T[lang];
    const d = dictionaries[lang];
    const v = (k: string) => values[k] ?? '';
    const { errorOf, msg: fieldError } = fieldErrors(errors, lang);
    const invalid = (name: string) =>
      errorOf(name) ? { 'aria-invalid': 'true', 'aria-describedby': `e-${name}` } : {};
    return page(
      c,
      lang,
      t.file,
      <>
        <h1>{t.file}</h1>
        <p>{t.fileHint}</p>
        <ErrorSummary t={d} lang={lang} errors={errors} />
        <form method="post" action={`${COORDINATOR_PAGES}/report`} enctype="multipart/form-data" novalidate>
          <CsrfField />
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="idempotencyKey" value={v('idempotencyKey')} />
          <fieldset id="f-category" {...invalid('category')}>
            <legend>{t.category}</legend>
            {CATEGORIES.map((cat) => (
              <label>
                <input type="radio" name="category" value={cat} checked={v('category') === cat} />
                {CATEGORY_LABELS[cat][lang]}
              </label>
            ))}
            {fieldError('category')}
          </fieldset>
          <QuestionnaireFields lang={lang} values={values} errors={errors} />
          <label for="f-description">
            {t.description}
            <textarea
              id="f-description"
              name="description"
              rows={5}
              maxlength={5000}
              {...invalid('description')}
            >
              {v('description')}
            </textarea>
            <small>{t.descriptionHint}</small>
            {fieldError('description')}
          </label>
          <label for="f-unitName">
            {t.unitNameLabel}
            <input
              id="f-unitName"
              name="unitName"
              type="text"
              maxlength={200}
              value={v('unitName')}
              {...invalid('unitName')}
            />
            {fieldError('unitName')}
          </label>
          <label for="f-address">
            {t.address}
            <input
              id="f-address"
              name="address"
              type="text"
              maxlength={300}
              value={v('address')}
              {...invalid('address')}
            />
            {fieldError('address')}
          </label>
          <label>
            <input type="checkbox" name="imminentDanger" value="on" checked={v('imminentDanger') === 'on'} />
            {t.imminent}
          </label>
          <EvidenceField lang={lang} errors={errors} legend={t.photos} />
          <button type="submit" name="action" value="submit">
            {t.submit}
          </button>
        </form>
      </>,
      status,
    );
  };

  app.get(`${COORDINATOR_PAGES}/report`, (c) =>
    reportForm(c, langOf(c), { idempotencyKey: crypto.randomUUID() }, [], 200),
  );

  app.post(`${COORDINATOR_PAGES}/report`, async (c) => {
    const { values, files } = await readMultipart(c);
    const lang = langOf(c, values);
    if (!values.idempotencyKey) values.idempotencyKey = crypto.randomUUID();
    if (values.action === 'questions') return reportForm(c, lang, values, [], 200);
    const answers = answersFromForm(values, values.category);
    try {
      // The report and its photos are checked together, so every problem is listed at once.
      const [input, photos] = await collectIssues(
        () =>
          parseOrThrow(
            ReportSchema,
            asPatrolReport(c, {
              category: values.category || undefined,
              description: values.description ?? '',
              unitName: values.unitName,
              imminentDanger: values.imminentDanger === 'on',
              address: values.address,
              ...(Object.keys(answers).length ? { answers } : {}),
            }),
          ),
        () => prepareEvidence(files),
      );
      const created = await filePatrolReportWithPhotos(
        deps,
        c.get('staff'),
        { ...input, ...(input.location.address ? { address: input.location.address } : {}) },
        photos,
        values.idempotencyKey,
      );
      const t = T[lang];
      return page(
        c,
        lang,
        t.fileDone,
        <>
          <h1>{t.fileDone}</h1>
          <p role="status">{t.fileDoneText}</p>
          {created.photos > 0 && <p id="files-added">{t.photosSaved(created.photos)}</p>}
          <dl>
            <dt>{t.caseNumber}</dt>
            <dd>
              <output id="case-number">{created.caseNumber}</output>
            </dd>
            <dt>{t.status}</dt>
            <dd id="case-status">{STATUS_LABELS[created.status][lang]}</dd>
          </dl>
          <p>
            <a href={`${COORDINATOR_PAGES}/reports/${created.caseNumber}?lang=${lang}`}>{t.mine}</a> ·{' '}
            <a href={`${COORDINATOR_PAGES}?lang=${lang}`}>{t.back}</a>
          </p>
        </>,
        201,
      );
    } catch (err) {
      if (err instanceof ValidationError) return reportForm(c, lang, values, err.issues, 400);
      throw err;
    }
  });

  app.get(`${COORDINATOR_PAGES}/reports/:caseNumber`, async (c) => {
    const lang = langOf(c);
    const t = T[lang];
    const r = await ownReport(deps, c.get('staff'), c.req.param('caseNumber'));
    const lines = summarizeAnswers(questionnaire, r.category, r.answers, lang);
    return page(
      c,
      lang,
      r.caseNumber,
      <>
        <h1>
          {CATEGORY_LABELS[r.category][lang]} <small>{r.caseNumber}</small>
        </h1>
        <dl>
          <dt>{t.status}</dt>
          <dd id="case-status">{STATUS_LABELS[r.status][lang]}</dd>
          {r.due && (
            <>
              <dt>{t.due}</dt>
              <dd>{r.due.dueDate}</dd>
            </>
          )}
          {r.unitName && (
            <>
              <dt>{t.unit}</dt>
              <dd>{r.unitName}</dd>
            </>
          )}
          {r.address && (
            <>
              <dt>{t.address}</dt>
              <dd>{r.address}</dd>
            </>
          )}
          <dt>{t.description}</dt>
          <dd>{r.description}</dd>
          {lines.map((l) => (
            <>
              <dt>{l.label}</dt>
              <dd>{l.value}</dd>
            </>
          ))}
        </dl>
        <h2>{t.timeline}</h2>
        <ol class="timeline">
          {r.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{shanghaiDateTime(e.at)}</time>
              {e.status ? ` · ${STATUS_LABELS[e.status][lang]}` : ''}
              {e.text && <p>{e.text}</p>}
            </li>
          ))}
        </ol>
        <p>
          <a href={`${COORDINATOR_PAGES}?lang=${lang}`}>{t.back}</a>
        </p>
      </>,
    );
  });

  const taskPage = (
    c: Context,
    lang: Lang,
    task: RecheckTaskView,
    errors: FieldIssue[] = [],
    values: Record<string, string> = {},
    status: 200 | 400 | 409 = 200,
    refused?: string,
  ) =>
    page(
      c,
      lang,
      T[lang].recheck,
      <RecheckTaskBody
        lang={lang}
        task={task}
        errors={errors}
        values={values}
        {...(refused ? { refused } : {})}
      />,
      status,
    );

  app.get(`${COORDINATOR_PAGES}/rechecks/:taskId`, async (c) => {
    const lang = langOf(c);
    return taskPage(c, lang, await recheckTask(deps, c.get('staff'), c.req.param('taskId')));
  });

  app.post(`${COORDINATOR_PAGES}/rechecks/:taskId`, async (c) => {
    const { values, files } = await readMultipart(c);
    const lang = langOf(c, values);
    const staff = c.get('staff');
    const taskId = c.req.param('taskId');
    try {
      const [answer, photos] = await collectIssues(
        () => parseOrThrow(RecheckAnswerSchema, { result: values.result, note: values.note ?? '' }),
        () => prepareEvidence(files),
      );
      await recordRecheckWithPhotos(deps, staff, taskId, answer, photos);
      return c.redirect(`${COORDINATOR_PAGES}/rechecks/${taskId}?lang=${lang}`, 303);
    } catch (err) {
      if (err instanceof ValidationError)
        return taskPage(c, lang, await recheckTask(deps, staff, taskId), err.issues, values, 400);
      if (err instanceof RefusedError)
        return taskPage(c, lang, await recheckTask(deps, staff, taskId), [], {}, 409, T[lang].refused);
      throw err;
    }
  });

  return app;
}
