/**
 * Staff search and archive. The stream consumer keeps, after each committed case write, an archive
 * entry per case (every state, final ones included, so the queue's 已办结 filter finds closed cases)
 * and word postings of the case's unit name and report (bigrams, shared/domain/search-text.ts),
 * both by county. Staff read them through bounded, paginated Queries of their own jurisdiction's
 * partitions; every hit is then checked against the case itself (jurisdiction, filters, words), so
 * an entry that lags behind its case can never show a case outside the jurisdiction.
 */
import { type StaffPrincipal, withinJurisdiction } from '../auth/staff.ts';
import { caseItemKind } from '../db/keys.ts';
import { CATEGORIES, type CaseRecord, normalizeCaseNumber, STATUSES } from '../domain/case.ts';
import { countyOf, isCountyOrBelow, levelOfCode } from '../domain/division-code.ts';
import { isOpen } from '../domain/lifecycle/facts.ts';
import { caseTokens, parseQuery, textMatches } from '../domain/search-text.ts';
import { startOfShanghaiDay } from '../domain/shanghai-time.ts';
import { ForbiddenError, ValidationError } from '../errors.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';
import {
  type ArchiveEntry,
  BOUNDARY,
  caseNumberOf,
  type SearchRepository,
} from '../repositories/search-repository.ts';
import { caseJurisdiction, readableCase } from './case-access.ts';

/** The county whose partitions hold a case: its township's, else the county given, else the region. */
export const countyOfCase = (c: Pick<CaseRecord, 'townshipCode' | 'location'>, regionCode: string) =>
  (c.townshipCode && countyOf(c.townshipCode)) ?? c.location.countyCode ?? regionCode;

interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/** Fields of a case the archive follows; a write that changes none of them (a view, a note) is skipped. */
const FOLLOWED = ['status', 'category', 'townshipCode'] as const;

/**
 * Keeps the archive entry and word postings of one committed case write. Idempotent: postings are
 * keyed Puts; the entry is written only if no newer one (higher lastEventSeq) is stored, after the
 * postings, so a retried record finishes what a failed one began and a redelivered older record
 * changes nothing.
 */
export async function recordSearchChange(
  deps: { search?: SearchRepository; regionCode: string },
  change: Change,
): Promise<void> {
  const store = deps.search;
  const image = change.newImage;
  if (!store || change.eventName === 'REMOVE' || !image) return;
  if (caseItemKind(image) !== 'case') return;
  const record = image as unknown as CaseRecord;
  const before = change.oldImage as unknown as CaseRecord | undefined;
  const county = countyOfCase(record, deps.regionCode);
  if (
    change.eventName === 'MODIFY' &&
    before &&
    FOLLOWED.every((f) => before[f] === record[f]) &&
    countyOfCase(before, deps.regionCode) === county
  )
    return;
  const stored = await store.archiveEntry(record.caseNumber);
  if (stored && stored.seq > record.lastEventSeq) return;
  const receivedAt = record.createdAt;
  if (stored?.postedCounty !== county) {
    const tokens = caseTokens(record);
    await store.writePostings(county, tokens, receivedAt, record.caseNumber, 'put');
    if (stored?.postedCounty)
      await store.writePostings(stored.postedCounty, tokens, receivedAt, record.caseNumber, 'delete');
  }
  const entry: ArchiveEntry = {
    caseNumber: record.caseNumber,
    status: record.status,
    category: record.category,
    countyCode: county,
    ...(record.townshipCode ? { townshipCode: record.townshipCode } : {}),
    receivedAt,
    seq: record.lastEventSeq,
    postedCounty: county,
  };
  await store.putArchiveEntry(entry);
}

/** Roles that may search (the roles that read cases); anyone else — e.g. a village coordinator — may not. */
const SEARCHERS = new Set([
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'auditor',
]);

export interface SearchQuery {
  q?: string;
  status?: string;
  category?: string;
  township?: string;
  /** Shanghai calendar dates, inclusive. */
  from?: string;
  to?: string;
  cursor?: string;
  limit: number;
}

export type SearchResult =
  | { kind: 'case'; caseNumber: string }
  | { kind: 'list'; cases: CaseRecord[]; cursor?: string; words: string[] };

export interface SearchDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  search: SearchRepository;
  regionCode: string;
  now: () => Date;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

export const encodeCursor = (boundary: string) => Buffer.from(boundary, 'utf8').toString('base64url');
function decodeCursor(cursor: string): string {
  const boundary = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!BOUNDARY.test(boundary))
    throw new ValidationError([
      { field: 'cursor', en: 'This page link is not valid; search again.', zh: '翻页链接无效，请重新查询。' },
    ]);
  return boundary;
}

