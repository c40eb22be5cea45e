/**
 * Which staff member may read which case, and the staff event appended to a case's chain: the small
 * part of staff case work that evidence, rewards, reveals and search share. Kept apart from
 * staff-cases.ts so a function that only needs these (the JSON API and the citizen pages reach them
 * through evidence and rewards) does not carry the case lifecycle machine with them.
 */
import type { StaffPrincipal } from '../auth/staff.ts';
import { withinJurisdiction } from '../auth/staff.ts';
import type { CaseRecord } from '../domain/case.ts';
import { NotFoundError } from '../errors.ts';
import type { CaseEventDraft } from '../repositories/case-change.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';

export interface StaffDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  now: () => Date;
  regionCode: string;
}

/** Roles that read case content. The identity custodian decides reveal requests without it. */
export const CASE_READERS = new Set([
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'auditor',
]);

/** The code that decides who may see a case: its township, else its county, else the region. */
export const caseJurisdiction = (c: CaseRecord, regionCode: string) =>
  c.townshipCode ?? c.location.countyCode ?? regionCode;

/** Whether this staff member may read the case: a role that reads cases, within its jurisdiction. */
export const canReadCase = (staff: StaffPrincipal, c: CaseRecord, regionCode: string) =>
  CASE_READERS.has(staff.role) && withinJurisdiction(staff, caseJurisdiction(c, regionCode));

/** The case if this staff member may read it; NotFoundError otherwise (existence not revealed). */
export async function readableCase(
  deps: StaffDeps,
  staff: StaffPrincipal,
  caseNumber: string,
): Promise<CaseRecord> {
  const stored = await deps.cases.get(caseNumber);
  if (!stored || !canReadCase(staff, stored.record, deps.regionCode))
    throw new NotFoundError('case not found');
  return stored.record;
}

/** Appends a staff event (a view, a message, a note, an export) to the case's chain. */
export async function appendStaffEvent(
  deps: StaffDeps,
  start: CaseRecord,
  build: (record: CaseRecord) => CaseEventDraft,
  dedupeKey?: string,
): Promise<CaseRecord> {
  const { record } = await deps.cases.change(
    start.caseNumber,
    ({ record }) => ({ ok: true, events: [build(record)], result: undefined }),
    { now: deps.now, ...(dedupeKey ? { dedupeKey } : {}) },
  );
  return record;
}
