/** What the public page may show, and how counts are bucketed and hidden (pure). */
import { describe, expect, it } from 'vitest';
import {
  type CountSource,
  counterNames,
  countsOf,
  formatListingCursor,
  lastMonths,
  monthCountsOf,
  nextListingCursor,
  PUBLIC_LISTING_FIELDS,
  type PublicSource,
  parseListingCursor,
  publicHazardStatus,
  publicListingOf,
  suppress,
  suppressColumn,
} from '#shared/domain/public-record.ts';
import { shanghaiMonth } from '#shared/domain/shanghai-time.ts';

/** A listed case with everything a report carries, so the test sees what is left out. */
const listed = (over: Partial<CountSource & Record<string, unknown>> = {}) =>
  ({
    caseNumber: '20261120-482913',
    status: 'accepted',
    category: 'major_hazard',
    description: '夜间违规动火作业，无人监护，举报人是三号车间的老王。',
    unitName: '老王他们厂（三号车间）',
    channel: 'sms',
    hasIdentity: true,
    location: {
      countyCode: '411003',
      townshipCode: '411003106',
      villageCode: '411003106201',
      address: '灵井镇某路 12 号东侧仓库',
    },
    townshipCode: '411003106',
    createdAt: '2026-11-20T02:00:00.000Z',
    updatedAt: '2026-11-22T02:00:00.000Z',
    supervision: {
      deadline: '2027-03-31',
      listedAt: '2026-11-22T01:30:00.000Z',
      listedBy: 'supervisor-jianan',
      publicName: '  某某化工有限公司 ',
      note: '内部：督办理由',
    },
    ...over,
  }) as CountSource;

const names = { county: '建安区', township: '灵井镇' };

describe('a published listing', () => {
  it('holds only whitelisted fields: unit, county and township, category, dates, status', () => {
    const entry = publicListingOf(listed(), names)!;
    expect(entry).toEqual({
      unitName: '某某化工有限公司',
      countyCode: '411003',
      countyName: '建安区',
      townshipCode: '411003106',
      townshipName: '灵井镇',
      category: 'major_hazard',
      listedAt: '2026-11-22T01:30:00.000Z',
      supervisionDeadline: '2027-03-31',
      status: 'listed',
    });
    for (const key of Object.keys(entry)) expect(PUBLIC_LISTING_FIELDS).toContain(key);
    const text = JSON.stringify(entry);
    for (const secret of [
      '动火',
      '老王',
      '某路',
      '411003106201',
      '20261120',
      '482913',
      'sms',
      'supervisor',
      '督办理由',
    ])
      expect(text).not.toContain(secret);
  });

  it('publishes the name the county gave, never the report’s; "unnamed" (null) without one', () => {
    const supervision = (publicName?: string) => ({
      supervision: {
        deadline: '2027-03-31',
        listedAt: '2026-11-22T01:30:00.000Z',
        listedBy: 's',
        publicName,
      },
    });
    expect(publicListingOf(listed(supervision('   ')), names)!.unitName).toBeNull();
    expect(publicListingOf(listed(supervision(undefined)), names)!.unitName).toBeNull();
    expect(publicListingOf(listed(supervision('厂'.repeat(300))), names)!.unitName).toHaveLength(100);
    expect(JSON.stringify(publicListingOf(listed(supervision(undefined)), names))).not.toContain('老王');
  });

  it('is none for a case not listed for supervision', () => {
    expect(publicListingOf(listed({ supervision: undefined }), names)).toBeNull();
  });

  it('names only the county when the township is unknown to the directory', () => {
    const entry = publicListingOf(listed(), { county: '建安区' })!;
    expect(entry.townshipName).toBeUndefined();
    expect(entry.townshipCode).toBeUndefined();
  });

  it('follows rectification ordered → confirmed → closed, with their dates in Shanghai', () => {
    const rectification = {
      order: '内部：停产整改',
      deadline: '2027-01-15',
      orderedAt: '2026-12-01T02:00:00.000Z',
      orderedBy: 'officer',
    };
    const ordered = publicListingOf(listed({ status: 'rectifying', rectification }), names)!;
    expect(ordered).toMatchObject({ status: 'rectification_ordered', rectificationDeadline: '2027-01-15' });
    expect(JSON.stringify(ordered)).not.toContain('停产整改');
    const confirmed = publicListingOf(
      listed({
        status: 'rectifying',
        rectification: { ...rectification, confirmedAt: '2027-01-10T17:00:00.000Z' },
      }),
      names,
    )!;
    expect(confirmed).toMatchObject({
      status: 'rectification_confirmed',
      rectificationConfirmedOn: '2027-01-11',
    });
    const closed = publicListingOf(
      listed({
        status: 'closed',
        closedAt: '2027-01-12T03:00:00.000Z',
        rectification: { ...rectification, confirmedAt: '2027-01-10T17:00:00.000Z' },
      }),
      names,
    )!;
    expect(closed).toMatchObject({ status: 'closed', closedOn: '2027-01-12' });
  });

  it('says when a listed report was not substantiated or went to another department', () => {
    const conclusion = {
      outcome: 'unsubstantiated' as const,
      text: '内部结论',
      at: '2026-12-01T00:00:00Z',
      by: 'o',
    };
    expect(publicHazardStatus(listed({ status: 'unsubstantiated', conclusion }) as PublicSource)).toBe(
      'not_substantiated',
    );
    expect(publicHazardStatus(listed({ status: 'closed', conclusion }) as PublicSource)).toBe(
      'not_substantiated',
    );
    expect(publicHazardStatus(listed({ status: 'transferred' }) as PublicSource)).toBe('transferred');
  });
});

