import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Place } from '#shared/domain/place.ts';
import { buildPlaceIndex, type LocateResult, locate } from '#shared/domain/place-matcher.ts';
import { readDivisionSeed } from '../../seeds/load.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { places } = readDivisionSeed('4110');
const index = buildPlaceIndex(places);
const at = (text: string) => locate(index, text);
const codes = (r: LocateResult) => r.candidates.map((c) => c.code).sort();
const townshipCodes = (r: LocateResult) => [...new Set(r.candidates.map((c) => c.township.code))].sort();

// Real Xuchang codes, from seeds/divisions/4110.json.
const YUZHOU = { code: '411081', name: '禹州市' };
const JIANAN = { code: '411003', name: '建安区' };
const SHENHOU = { code: '411081103', name: '神垕镇' };
const LINGJING = { code: '411003106', name: '灵井镇' };
const CHENCAO = { code: '411003200', name: '陈曹乡' };
const HUOLONG = { code: '411081100', name: '火龙镇' };
const CHENZHUANG = [
  '411002570010', // 陈庄社区居委会, 东城区, 魏都区
  '411003106208', // 陈庄村委会, 灵井镇, 建安区
  '411024109217', // 只乐镇, 鄢陵县
  '411025108223', // 山头店镇, 襄城县
  '411025206203', // 双庙乡, 襄城县
  '411081204215', // 磨街乡, 禹州市
  '411082106216', // 大周镇, 长葛市
];
const ZHANGZHUANG = [
  '411003002008', // 张庄居委会, 新元街道, 建安区
  '411003004002', // 张庄居委会, 昌盛街道, 建安区
  '411003200243', // 张庄村委会, 陈曹乡, 建安区
  '411024107218', // 张桥镇, 鄢陵县
  '411025104234', // 王洛镇, 襄城县
  '411025105005', // 张庄村社区居民委员会, 紫云镇, 襄城县
  '411081104222', // 鸿畅镇, 禹州市
  '411082101215', // 坡胡镇, 长葛市
];

describe('place matcher: villages', () => {
  it('finds a unique village with or without its suffix', () => {
    for (const [text, span] of [
      ['驻驾山有个黑作坊', '驻驾山'],
      ['驻驾山村有个黑作坊', '驻驾山村'],
      ['驻驾山村委会门口有个黑作坊', '驻驾山村委会'],
    ] as const) {
      const r = at(text);
      expect(r.reason, text).toBe('unique');
      expect(r.township).toEqual(SHENHOU);
      expect(r.county).toEqual(YUZHOU);
      expect(codes(r)).toEqual(['411081103204']);
      expect(r.matched).toEqual([{ text: span, code: '411081103204', level: 'village' }]);
    }
  });

  it('accepts any village suffix, including community ones', () => {
    expect(at('关爷庙社区的窑厂').township).toEqual(SHENHOU);
    expect(at('关爷庙居委会反映').township).toEqual(SHENHOU);
    expect(at('关爷庙').township).toEqual(SHENHOU);
  });

  it('is ambiguous for 陈庄 alone: seven villages of that name in seven townships', () => {
    for (const text of ['陈庄有人偷偷生产烟花', '陈庄村有人偷偷生产烟花', '陈庄村委会']) {
      const r = at(text);
      expect(r.reason, text).toBe('ambiguous');
      expect(r.township).toBeNull();
      expect(r.county).toBeNull();
      expect(codes(r)).toEqual(CHENZHUANG);
      expect(townshipCodes(r)).toHaveLength(7);
    }
  });

  it('is ambiguous for 张庄 (seven 张庄 plus 张庄村社区)', () => {
    const r = at('张庄村后面的砖厂塌方了');
    expect(r.reason).toBe('ambiguous');
    expect(codes(r)).toEqual(ZHANGZHUANG);
    expect(r.candidates.find((c) => c.code === '411003200243')).toEqual({
      code: '411003200243',
      name: '张庄村委会',
      township: CHENCAO,
      county: JIANAN,
    });
  });

  it('lets the longer name win: 后陈庄 is not 陈庄', () => {
    for (const text of ['后陈庄的砖厂塌方了', '后陈庄村的砖厂塌方了']) {
      const r = at(text);
      expect(r.reason, text).toBe('unique');
      expect(r.township).toEqual(HUOLONG);
      expect(r.matched.map((m) => m.code)).toEqual(['411081100215']);
      expect(r.matched.some((m) => CHENZHUANG.includes(m.code))).toBe(false);
    }
    // Both names in one text: each span is read once, and together they are still ambiguous.
    const both = at('后陈庄和陈庄之间');
    expect(both.matched.filter((m) => m.code === '411081100215')).toHaveLength(1);
    expect(both.matched.filter((m) => CHENZHUANG.includes(m.code))).toHaveLength(7);
    expect(both.reason).toBe('ambiguous');
  });

  it('needs the suffix for names that are common words or street names', () => {
    expect(at('平安').reason).toBe('none'); // 平安社区居委会 exists, but 平安 is a word
    expect(at('平安社区').township).toEqual({ code: '411002002', name: '东大街道' });
    expect(at('广场上有人卖烟花').matched).toEqual([]);
    expect(at('小李说大马路上有个厂').matched).toEqual([]); // 小李/大马 are a village and a town
    expect(at('张庄路的砖厂').matched).toEqual([]); // a street named after a village
  });
});