/** Checks the filters a person typed or picked; each bad one is named in their language. */
export function checkSearchQuery(q: SearchQuery): void {
  const issues: { field: string; en: string; zh: string }[] = [];
  if (q.status && !STATUSES.includes(q.status as never))
    issues.push({ field: 'status', en: 'Choose a status from the list.', zh: '请从列表中选择状态。' });
  if (q.category && !CATEGORIES.includes(q.category as never))
    issues.push({
      field: 'category',
      en: 'Choose a category from the list.',
      zh: '请从列表中选择举报类别。',
    });
  if (q.township && !/^\d{9}$/.test(q.township))
    issues.push({ field: 'township', en: 'Choose a township from the list.', zh: '请从列表中选择乡镇。' });
  for (const field of ['from', 'to'] as const) {
    const v = q[field];
    if (v && (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))))
      issues.push({
        field,
        en: 'Enter a date like 2026-11-27.',
        zh: '日期格式应为 2026-11-27。',
      });
  }
  if (q.from && q.to && DATE.test(q.from) && DATE.test(q.to) && q.from > q.to)
    issues.push({
      field: 'to',
      en: 'The end date is before the start date.',
      zh: '结束日期不能早于开始日期。',
    });
  if (q.q && q.q.length > 200)
    issues.push({
      field: 'q',
      en: 'Search words are too long (200 characters at most).',
      zh: '搜索内容太长（最多 200 字）。',
    });
  if (q.q && !normalizeCaseNumber(q.q)) {
    const parsed = parseQuery(q.q);
    if (!parsed.ok && parsed.reason === 'too_short')
      issues.push({
        field: 'q',
        en: 'Each search word needs at least two characters (one Chinese character alone matches almost everything).',
        zh: '每个搜索词至少两个字（单个汉字几乎能匹配所有案件）。',
      });
  }
  if (issues.length) throw new ValidationError(issues);
}

/** The counties whose partitions a staff member's jurisdiction covers. */
async function countiesOf(deps: SearchDeps, staff: StaffPrincipal): Promise<string[]> {
  const j = staff.jurisdiction;
  if (isCountyOrBelow(j)) return [countyOf(j)];
  const children = await deps.directory.children(j);
  return [...children.map((c) => c.code), j];
}

/**
 * Searches the cases of the staff member's jurisdiction. A whole case number answers that case if
 * they may read it (otherwise the same "not found" as an unknown number); words look up the
 * postings; without words the archive is listed. Newest first; `cursor` continues a list.
 */
export async function searchCases(
  deps: SearchDeps,
  staff: StaffPrincipal,
  query: SearchQuery,
): Promise<SearchResult> {
  if (!SEARCHERS.has(staff.role)) throw new ForbiddenError('role cannot search cases');
  checkSearchQuery(query);
  const q = query.q?.trim() ?? '';
  const caseNumber = q ? normalizeCaseNumber(q) : null;
  if (caseNumber) {
    await readableCase(deps, staff, caseNumber); // NotFoundError, whether unknown or elsewhere
    return { kind: 'case', caseNumber };
  }
  const counties = await countiesOf(deps, staff);
  const township =
    levelOfCode(staff.jurisdiction) === 'township'
      ? staff.jurisdiction
      : query.township?.startsWith(staff.jurisdiction)
        ? query.township
        : undefined;
  const end = query.to ? startOfShanghaiDay(nextDay(query.to)) : undefined;
  const range = {
    ...(query.from ? { from: startOfShanghaiDay(query.from) } : {}),
    ...(query.cursor ? { before: decodeCursor(query.cursor) } : end ? { before: end } : {}),
  };
  const parsed = q ? parseQuery(q) : null;
  const page =
    parsed?.ok === true
      ? await deps.search.wordPage({ counties, tokens: parsed.tokens, range, limit: query.limit })
      : await deps.search.archivePage({
          counties,
          filter: { status: query.status, category: query.category, townshipCode: township },
          range,
          limit: query.limit,
        });
  const words = parsed?.ok === true ? parsed.words : [];
  const records = await deps.search.casesByNumber(page.sks.map(caseNumberOf));
  // The case itself decides: jurisdiction first, then the filters and words on its current state.
  const cases = records.filter(
    (c) =>
      withinJurisdiction(staff, caseJurisdiction(c, deps.regionCode)) &&
      (!query.status || c.status === query.status) &&
      (!query.category || c.category === query.category) &&
      (!township || c.townshipCode === township) &&
      (!words.length || textMatches(c, words)),
  );
  return { kind: 'list', cases, words, ...(page.next ? { cursor: encodeCursor(page.next) } : {}) };
}

/** Whether the queue's status filter asks for a state the open-case queue does not hold. */
export const isArchiveStatus = (status: string | undefined) =>
  Boolean(status && STATUSES.includes(status as never) && !isOpen({ status: status as never }));
