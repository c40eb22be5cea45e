/**
 * The public page end to end: a major hazard listed by the county appears on /public with its unit
 * and township and follows its rectification, and never shows the report's words, address,
 * village or case number; anonymised counts move with reports and closes, once each however often
 * the stream delivers a record, and small ones are hidden.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { caseKey } from '#shared/db/keys.ts';
import type { PublicListing } from '#shared/domain/public-record.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { handleCaseChange } from '#shared/services/case-changes.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

const LINGJING = { countyCode: '411003', townshipCode: '411003106', villageCode: '411003106001' };
const VILLAGE_NAME = '灵北居委会';
const SHENHOU = { countyCode: '411081', townshipCode: '411081103' };
const CHANGGE = { countyCode: '411082', townshipCode: '411082001' };

async function file(h: Harness, body: Record<string, unknown>) {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, ...body }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

const auth = async (h: Harness, role: StaffRole, jurisdiction: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});

/** Takes a transition at the case's current version; fails the test unless it is taken. */
async function act(h: Harness, headers: Record<string, string>, cn: string, body: Record<string, unknown>) {
  const version = (await h.deps.cases.get(cn))!.record.version;
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify(body),
  });
  expect(res.status, `${body.action}: ${await res.clone().text()}`).toBe(200);
}

/** The township verifies a case as true (属实), and the stream catches up. */
async function substantiate(h: Harness, cn: string) {
  const officer = await auth(h, 'township_officer', LINGJING.townshipCode);
  await act(h, officer, cn, { action: 'accept' });
  await act(h, officer, cn, { action: 'start_verification' });
  await act(h, officer, cn, { action: 'substantiate', conclusion: '经核查属实。' });
  await h.drainStream();
}

async function page(h: Harness, query = '') {
  const res = await h.app.request(`/public${query}`);
  return { status: res.status, html: await res.text() };
}

/** The listing card that names `unit`, or undefined. */
const card = (html: string, unit: string) =>
  [...html.matchAll(/<article class="listed-hazard">([\s\S]*?)<\/article>/g)]
    .map((m) => m[1]!)
    .find((a) => a.includes(`<h3>${unit}</h3>`));

async function rawCase(h: Harness, cn: string) {
  const out = await h.db.send(
    new GetItemCommand({ TableName: h.tables.cases, Key: marshallKey(caseKey(cn)), ConsistentRead: true }),
  );
  return unmarshall(out.Item!);
}
const marshallKey = (k: Record<string, string>) =>
  Object.fromEntries(Object.entries(k).map(([n, v]) => [n, { S: v }]));

