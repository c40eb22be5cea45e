import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type CaseRecord, STATUS_LABELS } from '#shared/domain/case.ts';
import { dueText, PERIOD_LABELS } from './case-text.ts';
import { type StaffHeaderSlots, StaffLayout, staffText } from './layout.tsx';
import type { TownshipChoice } from './routing-help.ts';

/** The queue's words (the case page's urgent badge reads the same). */
export const queueText = {
  zh: {
    urgent: '紧急',
    overdue: '已逾期',
    waiting: '已等待',
    candidates: '可能的乡镇',
    noCandidate: '地址未能确定',
    received: '收到',
    deadline: '期限',
    sortNote: '紧急和已逾期的案件排在前面，其余按期限先后。',
    triageNote: '以下案件地点不能确定，请逐件打开并交办乡镇。',
    stateAll: '全部在办',
  },
  en: {
    urgent: 'Urgent',
    overdue: 'Overdue',
    waiting: 'Waiting',
    candidates: 'Possible townships',
    noCandidate: 'Address not settled',
    received: 'Received',
    deadline: 'Deadline',
    sortNote: 'Urgent and overdue cases first, then by deadline.',
    triageNote: 'The place of these cases is not certain: open each and assign a township.',
    stateAll: 'All open',
  },
};

/** How long a case has waited since it came in ("3 小时 20 分", "2 天 4 小时"). */
export function age(since: string, now: Date, lang: Lang): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (lang === 'zh') return d > 0 ? `${d} 天 ${h} 小时` : h > 0 ? `${h} 小时 ${m} 分` : `${m} 分钟`;
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}

const isOverdue = (c: CaseRecord, now: Date) => Boolean(c.due && Date.parse(c.due.dueAt) < now.getTime());
const isUrgent = (c: CaseRecord) =>
  c.imminentDanger && !['rejected', 'transferred', 'closed'].includes(c.status);

/** Urgent (imminent danger) first, then overdue, then by deadline. */
export function queueOrder(cases: CaseRecord[], now: Date): CaseRecord[] {
  const rank = (c: CaseRecord) => (isUrgent(c) ? 0 : isOverdue(c, now) ? 1 : 2);
  return [...cases].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (a.due?.dueAt ?? '9999').localeCompare(b.due?.dueAt ?? '9999') ||
      a.caseNumber.localeCompare(b.caseNumber),
  );
}

export function Badges(props: { c: CaseRecord; now: Date; lang: Lang }) {
  const q = queueText[props.lang];
  return (
    <>
      {isUrgent(props.c) && <span class="badge urgent">{q.urgent}</span>}
      {isOverdue(props.c, props.now) && <span class="badge overdue">{q.overdue}</span>}
    </>
  );
}

export function QueuePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  cases: CaseRecord[];
  now: Date;
  query: Record<string, string>;
  cursor?: string;
  placeName: (code?: string) => string;
  /** County staff can narrow their queue to one township. */
  townships?: { code: string; name: string }[];
  /** The place matcher's townships for each case in triage. */
  candidates?: Map<string, TownshipChoice[]>;
  header?: StaffHeaderSlots;
}) {
  const { lang, now } = props;
  const t = staffText[lang];
  const q = queueText[lang];
  const nextQuery = new URLSearchParams({
    ...props.query,
    lang,
    ...(props.cursor ? { cursor: props.cursor } : {}),
  });
  const cases = queueOrder(props.cases, now);
  const triage = cases.some((c) => c.status === 'triage');
  return (
    <StaffLayout lang={lang} title={t.queue} staff={props.staff} path="/staff" header={props.header}>
      <h1>{t.queue}</h1>
      {(props.staff.role === 'operator' || props.staff.role === 'county_supervisor') && (
        <p>
          <a href={`/staff/intake?lang=${lang}`} class="button secondary">
            {t.phoneIntake}
          </a>
        </p>
      )}
      <form method="get" action="/staff" class="filters">
        <input type="hidden" name="lang" value={lang} />
        <label for="q-status">
          {t.status}
          <select id="q-status" name="status">
            <option value="">{q.stateAll}</option>
            {Object.entries(STATUS_LABELS)
              .filter(([k]) => k !== 'received')
              .map(([k, v]) => (
                <option value={k} selected={props.query.status === k}>
                  {v[lang]}
                </option>
              ))}
          </select>
        </label>
        <label for="q-category">
          {t.category}
          <select id="q-category" name="category">
            <option value="">{t.all}</option>
            {Object.entries(CATEGORY_LABELS).map(([k, v]) => (
              <option value={k} selected={props.query.category === k}>
                {v[lang]}
              </option>
            ))}
          </select>
        </label>
        {props.townships && props.townships.length > 0 && (
          <label for="q-township">
            {t.township}
            <select id="q-township" name="township">
              <option value="">{t.all}</option>
              {props.townships.map((tw) => (
                <option value={tw.code} selected={props.query.township === tw.code}>
                  {tw.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit" class="secondary">
          {t.filter}
        </button>
      </form>
      {cases.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <>
          <p>
            <small>{triage && props.staff.role === 'operator' ? q.triageNote : q.sortNote}</small>
          </p>
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">{t.caseTitle}</th>
                <th scope="col">{t.category}</th>
                <th scope="col">{t.township}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{q.deadline}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => {
                const candidates = props.candidates?.get(c.caseNumber);
                return (
                  <tr
                    class={[isUrgent(c) ? 'urgent' : '', isOverdue(c, now) ? 'overdue' : ''].join(' ').trim()}
                    data-case={c.caseNumber}
                  >
                    <td class="case-cell">
                      <a href={`/staff/cases/${c.caseNumber}?lang=${lang}`}>{c.caseNumber}</a>{' '}
                      <Badges c={c} now={now} lang={lang} />
                    </td>
                    <td data-label={t.category}>{CATEGORY_LABELS[c.category][lang]}</td>
                    <td data-label={t.township}>
                      {c.townshipCode ? (
                        props.placeName(c.townshipCode)
                      ) : (
                        <>
                          {q.candidates}：
                          <span class="candidates-text">
                            {candidates && candidates.length > 0
                              ? candidates.map((x) => `${x.countyName}${x.name}`).join('、')
                              : q.noCandidate}
                          </span>
                        </>
                      )}
                    </td>
                    <td data-label={t.status}>
                      {STATUS_LABELS[c.status][lang]}
                      {c.status === 'triage' && (
                        <>
                          {' '}
                          · {q.waiting} {age(c.createdAt, now, lang)}
                        </>
                      )}
                    </td>
                    <td data-label={q.deadline} class="due">
                      {c.due ? (
                        <>
                          {PERIOD_LABELS[c.due.period]?.[lang]}：{dueText(c.due, now, lang)}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {props.cursor && (
        <p>
          <a href={`/staff?${nextQuery.toString()}`}>{t.next}</a>
        </p>
      )}
    </StaffLayout>
  );
}
