/**
 * The staff case page: the summary (status, township, category, the deadline running, an urgent
 * badge), the report, the record, the actions the role may take now, messages and the history.
 * The sections live in case-record-section.tsx and case-timeline.tsx.
 */
import type { Child } from 'hono/jsx';
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type CaseEvent, type CaseRecord, STATUS_LABELS } from '#shared/domain/case.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { casePageText } from './case-page-text.ts';
import type { CaseRecordView } from './case-record.ts';
import { RecordSection } from './case-record-section.tsx';
import { dueText, inHours, PERIOD_LABELS, remaining } from './case-text.ts';
import { Timeline } from './case-timeline.tsx';
import { type StaffHeaderSlots, StaffLayout, staffText } from './layout.tsx';
import { Badges, queueText } from './queue-page.tsx';

/** An error summary (GOV.UK pattern) at the top of a console page, each item linking to its field. */
export function StaffErrorSummary(props: { lang: Lang; items: { href?: string; text: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <section role="alert" class="errors" id="errors" tabindex={-1}>
      <h2>{casePageText[props.lang].errorsTitle}</h2>
      <ul>
        {props.items.map((i) => (
          <li>{i.href ? <a href={i.href}>{i.text}</a> : i.text}</li>
        ))}
      </ul>
    </section>
  );
}

export function CasePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  record: CaseRecord;
  events: CaseEvent[];
  now: Date;
  recordView: CaseRecordView;
  name: (id: string) => string;
  placeName: (code?: string) => string;
  actions: Child;
  /** Errors of the last post, listed at the top with links to the fields. */
  errors?: { href?: string; text: string }[];
  /** Whether the role writes to the case's conversation (messages, internal notes). */
  canMessage: boolean;
  identity?: Child;
  /** The reward of a substantiated case (reward-pages.tsx), when there is one. */
  reward?: Child;
  /** Photos and files (evidence-section.tsx). */
  evidence?: Child;
  /** Coordinator mark, questionnaire answers, village re-check (case-extras.tsx). */
  extras?: Child;
  header?: StaffHeaderSlots;
}) {
  const { lang, record: c, now } = props;
  const t = staffText[lang];
  const w = casePageText[lang];
  const place = [c.location.countyCode, c.location.townshipCode, c.location.villageCode]
    .map((code) => props.placeName(code))
    .filter(Boolean)
    .join(' · ');
  return (
    <StaffLayout
      lang={lang}
      title={`${t.caseTitle} ${c.caseNumber}`}
      staff={props.staff}
      path={`/staff/cases/${c.caseNumber}`}
      header={props.header}
    >
      <StaffErrorSummary lang={lang} items={props.errors ?? []} />
      <h1>
        {t.caseTitle} <output id="case-number">{c.caseNumber}</output>
      </h1>
      <p>
        <span class="badge status" id="case-status">
          {STATUS_LABELS[c.status][lang]}
        </span>{' '}
        <Badges c={c} now={now} lang={lang} />
      </p>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title" class="visually-hidden">
          {w.summary}
        </h2>
        <dl class="summary" id="summary">
          <dt>{w.township}</dt>
          <dd id="case-township">{c.townshipCode ? props.placeName(c.townshipCode) : w.notRouted}</dd>
          <dt>{w.category}</dt>
          <dd>{CATEGORY_LABELS[c.category][lang]}</dd>
          <dt>{w.deadline}</dt>
          <dd id="case-deadline">
            {c.due ? (
              <>
                <strong>{PERIOD_LABELS[c.due.period]?.[lang]}</strong>：
                {inHours(c.due) ? (
                  <>
                    <time datetime={c.due.dueAt}>{shanghaiDateTime(c.due.dueAt)}</time> ·{' '}
                    <strong id="remaining">{remaining(c.due.dueAt, now, lang)}</strong>
                  </>
                ) : (
                  <time datetime={c.due.dueAt}>{dueText(c.due, now, lang)}</time>
                )}
              </>
            ) : (
              w.noDeadline
            )}
          </dd>
          {c.imminentDanger && (
            <>
              <dt>
                <span class="badge urgent">{queueText[lang].urgent}</span>
              </dt>
              <dd>{w.urgent}</dd>
            </>
          )}
          <dt>{w.received}</dt>
          <dd>
            {shanghaiDateTime(c.createdAt)} · {w.channels[c.channel]}
          </dd>
        </dl>
      </section>
      <section aria-labelledby="report-title">
        <h2 id="report-title">{w.report}</h2>
        <p id="case-description">{c.description}</p>
        <dl class="summary">
          {c.unitName && (
            <>
              <dt>{t.unit}</dt>
              <dd>{c.unitName}</dd>
            </>
          )}
          <dt>{t.location}</dt>
          <dd>{place || '—'}</dd>
          {c.location.address && (
            <>
              <dt>{w.address}</dt>
              <dd id="case-address">{c.location.address}</dd>
            </>
          )}
          {c.occurredAt && (
            <>
              <dt>{w.occurredAt}</dt>
              <dd>{c.occurredAt.length > 10 ? shanghaiDateTime(c.occurredAt) : c.occurredAt}</dd>
            </>
          )}
          <dt>{w.identity}</dt>
          <dd>
            {c.hasIdentity ? w.identitySealed : w.anonymous}
            {c.reporterIsEmployee ? ` · ${w.employee}` : ''}
          </dd>
        </dl>
      </section>
      {props.evidence}
      {props.extras}
      <RecordSection lang={lang} record={props.recordView} name={props.name} placeName={props.placeName} />
      <section aria-labelledby="actions-title" id="actions">
        <h2 id="actions-title">{w.actions}</h2>
        {props.actions}
      </section>
      {props.canMessage && (
        <section aria-labelledby="message-title">
          <h2 id="message-title">{w.message}</h2>
          <form method="post" action={`/staff/cases/${c.caseNumber}/messages`}>
            <CsrfField />
            <input type="hidden" name="lang" value={lang} />
            <small class="explain">{w.messageExplain}</small>
            <label for="m-text">
              {w.message}
              <textarea id="m-text" name="text" rows={3} required maxlength={4000} />
            </label>
            <label for="m-internal">
              <input id="m-internal" type="checkbox" name="internal" value="on" />
              {w.internalNote}
            </label>
            <button type="submit">{w.send}</button>
          </form>
        </section>
      )}
      {props.reward}
      {props.identity}
      <Timeline lang={lang} events={props.events} name={props.name} placeName={props.placeName} />
    </StaffLayout>
  );
}