describe('listed major hazards on /public', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
    h.setNow('2026-11-25T02:00:00Z');
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('shows a listed hazard with its unit as the county names it, county and township, never the report’s words, address, village or number', async () => {
    const description = '仓库里堆放大量液化气钢瓶，夜间有人违规充装，举报人住在隔壁。';
    const address = '灵井镇霍庄路 88 号后院';
    // The reporter's own wording of the unit can identify them; only the county's name is shown.
    const reportersUnit = '我舅舅开的顺发气站（后院那个）';
    const cn = await file(h, {
      description,
      unitName: reportersUnit,
      location: { ...LINGJING, address },
    });
    await h.drainStream();
    expect(card((await page(h)).html, '灵井顺发燃气站')).toBeUndefined();

    await act(h, await auth(h, 'county_supervisor', '411003'), cn, {
      action: 'list_for_supervision',
      deadline: '2027-03-31',
      publicName: '灵井顺发燃气站',
      note: '内部督办说明',
    });
    await h.drainStream();
    // Listed but not yet verified: a company is not named on an unverified allegation.
    expect(card((await page(h)).html, '灵井顺发燃气站')).toBeUndefined();
    await substantiate(h, cn);

    const { status, html } = await page(h);
    expect(status).toBe(200);
    const entry = card(html, '灵井顺发燃气站');
    expect(entry).toBeDefined();
    expect(entry).toContain('建安区灵井镇');
    expect(entry).toContain('重大事故隐患');
    expect(entry).toContain('2026-11-25');
    expect(entry).toContain('2027-03-31');
    expect(entry).toContain('挂牌督办中');
    for (const secret of [
      reportersUnit,
      '舅舅',
      description,
      '液化气钢瓶',
      address,
      '霍庄路',
      VILLAGE_NAME,
      cn,
      cn.replace('-', ''),
      '内部督办说明',
      'county_supervisor',
    ])
      expect(html, secret).not.toContain(secret);

    const en = await page(h, '?lang=en');
    expect(card(en.html, '灵井顺发燃气站')).toContain('Listed for supervision');
    expect(en.html).not.toContain(cn);
    expect(h.logs.join('\n')).not.toContain('液化气钢瓶');
  });

  it('follows the rectification: ordered with its deadline, confirmed, closed', async () => {
    const cn = await file(h, { unitName: '许昌宏达铸造厂', location: LINGJING });
    await h.drainStream();
    const supervisor = await auth(h, 'county_supervisor', '411003');
    const officer = await auth(h, 'township_officer', LINGJING.townshipCode);
    await act(h, officer, cn, { action: 'accept' });
    await act(h, supervisor, cn, {
      action: 'list_for_supervision',
      deadline: '2027-02-28',
      publicName: '许昌宏达铸造厂',
    });
    await act(h, officer, cn, { action: 'start_verification' });
    await act(h, officer, cn, { action: 'substantiate', conclusion: '内部结论：熔炼炉冷却水管破损。' });
    await h.drainStream();
    expect(card((await page(h)).html, '许昌宏达铸造厂')).toContain('挂牌督办中');

    await act(h, officer, cn, {
      action: 'order_rectification',
      order: '内部：停炉整改。',
      deadline: '2027-01-15',
    });
    await h.drainStream();
    let entry = card((await page(h)).html, '许昌宏达铸造厂')!;
    expect(entry).toContain('已责令整改');
    expect(entry).toContain('2027-01-15');

    h.setNow('2026-12-10T03:00:00Z');
    await act(h, officer, cn, { action: 'confirm_rectification' });
    await h.drainStream();
    entry = card((await page(h)).html, '许昌宏达铸造厂')!;
    expect(entry).toContain('整改已确认');
    expect(entry).toContain('2026-12-10');

    h.setNow('2026-12-11T03:00:00Z');
    await act(h, officer, cn, { action: 'close', feedback: '内部反馈：已整改完毕。' });
    await h.drainStream();
    const html = (await page(h)).html;
    entry = card(html, '许昌宏达铸造厂')!;
    expect(entry).toContain('已办结');
    expect(entry).toContain('2026-12-11');
    for (const secret of ['熔炼炉', '停炉整改', '已整改完毕']) expect(html).not.toContain(secret);

    // A late redelivery of an older image of the case does not turn the status back.
    const closed = await rawCase(h, cn);
    const older = {
      ...closed,
      status: 'rectifying',
      version: Number(closed.version) - 2,
      rectification: { ...closed.rectification, confirmedAt: undefined },
    };
    await handleCaseChange(h.streamDeps, {
      id: 'late',
      eventName: 'MODIFY',
      newImage: older,
      oldImage: older,
    });
    expect(card((await page(h)).html, '许昌宏达铸造厂')).toContain('已办结');
    h.setNow('2026-11-25T02:00:00Z');
  });

  it('names a listed hazard the county gave no public name "未具名单位", whatever the report said', async () => {
    const cn = await file(h, { unitName: '某某化工有限公司', location: LINGJING });
    await act(h, await auth(h, 'county_supervisor', '411003'), cn, {
      action: 'list_for_supervision',
      deadline: '2027-04-30',
    });
    await substantiate(h, cn);
    const html = (await page(h)).html;
    expect(card(html, '未具名单位')).toContain('2027-04-30');
    expect(card((await page(h, '?lang=en')).html, 'Unit not named')).toBeDefined();
  });

  it('pages through listings newest first, listings sharing an instant included, with nothing of a case in the links', async () => {
    const repo = new PublicRepository(h.db, h.tables);
    const names: string[] = [];
    for (let i = 0; i < 23; i++) {
      // Three listings share one millisecond, on the boundary of the first page.
      const listedAt =
        i >= 18 && i <= 20
          ? '2020-05-01T00:00:00.000Z'
          : `2020-04-${String(28 - i).padStart(2, '0')}T00:00:00.000Z`;
      const name = `测试单位${String(i).padStart(2, '0')}`;
      names.push(name);
      const listing: PublicListing = {
        unitName: name,
        countyCode: '411003',
        countyName: '建安区',
        category: 'major_hazard',
        listedAt,
        supervisionDeadline: '2027-01-01',
        status: 'listed',
      };
      await repo.putListing(`20200401-${String(100000 + i)}`, listing, 1);
    }
    const seen: string[] = [];
    let query = '';
    for (let pages = 0; pages < 10; pages++) {
      const { status, html } = await page(h, query);
      expect(status).toBe(200);
      seen.push(...[...html.matchAll(/<h3>(测试单位\d\d)<\/h3>/g)].map((m) => m[1]!));
      const next = /<a href="(\/public\?[^"]*)" rel="next"/.exec(html)?.[1];
      if (!next) break;
      const href = next.replaceAll('&amp;', '&');
      expect(href).not.toMatch(/2020040\d-|\d{8}-\d{6}/);
      query = href.slice('/public'.length);
    }
    // Every listing once; real listings (2026) came first, on the first page.
    expect([...seen].sort()).toEqual([...names].sort());
    expect(new Set(seen).size).toBe(23);
    const order = seen.map((n) => Number(n.slice(4)));
    // The three at 2020-05-01 are the newest synthetic ones, then 2020-04-28 (i = 0) downwards.
    expect(order.slice(0, 3).sort()).toEqual([18, 19, 20]);
    expect(order.slice(3)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 21, 22]);
  });

  it('answers a malformed page link with a 400 showing the first page', async () => {
    const { status, html } = await page(h, '?before=20261120-482913');
    expect(status).toBe(400);
    expect(html).toContain('分页参数无效');
    expect(card(html, '灵井顺发燃气站')).toBeDefined();
  });

  it('is linked from the home page', async () => {
    const home = await (await h.app.request('/')).text();
    expect(home).toContain('href="/public?lang=zh"');
  });
});

