/**
 * Supervision (考核) reads: the dashboards, the case list behind a figure, the auditor's chain view
 * and access review. Role and jurisdiction as for the queues: a township officer sees their
 * township, a county's staff their county, city staff every county (with a drill-down). The
 * counters these read are kept by supervision-counting.ts.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import { withinJurisdiction } from '../auth/staff.ts';
import { placeOfQueuePk } from '../db/keys.ts';
import type { CaseEvent, CaseRecord } from '../domain/case.ts';
import { countyOf, levelOfCode } from '../domain/division-code.ts';
import { type FigureFilter, matchesFigureFilter } from '../domain/figure-filter.ts';
import { type Counters, sumCounters } from '../domain/supervision-figures.ts';
import { type DashboardPeriod, monthsBetween } from '../domain/supervision-period.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { AccessCursor, AccessEntry } from '../repositories/access-log-repository.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import type { CaseSummary, FigureCase } from '../repositories/supervision-figure-cases.ts';
import type { SupervisionRepository } from '../repositories/supervision-repository.ts';
import { type ChainReport, verifyCaseChain } from './audit.ts';
import { placeOfCase } from './supervision-counting.ts';

export interface SupervisionDeps {
  supervision: SupervisionRepository;
  cases: CaseRepository;
  directory: DirectoryRepository;
  regionCode: string;
  now: () => Date;
}

/** Roles that see dashboards: the queues' readers who oversee handling. */
const DASHBOARD_ROLES = new Set(['county_supervisor', 'operator', 'auditor', 'township_officer']);

export interface DashboardRow {
  /** A township, a county, or the county / city itself (reports not yet in a township). */
  place: string;
  name: string;
  /** The row of a county or city's own bucket: reports that wait for a township. */
  unrouted: boolean;
  counters: Counters;
  /** Open cases past their deadline now. */
  overdue: number;
  /** Gauges now (claims pending). */
  now: Counters;
  /** City view: this row is a county that can be drilled into. */
  drill?: string;
}

export interface DashboardView {
  period: DashboardPeriod;
  /** The jurisdiction shown: a township, a county or the city. */
  scope: { code: string; name: string; level: 'township' | 'county' | 'city' };
  /** City users drilling into a county: the city to go back to. */
  parent?: { code: string; name: string };
  rows: DashboardRow[];
  total: DashboardRow;
  /** Counters per month of the period, all rows together (the trend chart). */
  months: { month: string; counters: Counters }[];
  /** When the present-time figures were read. */
  readAt: string;
}

const levelOf = (code: string): 'township' | 'county' | 'city' => {
  const level = levelOfCode(code);
  return level === 'township' || level === 'county' ? level : 'city';
};

/**
 * Which jurisdiction a staff member's dashboard shows, given an optional drill-down code. The
 * pages ask with `place` and answer a place outside the jurisdiction "not found", like a case
 * elsewhere; the JSON API names its own query field (`county`, `township`), and a caller that
 * asks for a place it does not oversee is told which field was refused (403).
 */
export function dashboardScope(staff: StaffPrincipal, requested?: string, field?: string): string {
  if (!DASHBOARD_ROLES.has(staff.role)) throw new ForbiddenError('this role has no dashboard');
  if (!requested) return staff.jurisdiction;
  if (!/^(\d{4}|\d{6}|\d{9})$/.test(requested))
    throw new ValidationError([
      {
        field: field ?? 'place',
        en: `${field ?? 'place'} must be a county or township code`,
        zh: '地区代码应为县区或乡镇代码',
      },
    ]);
  if (!withinJurisdiction(staff, requested)) {
    if (field)
      throw new ForbiddenError(`${field} ${requested} is outside your jurisdiction`, {
        zh: `${field === 'township' ? '乡镇' : field === 'county' ? '县区' : '地区'}代码 ${requested} 不在您的管辖范围内`,
      });
    throw new NotFoundError('no such place in your jurisdiction');
  }
  return requested;
}

/** The calendar years a period covers when it is made of whole years (2026-01…2026-12), else null. */
export function wholeYears(period: Pick<DashboardPeriod, 'from' | 'to'>): string[] | null {
  if (!period.from.endsWith('-01') || !period.to.endsWith('-12')) return null;
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4));
  if (!(first <= last)) return null;
  return Array.from({ length: last - first + 1 }, (_, i) => String(first + i));
}

/**
 * A dashboard: the counters of every row of the scope over the period (one Query per county
 * partition), the gauges (one more each) and what is overdue now (the county index, only its
 * overdue part). A bounded number of Queries whatever the number of cases.
 */
