/**
 * The record on the staff case page: everything staff wrote (acceptance note, findings,
 * conclusion, rectification order, extension and its answer, transfers, feedback, the objection
 * and its review, notes), each under the heading a reader looks for, with who wrote it and when.
 */
import type { Child } from 'hono/jsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { Action } from '#shared/domain/lifecycle/index.ts';
import { ACTION_LABELS } from '#shared/domain/lifecycle-labels.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { casePageText } from './case-page-text.ts';
import type { CaseRecordView, RecordedText } from './case-record.ts';

function Entry(props: {
  title: string;
  entry?: RecordedText;
  name: (id: string) => string;
  children?: Child;
}) {
  return (
    <section class="entry">
      <h3>{props.title}</h3>
      {props.entry && (
        <>
          <small class="entry-meta">
            {props.name(props.entry.by)} · {shanghaiDateTime(props.entry.at)}
          </small>
          <blockquote>{props.entry.text}</blockquote>
        </>
      )}
      {props.children}
    </section>
  );
}

/** Every text staff recorded, each under the heading a reader looks for. */
export function RecordSection(props: {
  lang: Lang;
  record: CaseRecordView;
  name: (id: string) => string;
  placeName: (code?: string) => string;
}) {
  const { lang, record: r, name } = props;
  const w = casePageText[lang];
  const meta = (by: string, at: string) => (
    <small class="entry-meta">
      {name(by)} · {shanghaiDateTime(at)}
    </small>
  );
  const empty =
    !r.acceptance &&
    !r.rejection &&
    r.transfers.length === 0 &&
    r.findings.length === 0 &&
    !r.conclusion &&
    !r.rectification &&
    !r.extension &&
    !r.supervision &&
    !r.duplicateOf &&
    r.feedback.length === 0 &&
    !r.objection &&
    r.notes.length === 0;
  return (
    <section class="record" id="record" aria-labelledby="record-title">
      <h2 id="record-title">{w.record}</h2>
      {empty && <p>{w.recordNone}</p>}
      {r.acceptance && (
        <section class="entry" id="record-acceptance">
          <h3>{w.acceptance}</h3>
          {meta(r.acceptance.by, r.acceptance.at)}
          {r.acceptance.note && <blockquote>{r.acceptance.note}</blockquote>}
        </section>
      )}
      {r.rejection && (
        <Entry
          title={w.rejection}
          entry={{ at: r.rejection.at, by: r.rejection.by, text: r.rejection.reason }}
          name={name}
        />
      )}
      {r.transfers.map((x) => (
        <section class="entry">
          <h3>
            {w.transferTo} {x.toDepartment ?? props.placeName(x.toTownshipCode)}
          </h3>
          {meta(x.by, x.at)}
          <blockquote>{x.reason}</blockquote>
        </section>
      ))}
      {r.findings.map((x) => (
        <Entry title={w.findings} entry={x} name={name} />
      ))}
      {r.conclusion && (
        <section class="entry" id="record-conclusion">
          <h3>
            {w.conclusion}：{w.outcome[r.conclusion.outcome]}
          </h3>
          {meta(r.conclusion.by, r.conclusion.at)}
          <blockquote>{r.conclusion.text}</blockquote>
        </section>
      )}
      {r.rectification && (
        <section class="entry" id="record-rectification">
          <h3>{w.rectification}</h3>
          {meta(r.rectification.orderedBy, r.rectification.orderedAt)}
          <blockquote>{r.rectification.order}</blockquote>
          <p>
            {w.rectifyBy}：<strong>{r.rectification.deadline}</strong>
          </p>
          <p>
            {r.rectification.confirmedAt && r.rectification.confirmedBy ? (
              <>
                {w.rectified}（{name(r.rectification.confirmedBy)} ·{' '}
                {shanghaiDateTime(r.rectification.confirmedAt)}）
                {r.rectification.note && <blockquote>{r.rectification.note}</blockquote>}
              </>
            ) : (
              w.rectifyPending
            )}
          </p>
        </section>
      )}
      {r.extension && (
        <section class="entry" id="record-extension">
          <h3>
            {w.extension}：{w.extStatus[r.extension.status]}
            {r.extension.days ? `（${w.extDays(r.extension.days)}）` : ''}
          </h3>
          <p>{w.extRequest}</p>
          {meta(r.extension.requestedBy, r.extension.requestedAt)}
          <blockquote>{r.extension.reason}</blockquote>
          {r.extension.decisionReason && r.extension.decidedBy && r.extension.decidedAt && (
            <>
              <p>{w.extDecision}</p>
              {meta(r.extension.decidedBy, r.extension.decidedAt)}
              <blockquote>{r.extension.decisionReason}</blockquote>
            </>
          )}
        </section>
      )}
      {r.supervision && (
        <section class="entry">
          <h3>{w.supervision}</h3>
          {meta(r.supervision.listedBy, r.supervision.listedAt)}
          <p>
            {w.supervisionBy}：{r.supervision.deadline}
            {r.supervision.publicName && (
              <>
                <br />
                {w.publicName}：{r.supervision.publicName}
              </>
            )}
          </p>
          {r.supervision.note && <blockquote>{r.supervision.note}</blockquote>}
        </section>
      )}
      {r.duplicateOf && (
        <section class="entry">
          <h3>{w.duplicateOf}</h3>
          <p>
            <a href={`/staff/cases/${r.duplicateOf}?lang=${lang}`}>{r.duplicateOf}</a>
          </p>
        </section>
      )}
      {r.feedback.map((x) => (
        <Entry title={w.feedback} entry={x} name={name} />
      ))}
      {r.objection && (
        <section class="entry" id="record-objection">
          <h3>
            {w.objection}：{w.objStatus[r.objection.status]}
          </h3>
          <small class="entry-meta">
            {w.reporter} · {shanghaiDateTime(r.objection.raisedAt)}
          </small>
          <blockquote>{r.objection.reason}</blockquote>
          {r.objection.reviewReason && r.objection.reviewedBy && r.objection.reviewedAt && (
            <>
              <p>{w.objAnswer}</p>
              {meta(r.objection.reviewedBy, r.objection.reviewedAt)}
              <blockquote>{r.objection.reviewReason}</blockquote>
            </>
          )}
        </section>
      )}
      {r.notes.length > 0 && (
        <section class="entry">
          <h3>{w.notes}</h3>
          {r.notes.map((n) => (
            <>
              <small class="entry-meta">
                {n.action ? `${ACTION_LABELS[n.action as Action]?.[lang] ?? ''} · ` : ''}
                {name(n.by)} · {shanghaiDateTime(n.at)}
              </small>
              <blockquote>{n.text}</blockquote>
            </>
          ))}
        </section>
      )}
    </section>
  );
}
