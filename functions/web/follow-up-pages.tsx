/** Follow-up: sign in with case number + access key, see progress and messages, add information. */
import { CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import type { FieldIssue } from '#shared/errors.ts';
import type { ReporterView } from '#shared/services/follow-up.ts';
import type { Lang, Messages } from './i18n.ts';
import { ErrorSummary, Layout } from './layout.tsx';

const shanghai = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });

export function FollowUpPage(props: { lang: Lang; t: Messages; caseNumber?: string; notice?: string }) {
  const { lang, t } = props;
  return (
    <Layout lang={lang} t={t} title={t.followUpTitle} path="/follow-up">
      <h1>{t.followUpTitle}</h1>
      {props.notice && (
        <p role="alert" class="field-error">
          {props.notice}
        </p>
      )}
      <p>{t.followUpIntro}</p>
      <form method="post" action="/follow-up">
        <input type="hidden" name="lang" value={lang} />
        <label for="f-caseNumber">
          {t.caseNumber}
          <input
            id="f-caseNumber"
            name="caseNumber"
            type="text"
            inputmode="numeric"
            required
            value={props.caseNumber ?? ''}
          />
        </label>
        <label for="f-accessKey">
          {t.accessKey}
          <input
            id="f-accessKey"
            name="accessKey"
            type="password"
            inputmode="numeric"
            autocomplete="off"
            required
          />
        </label>
        <button type="submit">{t.view}</button>
      </form>
    </Layout>
  );
}

export function CaseViewPage(props: {
  lang: Lang;
  t: Messages;
  view: ReporterView;
  errors?: FieldIssue[];
  /** Offer the objection form (closed case, inside the window, no objection yet). */
  objectionOpen?: boolean;
}) {
  const { lang, t, view } = props;
  const eventLabel = (type: string) => (t as unknown as Record<string, string>)[type] ?? type;
  return (
    <Layout lang={lang} t={t} title={view.caseNumber} path="/follow-up">
      <h1>
        {t.caseNumber} <output id="case-number">{view.caseNumber}</output>
      </h1>
      <p>
        {CATEGORY_LABELS[view.category][lang]} · {t.statusNow}:{' '}
        <strong id="case-status">{STATUS_LABELS[view.status][lang]}</strong>
      </p>
      {view.nextDeadline && (
        <p id="case-deadline">
          {t.deadlineLabel}（
          {(t as unknown as Record<string, string>)[`period_${view.nextDeadline.period}`] ??
            view.nextDeadline.period}
          ）：
          <time datetime={view.nextDeadline.dueDate}>{view.nextDeadline.dueDate}</time>
          {view.nextDeadline.provisional ? t.deadlineProvisional : ''}
        </p>
      )}
      <section>
        <h2>{t.timeline}</h2>
        <ol>
          {view.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{shanghai(e.at, lang)}</time> —{' '}
              {eventLabel(e.action ? `action_${e.action}` : e.type)}
              {e.status ? ` · ${STATUS_LABELS[e.status][lang]}` : ''}
              {e.text && <p>{e.text}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2>{t.messages}</h2>
        {view.messages.length === 0 ? (
          <p>{t.noMessages}</p>
        ) : (
          <ul class="messages">
            {view.messages.map((m) => (
              <li class={`from-${m.from}`}>
                <small>
                  {m.from === 'reporter' ? t.fromReporter : t.fromStaff} ·{' '}
                  <time datetime={m.at}>{shanghai(m.at, lang)}</time>
                </small>
                <p>{m.text}</p>
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary t={t} lang={lang} errors={props.errors ?? []} />
        <form method="post" action="/follow-up/message">
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="idempotencyKey" value={crypto.randomUUID()} />
          <label for="f-text">
            {t.addMessage}
            <textarea id="f-text" name="text" rows={4} maxlength={2000} required />
          </label>
          <button type="submit">{t.send}</button>
        </form>
      </section>
      {props.objectionOpen && (
        <section>
          <h2>{t.objectTitle}</h2>
          <p>
            <small>{t.objectHint}</small>
          </p>
          <form method="post" action="/follow-up/objection">
            <input type="hidden" name="lang" value={lang} />
            <label for="f-reason">
              {t.objectReason}
              <textarea id="f-reason" name="reason" rows={4} minlength={5} maxlength={2000} required />
            </label>
            <button type="submit">{t.objectSubmit}</button>
          </form>
        </section>
      )}
      <form method="post" action="/follow-up/sign-out">
        <input type="hidden" name="lang" value={lang} />
        <button type="submit" class="secondary">
          {t.signOut}
        </button>
      </form>
    </Layout>
  );
}
