/**
 * The supervision pages: the 考核 dashboard (period chooser, key figures, charts each followed by
 * its data table, downloads), the case list behind a figure, the auditor's chain view and the
 * access review. Chinese first, `?lang=en` for English; no JavaScript.
 */
import type { Child } from 'hono/jsx';
import { BarChart } from '#functions/http/charts.tsx';
import { StaffLayout } from '#functions/staff/layout.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORIES, CATEGORY_LABELS, type CaseEvent, STATUS_LABELS } from '#shared/domain/case.ts';
import { levelOfCode } from '#shared/domain/division-code.ts';
import { shanghaiDate, shanghaiLocaleString } from '#shared/domain/shanghai-time.ts';
import {
  closeDaysPercentile,
  type DashboardPeriod,
  overallOnTime,
  periodDays,
} from '#shared/domain/supervision.ts';
import type { AccessEntry } from '#shared/repositories/supervision-repository.ts';
import type { AuditView, DashboardView } from '#shared/services/supervision.ts';
import { type Column, onTimeByPlace, type Table, type TableRow } from './figures.ts';

export interface FieldError {
  field: string;
  zh: string;
  en: string;
}

export const text = {
  zh: {
    dashboard: '考核统计',
    period: '统计时间段',
    choosePeriod: '选择月份、季度或年份',
    show: '查看',
    custom: '自定义起止月份',
    from: '起始月份',
    to: '截止月份',
    monthHint: '例如 2026-01',
    keyFigures: '主要数字',
    received: '收到举报',
    closed: '办结',
    onTime: '按时办理率',
    overdue: '当前超期',
    median: '受理到办结中位数',
    days: '天',
    downloads: '下载',
    csv: '全部表格（CSV）',
    xlsx: '全部表格（Excel）',
    drill: '查看乡镇',
    backToCity: '返回全市',
    caseList: '数字背后的案件清单',
    caseListHint: '选择一个数字，查看或下载其背后的案件（不含举报人信息和举报内容）。',
    figure: '数字',
    place: '地区',
    all: '全部',
    format: '格式',
    open: '查看清单',
    html: '网页',
    errorsTitle: '请更正以下问题',
    chartTrend: '每月收到和办结的举报',
    chartTrendDesc: '柱形图，按月份比较收到和办结的件数；数据见下表。',
    chartOnTime: '按时办理率',
    chartOnTimeDesc: '条形图，各地区所有法定时限合计的按时率；数据见下方排名表。',
    chartCategory: '按类别的办理结果',
    chartCategoryDesc: '柱形图，各类别收到、属实、不属实和办结的件数；数据见下表。',
    readAt: '当前数字读取于',
    noData: '—',
    audit: '审计：事件链',
    chainIntact: '事件链完整：每个事件的哈希值和前后衔接都核对无误。',
    chainBroken: (n: number) => `事件链在第 ${n} 个事件处断裂：该事件或其之前的记录被改动过。`,
    chainHeadMismatch: '事件链末端与案件记录不一致：可能有事件被删除。',
    seq: '序号',
    time: '时间',
    event: '事件',
    actor: '操作人',
    hash: '哈希值',
    prevHash: '前一哈希值',
    status: '状态',
    accessReview: '访问审查',
    accessHint: '工作人员查看或处理了哪些案件。可按人员、操作和日期筛选。',
    staffId: '工作人员编号',
    action: '操作',
    fromDate: '起始日期',
    toDate: '截止日期',
    dateHint: '例如 2026-11-01',
    filter: '筛选',
    next: '下一页',
    caseNumber: '案件编号',
    noEntries: '没有符合条件的记录。',
    exportCsv: '导出本页（CSV）',
    reporter: '举报人',
    system: '系统',
    truncated: (n: number) => `只列出前 ${n} 件。`,
    cases: '案件',
    searchLink: '在案件检索中打开',
  },
  en: {
    dashboard: 'Supervision dashboard',
    period: 'Period',
    choosePeriod: 'Choose a month, quarter or year',
    show: 'Show',
    custom: 'Choose months from and to',
    from: 'From month',
    to: 'To month',
    monthHint: 'For example 2026-01',
    keyFigures: 'Key figures',
    received: 'Reports received',
    closed: 'Closed',
    onTime: 'On time',
    overdue: 'Overdue now',
    median: 'Median days, acceptance to close',
    days: 'days',
    downloads: 'Downloads',
    csv: 'All tables (CSV)',
    xlsx: 'All tables (Excel)',
    drill: 'Townships',
    backToCity: 'Back to the city',
    caseList: 'Cases behind a figure',
    caseListHint: 'Choose a figure to see or download its cases (never reporter data or report text).',
    figure: 'Figure',
    place: 'Place',
    all: 'All',
    format: 'Format',
    open: 'Show the list',
    html: 'Web page',
    errorsTitle: 'There is a problem',
    chartTrend: 'Reports received and closed each month',
    chartTrendDesc: 'Bar chart comparing received and closed by month; the data is in the table below.',
    chartOnTime: 'On-time handling',
    chartOnTimeDesc:
      'Bar chart of the on-time rate over every clock by place; the data is in the ranking table below.',
    chartCategory: 'Outcomes by category',
    chartCategoryDesc:
      'Bar chart of received, substantiated, not substantiated and closed by category; data below.',
    readAt: 'Present-time figures read at',
    noData: '—',
    audit: 'Audit: event chain',
    chainIntact: 'The chain is intact: every hash and every link checks out.',
    chainBroken: (n: number) =>
      `The chain is broken at event ${n}: that event or an earlier record was changed.`,
    chainHeadMismatch: "The chain's end does not match the case record: an event may have been removed.",
    seq: 'No.',
    time: 'Time',
    event: 'Event',
    actor: 'By',
    hash: 'Hash',
    prevHash: 'Previous hash',
    status: 'Status',
    accessReview: 'Access review',
    accessHint: 'Which staff member viewed or acted on which cases. Filter by staff member, action and date.',
    staffId: 'Staff id',
    action: 'Action',
    fromDate: 'From date',
    toDate: 'To date',
    dateHint: 'For example 2026-11-01',
    filter: 'Filter',
    next: 'Next page',
    caseNumber: 'Case number',
    noEntries: 'Nothing matches.',
    exportCsv: 'Export this page (CSV)',
    reporter: 'Reporter',
    system: 'System',
    truncated: (n: number) => `Only the first ${n} cases are listed.`,
    cases: 'Cases',
    searchLink: 'Open in case search',
  },
};

