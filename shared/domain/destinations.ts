/**
 * Where a staff member may send a case, and which earlier case a report may be joined to — decided
 * here and only here, from facts the caller looked up (the division directory, the named case).
 * A destination that does not exist, or that lies where the actor may not send work, would leave
 * the case in no one's queue: it is refused, naming the request field, and nothing changes.
 *
 * | actor                         | may send a case to                                              |
 * |-------------------------------|-----------------------------------------------------------------|
 * | township officer              | another township of their own county (transfer); or back to the |
 * |                               | city's triage (transfer `toTriage`) when the place lies elsewhere |
 * | county supervisor (county)    | a township of their county (assign_township, transfer); or back |
 * |                               | to the city's triage when the place lies in another county       |
 * | county supervisor (city)      | a township of the city; or the city's triage                     |
 * | operator                      | a township within their jurisdiction (assign_township)           |
 * | the place matcher (system)    | a township of the city, from triage (assign_township)            |
 *
 * Every township must be in the directory as a township (9 digits) of the deployment's city.
 * A duplicate's first case must exist, lie within the actor's jurisdiction, and be neither the case
 * itself nor itself closed as a duplicate (its first case is the one to name).
 *
 * Pure: no I/O, no clock.
 */
import { countyOf, levelOfCode, within } from './division-code.ts';

/** A division as the directory knows it (only `code` and `level` matter here). */
export interface KnownPlace {
  code: string;
  level: 'province' | 'city' | 'county' | 'township' | 'village';
}

/** What the caller looked up for a decision: the places and cases the request names. */
export interface DecisionLookups {
  /** Directory entries of the codes the request names; a code absent here does not exist. */
  places: ReadonlyMap<string, KnownPlace>;
  /** Cases the request names (a duplicate's first case), as their place and duplicate link. */
  cases: ReadonlyMap<string, NamedCase>;
}

export interface NamedCase {
  caseNumber: string;
  /** The named case's place: township, else county, else region code. */
  place: string;
  duplicateOf?: string;
}

export const NO_LOOKUPS: DecisionLookups = { places: new Map(), cases: new Map() };

/** The staff member asking: role and jurisdiction code (9, 6 or 4 digits). */
export interface RoutingActor {
  role: string;
  jurisdiction: string;
}

/** A refusal of a named destination: the request field at fault and what to tell the person. */
export interface DestinationRefusal {
  /** `unknown`: the named thing does not exist; `outside`: it exists where the actor may not send. */
  kind: 'unknown' | 'outside';
  field: string;
  en: string;
  zh: string;
}

/** The codes a request names, so the caller can look them all up before deciding. */
/** A county's or a city's code (a jurisdiction over whole counties). */
const coversCounties = (j: string) => levelOfCode(j) === 'county' || levelOfCode(j) === 'city';

export function namedCodes(request: unknown): { places: string[]; cases: string[] } {
  if (!request || typeof request !== 'object') return { places: [], cases: [] };
  const r = request as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v.length <= 64 ? [v] : []);
  switch (r.action) {
    case 'assign_township':
      return { places: str(r.townshipCode), cases: [] };
    case 'transfer':
      return { places: str(r.toTownshipCode), cases: [] };
    case 'mark_duplicate':
      return { places: [], cases: str(r.ofCaseNumber) };
    default:
      return { places: [], cases: [] };
  }
}

/**
 * May `actor` send a case to township `code`? `place` is the directory's entry for it (undefined:
 * not in the directory). `regionCode` is the deployment's city. Returns null when allowed.
 */
export function townshipRefusal(
  actor: RoutingActor,
  code: string,
  place: KnownPlace | undefined,
  regionCode: string | undefined,
  field: string,
): DestinationRefusal | null {
  if (place?.level !== 'township' || place.code !== code || (regionCode && !within(code, regionCode)))
    return {
      kind: 'unknown',
      field,
      en: `${field}: no such township in this city's directory`,
      zh: '所选乡镇（街道）不存在或不属于本市，请从列表中选择。',
    };
  const j = actor.jurisdiction;
  const county = countyOf(j);
  switch (actor.role) {
    case 'township_officer':
      if (levelOfCode(j) === 'township' && within(code, county)) return null;
      return {
        kind: 'outside',
        field,
        en: `${field}: a township officer transfers only within their own county; send it back to the city's triage instead`,
        zh: '乡镇只能移交本县（市、区）内的乡镇；事发地在外县的，请退回市级分拣。',
      };
    case 'county_supervisor':
      if (coversCounties(j) && within(code, j)) return null;
      return {
        kind: 'outside',
        field,
        en: `${field}: that township lies outside your county; send it back to the city's triage instead`,
        zh: '该乡镇不在您管辖的县（市、区）内；事发地在外县的，请退回市级分拣。',
      };
    case 'operator':
    // The place matcher routes within the deployment's city.
    case 'system':
      if (coversCounties(j) && within(code, j)) return null;
      return {
        kind: 'outside',
        field,
        en: `${field}: that township lies outside your jurisdiction`,
        zh: '该乡镇不在您的管辖范围内。',
      };
    default:
      return {
        kind: 'outside',
        field,
        en: `${field}: your role does not route cases`,
        zh: '您的角色不能分派案件。',
      };
  }
}

/** Roles that may send a case back to the city's triage queue. */
const TRIAGE_SENDERS = new Set(['township_officer', 'county_supervisor']);

/** May `actor` send a case back to the city's triage? Null when allowed. */
export function triageRefusal(actor: RoutingActor, field: string): DestinationRefusal | null {
  return TRIAGE_SENDERS.has(actor.role)
    ? null
    : {
        kind: 'outside',
        field,
        en: `${field}: your role cannot send cases to triage`,
        zh: '您的角色不能将案件退回分拣。',
      };
}

/**
 * May case `caseNumber` be closed as a duplicate of `first`? `first` is the looked-up named case
 * (undefined: no such case). Null when allowed.
 */
export function duplicateRefusal(
  actor: RoutingActor,
  caseNumber: string,
  ofCaseNumber: string,
  first: NamedCase | undefined,
  field: string,
): DestinationRefusal | null {
  if (ofCaseNumber === caseNumber)
    return {
      kind: 'unknown',
      field,
      en: 'a case cannot be a duplicate of itself',
      zh: '不能把案件标记为它自己的重复件，请填写较早那件举报的案件编号。',
    };
  if (!first || !within(first.place, actor.jurisdiction))
    return {
      kind: 'unknown',
      field,
      en: `${field}: no such case in your jurisdiction`,
      zh: '在您的管辖范围内找不到这个案件编号，请核对后重新填写。',
    };
  if (first.duplicateOf === caseNumber)
    return {
      kind: 'unknown',
      field,
      en: `${field}: that case is already a duplicate of this one`,
      zh: '那件举报已被标记为本案的重复件，不能互相标记。',
    };
  if (first.duplicateOf)
    return {
      kind: 'unknown',
      field,
      en: `${field}: that case is itself a duplicate of ${first.duplicateOf}; name that one`,
      zh: `那件举报本身是案件 ${first.duplicateOf} 的重复件，请填写 ${first.duplicateOf}。`,
    };
  return null;
}
