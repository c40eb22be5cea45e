/**
 * Routing by free text: an unrouted case (an address without a township, later an SMS) goes
 * through the place matcher; a unique township routes it and starts the acceptance clock, anything
 * else leaves it in the county triage queue with the candidates noted for the operator. Never a guess.
 */
import type { CalendarData } from '../domain/calendar.ts';
import { ROUTER } from '../domain/case.ts';
import type { DeadlinePolicy } from '../domain/deadline-policy.ts';
import { type SystemActor, transition } from '../domain/lifecycle/index.ts';
import type { Place } from '../domain/place.ts';
import { buildPlaceIndex, type LocateResult, locate, type PlaceIndex } from '../domain/place-matcher.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { ChangeDecision } from '../repositories/case-change.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { DirectoryRepository } from '../repositories/directory-repository.ts';

export interface RoutingDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  calendar: CalendarData;
  policies: DeadlinePolicy[];
  now: () => Date;
  regionCode: string;
}

const indexes = new WeakMap<DirectoryRepository, Map<string, Promise<PlaceIndex>>>();

/** The matcher index of a region, loaded once from the directory (about 115 queries for a city). */
export function placeIndexOf(directory: DirectoryRepository, regionCode: string): Promise<PlaceIndex> {
  let byRegion = indexes.get(directory);
  if (!byRegion) {
    byRegion = new Map();
    indexes.set(directory, byRegion);
  }
  let index = byRegion.get(regionCode);
  if (!index) {
    index = (async () => {
      const region = await directory.get(regionCode);
      const places: Place[] = region ? [region] : [];
      let level = [regionCode];
      while (level.length) {
        const children = (await Promise.all(level.map((code) => directory.children(code)))).flat();
        places.push(...children);
        level = children.filter((p) => p.level !== 'village').map((p) => p.code);
      }
      return buildPlaceIndex(places);
    })();
    index.catch(() => byRegion?.delete(regionCode));
    byRegion.set(regionCode, index);
  }
  return index;
}

export type RoutingOutcome =
  | { outcome: 'routed'; townshipCode: string }
  | { outcome: 'unresolved' | 'skipped' };

/** The place matcher, as the lifecycle knows it: the system acting for the whole city. */
const matcher = (regionCode: string): SystemActor => ({
  kind: 'system',
  id: ROUTER,
  jurisdiction: regionCode,
});

/** What the operator reads in triage when the matcher could not decide. */
function triageNote(result: LocateResult): string {
  return result.reason === 'ambiguous'
    ? `地名匹配到多个可能的地点：${result.candidates
        .slice(0, 12)
        .map((c) => `${c.county.name}${c.township.name}${c.name === c.township.name ? '' : c.name}`)
        .join('、')}`
    : '地址中没有找到能确定乡镇的地名';
}

/**
 * Routes a case in triage by its text. Safe to call more than once (at-least-once delivery):
 * one routing per `dedupeKey` (a later answer, e.g. the SMS reporter naming the township, passes
 * its own key so it can still route a case the first attempt left in triage). A unique township
 * is assigned through the lifecycle like any other assignment, by the system actor; the acceptance
 * clock starts there.
 */
export async function routeByText(
  deps: RoutingDeps,
  caseNumber: string,
  text?: string,
  dedupeKey = `route:${caseNumber}`,
): Promise<RoutingOutcome> {
  const index = await placeIndexOf(deps.directory, deps.regionCode);
  try {
    const { result, duplicate } = await deps.cases.change(
      caseNumber,
      ({ record, now }): ChangeDecision<RoutingOutcome> => {
        const skipped = { ok: true as const, events: [], result: { outcome: 'skipped' as const } };
        if (record.status !== 'triage') return skipped;
        const county = record.location.countyCode ? index.byCode.get(record.location.countyCode) : undefined;
        const subject = text ?? record.location.address ?? '';
        if (!subject.trim()) return { ok: true, events: [], result: { outcome: 'unresolved' } };
        const found = locate(index, `${county?.name ?? ''} ${subject}`);
        if (found.reason === 'unique' && found.township) {
          const townshipCode = found.township.code;
          const t = transition(
            record,
            {
              action: 'assign_township',
              townshipCode,
              note: `${found.township.name} (${found.matched.map((m) => m.text).join('、')})`,
            },
            matcher(deps.regionCode),
            now,
            {
              calendar: deps.calendar,
              policies: deps.policies,
              regionCode: deps.regionCode,
              lookups: {
                places: new Map([[townshipCode, { code: townshipCode, level: 'township' }]]),
                cases: new Map(),
              },
            },
          );
          // The lifecycle refuses only what the matcher must not do (e.g. a place outside the city).
          if (!t.ok) return { ok: true, events: [], result: { outcome: 'unresolved' } };
          return {
            ok: true,
            events: [t.event],
            next: t.next,
            bumpVersion: true,
            result: { outcome: 'routed', townshipCode },
          };
        }
        return {
          ok: true,
          events: [
            { type: 'triaged', actor: { kind: 'system' }, reporterVisible: false, text: triageNote(found) },
          ],
          result: { outcome: 'unresolved' },
        };
      },
      { now: deps.now, dedupeKey, regionCode: deps.regionCode, attempts: 5 },
    );
    return duplicate ? { outcome: 'skipped' } : result;
  } catch (err) {
    if (err instanceof NotFoundError) return { outcome: 'skipped' };
    if (err instanceof ConflictError)
      throw new ConflictError(`could not route ${caseNumber}: case kept changing`);
    throw err;
  }
}