/** Timeline events and actions as the audit view and the access review name them. */
export const ACCESS_ACTIONS: Record<string, { zh: string; en: string }> = {
  viewed: { zh: '查看案件', en: 'Viewed' },
  audit_viewed: { zh: '审计查看', en: 'Audit view' },
  identity_requested: { zh: '申请查看身份', en: 'Identity requested' },
  identity_decided: { zh: '审批身份查看', en: 'Identity request decided' },
  identity_viewed: { zh: '查看身份', en: 'Identity viewed' },
  staff_message: { zh: '给举报人留言', en: 'Message to reporter' },
  internal_note: { zh: '内部备注', en: 'Internal note' },
  assign_township: { zh: '分派乡镇', en: 'Assigned to a township' },
  accept: { zh: '受理', en: 'Accepted' },
  reject: { zh: '不予受理', en: 'Not accepted' },
  transfer: { zh: '移交', en: 'Transferred' },
  start_verification: { zh: '开始核查', en: 'Verification started' },
  record_findings: { zh: '记录核查情况', en: 'Findings recorded' },
  substantiate: { zh: '认定属实', en: 'Substantiated' },
  unsubstantiate: { zh: '认定不属实', en: 'Not substantiated' },
  order_rectification: { zh: '责令整改', en: 'Rectification ordered' },
  confirm_rectification: { zh: '确认整改', en: 'Rectification confirmed' },
  close: { zh: '办结', en: 'Closed' },
  request_extension: { zh: '申请延期', en: 'Extension requested' },
  approve_extension: { zh: '批准延期', en: 'Extension approved' },
  refuse_extension: { zh: '不批准延期', en: 'Extension refused' },
  mark_duplicate: { zh: '标记重复件', en: 'Marked duplicate' },
  list_for_supervision: { zh: '挂牌督办', en: 'Listed for supervision' },
  review_objection: { zh: '复核异议', en: 'Objection reviewed' },
  record_facts: { zh: '录入奖励事实', en: 'Reward facts recorded' },
  approve: { zh: '审批奖励', en: 'Reward approved' },
  refuse: { zh: '不予奖励', en: 'Reward refused' },
  extend_claim: { zh: '延长申领期', en: 'Claim window extended' },
  request_release: { zh: '申请领奖人信息', en: 'Payee release requested' },
  release: { zh: '交付领奖人信息', en: 'Payee released' },
  mark_paid: { zh: '支付奖励', en: 'Reward paid' },
  export_payment: { zh: '导出支付清单', en: 'Payment batch exported' },
};