describe('month buckets (Asia/Shanghai)', () => {
  it('puts an instant in its Shanghai month, across month and year ends', () => {
    expect(shanghaiMonth('2026-01-31T15:59:59.999Z')).toBe('2026-01');
    expect(shanghaiMonth('2026-01-31T16:00:00.000Z')).toBe('2026-02');
    expect(shanghaiMonth('2026-12-31T16:00:00.000Z')).toBe('2027-01');
  });

  it('lists the last twelve months newest first, across a year end', () => {
    const months = lastMonths(new Date('2027-01-15T00:00:00Z'), 12);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2027-01');
    expect(months[1]).toBe('2026-12');
    expect(months[11]).toBe('2026-02');
    // 16:30 UTC on 31 December is already January in Shanghai.
    expect(lastMonths(new Date('2026-12-31T16:30:00Z'), 1)).toEqual(['2027-01']);
  });
});

describe('what a case change counts', () => {
  it('counts a new report as received in its month, by county and category', () => {
    expect(countsOf('INSERT', listed({ status: 'assigned' }), undefined)).toEqual([
      { kind: 'received', month: '2026-11', county: '411003', category: 'major_hazard' },
    ]);
  });

  it('counts reports not yet located under the unlocated bucket', () => {
    const c = listed({ status: 'triage', townshipCode: undefined, location: {} });
    expect(countsOf('INSERT', c, undefined)[0]?.county).toBe('none');
  });

  it('counts substantiation and closing when the status becomes so, in the month it did', () => {
    const conclusion = { outcome: 'substantiated' as const, text: 't', at: '2026-11-30T16:10:00Z', by: 'o' };
    expect(
      countsOf('MODIFY', listed({ status: 'substantiated', conclusion }), { status: 'verifying' }),
    ).toEqual([{ kind: 'substantiated', month: '2026-12', county: '411003', category: 'major_hazard' }]);
    expect(
      countsOf('MODIFY', listed({ status: 'closed', closedAt: '2027-01-02T00:00:00Z' }), {
        status: 'rectifying',
      }),
    ).toEqual([{ kind: 'closed', month: '2027-01', county: '411003', category: 'major_hazard' }]);
  });

  it('counts nothing when the status did not change (a view, a message, a redelivered image)', () => {
    expect(countsOf('MODIFY', listed({ status: 'closed' }), { status: 'closed' })).toEqual([]);
    expect(countsOf('MODIFY', listed({ status: 'verifying' }), { status: 'accepted' })).toEqual([]);
  });

  it('reads back the counters it writes', () => {
    const attrs: Record<string, unknown> = { pk: 'STATS', sk: 'MONTH#2026-11', other: 'x' };
    for (const count of [
      { kind: 'received', county: '411003', category: 'major_hazard' },
      { kind: 'received', county: '411081', category: 'major_hazard' },
      { kind: 'closed', county: '411003', category: 'general_hazard' },
    ] as const)
      for (const n of counterNames(count)) attrs[n] = ((attrs[n] as number | undefined) ?? 0) + 1;
    const m = monthCountsOf('2026-11', attrs);
    expect(m.total).toEqual({ received: 2, substantiated: 0, closed: 1 });
    expect(m.byCounty['411003']).toEqual({ received: 1, substantiated: 0, closed: 1 });
    expect(m.byCategory.major_hazard).toEqual({ received: 2, substantiated: 0, closed: 0 });
    expect(m.byCategory.general_hazard).toEqual({ received: 0, substantiated: 0, closed: 1 });
  });
});