export async function dashboard(
  deps: SupervisionDeps,
  staff: StaffPrincipal,
  period: DashboardPeriod,
  requested?: string,
  field?: string,
): Promise<DashboardView> {
  const scope = dashboardScope(staff, requested, field);
  const level = levelOf(scope);
  const now = deps.now();
  const scopePlace = await deps.directory.get(scope);
  if (!scopePlace && scope !== deps.regionCode) throw new NotFoundError('no such place');
  const scopeName = scopePlace?.name ?? scope;
  const monthTotals = new Map<string, Counters>(monthsBetween(period.from, period.to).map((m) => [m, {}]));
  const rows = new Map<string, DashboardRow>();
  const rowFor = (place: string, name: string, unrouted: boolean, drill?: string) => {
    let r = rows.get(place);
    if (!r) {
      r = { place, name, unrouted, counters: {}, overdue: 0, now: {}, ...(drill ? { drill } : {}) };
      rows.set(place, r);
    }
    return r;
  };

  let counties: string[];
  /** Which row a counter's place belongs to. */
  let rowOfPlace: (place: string) => string | null;
  if (level === 'township') {
    counties = [countyOf(scope)];
    const t = scopePlace!;
    rowFor(scope, t.name, false);
    rowOfPlace = (p) => (p === scope ? scope : null);
  } else if (level === 'county') {
    counties = [scope];
    for (const t of (await deps.directory.children(scope)).sort((a, b) => a.code.localeCompare(b.code)))
      rowFor(t.code, t.name, false);
    rowOfPlace = (p) => (levelOfCode(p) === 'township' ? p : p === scope ? scope : null);
  } else {
    const list = (await deps.directory.children(scope)).sort((a, b) => a.code.localeCompare(b.code));
    counties = list.map((c) => c.code);
    for (const c of list) rowFor(c.code, c.name, false, c.code);
    rowOfPlace = (p) => (levelOfCode(p) === 'city' ? (p === scope ? scope : null) : countyOf(p));
  }
  const partitions = level === 'city' ? [...counties, scope] : counties;
  const placeFilter = level === 'township' ? scope : undefined;

  // Whole calendar years read the roll-ups (one item per place and year, one per month of the
  // partition) instead of every place's every month; a township's own view is small either way.
  const years = placeFilter ? null : wholeYears(period);
  const [counterRows, monthRows, gaugeRows, overdue] = await Promise.all([
    years
      ? Promise.all(
          partitions.flatMap((p) =>
            years.map(async (y) =>
              (await deps.supervision.yearCounters(p, y)).map((r) => ({ ...r, month: null })),
            ),
          ),
        )
      : Promise.all(partitions.map((p) => deps.supervision.counters(p, period.from, period.to, placeFilter))),
    years
      ? Promise.all(partitions.map((p) => deps.supervision.monthTotals(p, period.from, period.to)))
      : null,
    Promise.all(partitions.map((p) => deps.supervision.gauges(p, placeFilter))),
    deps.supervision.overdueByQueue(level === 'city' ? [...counties, scope] : counties, now.toISOString()),
  ]);
  const unroutedName = level === 'city' ? '尚未定位到县区' : '待分派乡镇';
  const ensure = (place: string) => {
    const key = rowOfPlace(place);
    if (!key) return null;
    return (
      rows.get(key) ?? rowFor(key, key.length === 9 ? key : unroutedName, key.length !== 9 && key === scope)
    );
  };
  for (const r of counterRows.flat()) {
    const row = ensure(r.place);
    if (!row) continue;
    sumCounters(row.counters, r.counters);
    const m = r.month === null ? undefined : monthTotals.get(r.month);
    if (m) sumCounters(m, r.counters);
  }
  for (const r of monthRows?.flat() ?? []) {
    const m = monthTotals.get(r.month);
    if (m) sumCounters(m, r.counters);
  }
  for (const g of gaugeRows.flat()) {
    const row = ensure(g.place);
    if (row) sumCounters(row.now, g.counters);
  }
  for (const [queue, n] of overdue) {
    const place = placeOfQueuePk(queue);
    if (!place) continue;
    const row = ensure(place);
    if (row) row.overdue += n;
  }
  // Rows of the scope's own bucket go last, and only when they hold something.
  const ordered = [...rows.values()].filter(
    (r) =>
      !r.unrouted ||
      r.overdue ||
      Object.values(r.counters).some((v) => v) ||
      Object.values(r.now).some((v) => v),
  );
  ordered.sort((a, b) => Number(a.unrouted) - Number(b.unrouted) || a.place.localeCompare(b.place));
  const total: DashboardRow = {
    place: scope,
    name: '合计',
    unrouted: false,
    counters: {},
    overdue: 0,
    now: {},
  };
  for (const r of ordered) {
    sumCounters(total.counters, r.counters);
    sumCounters(total.now, r.now);
    total.overdue += r.overdue;
  }
  let parent: DashboardView['parent'];
  if (level === 'county' && levelOfCode(staff.jurisdiction) === 'city') {
    const city = await deps.directory.get(staff.jurisdiction);
    parent = { code: staff.jurisdiction, name: city?.name ?? staff.jurisdiction };
  }
  return {
    period,
    scope: { code: scope, name: scopeName, level },
    ...(parent ? { parent } : {}),
    rows: ordered,
    total,
    months: [...monthTotals.entries()].map(([month, counters]) => ({ month, counters })),
    readAt: now.toISOString(),
  };
}

