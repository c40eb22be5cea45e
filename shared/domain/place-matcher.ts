/**
 * Finds the township an SMS report is about by matching directory place names in its free text
 * (SPEC §3). Pure: build the index once per directory load, then call `locate` per message.
 *
 * Matching, in short:
 * - Every place gets a core name with its administrative suffix stripped (张庄村委会 → 张庄,
 *   神垕镇 → 神垕, 禹州市 → 禹州). The text may say the core alone or the core followed by any
 *   suffix of that level (张庄 / 张庄村 / 张庄村委会 / 张庄社区).
 * - A core may appear without a suffix only if it is distinctive: never for one character, and for
 *   urban subdistricts and villages/communities only when it looks like a place name rather than a
 *   common word (平安, 光明, 广场, 解放路 need 社区/街道 after them). Rural towns (镇/乡) and counties
 *   of two or more characters always may.
 * - At each text position the longest name wins, and longer spans are taken before shorter ones,
 *   so 后陈庄 never also counts as 陈庄.
 * - Counties (and cities) named narrow everything else; townships named narrow the villages; a
 *   single consistent township routes, several are ambiguous, nothing is none. It never guesses.
 */
import type { Place, PlaceLevel } from './place.ts';

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

// --- Suffixes -------------------------------------------------------------------------------------

const VILLAGE_OFFICIAL_SUFFIX =
  /(?:社区居民委员会|社区居委员会|社区居民委委会|社区居委会|社区委员会|村民委员会|居民委员会|村委会|居委会|委员会|社区|村)$/u;
const VILLAGE_TEXT_SUFFIXES = [
  '社区居民委员会',
  '社区居委会',
  '村民委员会',
  '居民委员会',
  '村委会',
  '居委会',
  '村委',
  '居委',
  '社区',
  '村',
];

const ETHNIC =
  '(?:回|满|蒙古|壮|苗|彝|土家|藏|维吾尔|瑶|白|哈尼|傣|侗|畲|朝鲜|锡伯|达斡尔|鄂温克|鄂伦春|布依|仡佬|水|土|羌|黎|傈僳|纳西|拉祜|佤)族';
const TOWNSHIP_OFFICIAL_SUFFIX = new RegExp(
  `(?:(?:${ETHNIC})+(?:乡|镇|苏木)|街道办事处|街道|办事处|镇|乡|苏木|区)$`,
  'u',
);
const TOWNSHIP_TEXT_SUFFIXES = ['街道办事处', '街道', '办事处', '镇', '乡'];

/** County-level units named after their function keep their whole name (no bare 许昌经济技术开发). */
const ZONE_NAME = /(?:开发区|新区|园区|示范区|集聚区|管理区|试验区|实验区|合作区|工业区)$/u;
const COUNTY_OFFICIAL_SUFFIX = /(?:自治县|自治旗|县|市|区|旗)$/u;
const COUNTY_TEXT_SUFFIXES = ['县', '市', '区'];

const CITY_OFFICIAL_SUFFIX = /(?:自治州|地区|盟|市)$/u;
const CITY_TEXT_SUFFIXES = ['市'];
const PROVINCE_OFFICIAL_SUFFIX = /(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市)$/u;
const PROVINCE_TEXT_SUFFIXES = ['省'];

// --- Which cores may be written bare --------------------------------------------------------------

/** Final characters of settlement names (张庄, 李寨, 王楼, 郭店 …). */
const SETTLEMENT = new Set([...'庄寨楼营集店屯湾岗沟桥堂窑庙寺垌冢门拐坊铺洼岭峪村垛圩']);
/** First characters that make a two-character name generic (新村, 后营, 大河, 本庄 …). */
const GENERIC_FIRST = new Set([...'东西南北中上下前后大小新老一二三四五六七八九十本该此这那某各每']);
/** Common surnames (less 万, 金, 石, which start words): 岗王, 坡张, 沟刘 are villages, not words. */
const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦付方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔向汤',
]);
/** Street and area names (解放路, 益民街, 产业集聚区) occur everywhere; they need their suffix. */
const STREETISH_LAST = new Set([...'路街巷道区']);

function distinctive(core: readonly string[]): boolean {
  const last = core[core.length - 1];
  if (core.length < 2 || last === undefined || STREETISH_LAST.has(last)) return false;
  if (core.length >= 3) return true;
  const first = core[0]!;
  // 后营, 新村, 大河 are words; 小李, 老梁 are what people call each other.
  if (GENERIC_FIRST.has(first)) return false;
  return SETTLEMENT.has(last) || SURNAMES.has(first) || SURNAMES.has(last);
}

// --- Normalisation --------------------------------------------------------------------------------

const IGNORED = /[\s\u200b-\u200d\u2060\ufeff]/u;
const BOUNDARY = /[\p{P}\p{S}\p{C}]/u;
/** Never a trie key: marks punctuation so that no name spans it. */
const BREAK = '\u0000';

