/**
 * The village safety coordinator's console and API (a phone in the field): file a patrol report,
 * follow their own reports, and record on-site re-checks (复查) the township hands them. Handlers
 * parse, call shared/services/coordinator.ts and shape; that service decides what a coordinator
 * may see (never a citizen's report, channel or messages; other cases are 404 like unknown ones).
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { assetHref } from '#functions/assets/hashed.ts';
import { CsrfField } from '#functions/http/csrf.tsx';
import { ReportSchema } from '#functions/http/schemas.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import { formValues } from '#functions/web/forms.ts';
import { dictionaries, type Lang, pickLang } from '#functions/web/i18n.ts';
import { ErrorSummary, formField } from '#functions/web/layout.tsx';
import { QuestionnaireFields } from '#functions/web/questionnaire-fields.tsx';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { CATEGORIES, CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import { RECHECK_RESULTS } from '#shared/domain/lifecycle/index.ts';
import { summarizeAnswers } from '#shared/domain/questionnaire.ts';
import { shanghaiLocaleString } from '#shared/domain/shanghai-time.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { ForbiddenError, RefusedError, ValidationError } from '#shared/errors.ts';
import { answersFromForm, questionnaire } from '#shared/questionnaire.ts';
import {
  filePatrolReport,
  ownReport,
  ownReports,
  type RecheckTaskView,
  recheckTask,
  recheckTasks,
  recordRecheck,
} from '#shared/services/coordinator.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import type { TransitionDeps } from '#shared/services/staff-cases.ts';
import { requireStaff } from '../auth.ts';
import { StaffLayout } from '../layout.tsx';
import { RECHECK_RESULT_LABELS, RECHECK_STATUS_LABELS } from '../recheck-forms.tsx';
import { PatrolReportSchema, RecheckAnswerSchema } from '../schemas.ts';

export { PatrolReportSchema, RecheckAnswerSchema };

export const COORDINATOR_PAGES = '/staff/coordinator';
export const COORDINATOR_API = '/api/v1/coordinator';

const T = {
  zh: {
    home: '村安全员工作台',
    file: '巡查上报隐患',
    fileHint: '巡查中发现的隐患或非法违法行为，直接报给本乡镇安监站，立即开始受理计时。',
    fileDone: '已上报',
    fileDoneText: '已直接交办乡镇，可在“我上报的”中查看办理情况。',
    tasks: '待复查',
    tasksNone: '目前没有需要复查的整改。',
    doneTasks: '已完成的复查',
    mine: '我上报的',
    mineNone: '还没有上报过。',
    caseNumber: '编号',
    unit: '单位',
    deadline: '整改期限',
    summary: '隐患情况',
    status: '状态',
    recheck: '复查',
    result: '复查结果',
    note: '现场情况',
    noteHint: '例如：通道已清理，灭火器已补齐。',
    record: '提交复查结果',
    back: '返回工作台',
    description: '发现的情况',
    descriptionHint: '写清楚在哪里、看到了什么、有什么危险。',
    address: '具体位置（本村内）',
    imminent: '有人正处于危险之中',
    submit: '上报',
    due: '办理期限',
    timeline: '办理情况',
    answers: '回答的问题',
    category: '类别',
    notFound: '没有找到',
    refused: '这项复查已经结束，无需再提交。',
    received: '已上报',
    at: '时间',
    unitNameLabel: '单位名称（如知道）',
    forbidden: '这些页面只供村安全生产协管员使用。',
  },
  en: {
    home: 'Village safety coordinator',
    file: 'Report a hazard from patrol',
    fileHint:
      'Hazards or illegal operations found on patrol go straight to your township; the acceptance clock starts at once.',
    fileDone: 'Reported',
    fileDoneText: 'Sent to the township. Follow it under “My reports”.',
    tasks: 'Re-checks to do',
    tasksNone: 'No rectification to re-check now.',
    doneTasks: 'Re-checks done',
    mine: 'My reports',
    mineNone: 'No reports yet.',
    caseNumber: 'Number',
    unit: 'Unit',
    deadline: 'Rectification deadline',
    summary: 'The hazard',
    status: 'Status',
    recheck: 'Re-check',
    result: 'Result',
    note: 'What you found',
    noteHint: 'For example: the passage is clear, extinguishers replaced.',
    record: 'Send the re-check',
    back: 'Back to the start page',
    description: 'What you found',
    descriptionHint: 'Where it is, what you saw and what the danger is.',
    address: 'Where in the village',
    imminent: 'People are in danger right now',
    submit: 'Report',
    due: 'Due',
    timeline: 'Progress',
    answers: 'Answers',
    category: 'Category',
    notFound: 'Not found',
    refused: 'This re-check is closed; nothing more to send.',
    received: 'Reported',
    at: 'When',
    unitNameLabel: 'Unit (if known)',
    forbidden: 'These pages are for village safety coordinators only.',
  },
};

export function coordinatorRoutes(deps: TransitionDeps & IntakeDeps, verify: StaffVerifier) {
  const app = new Hono();
  app.use(`${COORDINATOR_PAGES}`, requireStaff(verify, { pages: true }));
  app.use(`${COORDINATOR_PAGES}/*`, requireStaff(verify, { pages: true }));
  app.use(`${COORDINATOR_API}/*`, requireStaff(verify, { pages: false }));
  // Every route here is the coordinator's alone: other roles get a plain 403.
  const langOf = (c: Context, v?: Record<string, string>): Lang => pickLang(c.req.query('lang'), v?.lang);
  for (const path of [COORDINATOR_PAGES, `${COORDINATOR_PAGES}/*`, `${COORDINATOR_API}/*`])
    app.use(path, async (c, next) => {
      if (c.get('staff').role === 'village_coordinator') return next();
      if (c.req.path.startsWith(COORDINATOR_API))
        throw new ForbiddenError('village coordinators only', { zh: '只有村安全生产协管员可以使用' });
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

  /** The report body the shared schema checks: located in the coordinator's own village. */
  const asReport = (c: Context, body: Record<string, unknown>) => ({
    category: body.category,
    description: body.description ?? '',
    unitName: body.unitName,
    occurredAt: body.occurredAt,
    imminentDanger: body.imminentDanger,
    location: { villageCode: c.get('staff').jurisdiction, address: body.address },
    ...(body.answers !== undefined ? { answers: body.answers } : {}),
  });

  // ── API ────────────────────────────────────────────────────────────────────────────────────

  app.post(`${COORDINATOR_API}/reports`, async (c) => {
    const body = await parseJsonBody(c, PatrolReportSchema);
    const input = parseOrThrow(ReportSchema, asReport(c, body));
    const { replayed, ...created } = await filePatrolReport(
      deps,
      c.get('staff'),
      { ...input, ...(input.location.address ? { address: input.location.address } : {}) },
      c.req.header('idempotency-key'),
    );
    c.header('Cache-Control', 'no-store');
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(created, 201);
  });

  app.get(`${COORDINATOR_API}/reports`, async (c) => {
    const cursor = c.req.query('cursor');
    const out = await ownReports(
      deps,
      c.get('staff'),
      25,
      cursor && cursor.length < 200 ? cursor : undefined,
    );
    c.header('Cache-Control', 'no-store');
    return c.json(out);
  });

  app.get(`${COORDINATOR_API}/reports/:caseNumber`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ report: await ownReport(deps, c.get('staff'), c.req.param('caseNumber')) });
  });

  app.get(`${COORDINATOR_API}/rechecks`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ rechecks: await recheckTasks(deps, c.get('staff')) });
  });

  app.get(`${COORDINATOR_API}/rechecks/:taskId`, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ recheck: await recheckTask(deps, c.get('staff'), c.req.param('taskId')) });
  });

  app.post(`${COORDINATOR_API}/rechecks/:taskId`, async (c) => {
    const body = await parseJsonBody(c, RecheckAnswerSchema);
    const recheck = await recordRecheck(deps, c.get('staff'), c.req.param('taskId'), body);
    return c.json({ recheck }, 200);
  });

  // ── Pages ──────────────────────────────────────────────────────────────────────────────────

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
                    {r.caseNumber} · {shanghaiLocaleString(r.createdAt, lang)} ·{' '}
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
    const errorOf = (name: string) => errors.find((e) => formField(e.field) === name);
    const fieldError = (name: string) => {
      const e = errorOf(name);
      return (
        e && (
          <small id={`e-${name}`} class="field-error">
            {lang === 'zh' ? e.zh : e.en}
          </small>
        )
      );
    };
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
        <form method="post" action={`${COORDINATOR_PAGES}/report`} novalidate>
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
    const values = await formValues(c);
    const lang = langOf(c, values);
    if (!values.idempotencyKey) values.idempotencyKey = crypto.randomUUID();
    if (values.action === 'questions') return reportForm(c, lang, values, [], 200);
    const answers = answersFromForm(values, values.category);
    try {
      const input = parseOrThrow(
        ReportSchema,
        asReport(c, {
          category: values.category || undefined,
          description: values.description ?? '',
          unitName: values.unitName,
          imminentDanger: values.imminentDanger === 'on',
          address: values.address,
          ...(Object.keys(answers).length ? { answers } : {}),
        }),
      );
      const created = await filePatrolReport(
        deps,
        c.get('staff'),
        { ...input, ...(input.location.address ? { address: input.location.address } : {}) },
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
              <time datetime={e.at}>{shanghaiLocaleString(e.at, lang)}</time>
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

  const taskPage = async (
    c: Context,
    lang: Lang,
    task: RecheckTaskView,
    errors: FieldIssue[] = [],
    values: Record<string, string> = {},
    status: 200 | 400 | 409 = 200,
    refused?: string,
  ) => {
    const t = T[lang];
    const errorOf = (name: string) => errors.find((e) => formField(e.field) === name);
    const msg = (name: string) => {
      const e = errorOf(name);
      return (
        e && (
          <small id={`e-${name}`} class="field-error">
            {lang === 'zh' ? e.zh : e.en}
          </small>
        )
      );
    };
    return page(
      c,
      lang,
      t.recheck,
      <>
        <h1>
          {t.recheck} · {task.unitName}
        </h1>
        <dl>
          <dt>{t.status}</dt>
          <dd id="recheck-status">{RECHECK_STATUS_LABELS[task.status][lang]}</dd>
          <dt>{t.unit}</dt>
          <dd>{task.unitName}</dd>
          <dt>{t.summary}</dt>
          <dd id="recheck-summary">{task.summary}</dd>
          <dt>{t.deadline}</dt>
          <dd>{task.deadline}</dd>
          {task.result && (
            <>
              <dt>{t.result}</dt>
              <dd id="recheck-result">{RECHECK_RESULT_LABELS[task.result][lang]}</dd>
            </>
          )}
          {task.note && (
            <>
              <dt>{t.note}</dt>
              <dd>{task.note}</dd>
            </>
          )}
          {task.recordedAt && (
            <>
              <dt>{t.at}</dt>
              <dd>{shanghaiLocaleString(task.recordedAt, lang)}</dd>
            </>
          )}
        </dl>
        {refused && (
          <p role="alert" class="field-error">
            {refused}
          </p>
        )}
        {task.status === 'requested' && (
          <form method="post" action={`${COORDINATOR_PAGES}/rechecks/${task.taskId}`} novalidate>
            <CsrfField />
            <ErrorSummary t={dictionaries[lang]} lang={lang} errors={errors} />
            <input type="hidden" name="lang" value={lang} />
            <fieldset
              id="f-result"
              {...(errorOf('result') ? { 'aria-invalid': 'true', 'aria-describedby': 'e-result' } : {})}
            >
              <legend>{t.result}</legend>
              {RECHECK_RESULTS.map((r) => (
                <label>
                  <input type="radio" name="result" value={r} checked={values.result === r} />
                  {RECHECK_RESULT_LABELS[r][lang]}
                </label>
              ))}
              {msg('result')}
            </fieldset>
            <label for="f-note">
              {t.note}
              <textarea
                id="f-note"
                name="note"
                rows={3}
                maxlength={1000}
                aria-describedby={errorOf('note') ? 'h-note e-note' : 'h-note'}
                {...(errorOf('note') ? { 'aria-invalid': 'true' } : {})}
              >
                {values.note ?? ''}
              </textarea>
              <small id="h-note">{t.noteHint}</small>
              {msg('note')}
            </label>
            <button type="submit">{t.record}</button>
          </form>
        )}
        <p>
          <a href={`${COORDINATOR_PAGES}?lang=${lang}`}>{t.back}</a>
        </p>
      </>,
      status,
    );
  };

  app.get(`${COORDINATOR_PAGES}/rechecks/:taskId`, async (c) => {
    const lang = langOf(c);
    return taskPage(c, lang, await recheckTask(deps, c.get('staff'), c.req.param('taskId')));
  });

  app.post(`${COORDINATOR_PAGES}/rechecks/:taskId`, async (c) => {
    const values = await formValues(c);
    const lang = langOf(c, values);
    const staff = c.get('staff');
    const taskId = c.req.param('taskId');
    try {
      const answer = parseOrThrow(RecheckAnswerSchema, { result: values.result, note: values.note ?? '' });
      await recordRecheck(deps, staff, taskId, answer);
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

function TaskList(props: { lang: Lang; tasks: RecheckTaskView[] }) {
  const t = T[props.lang];
  return (
    <ul class="cards">
      {props.tasks.map((task) => (
        <li>
          <a href={`${COORDINATOR_PAGES}/rechecks/${task.taskId}?lang=${props.lang}`}>{task.unitName}</a>
          <br />
          <small>
            {t.deadline} {task.deadline} · <strong>{RECHECK_STATUS_LABELS[task.status][props.lang]}</strong>
          </small>
        </li>
      ))}
    </ul>
  );
}