/** Events that are not staff actions (the audit view shows them too). */
const OTHER_EVENTS: Record<string, { zh: string; en: string }> = {
  received: { zh: '收到举报', en: 'Report received' },
  routed: { zh: '自动分派乡镇', en: 'Routed by place names' },
  triaged: { zh: '待人工分派', en: 'Left for triage' },
  reporter_message: { zh: '举报人补充', en: 'Reporter message' },
  object: { zh: '举报人提出异议', en: 'Objection raised' },
  claim: { zh: '举报人申领奖励', en: 'Reward claimed' },
  lapse: { zh: '奖励逾期未申领', en: 'Reward lapsed' },
  identity_purged: { zh: '身份信息到期删除', en: 'Identity deleted (retention)' },
};

const actionLabel = (a: string, lang: Lang) =>
  ACCESS_ACTIONS[a]?.[lang] ?? OTHER_EVENTS[a]?.[lang] ?? (lang === 'zh' ? '其他' : 'Other');

/** Figures whose cases can be listed, with their names. */
export const FIGURES: Record<string, { zh: string; en: string }> = {
  received: { zh: '收到举报', en: 'Received' },
  accepted: { zh: '受理', en: 'Accepted' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  transferred_out: { zh: '移出', en: 'Transferred out' },
  transferred_in: { zh: '移入', en: 'Transferred in' },
  substantiated: { zh: '属实', en: 'Substantiated' },
  unsubstantiated: { zh: '不属实', en: 'Not substantiated' },
  closed: { zh: '办结', en: 'Closed' },
  duplicate: { zh: '重复件', en: 'Duplicates' },
  reopened: { zh: '异议成立', en: 'Objection upheld' },
  objection: { zh: '异议', en: 'Objections' },
  listed: { zh: '挂牌督办', en: 'Listed' },
  listed_rectified: { zh: '挂牌整改确认', en: 'Listed, rectification confirmed' },
  'clock:acceptance': { zh: '受理时限', en: 'Acceptance clock' },
  'clock:triage': { zh: '分派时限', en: 'Triage clock' },
  'clock:verification': { zh: '核查时限', en: 'Verification clock' },
  'clock:verificationExtended': { zh: '延期核查时限', en: 'Extended verification clock' },
  'clock:feedback': { zh: '反馈时限', en: 'Feedback clock' },
  'clock:rectification': { zh: '整改时限', en: 'Rectification clock' },
  'clock:objectionReview': { zh: '异议复核时限', en: 'Objection review clock' },
  reward_computed: { zh: '奖励核算', en: 'Reward computed' },
  reward_not_eligible: { zh: '不符合奖励条件', en: 'Not eligible' },
  reward_approved: { zh: '奖励审批通过', en: 'Reward approved' },
  reward_refused: { zh: '不予奖励', en: 'Reward refused' },
  reward_paid: { zh: '奖励已支付', en: 'Reward paid' },
};

function ErrorList(props: { lang: Lang; errors: FieldError[] }) {
  if (!props.errors.length) return null;
  return (
    <section role="alert" class="errors" id="errors" tabindex={-1}>
      <h2>{text[props.lang].errorsTitle}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#f-${e.field}`}>{props.lang === 'zh' ? e.zh : e.en}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The search/archive page of the staff console, filtered to a figure's cases. */
export function searchLink(
  period: Pick<DashboardPeriod, 'from' | 'to'>,
  place: string | null,
  col: Column,
  row: TableRow,
): string {
  const days = periodDays(period);
  const q = new URLSearchParams();
  const filter = { ...col.filter, ...row.filter };
  if (filter.status) q.set('status', filter.status);
  if (filter.category) q.set('category', filter.category);
  if (filter.channel) q.set('channel', filter.channel);
  if (place && levelOfCode(place) === 'township') q.set('township', place);
  else if (place && levelOfCode(place) === 'county') q.set('county', place);
  q.set('from', days.from);
  q.set('to', days.to);
  if (col.figure) q.set('figure', col.figure);
  return `/staff/search?${q.toString()}`;
}

function fmtCell(v: unknown, col: Column, lang: Lang): string {
  if (v === null || v === undefined) return text[lang].noData;
  if (col.kind === 'rate') return `${v}%`;
  if (col.kind === 'yuan' && typeof v === 'number') return v.toLocaleString('zh-CN');
  return String(v);
}

/** A data table with a caption; count cells link to their cases. */
export function DataTable(props: {
  table: Table;
  lang: Lang;
  period: DashboardPeriod;
  /** The dashboard's own place (total rows link to the whole jurisdiction). */
  scope: string;
  drillHref?: (county: string) => string;
}) {
  const { table: t, lang } = props;
  const zh = lang === 'zh';
  return (
    <section class="table-scroll" aria-labelledby={`cap-${t.id}`} tabindex={0}>
      <table id={`table-${t.id}`} class="figures">
        <caption id={`cap-${t.id}`}>{zh ? t.zh : t.en}</caption>
        <thead>
          <tr>
            <th scope="col">{zh ? t.headZh : t.headEn}</th>
            {t.columns.map((c) => (
              <th scope="col">{zh ? c.zh : c.en}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => {
            const place =
              t.id === 'trend' || t.id === 'by_category' || r.total
                ? props.scope.length === 4
                  ? null
                  : props.scope
                : r.place;
            const period =
              t.id === 'trend'
                ? { from: r.label, to: r.label }
                : { from: props.period.from, to: props.period.to };
            return (
              <tr class={r.total ? 'total' : undefined}>
                <th scope="row">
                  {r.drill && props.drillHref ? <a href={props.drillHref(r.drill)}>{r.label}</a> : r.label}
                </th>
                {t.columns.map((c) => {
                  const v = r.cells[c.key];
                  const shown = fmtCell(v, c, lang);
                  return (
                    <td data-key={c.key}>
                      {c.figure && typeof v === 'number' && v > 0 ? (
                        <a href={searchLink(period, place, c, r)}>{shown}</a>
                      ) : (
                        shown
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Section(props: { id: string; title: string; note: string; children: Child }) {
  return (
    <section id={`s-${props.id}`} aria-labelledby={`h-${props.id}`}>
      <h2 id={`h-${props.id}`}>{props.title}</h2>
      <p class="note">{props.note}</p>
      {props.children}
    </section>
  );
}

/** Options of the period chooser: the last 12 months, 8 quarters and 3 years. */
export function periodOptions(now: Date): { value: string; label: string }[] {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const t = y * 12 + (m - 1) - i;
    const ym = `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
    out.push({ value: ym, label: `${ym.slice(0, 4)}年${Number(ym.slice(5))}月` });
  }
  const q = Math.floor((m - 1) / 3);
  for (let i = 0; i < 8; i++) {
    const t = y * 4 + q - i;
    out.push({
      value: `${Math.floor(t / 4)}-Q${(t % 4) + 1}`,
      label: `${Math.floor(t / 4)}年第${(t % 4) + 1}季度`,
    });
  }
  for (let i = 0; i < 3; i++) out.push({ value: String(y - i), label: `${y - i}年` });
  return out;
}

export function DashboardPage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  view: DashboardView | null;
  tables: Table[];
  now: Date;
  query: { period?: string; from?: string; to?: string; place?: string };
  errors: FieldError[];
}) {
  const { lang, view } = props;
  const t = text[lang];
  const zh = lang === 'zh';
  const q = props.query;
  const periodParams = new URLSearchParams();
  if (view) {
    if (view.period.kind === 'range') {
      periodParams.set('from', view.period.from);
      periodParams.set('to', view.period.to);
    } else periodParams.set('period', q.period ?? view.period.from);
  }
  const withParams = (extra: Record<string, string>) => {
    const p = new URLSearchParams(periodParams);
    if (q.place) p.set('place', q.place);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    if (lang === 'en') p.set('lang', 'en');
    return `/staff/dashboard?${p.toString()}`;
  };
  const drillHref = (county: string) => {
    const p = new URLSearchParams(periodParams);
    p.set('place', county);
    if (lang === 'en') p.set('lang', 'en');
    return `/staff/dashboard?${p.toString()}`;
  };
  const tableById = new Map(props.tables.map((x) => [x.id, x]));
  const title = view ? `${t.dashboard} · ${view.scope.name}` : t.dashboard;
  const total = view?.total;
  const onTime = total ? overallOnTime(total.counters) : null;
  const median = total ? closeDaysPercentile(total.counters, 0.5) : null;
  const options = periodOptions(props.now);
  const selected = q.from || q.to ? '' : (q.period ?? view?.period.from ?? '');
  return (
    <StaffLayout lang={lang} title={title} staff={props.staff}>
      <div class="dashboard">
        <h1>{title}</h1>
        {view && (
          <p class="lead">
            {zh ? view.period.labelZh : view.period.labelEn}
            {view.parent && (
              <>
                {' · '}
                <a href={drillHref(view.parent.code).replace(/([?&])place=\d+&?/, '$1')}>{t.backToCity}</a>
              </>
            )}
          </p>
        )}
        <ErrorList lang={lang} errors={props.errors} />
        <form method="get" action="/staff/dashboard" class="period">
          {lang === 'en' && <input type="hidden" name="lang" value="en" />}
          {q.place && <input type="hidden" name="place" value={q.place} />}
          <label for="f-period">{t.choosePeriod}</label>
          <select id="f-period" name="period">
            {options.map((o) => (
              <option value={o.value} selected={o.value === selected}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="submit">{t.show}</button>
        </form>
        <details open={Boolean(q.from || q.to)}>
          <summary>{t.custom}</summary>
          <form method="get" action="/staff/dashboard" class="period">
            {lang === 'en' && <input type="hidden" name="lang" value="en" />}
            {q.place && <input type="hidden" name="place" value={q.place} />}
            <label for="f-from">
              {t.from} <small>{t.monthHint}</small>
            </label>
            <input
              id="f-from"
              name="from"
              type="month"
              value={q.from ?? ''}
              aria-invalid={props.errors.some((e) => e.field === 'from') ? 'true' : undefined}
            />
            <label for="f-to">
              {t.to} <small>{t.monthHint}</small>
            </label>
            <input
              id="f-to"
              name="to"
              type="month"
              value={q.to ?? ''}
              aria-invalid={props.errors.some((e) => e.field === 'to') ? 'true' : undefined}
            />
            <button type="submit" class="secondary">
              {t.show}
            </button>
          </form>
        </details>
        {view && total && (
          <>
            <section aria-labelledby="h-key">
              <h2 id="h-key">{t.keyFigures}</h2>
              <dl class="key-figures">
                <div>
                  <dt>{t.received}</dt>
                  <dd id="kf-received">{total.counters.received ?? 0}</dd>
                </div>
                <div>
                  <dt>{t.closed}</dt>
                  <dd id="kf-closed">{total.counters.closed ?? 0}</dd>
                </div>
                <div>
                  <dt>{t.onTime}</dt>
                  <dd id="kf-on-time">
                    {onTime?.rate === null || !onTime ? t.noData : `${Math.round(onTime.rate * 1000) / 10}%`}
                  </dd>
                </div>
                <div>
                  <dt>{t.overdue}</dt>
                  <dd id="kf-overdue">{total.overdue}</dd>
                </div>
                <div>
                  <dt>{t.median}</dt>
                  <dd id="kf-median">{median === null ? t.noData : `${median} ${t.days}`}</dd>
                </div>
              </dl>
              <p class="note">
                {t.readAt} {shanghaiLocaleString(view.readAt, lang)}
              </p>
              <p>
                {t.downloads}: <a href={withParams({ format: 'csv' })}>{t.csv}</a> ·{' '}
                <a href={withParams({ format: 'xlsx' })}>{t.xlsx}</a>
              </p>
            </section>
            <figure>
              <BarChart
                id="chart-trend"
                title={t.chartTrend}
                description={t.chartTrendDesc}
                labels={view.months.map((m) =>
                  !zh
                    ? m.month
                    : view.period.from.slice(0, 4) === view.period.to.slice(0, 4)
                      ? `${Number(m.month.slice(5))}月`
                      : `${m.month.slice(2, 4)}年${Number(m.month.slice(5))}月`,
                )}
                series={[
                  { name: t.received, values: view.months.map((m) => m.counters.received ?? 0) },
                  { name: t.closed, values: view.months.map((m) => m.counters.closed ?? 0) },
                ]}
              />
            </figure>
            {(['trend', 'received', 'outcomes'] as const).map((id) => {
              const table = tableById.get(id)!;
              return (
                <Section id={id} title={zh ? table.zh : table.en} note={zh ? table.noteZh : table.noteEn}>
                  <DataTable
                    table={table}
                    lang={lang}
                    period={view.period}
                    scope={view.scope.code}
                    drillHref={drillHref}
                  />
                </Section>
              );
            })}
            <figure>
              <BarChart
                id="chart-on-time"
                title={t.chartOnTime}
                description={t.chartOnTimeDesc}
                horizontal
                percent
                labels={onTimeByPlace(view).map((r) => r.label)}
                series={[
                  {
                    name: t.onTime,
                    values: onTimeByPlace(view).map((r) =>
                      r.rate === null ? null : Math.round(r.rate * 1000) / 10,
                    ),
                  },
                ]}
              />
            </figure>
            {(['ranking', 'on_time', 'duration'] as const).map((id) => {
              const table = tableById.get(id)!;
              return (
                <Section id={id} title={zh ? table.zh : table.en} note={zh ? table.noteZh : table.noteEn}>
                  <DataTable
                    table={table}
                    lang={lang}
                    period={view.period}
                    scope={view.scope.code}
                    drillHref={drillHref}
                  />
                </Section>
              );
            })}
            <figure>
              <BarChart
                id="chart-category"
                title={t.chartCategory}
                description={t.chartCategoryDesc}
                labels={CATEGORIES.map((c) => CATEGORY_LABELS[c][lang])}
                series={tableById.get('by_category')!.columns.map((c) => ({
                  name: zh ? c.zh : c.en,
                  values: tableById.get('by_category')!.rows.map((r) => Number(r.cells[c.key] ?? 0)),
                }))}
              />
            </figure>
            {(['by_category', 'objections', 'rewards'] as const).map((id) => {
              const table = tableById.get(id)!;
              return (
                <Section id={id} title={zh ? table.zh : table.en} note={zh ? table.noteZh : table.noteEn}>
                  <DataTable
                    table={table}
                    lang={lang}
                    period={view.period}
                    scope={view.scope.code}
                    drillHref={drillHref}
                  />
                </Section>
              );
            })}
            <section aria-labelledby="h-cases">
              <h2 id="h-cases">{t.caseList}</h2>
              <p class="note">{t.caseListHint}</p>
              <form method="get" action="/staff/dashboard/cases">
                {lang === 'en' && <input type="hidden" name="lang" value="en" />}
                {[...periodParams.entries()].map(([k, v]) => (
                  <input type="hidden" name={k} value={v} />
                ))}
                <label for="f-figure">{t.figure}</label>
                <select id="f-figure" name="figure">
                  {Object.entries(FIGURES).map(([k, v]) => (
                    <option value={k}>{v[lang]}</option>
                  ))}
                </select>
                <label for="f-place">{t.place}</label>
                <select id="f-place" name="place">
                  <option value={view.scope.code}>
                    {view.scope.name}（{t.all}）
                  </option>
                  {view.rows
                    .filter((r) => r.place !== view.scope.code)
                    .map((r) => (
                      <option value={r.place}>{r.name}</option>
                    ))}
                </select>
                <label for="f-format">{t.format}</label>
                <select id="f-format" name="format">
                  <option value="html">{t.html}</option>
                  <option value="csv">CSV</option>
                  <option value="xlsx">Excel (XLSX)</option>
                </select>
                <button type="submit">{t.open}</button>
              </form>
            </section>
          </>
        )}
      </div>
    </StaffLayout>
  );
}

export function CaseListPage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  title: string;
  rows: string[][];
  truncated: number | null;
  downloads: { csv: string; xlsx: string };
  back: string;
  searchHref: string;
}) {
  const t = text[props.lang];
  const [head, ...body] = props.rows;
  return (
    <StaffLayout lang={props.lang} title={props.title} staff={props.staff}>
      <div class="dashboard">
        <h1>{props.title}</h1>
        <p>
          <a href={props.back}>← {t.dashboard}</a> · <a href={props.searchHref}>{t.searchLink}</a>
        </p>
        {props.truncated !== null && <p role="status">{t.truncated(props.truncated)}</p>}
        <p>
          {t.downloads}: <a href={props.downloads.csv}>CSV</a> ·{' '}
          <a href={props.downloads.xlsx}>Excel (XLSX)</a>
        </p>
        <section class="table-scroll" aria-labelledby="cap-cases" tabindex={0}>
          <table class="figures">
            <caption id="cap-cases">
              {t.cases}：{body.length}
            </caption>
            <thead>
              <tr>
                {head!.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/staff/cases/${r[0]}?lang=${props.lang}`}>{r[0]}</a>
                  </th>
                  {r.slice(1).map((v) => (
                    <td>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </StaffLayout>
  );
}

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
                  <td>{shanghaiLocaleString(e.at, lang)}</td>
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
                    <td>{shanghaiLocaleString(e.at, lang)}</td>
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
