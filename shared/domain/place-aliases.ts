/**
 * How a place of the directory may be written in a report: its core name with the administrative
 * suffix stripped (张庄村委会 → 张庄, 神垕镇 → 神垕, 禹州市 → 禹州), the suffixes of its level that
 * may follow the core in a text (张庄 / 张庄村 / 张庄村委会 / 张庄社区), and whether the core alone
 * is distinctive enough to count. These are rules about Chinese place names, apart from the index
 * that stores them and the matching that weighs what was found.
 *
 * A core may appear without a suffix only if it is distinctive: never for one character, and for
 * urban subdistricts and villages/communities only when it looks like a place name rather than a
 * common word (平安, 光明, 广场, 解放路 need 社区/街道 after them). Rural towns (镇/乡) and counties
 * of two or more characters always may.
 */
import type { Place, PlaceLevel } from './place.ts';
import { codePoints } from './place-text.ts';

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

// --- Aliases of a place ---------------------------------------------------------------------------

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

export interface Alias {
  core: string;
  bare: boolean;
  suffixes: string[][];
}

function split(name: string, pattern: RegExp): { core: string; suffix: string } {
  const m = pattern.exec(name);
  if (!m || m.index === 0) return { core: name, suffix: '' };
  return { core: name.slice(0, m.index), suffix: m[0] };
}

export function aliasesOf(place: Place, byCode: ReadonlyMap<string, Place>): Alias[] {
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
