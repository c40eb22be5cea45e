/**
 * The dashboard's tables, built once from the counters and used three ways: the page (each table
 * under its chart), the CSV and the XLSX exports. Each count cell knows the figure (tally kind) it
 * comes from, so the page links it to its cases.
 */
import { CATEGORIES, CATEGORY_LABELS, type Category } from '#shared/domain/case.ts';
import { CLOCKS, metric } from '#shared/domain/supervision.ts';
import {
  CHANNELS,
  type Counters,
  clockFigure,
  closeDaysPercentile,
  overallOnTime,
  rankPlaces,
} from '#shared/domain/supervision-figures.ts';
import type { DashboardRow, DashboardView } from '#shared/services/supervision.ts';
import { CHANNEL_LABELS, CLOCK_LABELS } from './text.ts';

export type CellKind = 'count' | 'rate' | 'yuan' | 'days' | 'text';

export interface Column {
  key: string;
  zh: string;
  en: string;
  kind: CellKind;
  /** The figure a count comes from (tally kind, `clock:<name>`), for the link to its cases. */
  figure?: string;
  /** Filters of the link to its cases (category, channel, timing: shared/domain/figure-filter.ts). */
  filter?: Record<string, string>;
}

export type Cell = number | string | null;

export interface TableRow {
  place: string;
  label: string;
  cells: Record<string, Cell>;
  /** City view: drill into this county. */
  drill?: string;
  total?: boolean;
  /** Search filters the row adds to its links (a category row: its category). */
  filter?: Record<string, string>;
}

export interface Table {
  id: string;
  zh: string;
  en: string;
  /** One sentence on what the figures mean (and which rule a clock comes from). */
  noteZh: string;
  noteEn: string;
  /** The first column's heading (乡镇 / 县区 / 月份 …). */
  headZh: string;
  headEn: string;
  columns: Column[];
  rows: TableRow[];
}

const n = (c: Counters, k: string) => c[k] ?? 0;
/** Cells that are plain counters, each under its counter's name. */
const countsOf = (keys: readonly string[]) => (r: DashboardRow) =>
  Object.fromEntries(keys.map((k) => [k, n(r.counters, k)]));
const pct = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);

function rowsOf(view: DashboardView, cells: (r: DashboardRow) => Record<string, Cell>): TableRow[] {
  return [
    ...view.rows.map((r) => ({
      place: r.place,
      label: r.name,
      cells: cells(r),
      ...(r.drill ? { drill: r.drill } : {}),
    })),
    { place: view.total.place, label: '合计', cells: cells(view.total), total: true },
  ];
}

