/**
 * The public page's data (SPEC §7 "Public page"): kept up to date by the cases stream consumer
 * after each case write has committed, and read back by the pages function. What may be published
 * and how small counts are hidden is decided in shared/domain/public-record.ts; this module only
 * moves it. Every write is idempotent under at-least-once delivery: a listing is a Put guarded by
 * the case version, a count is a transaction with a once-per-case-and-kind marker.
 */
import { caseItemKind } from '../db/keys.ts';
import { CATEGORIES, type Category } from '../domain/case.ts';
import { countyOf } from '../domain/division-code.ts';
import {
  type Cell,
  type CountKind,
  type CountSource,
  countsOf,
  type ListingCursor,
  lastMonths,
  type MonthCounts,
  nextListingCursor,
  PUBLIC_COUNT_THRESHOLD,
  PUBLIC_MONTHS,
  type PublicListing,
  publicListingOf,
  publishable,
  routedCountOf,
  suppress,
  suppressColumn,
  UNLOCATED,
} from '../domain/public-record.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import {
  AlreadyCountedError,
  type PublicRepository,
  StaleListingError,
} from '../repositories/public-repository.ts';

export interface PublicChangeDeps {
  directory: DirectoryRepository;
  /** Absent where the public page is not kept (then nothing happens). */
  publicRecords?: PublicRepository;
}

/** A stream record as the consumer sees it (shared/services/case-changes.ts CaseChange). */
interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

type CaseImage = CountSource & { caseNumber: string; version: number };

/**
 * Keeps the public page in step with one committed case write: counts a new report, a
 * substantiation or a close (once per case each), and rewrites the listing of a case listed for
 * supervision. Ignores everything that is not a case item.
 */
