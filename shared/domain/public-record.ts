/**
 * What the public may see (SPEC §1 "the public", §7 "Public page", §4 listed supervision 挂牌督办):
 * the major hazards a county listed for supervision with their rectification status, and
 * anonymised monthly counts. Pure: the case record, directory names and `now` come in.
 *
 * What is safe to publish, and why (SPEC §6, RULES.md §5 — a report's own words can identify the
 * reporter, so originals are never shown):
 * - a listed hazard shows only the unit's name as the county supervisor entered it when listing
 *   (`supervision.publicName`, or "未具名单位") — never the reporter's own `unitName`, whose wording
 *   could identify them — its county and
 *   township (never the village, address or coordinates), the category, the listing date, the
 *   supervision deadline and the rectification status with its dates. It never carries the
 *   description, address, village, case number, channel, staff ids, notes, conclusion or feedback
 *   texts, nor anything from the identity store. `publicListingOf` builds the entry field by field
 *   from a whitelist; nothing is spread from the record.
 * - counts are aggregates per Shanghai calendar month: reports received per county and per
 *   category, cases substantiated (属实) and closed (办结). Any count from 1 to THRESHOLD − 1 is shown
 *   as "<5"; where a column shows its total and exactly one cell is hidden, the next smallest cell
 *   is withheld too, so the hidden one cannot be worked out by subtraction (`suppressColumn`).
 */
import type { CaseStatus, Category } from './case.ts';
import { countyOf as countyOfCode } from './division-code.ts';
import type { LifecycleFacts } from './lifecycle/facts.ts';
import { shanghaiDate, shanghaiMonth } from './shanghai-time.ts';

/** Counts below this are never published as they are. */
export const PUBLIC_COUNT_THRESHOLD = 5;
/** Months of counts on the public page (the current one included). */
export const PUBLIC_MONTHS = 12;
/** Longest unit name published; a reporter's free text is cut rather than shown at any length. */
export const PUBLIC_UNIT_NAME_MAX = 100;

/** Where a listed hazard stands, as the public is told. */
export const PUBLIC_HAZARD_STATUSES = [
  'listed',
  'rectification_ordered',
  'rectification_confirmed',
  'closed',
  'not_substantiated',
  'transferred',
] as const;
export type PublicHazardStatus = (typeof PUBLIC_HAZARD_STATUSES)[number];

/** A listed major hazard as published. Nothing else about the case leaves the staff side. */
export interface PublicListing {
  /** The reported unit's name as given; null when the report named none ("未具名单位"). */
  unitName: string | null;
  countyCode: string;
  countyName: string;
  townshipCode?: string;
  townshipName?: string;
  category: Category;
  /** When the county listed it (ISO UTC): orders the list; shown as a Shanghai date. */
  listedAt: string;
  /** YYYY-MM-DD, set by the county. */
  supervisionDeadline: string;
  status: PublicHazardStatus;
  /** YYYY-MM-DD of the rectification order, once ordered. */
  rectificationDeadline?: string;
  /** Shanghai date the rectification was confirmed. */
  rectificationConfirmedOn?: string;
  /** Shanghai date the case was closed (办结). */
  closedOn?: string;
}

/** The keys a published listing may have: the unit test holds the page to exactly these. */
export const PUBLIC_LISTING_FIELDS = [
  'unitName',
  'countyCode',
  'countyName',
  'townshipCode',
  'townshipName',
  'category',
  'listedAt',
  'supervisionDeadline',
  'status',
  'rectificationDeadline',
  'rectificationConfirmedOn',
  'closedOn',
] as const satisfies readonly (keyof PublicListing)[];

/** The part of a case record the public projection reads. */
export interface PublicSource extends Pick<LifecycleFacts, 'supervision' | 'rectification' | 'conclusion'> {
  status: CaseStatus;
  category: Category;
  townshipCode?: string;
  location: { countyCode?: string; townshipCode?: string };
  closedAt?: string;
}

/** The last `n` Shanghai months up to and including the one of `now`, newest first. */
export function lastMonths(now: Date, n: number): string[] {
  const [y, m] = shanghaiMonth(now).split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const total = y * 12 + (m - 1) - i;
    out.push(`${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`);
  }
  return out;
}