/** Every table of a dashboard, in page order. */
export function dashboardTables(view: DashboardView): Table[] {
  const level = view.scope.level;
  const headZh = level === 'city' ? '县（市、区）' : '乡镇（街道）';
  const headEn = level === 'city' ? 'County' : 'Township';
  const head = { headZh, headEn };

  const received: Table = {
    id: 'received',
    zh: '收到举报',
    en: 'Reports received',
    noteZh: '按收到时间计入当月；先进入待分派、后分派到乡镇的举报，分派后计入该乡镇。',
    noteEn: 'Counted in the month received; a report routed later counts under its township once routed.',
    ...head,
    columns: [
      { key: 'received', zh: '合计', en: 'Total', kind: 'count', figure: 'received' },
      ...CHANNELS.map((ch) => ({
        key: `ch:${ch}`,
        zh: CHANNEL_LABELS[ch].zh,
        en: CHANNEL_LABELS[ch].en,
        kind: 'count' as const,
        figure: 'received',
        filter: { channel: ch },
      })),
      ...CATEGORIES.map((k) => ({
        key: `k:${k}`,
        zh: CATEGORY_LABELS[k].zh,
        en: CATEGORY_LABELS[k].en,
        kind: 'count' as const,
        figure: 'received',
        filter: { category: k },
      })),
    ],
    rows: rowsOf(view, (r) => ({
      received: n(r.counters, metric.received),
      ...Object.fromEntries(CHANNELS.map((ch) => [`ch:${ch}`, n(r.counters, metric.receivedBy('ch', ch))])),
      ...Object.fromEntries(CATEGORIES.map((k) => [`k:${k}`, n(r.counters, metric.receivedBy('k', k))])),
    })),
  };

  const outcomes: Table = {
    id: 'outcomes',
    zh: '办理结果',
    en: 'Outcomes',
    noteZh:
      '按决定作出的时间计入当月：受理、不予受理、移出/移入、经核查属实/不属实、办结（含重复件）、异议成立后重新核查。',
    noteEn: 'Counted in the month of the decision.',
    ...head,
    columns: [
      { key: 'accepted', zh: '受理', en: 'Accepted', kind: 'count', figure: 'accepted' },
      {
        key: 'rejected',
        zh: '不予受理',
        en: 'Not accepted',
        kind: 'count',
        figure: 'rejected',
      },
      { key: 'transferred_out', zh: '移出', en: 'Transferred out', kind: 'count', figure: 'transferred_out' },
      { key: 'transferred_in', zh: '移入', en: 'Transferred in', kind: 'count', figure: 'transferred_in' },
      { key: 'substantiated', zh: '属实', en: 'Substantiated', kind: 'count', figure: 'substantiated' },
      {
        key: 'unsubstantiated',
        zh: '不属实',
        en: 'Not substantiated',
        kind: 'count',
        figure: 'unsubstantiated',
      },
      {
        key: 'closed',
        zh: '办结',
        en: 'Closed',
        kind: 'count',
        figure: 'closed',
      },
      { key: 'duplicate', zh: '其中重复件', en: 'of which duplicates', kind: 'count', figure: 'duplicate' },
      {
        key: 'reopened',
        zh: '异议成立重新核查',
        en: 'Reopened by objection',
        kind: 'count',
        figure: 'reopened',
      },
    ],
    rows: rowsOf(
      view,
      countsOf([
        'accepted',
        'rejected',
        'transferred_out',
        'transferred_in',
        'substantiated',
        'unsubstantiated',
        'closed',
        'duplicate',
        'reopened',
      ]),
    ),
  };

  const onTime: Table = {
    id: 'on_time',
    zh: '按时办理',
    en: 'On time',
    noteZh: `每个法定时限在办结该环节时计一次：按时或超时。${CLOCKS.map((c) => `${CLOCK_LABELS[c].zh}：${CLOCK_LABELS[c].ruleZh}`).join('；')}。“当前超期”为此刻仍未办理且已过期限的案件。`,
    noteEn: `Each statutory clock counts once, when discharged: met or missed. ${CLOCKS.map((c) => `${CLOCK_LABELS[c].en}: ${CLOCK_LABELS[c].ruleEn}`).join('; ')}. "Overdue now": open cases past their deadline at this moment.`,
    ...head,
    columns: [
      ...CLOCKS.flatMap((c) => [
        {
          key: `${c}:met`,
          zh: `${CLOCK_LABELS[c].zh}按时`,
          en: `${CLOCK_LABELS[c].en} met`,
          kind: 'count' as const,
          figure: `clock:${c}`,
          filter: { timing: 'met' },
        },
        {
          key: `${c}:missed`,
          zh: `${CLOCK_LABELS[c].zh}超时`,
          en: `${CLOCK_LABELS[c].en} missed`,
          kind: 'count' as const,
          figure: `clock:${c}`,
          filter: { timing: 'missed' },
        },
        {
          key: `${c}:rate`,
          zh: `${CLOCK_LABELS[c].zh}按时率%`,
          en: `${CLOCK_LABELS[c].en} on time %`,
          kind: 'rate' as const,
        },
      ]),
      { key: 'overdue', zh: '当前超期', en: 'Overdue now', kind: 'count' },
    ],
    rows: rowsOf(view, (r) => ({
      ...Object.fromEntries(
        CLOCKS.flatMap((c) => {
          const f = clockFigure(r.counters, c);
          return [
            [`${c}:met`, f.met],
            [`${c}:missed`, f.missed],
            [`${c}:rate`, pct(f.rate)],
          ];
        }),
      ),
      overdue: r.overdue,
    })),
  };

  const duration: Table = {
    id: 'duration',
    zh: '办理用时',
    en: 'Time to close',
    noteZh:
      '从受理到办结的自然日数（上海日历），按办结月份统计；未经受理即办结的（如重复件）不计。天数按区间统计（3 天内逐日，其后至 5、7、10、15、20、30、45、60、75、90、120、180、365 天），中位数和 90% 分位取所在区间的上限，即“不超过”该天数。',
    noteEn:
      'Calendar days (Shanghai) from acceptance to close, by month of closing; cases closed without acceptance are left out. Days are counted in bands (day by day up to 3, then up to 5, 7, 10, 15, 20, 30, 45, 60, 75, 90, 120, 180 and 365 days); the median and 90th percentile are the upper bound of their band ("at most").',
    ...head,
    columns: [
      { key: 'count', zh: '受理后办结件数', en: 'Closed after acceptance', kind: 'count' },
      { key: 'median', zh: '中位数（天）', en: 'Median (days)', kind: 'days' },
      { key: 'p90', zh: '90%分位（天）', en: '90th percentile (days)', kind: 'days' },
    ],
    rows: rowsOf(view, (r) => ({
      count: Object.entries(r.counters)
        .filter(([k]) => k.startsWith('close_days:'))
        .reduce((s, [, v]) => s + v, 0),
      median: closeDaysPercentile(r.counters, 0.5),
      p90: closeDaysPercentile(r.counters, 0.9),
    })),
  };

  const objections: Table = {
    id: 'objections',
    zh: '异议与挂牌督办',
    en: 'Objections and listed hazards',
    noteZh: '举报人对办理结果提出的异议及其中成立的；县级挂牌督办的重大事故隐患及其中整改已确认的。',
    noteEn:
      'Objections raised by reporters and those upheld; major hazards listed for supervision and those whose rectification was confirmed.',
    ...head,
    columns: [
      { key: 'objections', zh: '异议', en: 'Objections', kind: 'count', figure: 'objection' },
      { key: 'reopened', zh: '异议成立', en: 'Upheld', kind: 'count', figure: 'reopened' },
      { key: 'listed', zh: '挂牌督办', en: 'Listed', kind: 'count', figure: 'listed' },
      {
        key: 'listed_rectified',
        zh: '挂牌整改确认',
        en: 'Rectification confirmed',
        kind: 'count',
        figure: 'listed_rectified',
      },
    ],
    rows: rowsOf(view, countsOf(['objections', 'reopened', 'listed', 'listed_rectified'])),
  };

  const rewards: Table = {
    id: 'rewards',
    zh: '举报奖励',
    en: 'Rewards',
    noteZh: '按各环节发生的月份统计件数和金额（元）；“待申领”为此刻已通知、尚未申领的奖励。',
    noteEn:
      'Number and yuan by the month each step happened; "claims pending" are notified awards not yet claimed, now.',
    ...head,
    columns: [
      { key: 'reward_computed', zh: '核算', en: 'Computed', kind: 'count', figure: 'reward_computed' },
      { key: 'reward_computed_yuan', zh: '核算金额（元）', en: 'Computed (yuan)', kind: 'yuan' },
      {
        key: 'reward_not_eligible',
        zh: '不符合条件',
        en: 'Not eligible',
        kind: 'count',
        figure: 'reward_not_eligible',
      },
      { key: 'reward_approved', zh: '审批通过', en: 'Approved', kind: 'count', figure: 'reward_approved' },
      { key: 'reward_approved_yuan', zh: '审批金额（元）', en: 'Approved (yuan)', kind: 'yuan' },
      { key: 'reward_refused', zh: '不予奖励', en: 'Refused', kind: 'count', figure: 'reward_refused' },
      { key: 'reward_paid', zh: '已支付', en: 'Paid', kind: 'count', figure: 'reward_paid' },
      { key: 'reward_paid_yuan', zh: '支付金额（元）', en: 'Paid (yuan)', kind: 'yuan' },
      { key: 'claims_pending', zh: '待申领（当前）', en: 'Claims pending (now)', kind: 'count' },
    ],
    rows: rowsOf(view, (r) => ({
      ...countsOf([
        'reward_computed',
        'reward_computed_yuan',
        'reward_not_eligible',
        'reward_approved',
        'reward_approved_yuan',
        'reward_refused',
        'reward_paid',
        'reward_paid_yuan',
      ])(r),
      claims_pending: n(r.now, metric.claimsPending),
    })),
  };

  const ranked = rankPlaces(
    view.rows.filter((r) => !r.unrouted).map((r) => ({ place: r.place, counters: r.counters })),
  );
  const names = new Map(view.rows.map((r) => [r.place, r.name]));
  const ranking: Table = {
    id: 'ranking',
    zh: level === 'city' ? '县区按时办理排名' : '乡镇按时办理排名',
    en: 'Ranking by on-time handling',
    noteZh:
      '所有法定时限合计的按时率，由高到低；按时率相同的，按时件数多的在前；期间没有办结任何环节的不排名。',
    noteEn:
      'On-time rate over every clock, high to low; ties by more actions on time; places with nothing discharged are not ranked.',
    ...head,
    columns: [
      { key: 'rank', zh: '名次', en: 'Rank', kind: 'text' },
      { key: 'met', zh: '按时', en: 'On time', kind: 'count' },
      { key: 'missed', zh: '超时', en: 'Late', kind: 'count' },
      { key: 'rate', zh: '按时率%', en: 'On time %', kind: 'rate' },
    ],
    rows: ranked.map((r) => ({
      place: r.place,
      label: names.get(r.place) ?? r.place,
      cells: {
        rank: r.rank ? String(r.rank) : '—',
        met: r.onTime.met,
        missed: r.onTime.missed,
        rate: pct(r.onTime.rate),
      },
    })),
  };

  const trend: Table = {
    id: 'trend',
    zh: '月度趋势',
    en: 'Monthly trend',
    noteZh: '每月收到和办结的举报件数。',
    noteEn: 'Reports received and closed each month.',
    headZh: '月份',
    headEn: 'Month',
    columns: [
      { key: 'received', zh: '收到', en: 'Received', kind: 'count', figure: 'received' },
      { key: 'closed', zh: '办结', en: 'Closed', kind: 'count', figure: 'closed' },
    ],
    rows: view.months.map((m) => ({
      place: view.scope.code,
      label: m.month,
      cells: { received: n(m.counters, 'received'), closed: n(m.counters, 'closed') },
    })),
  };

  const byCategory: Table = {
    id: 'by_category',
    zh: '按类别的办理结果',
    en: 'Outcomes by category',
    noteZh: '各类别收到、经核查属实、不属实和办结的件数。',
    noteEn: 'Received, substantiated, not substantiated and closed by category.',
    headZh: '类别',
    headEn: 'Category',
    columns: (['received', 'substantiated', 'unsubstantiated', 'closed'] as const).map((k) => ({
      key: k,
      zh: { received: '收到', substantiated: '属实', unsubstantiated: '不属实', closed: '办结' }[k],
      en: {
        received: 'Received',
        substantiated: 'Substantiated',
        unsubstantiated: 'Not substantiated',
        closed: 'Closed',
      }[k],
      kind: 'count' as const,
      figure: k,
    })),
    rows: CATEGORIES.map((c: Category) => ({
      place: view.scope.code,
      label: CATEGORY_LABELS[c].zh,
      cells: {
        received: n(view.total.counters, metric.receivedBy('k', c)),
        substantiated: n(view.total.counters, metric.outcomeByCategory('substantiated', c)),
        unsubstantiated: n(view.total.counters, metric.outcomeByCategory('unsubstantiated', c)),
        closed: n(view.total.counters, metric.outcomeByCategory('closed', c)),
      },
      filter: { category: c },
    })),
  };

  return [trend, received, outcomes, onTime, duration, byCategory, objections, rewards, ranking];
}

/** On-time rate of every row (chart): overall, across clocks. */
export function onTimeByPlace(view: DashboardView) {
  return view.rows
    .filter((r) => !r.unrouted)
    .map((r) => ({ label: r.name, rate: overallOnTime(r.counters).rate }));
}
