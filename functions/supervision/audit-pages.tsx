/**
 * The auditor's pages: a case's whole event chain with its verification, and the access review
 * (which staff member viewed or acted on which case), with their filters and CSV export.
 */
import { StaffLayout } from '#functions/staff/layout.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { type CaseEvent, STATUS_LABELS } from '#shared/domain/case.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { AccessEntry } from '#shared/repositories/access-log-repository.ts';
import type { AuditView } from '#shared/services/supervision.ts';
import { ErrorList } from './data-table.tsx';
import { ACCESS_ACTIONS, actionLabel, type FieldError, text } from './text.ts';

const actorOf = (e: CaseEvent, lang: Lang) =>
  e.actor.kind === 'staff'
    ? e.actor.staffId
    : e.actor.kind === 'reporter'
      ? text[lang].reporter
      : text[lang].system;

export function AuditPage(props: { lang: Lang; staff: StaffPrincipal; view: AuditView }) {
  const { lang, view } = props;
  const t = text[lang];
  const r = view.report;
  const title = `${t.audit} · ${view.record.caseNumber}`;
  return (
    <StaffLayout lang={lang} title={title} staff={props.staff}>
      <div class="dashboard">
        <h1>{title}</h1>
        <p>
          {t.status}: {STATUS_LABELS[view.record.status][lang]}
        </p>
        <section
          id="chain-result"
          class={r.intact ? 'chain-ok' : 'errors'}
          role={r.intact ? 'status' : 'alert'}
          data-intact={String(r.intact)}
          data-broken-at={r.brokenAt === undefined ? '' : String(r.brokenAt)}
        >
          <p>
            <strong>
              {r.intact
                ? t.chainIntact
                : r.brokenAt !== undefined
                  ? t.chainBroken(r.brokenAt)
                  : t.chainHeadMismatch}
            </strong>
          </p>
        </section>
        <section class="table-scroll" aria-labelledby="cap-chain" tabindex={0}>
          <table class="figures chain">
            <caption id="cap-chain">{t.audit}</caption>
            <thead>
              <tr>
                <th scope="col">{t.seq}</th>
                <th scope="col">{t.time}</th>
                <th scope="col">{t.event}</th>
                <th scope="col">{t.actor}</th>
                <th scope="col">{t.prevHash}</th>
                <th scope="col">{t.hash}</th>
              </tr>
            </thead>
            <tbody>
              {view.events.map((e) => (
                <tr class={r.brokenAt === e.seq ? 'broken' : undefined}>
                  <th scope="row">{e.seq}</th>
                  <td>{shanghaiDateTime(e.at, { seconds: true })}</td>
                  <td>
                    {actionLabel(
                      e.type === 'transition' || e.type === 'reward'
                        ? (e.action ?? e.type)
                        : e.type === 'staff_viewed'
                          ? 'viewed'
                          : e.type,
                      lang,
                    )}
                  </td>
                  <td>{actorOf(e, lang)}</td>
                  <td>
                    <code>{e.prevHash ? `${e.prevHash.slice(0, 12)}…` : '—'}</code>
                  </td>
                  <td>
                    <code title={e.hash}>{e.hash.slice(0, 12)}…</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </StaffLayout>
  );
}

export function AccessReviewPage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  query: { staffId?: string; action?: string; from: string; to: string };
  entries: AccessEntry[];
  nextHref?: string;
  csvHref: string;
  errors: FieldError[];
}) {
  const { lang, query: q } = props;
  const t = text[lang];
  return (
    <StaffLayout lang={lang} title={t.accessReview} staff={props.staff}>
      <div class="dashboard">
        <h1>{t.accessReview}</h1>
        <p class="note">{t.accessHint}</p>
        <ErrorList lang={lang} errors={props.errors} />
        <form method="get" action="/staff/access-review">
          {lang === 'en' && <input type="hidden" name="lang" value="en" />}
          <label for="f-staff">{t.staffId}</label>
          <input id="f-staff" name="staff" value={q.staffId ?? ''} />
          <label for="f-action">{t.action}</label>
          <select id="f-action" name="action">
            <option value="">{t.all}</option>
            {Object.entries(ACCESS_ACTIONS).map(([k, v]) => (
              <option value={k} selected={q.action === k}>
                {v[lang]}
              </option>
            ))}
          </select>
          <label for="f-from">
            {t.fromDate} <small>{t.dateHint}</small>
          </label>
          <input id="f-from" name="from" type="date" value={q.from} />
          <label for="f-to">
            {t.toDate} <small>{t.dateHint}</small>
          </label>
          <input id="f-to" name="to" type="date" value={q.to} />
          <button type="submit">{t.filter}</button>
        </form>
        <p>
          <a href={props.csvHref}>{t.exportCsv}</a>
        </p>
        {props.entries.length === 0 ? (
          <p>{t.noEntries}</p>
        ) : (
          <section class="table-scroll" aria-labelledby="cap-access" tabindex={0}>
            <table class="figures">
              <caption id="cap-access">{t.accessReview}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.time}</th>
                  <th scope="col">{t.staffId}</th>
                  <th scope="col">{t.action}</th>
                  <th scope="col">{t.caseNumber}</th>
                </tr>
              </thead>
              <tbody>
                {props.entries.map((e) => (
                  <tr>
                    <td>{shanghaiDateTime(e.at, { seconds: true })}</td>
                    <td>{e.staffId}</td>
                    <td>{actionLabel(e.action, lang)}</td>
                    <td>
                      <a href={`/staff/cases/${e.caseNumber}/audit?lang=${lang}`}>{e.caseNumber}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
        {props.nextHref && (
          <p>
            <a href={props.nextHref}>{t.next} →</a>
          </p>
        )}
      </div>
    </StaffLayout>
  );
}
