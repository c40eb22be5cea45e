/**
 * Finds the township an SMS report is about, so it reaches the right township without a person
 * reading it first. Pure: build the index once per directory load (`buildPlaceIndex`), then call
 * `locate` per message. How a place may be written is in place-aliases.ts, how the names are found
 * in a text is in place-index.ts; this module weighs what was found.
 *
 * Counties (and cities) named narrow everything else; townships named narrow the villages; a
 * single consistent township routes, several are ambiguous, nothing is none. It never guesses.
 */
import type { Place, PlaceLevel } from './place.ts';
import { type PlaceIndex, spansAt } from './place-index.ts';
import { normalize } from './place-text.ts';

export { buildPlaceIndex, type PlaceIndex } from './place-index.ts';

export interface PlaceRef {
  code: string;
  name: string;
}

export interface PlaceMatch {
  /** The words as written in the text (including any suffix). */
  text: string;
  code: string;
  level: string;
}

export interface PlaceCandidate {
  /** The matched village (or township) itself. */
  code: string;
  name: string;
  township: PlaceRef;
  county: PlaceRef;
}

export type LocateReason = 'unique' | 'ambiguous' | 'none';

export interface LocateResult {
  /** Set only when exactly one township is consistent with the text. */
  township: PlaceRef | null;
  /** The county of that township, else the one county all the evidence agrees on, else null. */
  county: PlaceRef | null;
  /** Every place each matched span could mean, in text order (raw evidence, before narrowing). */
  matched: PlaceMatch[];
  /** The villages/townships consistent with the whole text after narrowing. */
  candidates: PlaceCandidate[];
  /** unique: township set. ambiguous: several (or conflicting) townships. none: no township evidence. */
  reason: LocateReason;
}

const REGION_LEVELS: ReadonlySet<string> = new Set(['province', 'city', 'county']);

function ref(place: Place): PlaceRef {
  return { code: place.code, name: place.name };
}

function ancestor(index: PlaceIndex, place: Place, level: PlaceLevel): Place | null {
  let current: Place | undefined = place;
  for (let guard = 0; current && guard < 6; guard++) {
    if (current.level === level) return current;
    current = index.byCode.get(current.parentCode);
  }
  return null;
}

function within(place: Place, regions: readonly string[]): boolean {
  return regions.length === 0 || regions.some((r) => place.code.startsWith(r));
}

export function locate(index: PlaceIndex, text: string): LocateResult {
  const norm = normalize(text);
  const spans = spansAt(index, norm.chars);

  const matched: PlaceMatch[] = [];
  const regionCodes = new Set<string>();
  const townshipSpans: Place[][] = [];
  const villageSpans: Place[][] = [];

  for (const span of spans) {
    const spanText = text.slice(norm.starts[span.start], norm.ends[span.start + span.length - 1]);
    const regions = span.places.filter((p) => REGION_LEVELS.has(p.level));
    // A county's (or city's) name beats a village that happens to share it (建安区 vs 建安社区).
    const places = regions.length > 0 ? regions : span.places;
    for (const p of places) matched.push({ text: spanText, code: p.code, level: p.level });
    if (regions.length > 0) {
      for (const p of regions) regionCodes.add(p.code);
      continue;
    }
    const named = new Set(places.filter((p) => p.level === 'township').map((p) => p.code));
    const impliedOutside = places.some(
      (p) => p.level === 'village' && !named.has(index.byCode.get(p.parentCode)?.code ?? ''),
    );
    // 火龙 is 火龙镇 and its 火龙村: still one township. 古城 is 古城镇 or four 古城村: village-like.
    if (named.size > 0 && !impliedOutside) townshipSpans.push(places.filter((p) => p.level === 'township'));
    else villageSpans.push(places);
  }

  // Keep only the most specific regions named (许昌市建安区 → 建安区).
  const regions = [...regionCodes].filter((r) => ![...regionCodes].some((o) => o !== r && o.startsWith(r)));

  const townshipOf = (p: Place): Place | null =>
    p.level === 'township' ? p : ancestor(index, p, 'township');
  const candidate = (p: Place): PlaceCandidate | null => {
    const township = townshipOf(p);
    const county = township && ancestor(index, township, 'county');
    return township && county
      ? { code: p.code, name: p.name, township: ref(township), county: ref(county) }
      : null;
  };

  // Townships named directly, within any county named. One outside every county named is a conflict.
  let conflict = false;
  const namedTownships = new Map<string, Place>();
  for (const options of townshipSpans) {
    const inside = options.filter((t) => within(t, regions));
    if (inside.length === 0) conflict = true;
    for (const t of inside) namedTownships.set(t.code, t);
  }

  // Villages (and village-like spans) within the counties and townships named.
  const consistent = new Map<string, Place>();
  for (const options of villageSpans) {
    for (const p of options) {
      const township = townshipOf(p);
      if (!township || !within(township, regions)) continue;
      if (namedTownships.size > 0 && !namedTownships.has(township.code)) continue;
      consistent.set(p.code, p);
    }
  }

  // Villages pin down which of the townships named is meant; else the townships named stand alone.
  let evidence: Place[];
  if (conflict) evidence = townshipSpans.flat();
  else if (consistent.size > 0) evidence = [...consistent.values()];
  else evidence = [...namedTownships.values()];

  const candidates: PlaceCandidate[] = [];
  const seen = new Set<string>();
  for (const p of evidence) {
    const c = candidate(p);
    if (c && !seen.has(c.code)) {
      seen.add(c.code);
      candidates.push(c);
    }
  }

  const townships = new Map(candidates.map((c) => [c.township.code, c.township]));
  const counties = new Map(candidates.map((c) => [c.county.code, c.county]));
  const countyRegions = regions.map((r) => index.byCode.get(r)).filter((p) => p?.level === 'county');

  let county: PlaceRef | null = null;
  if (counties.size === 1) county = [...counties.values()][0] ?? null;
  else if (counties.size === 0 && countyRegions.length === 1 && countyRegions[0])
    county = ref(countyRegions[0]);
  // The text names a county and a township outside it: which one is wrong is not ours to guess.
  if (conflict) county = null;

  if (!conflict && townships.size === 1) {
    return { township: [...townships.values()][0] ?? null, county, matched, candidates, reason: 'unique' };
  }
  return {
    township: null,
    county,
    matched,
    candidates,
    reason: candidates.length > 0 ? 'ambiguous' : 'none',
  };
}
