/**
 * Routing by free text: an unrouted case (an address without a township, later an SMS) goes
 * through the place matcher; a unique township routes it and starts the acceptance clock, anything
 * else leaves it in the county triage queue with the candidates noted for the operator. Never a guess.
 */
import { queueKeys } from '../db/keys.ts';
import { chainEvent } from '../domain/audit-chain.ts';
import type { CalendarData } from '../domain/calendar.ts';
import { computeDue } from '../domain/case-deadlines.ts';
import { type DeadlinePolicy, resolvePolicy } from '../domain/deadline-policy.ts';
import type { Place } from '../domain/place.ts';
import { buildPlaceIndex, type LocateResult, locate, type PlaceIndex } from '../domain/place-matcher.ts';
import { shanghaiDate } from '../domain/shanghai-time.ts';
import { ConflictError } from '../errors.ts';
import { type CaseRepository, DuplicateRequestError } from '../repositories/case-repository.ts';
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

/**
 * Routes a case in triage by its text. Safe to call more than once (at-least-once delivery):
 * one routing per `dedupeKey` (a later answer, e.g. the SMS reporter naming the township, passes
 * its own key so it can still route a case the first attempt left in triage).
 */
export async function routeByText(
  deps: RoutingDeps,
  caseNumber: string,
  text?: string,
  dedupeKey = `route:${caseNumber}`,
): Promise<RoutingOutcome> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const stored = await deps.cases.get(caseNumber);
    if (stored?.record.status !== 'triage') return { outcome: 'skipped' };
    const record = stored.record;
    const index = await placeIndexOf(deps.directory, deps.regionCode);
    const county = record.location.countyCode ? index.byCode.get(record.location.countyCode) : undefined;
    const subject = text ?? record.location.address ?? '';
    if (!subject.trim()) return { outcome: 'unresolved' };
    const result: LocateResult = locate(index, `${county?.name ?? ''} ${subject}`);
    const now = deps.now();
    const at = now.toISOString();
    try {
      if (result.reason === 'unique' && result.township) {
        const townshipCode = result.township.code;
        const location = { ...record.location, townshipCode, countyCode: townshipCode.slice(0, 6) };
        const policy = resolvePolicy(deps.policies, townshipCode, shanghaiDate(now));
        const due = computeDue(
          deps.calendar,
          policy,
          record.imminentDanger ? 'acceptanceImminent' : 'acceptance',
          now,
        );
        const event = chainEvent(
          {
            seq: record.lastEventSeq + 1,
            type: 'routed',
            at,
            actor: { kind: 'system' },
            reporterVisible: true,
            status: 'assigned',
            text: `${result.township.name} (${result.matched.map((m) => m.text).join('、')})`,
            // Staff-only: where it went, so figures can follow a case from triage to its township.
            detail: { townshipCode },
          },
          record.lastEventHash,
        );
        await deps.cases.appendEvent(caseNumber, event, {
          now: at,
          expectedVersion: record.version,
          dedupeKey,
          set: {
            status: 'assigned',
            townshipCode,
            location,
            due,
            ...queueKeys({ ...location, regionCode: deps.regionCode }, due.dueAt, caseNumber),
          },
        });
        return { outcome: 'routed', townshipCode };
      }
      const note =
        result.reason === 'ambiguous'
          ? `地名匹配到多个可能的地点：${result.candidates
              .slice(0, 12)
              .map((c) => `${c.county.name}${c.township.name}${c.name === c.township.name ? '' : c.name}`)
              .join('、')}`
          : '地址中没有找到能确定乡镇的地名';
      const event = chainEvent(
        {
          seq: record.lastEventSeq + 1,
          type: 'triaged',
          at,
          actor: { kind: 'system' },
          reporterVisible: false,
          text: note,
        },
        record.lastEventHash,
      );
      await deps.cases.appendEvent(caseNumber, event, {
        now: at,
        dedupeKey,
      });
      return { outcome: 'unresolved' };
    } catch (err) {
      if (err instanceof DuplicateRequestError) return { outcome: 'skipped' };
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  throw new ConflictError(`could not route ${caseNumber}: case kept changing`);
}
