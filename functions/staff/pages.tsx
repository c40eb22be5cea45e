/** Server-rendered staff consoles (zh/en, usable on a phone) over the same services as the staff API. */

import type { Child } from 'hono/jsx';
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type CaseEvent, type CaseRecord, STATUS_LABELS } from '#shared/domain/case.ts';
import type { Action } from '#shared/domain/lifecycle.ts';
import { ACTION_LABELS } from '#shared/domain/lifecycle-labels.ts';
import type { CaseRecordView, RecordedText } from './case-record.ts';
import { dueText, eventLabel, inHours, PERIOD_LABELS, remaining } from './case-text.ts';
import { type StaffHeaderSlots, StaffLayout, staffText } from './layout.tsx';
import type { TownshipChoice } from './routing-help.ts';

export {
  REWARD_QUEUE_STAGES,
  StaffHeader,
  type StaffHeaderSlots,
  StaffLayout,
  staffText,
} from './layout.tsx';

import { shanghaiClock, shanghaiDateTime } from '#shared/domain/shanghai-time.ts';

const Q = {
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
  const q = Q[props.lang];
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
  const q = Q[lang];
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

const C = {
  zh: {
    summary: '概要',
    status: '状态',
    category: '类别',
    township: '乡镇（街道）',
    notRouted: '尚未交办（待分派）',
    deadline: '当前期限',
    noDeadline: '无（办理已结束或不计期限）',
    received: '收到时间',
    channel: '来源',
    channels: { web: '网上举报', sms: '短信举报', phone: '电话举报', coordinator: '村安全员巡查上报' },
    urgent: '紧急：举报人称现场人员有危险',
    report: '举报内容',
    occurredAt: '发生时间',
    address: '详细地址',
    record: '办理记录',
    recordNone: '还没有工作人员记录的内容。',
    acceptance: '受理',
    rejection: '不予受理的理由',
    transfers: '移交',
    transferTo: '移交到',
    findings: '核查情况',
    conclusion: '核查结论',
    outcome: { substantiated: '属实', unsubstantiated: '不属实' },
    rectification: '整改要求',
    rectifyBy: '整改期限',
    rectified: '整改已确认完成',
    rectifyPending: '整改尚未确认',
    extension: '延期',
    extStatus: { requested: '待县级审批', approved: '已批准', refused: '未批准', withdrawn: '已撤回' },
    extRequest: '申请理由',
    extDecision: '审批意见',
    extDays: (d: number) => `延长 ${d} 日`,
    supervision: '挂牌督办',
    supervisionBy: '督办期限',
    publicName: '公示单位名称',
    duplicateOf: '与以下案件重复',
    feedback: '反馈举报人的内容',
    objection: '举报人的异议',
    objStatus: { pending: '待复核', upheld: '异议成立，已重新核查', dismissed: '维持原结论' },
    objAnswer: '县级复核意见',
    notes: '备注',
    by: (name: string, at: string) => `${name} · ${at}`,
    actions: '现在可以做的',
    timeline: '处理经过',
    timelineNote: '每一步都记入审计链；查看记录合并为一行。',
    views: (n: number, who: string, at: string) => `查看 ${n} 次，最近 ${who} ${at}`,
    viewsBy: '查看人',
    internal: '仅内部',
    reporter: '举报人',
    system: '系统',
    message: '给举报人发消息',
    messageExplain: '举报人在查询页看到，短信举报人会收到短信；勾选“仅内部备注”则只有工作人员可见。',
    internalNote: '仅内部备注（举报人不可见）',
    send: '发送',
    employee: '举报人系被举报单位职工',
    identity: '举报人身份',
    identitySealed: '已加密封存，工作人员不可见',
    anonymous: '匿名',
    errorsTitle: '操作没有完成',
  },
  en: {
    summary: 'Summary',
    status: 'Status',
    category: 'Category',
    township: 'Township',
    notRouted: 'Not routed yet',
    deadline: 'Deadline now',
    noDeadline: 'None (handling ended or untimed)',
    received: 'Received',
    channel: 'Channel',
    channels: { web: 'Web', sms: 'SMS', phone: 'Phone', coordinator: 'Village coordinator patrol' },
    urgent: 'Urgent: the reporter says people on site are in danger',
    report: 'The report',
    occurredAt: 'When it happened',
    address: 'Address',
    record: 'Record',
    recordNone: 'Nothing recorded by staff yet.',
    acceptance: 'Accepted',
    rejection: 'Reason for not accepting',
    transfers: 'Transfers',
    transferTo: 'Transferred to',
    findings: 'Findings',
    conclusion: 'Conclusion',
    outcome: { substantiated: 'substantiated', unsubstantiated: 'not substantiated' },
    rectification: 'Rectification order',
    rectifyBy: 'Rectify by',
    rectified: 'Rectification confirmed',
    rectifyPending: 'Rectification not confirmed yet',
    extension: 'Extension',
    extStatus: {
      requested: 'awaiting the county',
      approved: 'approved',
      refused: 'refused',
      withdrawn: 'withdrawn',
    },
    extRequest: 'Reason given',
    extDecision: "County's decision",
    extDays: (d: number) => `${d} more days`,
    supervision: 'Listed for supervision',
    supervisionBy: 'Supervision deadline',
    publicName: 'Published unit name',
    duplicateOf: 'Duplicate of',
    feedback: 'Feedback to the reporter',
    objection: "The reporter's objection",
    objStatus: { pending: 'awaiting review', upheld: 'upheld, verified again', dismissed: 'dismissed' },
    objAnswer: "County's answer",
    notes: 'Notes',
    by: (name: string, at: string) => `${name} · ${at}`,
    actions: 'What you can do now',
    timeline: 'History',
    timelineNote: 'Every step is in the audit chain; views are merged into one line.',
    views: (n: number, who: string, at: string) => `Viewed ${n} times, last by ${who} at ${at}`,
    viewsBy: 'Viewed by',
    internal: 'internal',
    reporter: 'Reporter',
    system: 'System',
    message: 'Message the reporter',
    messageExplain:
      'The reporter sees it on the follow-up page (SMS reporters get a text); tick internal note to keep it among staff.',
    internalNote: 'Internal note only (not shown to the reporter)',
    send: 'Send',
    employee: 'The reporter works at the unit',
    identity: 'Reporter identity',
    identitySealed: 'sealed; not visible to staff',
    anonymous: 'anonymous',
    errorsTitle: 'That did not go through',
  },
};

/** An error summary (GOV.UK pattern) at the top of a console page, each item linking to its field. */
export function StaffErrorSummary(props: { lang: Lang; items: { href?: string; text: string }[] }) {
  if (props.items.length === 0) return null;
  return (
    <section role="alert" class="errors" id="errors" tabindex={-1}>
      <h2>{C[props.lang].errorsTitle}</h2>
      <ul>
        {props.items.map((i) => (
          <li>{i.href ? <a href={i.href}>{i.text}</a> : i.text}</li>
        ))}
      </ul>
    </section>
  );
}

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
  const w = C[lang];
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
  const w = C[lang];
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
  const w = C[lang];
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
                <span class="badge urgent">{Q[lang].urgent}</span>
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
