/**
 * The filters of a dashboard figure's case list, and the case search's link turned into the
 * figure list's query: whole months only (a day that splits a month is named), the place and
 * filters carried over, unknown filter values named.
 */
import { describe, expect, it } from 'vitest';
import { figureListQuery, matchesFigureFilter, parseFigureFilter } from '#shared/domain/figure-filter.ts';

describe('figureListQuery', () => {
  it('turns days that cover whole months into months, the township into the place', () => {
    expect(
      figureListQuery({
        figure: 'clock:acceptance',
        from: '2026-01-01',
        to: '2026-03-31',
        township: '411003106',
        timing: 'missed',
        status: 'closed',
        lang: 'en',
      }),
    ).toEqual({
      ok: true,
      query: 'figure=clock%3Aacceptance&from=2026-01&to=2026-03&place=411003106&timing=missed&lang=en',
    });
    expect(
      figureListQuery({ figure: 'received', from: '2028-02-01', to: '2028-02-29', county: '411003' }),
    ).toEqual({ ok: true, query: 'figure=received&from=2028-02&to=2028-02&place=411003' });
  });

  it('names `from` or `to` when a day splits a month', () => {
    const out = figureListQuery({ figure: 'received', from: '2026-03-02', to: '2026-02-28' });
    expect(out.ok).toBe(false);
    expect(out.ok ? [] : out.issues.map((i) => i.field)).toEqual(['from']);
    const short = figureListQuery({ figure: 'received', from: '2026-03-01', to: '2026-03-30' });
    expect(short.ok ? [] : short.issues.map((i) => i.field)).toEqual(['to']);
    const none = figureListQuery({ figure: 'received' });
    expect(none.ok ? [] : none.issues.map((i) => i.field)).toEqual(['from', 'to']);
  });
});

describe('figure filters', () => {
  it('keep only the rows of the category, channel or timing asked for', () => {
    const rows = [
      { id: 1, category: 'major_hazard', channel: 'web', met: true },
      { id: 2, category: 'general_hazard', channel: 'sms', met: false },
      { id: 3, category: 'major_hazard', channel: 'sms', met: false },
    ] as const;
    const pick = (q: Record<string, string>) => {
      const f = parseFigureFilter(q);
      if (!f.ok) throw new Error('bad filter');
      return rows.filter((r) => matchesFigureFilter(r, f.filter)).map((r) => r.id);
    };
    expect(pick({})).toEqual([1, 2, 3]);
    expect(pick({ category: 'major_hazard' })).toEqual([1, 3]);
    expect(pick({ channel: 'sms', timing: 'missed' })).toEqual([2, 3]);
    expect(pick({ timing: 'met' })).toEqual([1]);
  });

  it('name each unknown value', () => {
    const out = parseFigureFilter({ category: 'x', channel: 'fax', timing: 'late' });
    expect(out.ok ? [] : out.issues.map((i) => i.field)).toEqual(['category', 'channel', 'timing']);
  });
});
