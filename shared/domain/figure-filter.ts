/**
 * The filters a dashboard figure's link carries to the list of its cases: a figure cell can count
 * only one category, one channel, or only the clocks met (or missed), and the list must hold
 * exactly the cases the cell counts. Also the translation of the case search's link (calendar
 * days, township or county) into the figure list's query (whole months, one place), because the
 * figures are counted by month and the search cannot read the figure markers. Pure.
 */
import { CATEGORIES, type Category, type Channel } from './case.ts';
import { CHANNELS } from './supervision-figures.ts';
import { periodDays } from './supervision-period.ts';

export const TIMINGS = ['met', 'missed'] as const;
export type Timing = (typeof TIMINGS)[number];

/** What narrows a figure's cases beyond its kind, place and period. */
export interface FigureFilter {
  category?: Category;
  channel?: Channel;
  /** Clock figures: only the clocks met, or only those missed. */
  timing?: Timing;
}

export interface FilterIssue {
  field: string;
  zh: string;
  en: string;
}

const one = <T extends string>(list: readonly T[], v: string | undefined): T | undefined | null =>
  v === undefined || v === '' ? undefined : (list as readonly string[]).includes(v) ? (v as T) : null;

/** Reads the filter from a query; an unknown value is an issue naming its field. */
export function parseFigureFilter(
  q: Record<string, string | undefined>,
): { ok: true; filter: FigureFilter } | { ok: false; issues: FilterIssue[] } {
  const category = one(CATEGORIES, q.category);
  const channel = one(CHANNELS, q.channel);
  const timing = one(TIMINGS, q.timing);
  const issues: FilterIssue[] = [];
  if (category === null)
    issues.push({ field: 'category', zh: '请从列表中选择类别', en: 'choose a category from the list' });
  if (channel === null)
    issues.push({ field: 'channel', zh: '请从列表中选择举报渠道', en: 'choose a channel from the list' });
  if (timing === null)
    issues.push({ field: 'timing', zh: '按时情况应为按时或超时', en: 'timing must be met or missed' });
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    filter: {
      ...(category ? { category } : {}),
      ...(channel ? { channel } : {}),
      ...(timing ? { timing } : {}),
    },
  };
}

/** Whether a figure's case row passes the filter. */
export function matchesFigureFilter(
  row: { category?: Category; channel?: Channel; met?: boolean },
  f: FigureFilter,
): boolean {
  if (f.category && row.category !== f.category) return false;
  if (f.channel && row.channel !== f.channel) return false;
  if (f.timing && row.met !== (f.timing === 'met')) return false;
  return true;
}

const DAY = /^(\d{4}-(?:0[1-9]|1[0-2]))-(\d{2})$/;

/**
 * The figure list's query for a case-search link that names a figure: days that cover whole
 * months become those months (`from`/`to`), the township or county becomes `place`, the filters
 * and the language go along. Days that split a month cannot be counted by figure: an issue
 * naming `from` or `to`.
 * @example figureListQuery({ figure: 'received', from: '2026-03-01', to: '2026-03-31', township: '411003106' })
 *   // → { ok: true, query: 'figure=received&from=2026-03&to=2026-03&place=411003106' }
 */
export function figureListQuery(
  q: Record<string, string | undefined>,
): { ok: true; query: string } | { ok: false; issues: FilterIssue[] } {
  const from = DAY.exec(q.from ?? '');
  const to = DAY.exec(q.to ?? '');
  const issues: FilterIssue[] = [];
  if (from?.[2] !== '01')
    issues.push({
      field: 'from',
      zh: '数字按整月统计：起始日期应为某月 1 日',
      en: 'figures count whole months: from must be the first day of a month',
    });
  if (!to || periodDays({ from: to[1]!, to: to[1]! }).to !== to[0])
    issues.push({
      field: 'to',
      zh: '数字按整月统计：截止日期应为某月最后一天',
      en: 'figures count whole months: to must be the last day of a month',
    });
  if (issues.length) return { ok: false, issues };
  const out = new URLSearchParams({ figure: q.figure ?? '', from: from![1]!, to: to![1]! });
  const place = q.township || q.county;
  if (place) out.set('place', place);
  for (const k of ['category', 'channel', 'timing', 'lang'] as const) if (q[k]) out.set(k, q[k]);
  return { ok: true, query: out.toString() };
}