/** The county of a case: its township's, else the one the reporter chose; null when unlocated. */
export function countyOf(c: Pick<PublicSource, 'townshipCode' | 'location'>): string | null {
  const township = c.townshipCode ?? c.location.townshipCode;
  return (township && countyOfCode(township)) ?? c.location.countyCode ?? null;
}

/**
 * Whether a listed hazard may be published: only once it was verified as true (属实) — naming a
 * company on an allegation still under verification would publish an unverified accusation. A
 * rectification order comes only after substantiation, so it counts too.
 */
export function publishable(c: Pick<PublicSource, 'supervision' | 'conclusion' | 'rectification'>): boolean {
  return Boolean(c.supervision) && (c.conclusion?.outcome === 'substantiated' || Boolean(c.rectification));
}

/**
 * A report counted as received while not located in any county, now located: its received count
 * moves to the county (once; the repository keeps a marker). Null when there is nothing to move.
 */
export function routedCountOf(
  after: CountSource,
  before: Pick<CountSource, 'townshipCode' | 'location'> | undefined,
): { month: string; county: string; category: Category } | null {
  if (!before || countyOf(before) !== null) return null;
  const county = countyOf(after);
  return county ? { month: shanghaiMonth(after.createdAt), county, category: after.category } : null;
}

/** The public status of a listed case. */
export function publicHazardStatus(c: PublicSource): PublicHazardStatus {
  if (c.status === 'transferred') return 'transferred';
  if (c.conclusion?.outcome === 'unsubstantiated' && !c.rectification) return 'not_substantiated';
  if (c.status === 'closed' || c.status === 'rejected') return 'closed';
  if (c.rectification?.confirmedAt) return 'rectification_confirmed';
  if (c.rectification) return 'rectification_ordered';
  return 'listed';
}

/**
 * The published entry of a case listed for supervision, or null when it is not listed. Built from
 * a whitelist (PUBLIC_LISTING_FIELDS); `names` are the directory's names of its county and
 * township.
 */