describe('suppression of small counts', () => {
  it('hides 1–4, shows 0 and 5 up', () => {
    expect(suppress(0)).toEqual({ kind: 'count', n: 0 });
    for (const n of [1, 2, 3, 4]) expect(suppress(n)).toEqual({ kind: 'small' });
    expect(suppress(5)).toEqual({ kind: 'count', n: 5 });
    expect(suppress(2, 3)).toEqual({ kind: 'small' });
    expect(suppress(3, 3)).toEqual({ kind: 'count', n: 3 });
  });

  it('withholds the smallest other count when exactly one is hidden, so the total does not give it away', () => {
    expect(suppressColumn([12, 3, 0, 7])).toEqual([
      { kind: 'count', n: 12 },
      { kind: 'small' },
      { kind: 'count', n: 0 },
      { kind: 'withheld' },
    ]);
  });

  it('needs no second cell when two are hidden already, or none is', () => {
    expect(suppressColumn([9, 2, 1])).toEqual([
      { kind: 'count', n: 9 },
      { kind: 'small' },
      { kind: 'small' },
    ]);
    expect(suppressColumn([9, 0, 6])).toEqual([
      { kind: 'count', n: 9 },
      { kind: 'count', n: 0 },
      { kind: 'count', n: 6 },
    ]);
    // Nothing else to withhold: the total is the same small number and is hidden itself.
    expect(suppressColumn([3, 0])).toEqual([{ kind: 'small' }, { kind: 'count', n: 0 }]);
  });
});

describe('the page cursor', () => {
  it('carries an instant and a count, never anything of a case', () => {
    const c = parseListingCursor('2026-11-22T01:30:00.000Z~2');
    expect(c).toEqual({ listedAt: '2026-11-22T01:30:00.000Z', skip: 2 });
    expect(formatListingCursor(c!)).toBe('2026-11-22T01:30:00.000Z~2');
    for (const bad of ['', 'x~1', '2026-11-22T01:30:00.000Z', '2026-11-22T01:30:00.000Z#20261120-482913~1'])
      expect(parseListingCursor(bad), bad).toBeNull();
  });

  it('counts listings that share the last instant, across pages', () => {
    const t1 = '2026-11-22T01:30:00.000Z';
    const t0 = '2026-11-21T01:30:00.000Z';
    expect(nextListingCursor([{ listedAt: t1 }, { listedAt: t0 }], null)).toEqual({ listedAt: t0, skip: 1 });
    expect(nextListingCursor([{ listedAt: t1 }, { listedAt: t1 }], null)).toEqual({ listedAt: t1, skip: 2 });
    expect(nextListingCursor([{ listedAt: t1 }], { listedAt: t1, skip: 2 })).toEqual({
      listedAt: t1,
      skip: 3,
    });
    expect(nextListingCursor([], null)).toBeNull();
  });
});