describe('place matcher: townships and counties', () => {
  it('finds a township with or without its suffix', () => {
    for (const text of ['神垕有个黑作坊', '神垕镇有个黑作坊']) {
      const r = at(text);
      expect(r.reason, text).toBe('unique');
      expect(r.township).toEqual(SHENHOU);
      expect(r.county).toEqual(YUZHOU);
      expect(r.matched).toEqual([
        { text: text.replace('有个黑作坊', ''), code: SHENHOU.code, level: 'township' },
      ]);
    }
    for (const text of ['灵井', '灵井镇', '灵井镇人民政府']) expect(at(text).township).toEqual(LINGJING);
    for (const text of ['艾庄', '艾庄乡', '艾庄回族乡']) {
      expect(at(text).township).toEqual({ code: '411003208', name: '艾庄回族乡' });
    }
  });

  it('routes the spec example: county, township and an unknown village', () => {
    const r = at('禹州市神垕镇某某村有个黑作坊在生产烟花');
    expect(r).toEqual({
      township: SHENHOU,
      county: YUZHOU,
      matched: [
        { text: '禹州市', code: YUZHOU.code, level: 'county' },
        { text: '神垕镇', code: SHENHOU.code, level: 'township' },
      ],
      candidates: [{ code: SHENHOU.code, name: SHENHOU.name, township: SHENHOU, county: YUZHOU }],
      reason: 'unique',
    });
  });

  it('gives the county alone, without a township', () => {
    for (const [text, span] of [
      ['禹州', '禹州'],
      ['禹州市', '禹州市'],
      ['禹州市有人非法生产烟花', '禹州市'],
    ] as const) {
      const r = at(text);
      expect(r.reason, text).toBe('none');
      expect(r.township).toBeNull();
      expect(r.county).toEqual(YUZHOU);
      expect(r.candidates).toEqual([]);
      expect(r.matched).toEqual([{ text: span, code: YUZHOU.code, level: 'county' }]);
    }
    expect(at('建安区').county).toEqual(JIANAN);
    expect(at('建安').county).toEqual(JIANAN);
  });

  it('narrows villages by the county named', () => {
    for (const text of ['建安区张庄', '建安张庄村']) {
      const r = at(text);
      expect(r.reason, text).toBe('ambiguous');
      expect(r.township).toBeNull();
      expect(r.county).toEqual(JIANAN);
      expect(codes(r)).toEqual(['411003002008', '411003004002', '411003200243']);
    }
    const yz = at('禹州市张庄'); // one 张庄 in 禹州: 鸿畅镇
    expect(yz.reason).toBe('unique');
    expect(yz.township).toEqual({ code: '411081104', name: '鸿畅镇' });
  });

  it('narrows villages by the township named', () => {
    for (const text of ['灵井镇陈庄', '灵井陈庄村', '许昌市建安区灵井镇陈庄村委会']) {
      const r = at(text);
      expect(r.reason, text).toBe('unique');
      expect(r.township).toEqual(LINGJING);
      expect(r.county).toEqual(JIANAN);
      expect(codes(r)).toEqual(['411003106208']);
    }
    expect(at('陈曹乡张庄村').township).toEqual(CHENCAO);
    // A village not in the township named does not unsettle it (it may be a hamlet, 自然村).
    expect(at('神垕镇张庄').township).toEqual(SHENHOU);
  });

  it('treats a name shared by a township and villages elsewhere as ambiguous', () => {
    const r = at('古城有个砖厂'); // 古城镇 (禹州), and 古城村 in 张潘镇, 彭店镇, 古城镇, 南席镇
    expect(r.reason).toBe('ambiguous');
    expect(townshipCodes(r)).toEqual(['411003105', '411024108', '411081106', '411082105']);
    expect(at('古城镇有个砖厂').township).toEqual({ code: '411081106', name: '古城镇' });
    // 火龙 is 火龙镇 and its own 火龙村: one township either way.
    expect(at('火龙有个砖厂').township).toEqual(HUOLONG);
  });

  it('does not guess when the county named contradicts the township named', () => {
    const r = at('建安区神垕镇');
    expect(r.reason).toBe('ambiguous');
    expect(r.township).toBeNull();
    expect(r.county).toBeNull();
    expect(codes(r)).toEqual([SHENHOU.code]);
  });

  it('requires the suffix for one-character names (滑县, not 滑)', () => {
    const henan: Place[] = [
      { code: '41', name: '河南省', level: 'province', parentCode: '' },
      { code: '4105', name: '安阳市', level: 'city', parentCode: '41' },
      { code: '410526', name: '滑县', level: 'county', parentCode: '4105' },
    ];
    const small = buildPlaceIndex(henan);
    expect(locate(small, '滑县有个化工厂').county).toEqual({ code: '410526', name: '滑县' });
    expect(locate(small, '路很滑，车翻了').matched).toEqual([]);
  });
});