/** Most rows of a case-list export. */
export const MAX_FIGURE_CASES = 5000;

export interface FigureCaseRow extends FigureCase {
  summary?: CaseSummary;
}

/**
 * The cases behind a figure: the markers of `kind` in the period, at `place` (a township, or a
 * county / the city for all of its places), narrowed by `filter` the way the figure's cell is
 * (one category, one channel, clocks met or missed). Rows carry the case's status and dates,
 * never its text or anything about the reporter.
 */
export async function figureCases(
  deps: SupervisionDeps,
  staff: StaffPrincipal,
  period: DashboardPeriod,
  kind: string,
  requested?: string,
  filter: FigureFilter = {},
): Promise<{ rows: FigureCaseRow[]; truncated: boolean; scope: string }> {
  const scope = dashboardScope(staff, requested);
  const months = monthsBetween(period.from, period.to);
  let partitions: string[];
  if (levelOfCode(scope) === 'city')
    partitions = [...(await deps.directory.children(scope)).map((c) => c.code), scope];
  else partitions = [countyOf(scope)];
  const prefix = levelOf(scope) === 'township' ? `${scope}#` : levelOf(scope) === 'county' ? scope : '';
  const rows: FigureCase[] = [];
  let truncated = false;
  for (const p of partitions) {
    const r = await deps.supervision.figureCases(p, months, kind, prefix, MAX_FIGURE_CASES - rows.length);
    rows.push(...r.rows.filter((row) => matchesFigureFilter(row, filter)));
    if (r.truncated || rows.length >= MAX_FIGURE_CASES) {
      truncated = truncated || r.truncated;
      break;
    }
  }
  rows.sort((a, b) => a.at.localeCompare(b.at) || a.caseNumber.localeCompare(b.caseNumber));
  const summaries = await deps.supervision.caseSummaries(rows.map((r) => r.caseNumber));
  return {
    rows: rows.map((r) => {
      const summary = summaries.get(r.caseNumber);
      return summary ? { ...r, summary } : r;
    }),
    truncated,
    scope,
  };
}

// ---------------------------------------------------------------------------------------------
// The auditor

const requireAuditor = (staff: StaffPrincipal) => {
  if (staff.role !== 'auditor') throw new ForbiddenError('only auditors see the audit view');
};

export interface AuditView {
  record: CaseRecord;
  events: CaseEvent[];
  report: ChainReport;
}

/**
 * A case's whole chain and its verification (the same code as `npm run audit:verify`). The
 * auditor changes nothing: no event is appended; the read goes to the access log instead.
 */
export async function auditView(
  deps: SupervisionDeps,
  staff: StaffPrincipal,
  caseNumber: string,
): Promise<AuditView> {
  requireAuditor(staff);
  const stored = await deps.cases.get(caseNumber);
  if (!stored || !withinJurisdiction(staff, placeOfCase(stored.record, deps.regionCode)))
    throw new NotFoundError('case not found');
  const [events, report] = await Promise.all([
    deps.cases.listEvents(caseNumber),
    verifyCaseChain(deps.cases, caseNumber),
  ]);
  const at = deps.now().toISOString();
  await deps.supervision.recordAccess({
    at,
    staffId: staff.id,
    caseNumber,
    action: 'audit_viewed',
    place: placeOfCase(stored.record, deps.regionCode),
    seq: `audit-${staff.id}`,
  });
  return { record: stored.record, events: events.sort((a, b) => a.seq - b.seq), report: report! };
}

export interface AccessQuery {
  from: string;
  to: string;
  staffId?: string;
  action?: string[];
  limit: number;
  cursor?: AccessCursor;
}

/** Staff actions on cases in the auditor's jurisdiction, newest first, one page. */
export async function accessReview(
  deps: SupervisionDeps,
  staff: StaffPrincipal,
  q: AccessQuery,
): Promise<{ entries: AccessEntry[]; next?: AccessCursor }> {
  requireAuditor(staff);
  return deps.supervision.accessLog({ ...q, placePrefix: staff.jurisdiction });
}
