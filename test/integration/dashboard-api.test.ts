/**
 * The dashboard for programs and the cases behind its figures, on DynamoDB Local with the scripted
 * March 2026 cases: `GET /api/v1/dashboard` answers the same figures as the page under its zod
 * schema, only for the caller's jurisdiction (another county's code is refused naming `county`, a
 * bad period naming `period`); and every figure the dashboard links lands, through the case search,
 * on a list of exactly as many cases as the figure counts, its filter said in Chinese.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashboardJsonSchema } from '#functions/supervision/dashboard-json.ts';
import type { StaffRole } from '#shared/auth/staff.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { LINGJING, SHENHOU, supervisionScript } from '../support/supervision-script.ts';

let h: Harness;
let auth: (role: StaffRole, jurisdiction: string) => Promise<{ authorization: string }>;

beforeAll(async () => {
  h = await createHarness();
  const script = supervisionScript(h);
  auth = script.auth;
  await script.run();
});
afterAll(async () => {
  await h.cleanup();
});

async function getJson(role: StaffRole, jurisdiction: string, query: string) {
  const res = await h.app.request(`/api/v1/dashboard?${query}`, { headers: await auth(role, jurisdiction) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
}

const fieldsOf = (body: Record<string, unknown>) =>
  ((body.error as { fields?: { field: string }[] }).fields ?? []).map((f) => f.field);

describe('GET /api/v1/dashboard', () => {
  it("gives a county supervisor their county's figures, under the schema, with stable keys", async () => {
    const { status, body, res } = await getJson('county_supervisor', '411003', 'period=2026-03');
    expect(status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const view = DashboardJsonSchema.parse(body);
    expect(view.scope).toEqual({ code: '411003', name: '建安区', level: 'county' });
    expect(view.period).toMatchObject({
      kind: 'month',
      from: '2026-03',
      to: '2026-03',
      labelZh: '2026年3月',
    });
    expect(view.places.every((p) => p.code.startsWith('411003'))).toBe(true);
    const lingjing = view.places.find((p) => p.code === LINGJING)!;
    expect(lingjing).toMatchObject({
      name: '灵井镇',
      received: 6,
      accepted: 3,
      rejected: 1,
      awaitingRouting: false,
    });
    expect(lingjing.clocks.acceptance).toMatchObject({ met: 4, missed: 1 });
    expect(lingjing.rewards).toMatchObject({ computed: 1, approved: 1 });
    expect(view.total.received).toBe(view.places.reduce((s, p) => s + p.received, 0));
    expect(view.months).toEqual([
      { month: '2026-03', received: view.total.received, closed: view.total.closed },
    ]);
    // The page's export says the same.
    const csv = await (
      await h.app.request('/staff/dashboard?period=2026-03&format=csv', {
        headers: await auth('county_supervisor', '411003'),
      })
    ).text();
    const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    const start = rows.findIndex((r) => r[0] === '收到举报' && r.length === 1);
    expect(rows.slice(start).find((r) => r[0] === '合计')![2]).toBe(String(view.total.received));
  });

  it('takes a township inside the county, and the same periods as the page', async () => {
    const own = await getJson('county_supervisor', '411003', `period=2026-Q1&township=${LINGJING}`);
    expect(own.status).toBe(200);
    expect(DashboardJsonSchema.parse(own.body).scope).toMatchObject({ code: LINGJING, level: 'township' });
    const range = await getJson('county_supervisor', '411003', 'from=2026-01&to=2026-05');
    expect(DashboardJsonSchema.parse(range.body).months.map((m) => m.month)).toHaveLength(5);
    const officer = await getJson('township_officer', LINGJING, 'period=2026-03');
    expect(DashboardJsonSchema.parse(officer.body).places.map((p) => p.code)).toEqual([LINGJING]);
  });

  it("refuses another county's code naming `county`, and a township outside naming `township`", async () => {
    const other = await getJson('county_supervisor', '411003', 'period=2026-03&county=411081');
    expect(other.status).toBe(403);
    expect((other.body.error as { message: string }).message).toContain('county');
    expect((other.body.error as { messageZh: string }).messageZh).toContain('县区代码 411081');
    const township = await getJson('county_supervisor', '411003', `period=2026-03&township=${SHENHOU}`);
    expect(township.status).toBe(403);
    expect((township.body.error as { message: string }).message).toContain('township');
    const mismatch = await getJson('operator', '4110', `county=411003&township=${SHENHOU}`);
    expect(mismatch.status).toBe(400);
    expect(fieldsOf(mismatch.body)).toEqual(['township']);
  });

  it('answers 400 naming `period`, `county` or `to` for bad input, 401 without a token, 403 to other roles', async () => {
    for (const [query, field] of [
      ['period=2026-13', 'period'],
      ['period=last-week', 'period'],
      ['county=41100', 'county'],
      ['from=2026-05&to=2026-01', 'to'],
    ] as const) {
      const res = await getJson('county_supervisor', '411003', query);
      expect(res.status, query).toBe(400);
      expect(fieldsOf(res.body), query).toEqual([field]);
    }
    expect((await h.app.request('/api/v1/dashboard')).status).toBe(401);
    expect((await getJson('finance_officer', '411003', 'period=2026-03')).status).toBe(403);
  });
});

/** Every figure link of a dashboard page: its href and the count it shows. */
function figureLinks(html: string): { href: string; count: number }[] {
  const out: { href: string; count: number }[] = [];
  for (const m of html.matchAll(/<a href="(\/staff\/search\?[^"]*figure=[^"]*)">([\d,]+)<\/a>/g))
    out.push({ href: m[1]!.replaceAll('&amp;', '&'), count: Number(m[2]!.replaceAll(',', '')) });
  return out;
}

