import type { Lang } from '#functions/web/i18n.ts';
import { type CaseEvent, STATUS_LABELS } from '#shared/domain/case.ts';
import { shanghaiClock, shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { casePageText } from './case-page-text.ts';
import { eventLabel } from './case-text.ts';

/** What an event's details say, in words (township names, days, dates, the first report). */
function detailText(e: CaseEvent, lang: Lang, placeName: (code?: string) => string): string {
  const d = e.detail ?? {};
  const parts: string[] = [];
  const to = (d.toTownshipCode ?? d.townshipCode) as string | undefined;
  if (to) parts.push(lang === 'zh' ? `交给${placeName(to)}` : `to ${placeName(to)}`);
  if (typeof d.toDepartment === 'string')
    parts.push(lang === 'zh' ? `交给${d.toDepartment}` : `to ${d.toDepartment}`);
  if (typeof d.days === 'number') parts.push(lang === 'zh' ? `延长 ${d.days} 日` : `${d.days} more days`);
  if (typeof d.deadline === 'string') parts.push(lang === 'zh' ? `期限 ${d.deadline}` : `by ${d.deadline}`);
  if (typeof d.ofCaseNumber === 'string')
    parts.push(lang === 'zh' ? `首次举报 ${d.ofCaseNumber}` : `first report ${d.ofCaseNumber}`);
  if (d.late === true) parts.push(lang === 'zh' ? '超过期限' : 'late');
  return parts.join('，');
}

/**
 * The case history (MOJ "timeline"): each event with its Chinese name, who (by name) and when;
 * the views staff made are merged into one line — the audit chain still keeps every one of them.
 */
export function Timeline(props: {
  lang: Lang;
  events: CaseEvent[];
  name: (id: string) => string;
  placeName: (code?: string) => string;
}) {
  const { lang, name } = props;
  const w = casePageText[lang];
  const views = props.events.filter((e) => e.type === 'staff_viewed');
  const shown = props.events.filter((e) => e.type !== 'staff_viewed');
  const lastView = views.at(-1);
  const viewers = new Map<string, number>();
  for (const v of views) {
    const id = v.actor.kind === 'staff' ? v.actor.staffId : '';
    viewers.set(id, (viewers.get(id) ?? 0) + 1);
  }
  const who = (e: CaseEvent) =>
    e.actor.kind === 'staff' ? name(e.actor.staffId) : e.actor.kind === 'reporter' ? w.reporter : w.system;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{w.timeline}</h2>
      <p>
        <small>{w.timelineNote}</small>
      </p>
      {lastView && (
        <p id="views">
          {w.views(
            views.length,
            who(lastView),
            `${shanghaiDateTime(lastView.at).slice(5, 10)} ${shanghaiClock(lastView.at)}`,
          )}
          {viewers.size > 1 && (
            <small> （{[...viewers].map(([id, n]) => `${name(id)} ${n}`).join('、')}）</small>
          )}
        </p>
      )}
      <ol class="timeline" reversed>
        {[...shown].reverse().map((e) => {
          const detail = detailText(e, lang, props.placeName);
          const text = e.type === 'triaged' ? undefined : e.text;
          return (
            <li class={e.reporterVisible ? '' : 'internal'}>
              <strong>{eventLabel(e, lang)}</strong>
              {e.status && e.type !== 'transition' ? ` → ${STATUS_LABELS[e.status][lang]}` : ''}
              {detail && ` · ${detail}`}
              <br />
              <small class="when">
                <time datetime={e.at}>{shanghaiDateTime(e.at)}</time> · {who(e)}
                {!e.reporterVisible && ` · ${w.internal}`}
              </small>
              {text && <p>{text}</p>}
              {e.internalNote && text !== e.internalNote && <p>{e.internalNote}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
