/** The search's tokeniser: bigrams for Chinese, whole words for Latin and digits, queries alike. */
import { describe, expect, it } from 'vitest';
import {
  caseTokens,
  MAX_CASE_TOKENS,
  MAX_QUERY_TOKENS,
  parseQuery,
  textMatches,
  tokensOf,
} from '#shared/domain/search-text.ts';

describe('tokensOf', () => {
  it('cuts Chinese into overlapping pairs and keeps Latin and digit runs whole', () => {
    expect(tokensOf('黑火药')).toEqual(['黑火', '火药']);
    expect(tokensOf('A栋3号仓库，ABC公司')).toEqual(['a', '3', '号仓', '仓库', 'abc', '公司']);
  });

  it('normalises full-width forms and case, and drops punctuation', () => {
    expect(tokensOf('ＡＢＣ１２３')).toEqual(['abc123']);
    expect(tokensOf('化工，厂')).toEqual(['化工']);
  });

  it('gives no token for a lone Chinese character, and each token once', () => {
    expect(tokensOf('厂')).toEqual([]);
    expect(tokensOf('哈哈哈哈')).toEqual(['哈哈']);
  });

  it('keeps at most MAX_CASE_TOKENS per case, unit name first', () => {
    const long = Array.from({ length: 3000 }, (_, i) => String.fromCodePoint(0x4e00 + i)).join('');
    const tokens = caseTokens({ unitName: '许昌鞭炮厂', description: long });
    expect(tokens).toHaveLength(MAX_CASE_TOKENS);
    expect(tokens.slice(0, 4)).toEqual(['许昌', '昌鞭', '鞭炮', '炮厂']);
  });
});

describe('parseQuery', () => {
  it('splits words and spreads at most MAX_QUERY_TOKENS tokens over them', () => {
    const q = parseQuery('违规动火作业 化工');
    expect(q.ok && q.words).toEqual(['违规动火作业', '化工']);
    expect(q.ok && q.tokens.length).toBeLessThanOrEqual(MAX_QUERY_TOKENS);
    expect(q.ok && q.tokens).toContain('化工');
    expect(q.ok && q.tokens).toContain('违规');
    expect(q.ok && q.tokens).toContain('作业');
  });

  it('refuses an empty query and a one-character word', () => {
    expect(parseQuery('  ，')).toEqual({ ok: false, reason: 'empty' });
    expect(parseQuery('厂')).toEqual({ ok: false, reason: 'too_short' });
    expect(parseQuery('化工 厂')).toEqual({ ok: false, reason: 'too_short' });
  });
});

describe('textMatches', () => {
  it('wants every word as written, ignoring spaces and width', () => {
    const c = { unitName: '灵井 鞭炮厂', description: '仓库存放黑火药，火药仓无人看管。' };
    expect(textMatches(c, ['鞭炮厂', '黑火药'])).toBe(true);
    expect(textMatches(c, ['井鞭'])).toBe(true);
    expect(textMatches(c, ['黑火药仓'])).toBe(false);
  });
});
