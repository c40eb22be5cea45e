/**
 * What the village safety coordinator's pages say and show (Chinese first, English under
 * `?lang=en`): the words, the re-check task with its result form (photos included), and the list
 * of tasks. Pure rendering; the routes (./coordinator.tsx) decide which to show.
 */
import { CsrfField } from '#functions/http/csrf.tsx';
import { EvidenceField } from '#functions/web/evidence-field.tsx';
import { dictionaries, type Lang } from '#functions/web/i18n.ts';
import { ErrorSummary, formField } from '#functions/web/layout.tsx';
import { RECHECK_RESULTS } from '#shared/domain/lifecycle/index.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { FieldIssue } from '#shared/errors.ts';
import type { RecheckTaskView } from '#shared/services/coordinator.ts';
import { RECHECK_RESULT_LABELS, RECHECK_STATUS_LABELS } from '../recheck-forms.tsx';

export const COORDINATOR_PAGES = '/staff/coordinator';

export const T = {
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
    photos: '现场照片（可选）',
    photosSaved: (n: number) => `已保存 ${n} 张照片（已删除其中的位置等信息）。`,
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
    photos: 'Photos from the site (optional)',
    photosSaved: (n: number) => `${n} photo(s) saved (location and other details removed).`,
  },
};

/** The messages of a form's fields, by the form field's name. */
export function fieldErrors(errors: FieldIssue[], lang: Lang) {
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
  return { errorOf, msg };
}

/** A re-check task as the coordinator sees it, with the result form while it is open. */
export function RecheckTaskBody(props: {
  lang: Lang;
  task: RecheckTaskView;
  errors: FieldIssue[];
  values: Record<string, string>;
  refused?: string;
}) {
  const { lang, task, errors, values, refused } = props;
  const t = T[lang];
  const { errorOf, msg } = fieldErrors(errors, lang);
  return (
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
            <dd>{shanghaiDateTime(task.recordedAt)}</dd>
          </>
        )}
      </dl>
      {refused && (
        <p role="alert" class="field-error">
          {refused}
        </p>
      )}
      {task.status === 'requested' && (
        <form
          method="post"
          action={`${COORDINATOR_PAGES}/rechecks/${task.taskId}`}
          enctype="multipart/form-data"
          novalidate
        >
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
          <EvidenceField lang={lang} errors={errors} legend={t.photos} />
          <button type="submit">{t.record}</button>
        </form>
      )}
      <p>
        <a href={`${COORDINATOR_PAGES}?lang=${lang}`}>{t.back}</a>
      </p>
    </>
  );
}

export function TaskList(props: { lang: Lang; tasks: RecheckTaskView[] }) {
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