describe('place matcher: text handling', () => {
  it('handles full-width punctuation, spaces and letters', () => {
    const r = at('　禹州市，神垕镇：（驻驾山村）有人非法生产烟花！！ＡＢＣ１２３');
    expect(r.reason).toBe('unique');
    expect(r.township).toEqual(SHENHOU);
    expect(r.matched.map((m) => m.text)).toEqual(['禹州市', '神垕镇', '驻驾山村']);
    expect(at('禹 州 市 神 垕 镇').township).toEqual(SHENHOU);
  });

  it('does not join names across punctuation', () => {
    expect(at('陈，庄').matched).toEqual([]);
    expect(at('神。垕镇').reason).toBe('none');
  });

  it('finds nothing in text without place names', () => {
    expect(at('今天有人在河边倒垃圾，味道很大')).toEqual({
      township: null,
      county: null,
      matched: [],
      candidates: [],
      reason: 'none',
    });
    expect(at('').reason).toBe('none');
  });
});

describe('scripts/locate.ts', () => {
  const run = (...args: string[]) =>
    // Node with tsx's loader, not `npx tsx`: npx costs seconds per start on a busy machine.
    execFileSync(process.execPath, ['--import', 'tsx', 'scripts/locate.ts', ...args], {
      cwd: root,
      encoding: 'utf8',
      stdio: 'pipe',
    });

  it('prints the match as JSON, without a running stack', { timeout: 60_000 }, () => {
    const out = JSON.parse(run('--city', '4110', '灵井镇陈庄村有个黑作坊')) as LocateResult;
    expect(out.reason).toBe('unique');
    expect(out.township).toEqual(LINGJING);
    expect(out.county).toEqual(JIANAN);
    expect(out.candidates.map((c) => c.code)).toEqual(['411003106208']);
    const ambiguous = JSON.parse(run('陈庄')) as LocateResult;
    expect(ambiguous.reason).toBe('ambiguous');
    expect(ambiguous.candidates).toHaveLength(7);
  });

  it('exits 2 on bad usage', { timeout: 60_000 }, () => {
    for (const args of [[], ['--city', 'xx', '陈庄'], ['--city', '9999', '陈庄']]) {
      let status: number | null = null;
      try {
        run(...args);
      } catch (err) {
        status = (err as { status: number | null }).status;
      }
      expect(status, args.join(' ')).toBe(2);
    }
  });
});