describe('the cases behind each figure', () => {
  it.each([
    ['county_supervisor', '411003'],
    ['operator', '4110'],
  ] as const)(
    'lists exactly as many cases as each figure of the %s dashboard counts',
    async (role, where) => {
      const headers = await auth(role, where);
      const page = await h.app.request('/staff/dashboard?period=2026-03', { headers });
      const links = figureLinks(await page.text());
      // Counts of every kind: received by channel and category, outcomes, clocks met and missed, rewards.
      expect(links.length).toBeGreaterThan(15);
      expect(links.some((l) => l.href.includes('timing=missed'))).toBe(true);
      expect(links.some((l) => l.href.includes('channel='))).toBe(true);
      for (const link of links) {
        const search = await h.app.request(link.href, { headers });
        expect(search.status, link.href).toBe(303);
        const list = search.headers.get('location')!;
        expect(list, link.href).toMatch(/^\/staff\/dashboard\/cases\?/);
        const csv = await h.app.request(`${list}&format=csv`, { headers });
        expect(csv.status, list).toBe(200);
        const rows = parse((await csv.text()).replace(/^\uFEFF/, ''), { columns: true }) as unknown[];
        expect(rows.length, `${link.href} → ${list}`).toBe(link.count);
      }
    },
  );

  it('shows the figure, place, period and filter in Chinese on the list', async () => {
    const headers = await auth('county_supervisor', '411003');
    const res = await h.app.request(
      `/staff/search?figure=clock:acceptance&timing=missed&township=${LINGJING}&from=2026-03-01&to=2026-03-31`,
      { headers },
    );
    expect(res.status).toBe(303);
    const html = await (await h.app.request(res.headers.get('location')!, { headers })).text();
    const filter = /<dl id="list-filter"[^>]*>([\s\S]*?)<\/dl>/.exec(html)![1]!.replace(/<[^>]+>/g, ' ');
    for (const words of ['数字', '受理时限', '地区', '灵井镇', '2026年3月', '是否按时', '超时'])
      expect(filter).toContain(words);
    expect(filter).not.toMatch(/clock|timing|missed|411003106/);
    const byChannel = await h.app.request(
      '/staff/dashboard/cases?period=2026-03&figure=received&channel=web&category=general_hazard',
      { headers },
    );
    const words = await byChannel.text();
    expect(words).toContain('网页');
    expect(words).toContain('一般');
  });

  it('refuses days that split a month naming `from`, and an unknown filter naming it', async () => {
    const headers = await auth('county_supervisor', '411003');
    const split = await h.app.request('/staff/search?figure=received&from=2026-03-05&to=2026-03-31', {
      headers,
    });
    expect(split.status).toBe(400);
    expect(await split.text()).toContain('起始日期应为某月 1 日');
    const bad = await h.app.request('/staff/dashboard/cases?period=2026-03&figure=received&channel=fax', {
      headers,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('json');
  });
});
