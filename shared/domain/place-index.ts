/**
 * The place index: every way of writing every place (place-aliases.ts) in a trie keyed by
 * character, built once per directory load, and the scan that finds the names in a folded text.
 * At each text position the longest name wins, and longer spans are taken before shorter ones, so
 * 后陈庄 never also counts as 陈庄. Apart from the matching because it only finds names; what they
 * mean together is decided in place-matcher.ts.
 */
import type { Place } from './place.ts';
import { aliasesOf } from './place-aliases.ts';
import { codePoints } from './place-text.ts';

interface Entry {
  place: Place;
  /** Code points of the core name. */
  coreLength: number;
  /** The core may be written without a suffix. */
  bare: boolean;
  /** Accepted suffixes as code-point arrays, longest first. */
  suffixes: readonly (readonly string[])[];
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entries: Entry[];
}

export interface PlaceIndex {
  readonly byCode: ReadonlyMap<string, Place>;
  readonly root: TrieNode;
  /** Number of (core name, place) pairs indexed. */
  readonly names: number;
}

/** Indexes the directory; call once per directory load, then `locate` per message. */
export function buildPlaceIndex(places: readonly Place[]): PlaceIndex {
  const byCode = new Map<string, Place>();
  for (const place of places) byCode.set(place.code, place);
  const root: TrieNode = { next: new Map(), entries: [] };
  let names = 0;
  for (const place of byCode.values()) {
    const seen = new Set<string>();
    for (const alias of aliasesOf(place, byCode)) {
      if (seen.has(alias.core)) continue;
      seen.add(alias.core);
      let node = root;
      const cps = codePoints(alias.core);
      for (const ch of cps) {
        let child = node.next.get(ch);
        if (!child) {
          child = { next: new Map(), entries: [] };
          node.next.set(ch, child);
        }
        node = child;
      }
      node.entries.push({ place, coreLength: cps.length, bare: alias.bare, suffixes: alias.suffixes });
      names++;
    }
  }
  return { byCode, root, names };
}

export interface Span {
  start: number;
  length: number;
  places: Place[];
}

/** 张庄路, 神垕街 are streets named after the place, found anywhere. */
function streetAfter(chars: readonly string[], at: number): boolean {
  const next = chars[at];
  return next === '路' || next === '街' || next === '巷' || (next === '大' && chars[at + 1] === '道');
}

function suffixLength(chars: readonly string[], at: number, suffixes: Entry['suffixes']): number {
  for (const suffix of suffixes) {
    let ok = suffix.length > 0;
    for (let k = 0; k < suffix.length && ok; k++) ok = chars[at + k] === suffix[k];
    if (ok) return suffix.length;
  }
  return 0;
}

/** The longest name starting at each position; its places are all that fit exactly that span. */
export function spansAt(index: PlaceIndex, chars: readonly string[]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < chars.length; i++) {
    const found: { entry: Entry; length: number; real: boolean }[] = [];
    let best = 0;
    let node: TrieNode | undefined = index.root;
    for (let j = i; j < chars.length; j++) {
      node = node.next.get(chars[j]!);
      if (!node) break;
      for (const entry of node.entries) {
        const suffix = suffixLength(chars, j + 1, entry.suffixes);
        const length = entry.coreLength + suffix;
        const real = suffix > 0 || (entry.bare && !streetAfter(chars, j + 1));
        found.push({ entry, length, real });
        if (real && length > best) best = length;
      }
    }
    if (best === 0) continue;
    const places: Place[] = [];
    for (const f of found)
      if (f.length === best && !places.includes(f.entry.place)) places.push(f.entry.place);
    spans.push({ start: i, length: best, places });
  }
  // Longer names first; a shorter one only where no longer name already covers it.
  spans.sort((a, b) => b.length - a.length || a.start - b.start);
  const taken: boolean[] = new Array(chars.length).fill(false);
  const kept: Span[] = [];
  for (const span of spans) {
    let free = true;
    for (let k = span.start; k < span.start + span.length && free; k++) free = !taken[k];
    if (!free) continue;
    for (let k = span.start; k < span.start + span.length; k++) taken[k] = true;
    kept.push(span);
  }
  return kept.sort((a, b) => a.start - b.start);
}
