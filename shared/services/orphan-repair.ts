/**
 * One-off repair: finds open cases that an earlier version let staff send to a township (or county)
 * that is not in the directory or not in this city — cases no queue shows and every staff member
 * gets "not found" for — and returns each to its county's triage (the county it came from), else
 * to the city's triage, with an audit event the reporter also sees. Safe to run again: a repaired
 * case is in triage with a known place and is skipped. Admin tool only: it Scans the cases table.
 */

import type { CalendarData } from '../domain/calendar.ts';
import type { CaseRecord } from '../domain/case.ts';
import { computeDue } from '../domain/case-deadlines.ts';
import { type DeadlinePolicy, resolvePolicy } from '../domain/deadline-policy.ts';
import { isOpen } from '../domain/lifecycle/facts.ts';
import { shanghaiDate } from '../domain/shanghai-time.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ChangeDecision } from '../repositories/case-change.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { CaseScanRepository } from '../repositories/case-scan-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';

export interface OrphanRepairDeps {
  cases: CaseRepository;
  scan: CaseScanRepository;
  directory: DirectoryRepository;
  now: () => Date;
  regionCode: string;
  calendar: CalendarData;
  policies: DeadlinePolicy[];
}

export interface OrphanReport {
  caseNumber: string;
  /** The code no one can reach the case under. */
  unreachableCode: string;
  /** Where it went: a county's triage (6 digits) or the city's (4). */
  returnedTo: string;
  repaired: boolean;
}

/** What the reporter reads on the follow-up page (and by SMS) about the repair. */
export const RETURNED_TO_TRIAGE_TEXT = '您的举报已退回分拣，将重新交由事发地所在的乡镇（街道）办理。';

export async function repairOrphanedCases(
  deps: OrphanRepairDeps,
  opts: { dryRun?: boolean } = {},
): Promise<OrphanReport[]> {
  const reports: OrphanReport[] = [];
  for await (const caseNumber of deps.scan.allCaseNumbers()) {
    const stored = await deps.cases.get(caseNumber);
    if (!stored || !isOpen(stored.record)) continue;
    const bad = await unreachableCode(deps, stored.record);
    if (!bad) continue;
    const returnedTo = await homeCounty(deps, stored.record);
    const report = { caseNumber, unreachableCode: bad, returnedTo, repaired: false };
    if (!opts.dryRun) report.repaired = await returnToTriage(deps, stored.record, returnedTo, bad);
    reports.push(report);
  }
  return reports;
}

const inRegion = (code: string, regionCode: string) => code.startsWith(regionCode);

/** The case's township or county when the directory does not know it in this city; null if fine. */
async function unreachableCode(deps: OrphanRepairDeps, record: CaseRecord): Promise<string | null> {
  const township = record.townshipCode ?? record.location.townshipCode;
  if (township) {
    const place = inRegion(township, deps.regionCode) ? await deps.directory.get(township) : null;
    if (place?.level !== 'township') return township;
  }
  const county = record.location.countyCode;
  if (county && county !== deps.regionCode) {
    const place = inRegion(county, deps.regionCode) ? await deps.directory.get(county) : null;
    if (place?.level !== 'county') return county;
  }
  return null;
}

/** The county the case came from (its last known good township's), else the city. */
async function homeCounty(deps: OrphanRepairDeps, record: CaseRecord): Promise<string> {
  const candidates = [
    ...(record.transfers ?? []).map((t) => t.fromTownshipCode).reverse(),
    record.location.countyCode,
  ].filter((c): c is string => typeof c === 'string' && inRegion(c, deps.regionCode));
  for (const code of candidates) {
    const county = code.slice(0, 6);
    if ((await deps.directory.get(county))?.level === 'county') return county;
  }
  return deps.regionCode;
}

/**
 * Returns the case to a triage queue: a system move outside the lifecycle's own transfers, because
 * it keeps the county the case came from (a staff transfer to triage drops it) and names the
 * unreachable code. Written through change() like every other change.
 */
async function returnToTriage(
  deps: OrphanRepairDeps,
  start: CaseRecord,
  county: string,
  bad: string,
): Promise<boolean> {
  try {
    const { result } = await deps.cases.change(
      start.caseNumber,
      ({ record, now }): ChangeDecision<boolean> => {
        // Someone closed or moved it meanwhile: nothing left to repair.
        if (!isOpen(record)) return { ok: true, events: [], result: false };
        const location = {
          ...(county === deps.regionCode ? {} : { countyCode: county }),
          ...(record.location.address ? { address: record.location.address } : {}),
        };
        const policy = resolvePolicy(deps.policies, county, shanghaiDate(now));
        const due = computeDue(
          deps.calendar,
          policy,
          record.imminentDanger ? 'triageImminent' : 'triage',
          now,
        );
        return {
          ok: true,
          events: [
            {
              type: 'transition',
              action: 'transfer',
              actor: { kind: 'system' },
              reporterVisible: true,
              status: 'triage',
              text: RETURNED_TO_TRIAGE_TEXT,
              detail: { toTriage: true, repairedFrom: bad },
            },
          ],
          next: { ...record, status: 'triage', location, due, townshipCode: undefined },
          bumpVersion: true,
          result: true,
        };
      },
      { now: deps.now, regionCode: deps.regionCode, attempts: 5 },
    );
    return result;
  } catch (err) {
    if (err instanceof ConflictError || err instanceof NotFoundError) return false;
    throw err;
  }
}