interface NormalizedText {
  chars: string[];
  /** UTF-16 offsets in the original text where each char starts and ends. */
  starts: number[];
  ends: number[];
}

function normalize(text: string): NormalizedText {
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const original of text) {
    const start = offset;
    offset += original.length;
    // NFKC folds full-width letters, digits and punctuation (，：（） → ,:()).
    for (const ch of original.normalize('NFKC')) {
      if (IGNORED.test(ch)) continue;
      chars.push(BOUNDARY.test(ch) ? BREAK : ch);
      starts.push(start);
      ends.push(offset);
    }
  }
  return { chars, starts, ends };
}

function codePoints(s: string): string[] {
  return [...s.normalize('NFKC')];
}

// --- Index ----------------------------------------------------------------------------------------

function sortedSuffixes(list: Iterable<string>): string[][] {
  return [...new Set(list)].map(codePoints).sort((a, b) => b.length - a.length);
}

const SUFFIX_CACHE = new Map<string, string[][]>();
function suffixesFor(generic: readonly string[], official: string): string[][] {
  const key = `${generic.join('|')}#${official}`;
  let found = SUFFIX_CACHE.get(key);
  if (!found) {
    found = sortedSuffixes(official ? [...generic, official] : generic);
    SUFFIX_CACHE.set(key, found);
  }
  return found;
}

interface Alias {
  core: string;
  bare: boolean;
  suffixes: string[][];
}

function split(name: string, pattern: RegExp): { core: string; suffix: string } {
  const m = pattern.exec(name);
  if (!m || m.index === 0) return { core: name, suffix: '' };
  return { core: name.slice(0, m.index), suffix: m[0] };
}

function aliasesOf(place: Place, byCode: ReadonlyMap<string, Place>): Alias[] {
  const name = place.name.normalize('NFKC').replace(/\s+/gu, '');
  if (!name || name === '市辖区' || name === '县') return [];
  const out: Alias[] = [];
  const add = (core: string, suffixes: string[][], bareAllowed: boolean) => {
    const cps = codePoints(core);
    if (cps.length === 0) return;
    out.push({ core, bare: bareAllowed && cps.length >= 2, suffixes });
  };
  switch (place.level as PlaceLevel) {
    case 'village': {
      const { core, suffix } = split(name, VILLAGE_OFFICIAL_SUFFIX);
      const suffixes = suffixesFor(VILLAGE_TEXT_SUFFIXES, suffix);
      add(core, suffixes, distinctive(codePoints(core)));
      // 张庄村社区居民委员会 is also just 张庄.
      const cps = codePoints(core);
      if (cps.length >= 3 && cps[cps.length - 1] === '村') {
        const shorter = cps.slice(0, -1);
        add(shorter.join(''), suffixes, distinctive(shorter));
      }
      break;
    }
    case 'township': {
      const { core, suffix } = split(name, TOWNSHIP_OFFICIAL_SUFFIX);
      const rural = /(?:镇|乡|苏木)$/u.test(suffix);
      const cps = codePoints(core);
      // Rural town names are distinctive (神垕, 灵井) unless generic-looking (大马, 老城, 后河).
      const bareOk = rural
        ? cps.length >= 3 || (cps.length === 2 && !GENERIC_FIRST.has(cps[0]!))
        : distinctive(cps);
      add(core, suffixesFor(TOWNSHIP_TEXT_SUFFIXES, suffix), bareOk);
      break;
    }
    case 'county': {
      if (ZONE_NAME.test(name)) {
        const none = suffixesFor([], '');
        add(name, none, true);
        // 许昌经济技术开发区 → 经济技术开发区 → 经开区
        const city = byCode.get(place.parentCode);
        const cityCore = city ? split(city.name, CITY_OFFICIAL_SUFFIX).core : '';
        const rest = cityCore && name.startsWith(cityCore) ? name.slice(cityCore.length) : name;
        if (rest !== name && codePoints(rest).length >= 3) add(rest, none, true);
        if (rest.endsWith('经济技术开发区'))
          add(`${rest.slice(0, -'经济技术开发区'.length)}经开区`, none, true);
        break;
      }
      const { core, suffix } = split(name, COUNTY_OFFICIAL_SUFFIX);
      add(core, suffixesFor(COUNTY_TEXT_SUFFIXES, suffix), true);
      break;
    }
    case 'city': {
      const { core, suffix } = split(name, CITY_OFFICIAL_SUFFIX);
      add(core, suffixesFor(CITY_TEXT_SUFFIXES, suffix), true);
      break;
    }
    case 'province': {
      const { core, suffix } = split(name, PROVINCE_OFFICIAL_SUFFIX);
      add(core, suffixesFor(PROVINCE_TEXT_SUFFIXES, suffix), true);
      break;
    }
  }
  return out;
}

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

// --- Locate ---------------------------------------------------------------------------------------

interface Span {
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
function spansAt(index: PlaceIndex, chars: readonly string[]): Span[] {
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
