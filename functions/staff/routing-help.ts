/**
 * Help for routing a case by hand: the townships the place matcher finds in the case's address
 * (offered as one-click choices), and the county → township lists a staff member may route to.
 */
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { countyOf, levelOfCode } from '#shared/domain/division-code.ts';
import type { Place } from '#shared/domain/place.ts';
import { locate } from '#shared/domain/place-matcher.ts';
import type { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { placeIndexOf } from '#shared/services/routing.ts';

export interface TownshipChoice {
  code: string;
  name: string;
  countyName: string;
}

/** At most this many candidates are offered: more means the address says too little. */
const MAX_CANDIDATES = 6;

/** The townships the matcher finds in the case's address (or, without one, its report text). */
export async function candidateTownships(
  deps: { directory: DirectoryRepository; regionCode: string },
  record: Pick<CaseRecord, 'location' | 'description'>,
): Promise<TownshipChoice[]> {
  const index = await placeIndexOf(deps.directory, deps.regionCode);
  const county = record.location.countyCode ? index.byCode.get(record.location.countyCode) : undefined;
  const subject = record.location.address?.trim() || record.description;
  const result = locate(index, `${county?.name ?? ''} ${subject}`);
  const seen = new Map<string, TownshipChoice>();
  const all = result.township
    ? [{ township: result.township, county: result.county ?? { code: '', name: '' } }]
    : result.candidates;
  for (const c of all) {
    if (seen.has(c.township.code)) continue;
    if (county && !c.township.code.startsWith(county.code)) continue;
    seen.set(c.township.code, { code: c.township.code, name: c.township.name, countyName: c.county.name });
  }
  return [...seen.values()].slice(0, MAX_CANDIDATES);
}

export interface RoutingPlaces {
  counties: Place[];
  townships: Map<string, Place[]>;
}

/**
 * The counties (and their townships) a staff member can route a case to: every county of a city
 * for city-wide staff, their own county for county staff, the case's county for a township officer.
 */
export async function routingPlaces(
  deps: { directory: DirectoryRepository; regionCode: string },
  staff: StaffPrincipal,
  caseCounty: string | undefined,
): Promise<RoutingPlaces> {
  const j = staff.jurisdiction;
  let counties: Place[];
  if (levelOfCode(j) === 'city') counties = await deps.directory.children(j);
  else {
    const code = levelOfCode(j) === 'county' ? j : (caseCounty ?? countyOf(j));
    const county = await deps.directory.get(code);
    counties = county ? [county] : [];
  }
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);
  counties = [...counties].sort(byCode);
  const lists = await Promise.all(counties.map((c) => deps.directory.children(c.code)));
  return {
    counties,
    townships: new Map(counties.map((c, i) => [c.code, [...(lists[i] ?? [])].sort(byCode)])),
  };
}