describe('anonymised counts on /public', () => {
  let h: Harness;
  let repo: PublicRepository;
  const months = () => repo.months('2026-01', '2026-12');
  const month = async (m: string) => (await months()).find((x) => x.month === m);

  beforeAll(async () => {
    h = await createHarness();
    repo = new PublicRepository(h.db, h.tables);
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  it('counts reports by month, county and category, and hides small cells', async () => {
    // The last day of October in Shanghai (16:30 UTC on the 31st is already November there).
    h.setNow('2026-10-31T15:30:00Z');
    for (let i = 0; i < 5; i++) await file(h, { location: LINGJING });
    h.setNow('2026-10-31T16:30:00Z');
    for (let i = 0; i < 6; i++) await file(h, { location: LINGJING });
    await file(h, { category: 'general_hazard', location: SHENHOU });
    await file(h, { category: 'general_hazard', location: SHENHOU });
    await file(h, { category: 'illegal_operation', location: CHANGGE });
    h.setNow('2026-11-25T02:00:00Z');
    expect(await month('2026-11')).toBeUndefined();
    await h.drainStream();

    const nov = (await month('2026-11'))!;
    expect(nov.total).toEqual({ received: 9, substantiated: 0, closed: 0 });
    expect(nov.byCounty['411003']?.received).toBe(6);
    expect(nov.byCounty['411081']?.received).toBe(2);
    expect(nov.byCounty['411082']?.received).toBe(1);
    expect(nov.byCategory.major_hazard?.received).toBe(6);
    expect(nov.byCategory.general_hazard?.received).toBe(2);
    expect(nov.byCategory.illegal_operation?.received).toBe(1);
    expect((await month('2026-10'))!.total.received).toBe(5);

    const html = (await page(h)).html;
    const row = (label: string) =>
      new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td>`).exec(html)?.[1];
    expect(row('2026年11月')).toBe('9');
    expect(row('2026年10月')).toBe('5');
    expect(row('2026年9月')).toBe('0');
    expect(row('建安区')).toBe('11');
    expect(row('禹州市')).toBe('&lt;5');
    expect(row('长葛市')).toBe('&lt;5');
    expect(row('襄城县')).toBe('0');
    expect(row('重大事故隐患')).toBe('11');
    expect(row('一般事故隐患')).toBe('&lt;5');
    expect(row('非法违法生产经营建设行为')).toBe('&lt;5');
    expect(html).toContain('<th scope="row">合计</th><td>14</td>');
  });

  it('counts substantiated and closed cases once, however often the stream delivers them', async () => {
    const cn = await file(h, { location: LINGJING });
    const officer = await auth(h, 'township_officer', LINGJING.townshipCode);
    await act(h, officer, cn, { action: 'accept' });
    await act(h, officer, cn, { action: 'start_verification' });
    await act(h, officer, cn, { action: 'substantiate', conclusion: '属实。' });
    await act(h, officer, cn, { action: 'close', feedback: '已处理。' });
    await h.drainStream();
    const after = (await month('2026-11'))!;
    expect(after.total).toEqual({ received: 10, substantiated: 1, closed: 1 });
    expect(after.byCounty['411003']).toEqual({ received: 7, substantiated: 1, closed: 1 });

    // Redelivery: the poller again, then the same records fed to the consumer twice by hand.
    await h.drainStream();
    await h.drainStream();
    const closed = await rawCase(h, cn);
    const inserted = { ...closed, status: 'assigned', version: 1 };
    const changes = [
      { id: 'a', eventName: 'INSERT' as const, newImage: inserted },
      {
        id: 'b',
        eventName: 'MODIFY' as const,
        newImage: closed,
        oldImage: { ...closed, status: 'substantiated' },
      },
      {
        id: 'c',
        eventName: 'MODIFY' as const,
        newImage: { ...closed, status: 'substantiated' },
        oldImage: { ...closed, status: 'verifying' },
      },
    ];
    for (let round = 0; round < 2; round++) for (const c of changes) await handleCaseChange(h.streamDeps, c);
    expect((await month('2026-11'))!.total).toEqual({ received: 10, substantiated: 1, closed: 1 });
    expect((await month('2026-11'))!.byCategory.major_hazard).toEqual({
      received: 7,
      substantiated: 1,
      closed: 1,
    });

    const html = (await page(h)).html;
    const row = (label: string) =>
      new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>`)
        .exec(html)
        ?.slice(1);
    // One substantiated, one closed: both hidden, in every table.
    expect(row('2026年11月')).toEqual(['10', '&lt;5', '&lt;5']);
    expect(row('建安区')).toEqual(['12', '&lt;5', '&lt;5']);
    expect(row('重大事故隐患')).toEqual(['12', '&lt;5', '&lt;5']);
    expect(row('合计')).toEqual(['15', '&lt;5', '&lt;5']);
  });
});