export function publicListingOf(
  c: PublicSource,
  names: { county?: string; township?: string },
): PublicListing | null {
  const s = c.supervision;
  const county = countyOf(c);
  if (!s || !county) return null;
  const township = c.townshipCode ?? c.location.townshipCode;
  const unit = s.publicName?.trim().slice(0, PUBLIC_UNIT_NAME_MAX);
  const r = c.rectification;
  const status = publicHazardStatus(c);
  return {
    unitName: unit ? unit : null,
    countyCode: county,
    countyName: names.county ?? county,
    ...(township && names.township ? { townshipCode: township, townshipName: names.township } : {}),
    category: c.category,
    listedAt: s.listedAt,
    supervisionDeadline: s.deadline,
    status,
    ...(r ? { rectificationDeadline: r.deadline } : {}),
    ...(r?.confirmedAt ? { rectificationConfirmedOn: shanghaiDate(r.confirmedAt) } : {}),
    ...(status === 'closed' && c.closedAt ? { closedOn: shanghaiDate(c.closedAt) } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Counts

export const COUNT_KINDS = ['received', 'substantiated', 'closed'] as const;
export type CountKind = (typeof COUNT_KINDS)[number];
/** County bucket of a report not located in any county (an SMS report still in triage). */
export const UNLOCATED = 'none';

/** One thing to count once per case: its kind, month and dimensions. */
export interface PublicCount {
  kind: CountKind;
  month: string;
  county: string;
  category: Category;
}

export interface CountSource extends PublicSource {
  createdAt: string;
  updatedAt: string;
}

/**
 * What a case change counts: a new case is received; a case that becomes substantiated or closed
 * is counted in the month it did. Each (case, kind) is counted at most once — the repository holds
 * a marker per case and kind, so a redelivered stream record, or a case closed again after an
 * upheld objection, does not count twice.
 */
export function countsOf(
  eventName: 'INSERT' | 'MODIFY',
  after: CountSource,
  before: Pick<CountSource, 'status'> | undefined,
): PublicCount[] {
  const base = { county: countyOf(after) ?? UNLOCATED, category: after.category };
  const out: PublicCount[] = [];
  if (eventName === 'INSERT') out.push({ kind: 'received', month: shanghaiMonth(after.createdAt), ...base });
  const became = (s: CaseStatus) => after.status === s && before?.status !== s;
  if (became('substantiated'))
    out.push({
      kind: 'substantiated',
      month: shanghaiMonth(after.conclusion?.at ?? after.updatedAt),
      ...base,
    });
  if (became('closed'))
    out.push({ kind: 'closed', month: shanghaiMonth(after.closedAt ?? after.updatedAt), ...base });
  return out;
}

/** Counter attribute names a count adds one to: the kind's total, by county and by category. */
export function counterNames(c: Pick<PublicCount, 'kind' | 'county' | 'category'>): string[] {
  return [c.kind, `${c.kind}@c:${c.county}`, `${c.kind}@k:${c.category}`];
}

/** A month's raw counters, as read back: kind → total, by county, by category. */
export interface MonthCounts {
  month: string;
  total: Record<CountKind, number>;
  byCounty: Record<string, Record<CountKind, number>>;
  byCategory: Partial<Record<Category, Record<CountKind, number>>>;
}

const zeroKinds = (): Record<CountKind, number> => ({ received: 0, substantiated: 0, closed: 0 });
const COUNTER = /^(received|substantiated|closed)(?:@([ck]):(.+))?$/;

/** Reads a month's counter attributes (names from `counterNames`); other attributes are ignored. */
export function monthCountsOf(month: string, attributes: Record<string, unknown>): MonthCounts {
  const out: MonthCounts = { month, total: zeroKinds(), byCounty: {}, byCategory: {} };
  for (const [name, value] of Object.entries(attributes)) {
    const m = COUNTER.exec(name);
    if (!m || typeof value !== 'number') continue;
    const kind = m[1] as CountKind;
    if (!m[2]) {
      out.total[kind] += value;
      continue;
    }
    const group: Record<string, Record<CountKind, number>> = m[2] === 'c' ? out.byCounty : out.byCategory;
    const counts = group[m[3]!] ?? zeroKinds();
    counts[kind] += value;
    group[m[3]!] = counts;
  }
  return out;
}

/** A published count: the number, "<threshold" (small), or withheld (secondary suppression). */
export type Cell = { kind: 'count'; n: number } | { kind: 'small' } | { kind: 'withheld' };

/** One count on its own: 0 and counts from the threshold up are shown, 1…threshold−1 are not. */
export function suppress(n: number, threshold = PUBLIC_COUNT_THRESHOLD): Cell {
  return n > 0 && n < threshold ? { kind: 'small' } : { kind: 'count', n };
}

/**
 * A column of counts whose total is shown too: each small count is hidden, and when exactly one
 * is, the smallest shown non-zero count is withheld as well, so that the hidden one is not the
 * total minus the rest.
 * @example suppressColumn([12, 3, 0, 7]) // → [12, small, 0, withheld]
 */
export function suppressColumn(values: number[], threshold = PUBLIC_COUNT_THRESHOLD): Cell[] {
  const cells = values.map((n) => suppress(n, threshold));
  const hidden = cells.filter((c) => c.kind === 'small').length;
  if (hidden !== 1) return cells;
  let pick = -1;
  values.forEach((n, i) => {
    if (cells[i]?.kind === 'count' && n > 0 && (pick < 0 || n < values[pick]!)) pick = i;
  });
  if (pick >= 0) cells[pick] = { kind: 'withheld' };
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Paging the listed hazards without putting anything of a case in the URL

/** Where the next page starts: before `listedAt`, after `skip` listings at that same instant. */
export interface ListingCursor {
  listedAt: string;
  skip: number;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** `2026-11-27T01:02:03.456Z~0` → cursor, or null when malformed. */
export function parseListingCursor(raw: string): ListingCursor | null {
  const m = /^(.+)~(\d{1,3})$/.exec(raw);
  if (!m || !ISO.test(m[1]!) || Number.isNaN(Date.parse(m[1]!))) return null;
  return { listedAt: m[1]!, skip: Number(m[2]) };
}

export const formatListingCursor = (c: ListingCursor) => `${c.listedAt}~${c.skip}`;

/**
 * The cursor after a page: the last listing's instant and how many listings at that instant have
 * been shown so far (usually 1; more only when listings share a millisecond).
 */
export function nextListingCursor(
  page: Pick<PublicListing, 'listedAt'>[],
  previous: ListingCursor | null,
): ListingCursor | null {
  const last = page.at(-1);
  if (!last) return null;
  let skip = page.filter((l) => l.listedAt === last.listedAt).length;
  if (previous?.listedAt === last.listedAt) skip += previous.skip;
  return { listedAt: last.listedAt, skip };
}