export async function recordPublicChange(deps: PublicChangeDeps, change: Change): Promise<void> {
  const store = deps.publicRecords;
  const image = change.newImage;
  if (!store || change.eventName === 'REMOVE' || !image) return;
  if (caseItemKind(image) !== 'case') return;
  const record = image as unknown as CaseImage;
  const before = change.oldImage as unknown as CaseImage | undefined;

  for (const count of countsOf(change.eventName, record, before)) {
    try {
      await store.countOnce(record.caseNumber, count);
    } catch (err) {
      if (!(err instanceof AlreadyCountedError)) throw err;
    }
  }

  // A report located after intake is counted under its county from then on.
  const routed = routedCountOf(record, before);
  if (routed) await store.moveReceivedOnce(record.caseNumber, routed);

  // Rewritten on every write of a listed case (few of them), not only when the status moves, so a
  // record that went to the dead-letter queue is made good by the case's next write. Published
  // only once substantiated; the write that ends that (an upheld objection re-verified as not)
  // still updates the entry once, so it shows the outcome.
  if (!record.supervision) return;
  if (!publishable(record) && !(before && publishable(before))) return;
  const countyCode = (record.townshipCode && countyOf(record.townshipCode)) ?? record.location.countyCode;
  const townshipCode = record.townshipCode ?? record.location.townshipCode;
  const [county, township] = await Promise.all([
    countyCode ? deps.directory.get(countyCode) : null,
    townshipCode ? deps.directory.get(townshipCode) : null,
  ]);
  const listing = publicListingOf(record, {
    ...(county ? { county: county.name } : {}),
    ...(township ? { township: township.name } : {}),
  });
  if (!listing) return;
  try {
    await store.putListing(record.caseNumber, listing, record.version);
  } catch (err) {
    if (!(err instanceof StaleListingError)) throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface PublicPageDeps {
  directory: DirectoryRepository;
  publicRecords: PublicRepository;
  regionCode: string;
  now: () => Date;
}

/** A row of published counts. */
export type CellRow = Record<CountKind, Cell>;

export interface PublicPageView {
  listings: PublicListing[];
  /** Cursor of the next page of listings, when there is one. */
  next: ListingCursor | null;
  threshold: number;
  /** The months counted, newest first, with their counts. */
  months: { month: string; cells: CellRow }[];
  /** Counts of the whole window by county (the region's counties, then unlocated reports). */
  byCounty: { code: string; name: string | null; cells: CellRow }[];
  byCategory: { category: Category; cells: CellRow }[];
  totals: CellRow;
}

export const LISTINGS_PER_PAGE = 20;

const KINDS: CountKind[] = ['received', 'substantiated', 'closed'];

/** Suppresses each column of a table whose column totals are shown. */
function suppressTable(rows: Record<CountKind, number>[], threshold: number): CellRow[] {
  const columns = Object.fromEntries(
    KINDS.map((k) => [
      k,
      suppressColumn(
        rows.map((r) => r[k]),
        threshold,
      ),
    ]),
  ) as Record<CountKind, Cell[]>;
  return rows.map((_, i) => Object.fromEntries(KINDS.map((k) => [k, columns[k][i]!])) as CellRow);
}

const add = (a: Record<CountKind, number>, b?: Record<CountKind, number>) => {
  if (b) for (const k of KINDS) a[k] += b[k];
};
const zero = (): Record<CountKind, number> => ({ received: 0, substantiated: 0, closed: 0 });

/** Everything the public page shows: a page of listed hazards and the last months' counts. */
export async function publicPage(
  deps: PublicPageDeps,
  opts: { cursor: ListingCursor | null; threshold?: number },
): Promise<PublicPageView> {
  const threshold = opts.threshold ?? PUBLIC_COUNT_THRESHOLD;
  const window = lastMonths(deps.now(), PUBLIC_MONTHS);
  const [page, stored, counties] = await Promise.all([
    deps.publicRecords.listings(LISTINGS_PER_PAGE, opts.cursor),
    deps.publicRecords.months(window.at(-1)!, window[0]!),
    deps.directory.children(deps.regionCode),
  ]);
  const byMonth = new Map<string, MonthCounts>(stored.map((m) => [m.month, m]));

  const monthRows = window.map((m) => byMonth.get(m)?.total ?? zero());
  const total = zero();
  for (const r of monthRows) add(total, r);

  const countyTotals = new Map<string, Record<CountKind, number>>();
  const categoryTotals = new Map<Category, Record<CountKind, number>>();
  for (const m of stored) {
    for (const [code, counts] of Object.entries(m.byCounty)) {
      const t = countyTotals.get(code) ?? zero();
      add(t, counts);
      countyTotals.set(code, t);
    }
    for (const c of CATEGORIES) {
      const t = categoryTotals.get(c) ?? zero();
      add(t, m.byCategory[c]);
      categoryTotals.set(c, t);
    }
  }
  const countyRows: { code: string; name: string | null }[] = counties
    .map((c) => ({ code: c.code, name: c.name }))
    .sort((a, b) => a.code.localeCompare(b.code));
  // Counties outside the directory's list (a region re-import) and unlocated reports still count.
  for (const code of [...countyTotals.keys()].sort())
    if (!countyRows.some((r) => r.code === code))
      countyRows.push({ code, name: code === UNLOCATED ? null : code });
  const countyCells = suppressTable(
    countyRows.map((r) => countyTotals.get(r.code) ?? zero()),
    threshold,
  );
  const categoryCells = suppressTable(
    CATEGORIES.map((c) => categoryTotals.get(c) ?? zero()),
    threshold,
  );
  const monthCells = suppressTable(monthRows, threshold);

  return {
    listings: page.listings,
    next: page.more ? nextListingCursor(page.listings, opts.cursor) : null,
    threshold,
    months: window.map((month, i) => ({ month, cells: monthCells[i]! })),
    byCounty: countyRows.map((r, i) => ({ ...r, cells: countyCells[i]! })),
    byCategory: CATEGORIES.map((category, i) => ({ category, cells: categoryCells[i]! })),
    totals: Object.fromEntries(KINDS.map((k) => [k, suppress(total[k], threshold)])) as CellRow,
  };
}
