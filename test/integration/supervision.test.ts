/**
 * Supervision (考核) figures end to end on DynamoDB Local: a scripted set of cases with known
 * outcomes and clocks (met, missed, extended, transferred, routed late from triage, reopened by
 * objection, a reward computed and approved) gives exactly the expected figures per township and
 * period; redelivered stream records change nothing; counties are isolated; the backfill rebuilds
 * the same counters; exports carry the same numbers; the auditor sees the chain and the access log.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { PK, SK } from '#shared/db/keys.ts';
import { deleteSupervisionFigures, scanCasesAndRewards } from '#shared/repositories/case-scan-repository.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { SupervisionRepository } from '#shared/repositories/supervision-repository.ts';
import { handleCaseChange } from '#shared/services/case-changes.ts';
import { backfillCounters, recordSupervisionChange } from '#shared/services/supervision-counting.ts';
import { createHarness, type Harness } from '../support/harness.ts';
import { LINGJING, supervisionScript } from '../support/supervision-script.ts';

let h: Harness;
let auth: ReturnType<typeof supervisionScript>['auth'];
let file: ReturnType<typeof supervisionScript>['file'];
let act: ReturnType<typeof supervisionScript>['act'];

/** Every supervision counter item, as comparable JSON. */
async function counterItems() {
  const out = await h.db.send(new ScanCommand({ TableName: h.tables.cases }));
  return (out.Items ?? [])
    .map((i) => unmarshall(i))
    .filter((i) => String(i[PK]).startsWith('SUP#'))
    .sort((a, b) => `${a[PK]}${a[SK]}`.localeCompare(`${b[PK]}${b[SK]}`));
}

async function dashboardJson(role: StaffRole, jurisdiction: string, query: string) {
  const res = await h.app.request(`/staff/dashboard?${query}&format=csv`, {
    headers: await auth(role, jurisdiction),
  });
  // Decoded keeping the byte-order mark, which Excel needs to read the file as UTF-8.
  const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, csv, headers: res.headers };
}

/** A CSV export's table `title` as rows keyed by the first column. */
function tableOf(csv: string, title: string): Map<string, Record<string, string>> {
  const rows = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  const start = rows.findIndex((r) => r[0] === title && r.length === 1);
  expect(start, title).toBeGreaterThan(-1);
  const head = rows[start + 1]!;
  const out = new Map<string, Record<string, string>>();
  for (let i = start + 2; i < rows.length && rows[i]!.length > 1; i++) {
    const r = rows[i]!;
    out.set(r[0]!, Object.fromEntries(head.map((k, j) => [k, r[j] ?? ''])));
  }
  return out;
}

let A: { caseNumber: string; accessKey: string };
let B: string;
let G: string;

beforeAll(async () => {
  h = await createHarness();
  ({ auth, file, act } = supervisionScript(h));
  ({ A, B, G } = await supervisionScript(h).run());
});
afterAll(async () => {
  await h.cleanup();
});

describe('the county dashboard', () => {
  it('gives exactly the scripted figures per township for March 2026', async () => {
    const { status, csv, headers } = await dashboardJson('county_supervisor', '411003', 'period=2026-03');
    expect(status).toBe(200);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(headers.get('content-disposition')).toContain(encodeURIComponent('建安区'));
    const received = tableOf(csv, '收到举报');
    expect(received.get('灵井镇')).toMatchObject({
      合计: '6',
      网页: '6',
      一般事故隐患: '1',
      重大事故隐患: '5',
    });
    expect(received.get('将官池镇')).toMatchObject({ 合计: '0' });
    expect(received.get('合计')).toMatchObject({ 合计: '6' });
    expect(received.has('待分派乡镇')).toBe(true);
    expect(received.get('待分派乡镇')).toMatchObject({ 合计: '0' });
    const outcomes = tableOf(csv, '办理结果');
    expect(outcomes.get('灵井镇')).toMatchObject({
      受理: '3',
      不予受理: '1',
      移出: '1',
      移入: '0',
      属实: '1',
      不属实: '0',
      办结: '1',
      异议成立重新核查: '1',
    });
    expect(outcomes.get('将官池镇')).toMatchObject({ 移入: '1' });
    const onTime = tableOf(csv, '按时办理');
    expect(onTime.get('灵井镇')).toMatchObject({
      受理按时: '4',
      受理超时: '1',
      '受理按时率%': '80',
      核查按时: '1',
      反馈按时: '1',
      异议复核按时: '1',
      延期核查按时: '0',
      当前超期: '1',
    });
    expect(onTime.get('待分派乡镇')).toMatchObject({ 分派按时: '0', 分派超时: '1' });
    expect(onTime.get('将官池镇')).toMatchObject({ 当前超期: '1' });
    expect(tableOf(csv, '办理用时').get('灵井镇')).toMatchObject({
      受理后办结件数: '1',
      '中位数（天）': '3',
      '90%分位（天）': '3',
    });
    expect(tableOf(csv, '异议与挂牌督办').get('灵井镇')).toMatchObject({ 异议: '1', 异议成立: '1' });
    expect(tableOf(csv, '举报奖励').get('灵井镇')).toMatchObject({
      核算: '1',
      '核算金额（元）': '3000',
      审批通过: '1',
      '审批金额（元）': '3000',
      '待申领（当前）': '1',
    });
    // 禹州市's case is not here.
    expect(csv).not.toContain('神垕镇');
  });

  it('counts the extended verification in the month it was discharged (a year, a quarter)', async () => {
    const year = tableOf((await dashboardJson('county_supervisor', '411003', 'period=2026')).csv, '按时办理');
    expect(year.get('灵井镇')).toMatchObject({ 延期核查按时: '1', 核查按时: '1' });
    const q1 = tableOf(
      (await dashboardJson('county_supervisor', '411003', 'period=2026-Q1')).csv,
      '按时办理',
    );
    expect(q1.get('灵井镇')).toMatchObject({ 延期核查按时: '0' });
    const range = tableOf(
      (await dashboardJson('county_supervisor', '411003', 'from=2026-04&to=2026-05')).csv,
      '办理结果',
    );
    expect(range.get('灵井镇')).toMatchObject({ 受理: '0', 属实: '1' });
  });

  it('reads a whole year from the roll-ups with the same figures as month by month', async () => {
    // 2025-12…2026-12 is not made of whole years: it adds up every place's months (nothing
    // happened in December 2025), while 2026 reads the year and month roll-ups.
    for (const [role, place] of [
      ['county_supervisor', '411003'],
      ['auditor', '4110'],
    ] as const) {
      const year = (await dashboardJson(role, place, 'period=2026')).csv;
      const months = (await dashboardJson(role, place, 'from=2025-12&to=2026-12')).csv;
      for (const title of ['收到举报', '办理结果', '按时办理', '办理用时', '异议与挂牌督办', '举报奖励']) {
        const y = tableOf(year, title);
        expect(y.get('合计'), title).toBeDefined();
        expect(y, `${place} ${title}`).toEqual(tableOf(months, title));
      }
      const trend = (csv: string) =>
        [...tableOf(csv, '月度趋势').entries()].filter(([m]) => m.includes('2026'));
      expect(trend(year).length).toBe(12);
      expect(trend(year)).toEqual(trend(months));
    }
  });

  it('keeps counties apart and shows a township officer their township only', async () => {
    const other = await dashboardJson('county_supervisor', '411003', 'period=2026-03&place=411081');
    expect(other.status).toBe(404);
    const yuzhou = tableOf(
      (await dashboardJson('county_supervisor', '411081', 'period=2026-03')).csv,
      '办理结果',
    );
    expect(yuzhou.get('神垕镇')).toMatchObject({ 受理: '1' });
    expect([...yuzhou.keys()]).not.toContain('灵井镇');
    const own = tableOf(
      (await dashboardJson('township_officer', LINGJING, 'period=2026-03')).csv,
      '收到举报',
    );
    expect([...own.keys()]).toEqual(['灵井镇', '合计']);
    expect((await dashboardJson('finance_officer', '411003', 'period=2026-03')).status).toBe(403);
  });

  it('shows the city per county, with a drill-down into a county', async () => {
    const city = tableOf((await dashboardJson('auditor', '4110', 'period=2026-03')).csv, '收到举报');
    expect(city.get('建安区')).toMatchObject({ 合计: '6' });
    expect(city.get('禹州市')).toMatchObject({ 合计: '1' });
    expect(city.get('合计')).toMatchObject({ 合计: '7' });
    const drill = tableOf(
      (await dashboardJson('operator', '4110', 'period=2026-03&place=411003')).csv,
      '收到举报',
    );
    expect(drill.get('灵井镇')).toMatchObject({ 合计: '6' });
  });

  it('answers a bad period with a 400 naming it', async () => {
    const headers = await auth('county_supervisor', '411003');
    const page = await h.app.request('/staff/dashboard?period=2026-13', { headers });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('时间段应为月份');
    const range = await h.app.request('/staff/dashboard?from=2026-05&to=2026-01&format=csv', { headers });
    expect(range.status).toBe(400);
    expect(JSON.stringify(await range.json())).toContain('to');
  });

  it('exports the same figures as XLSX, with the jurisdiction and period in the sheet and file name', async () => {
    const res = await h.app.request('/staff/dashboard?period=2026-03&format=xlsx', {
      headers: await auth('county_supervisor', '411003'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('考核统计-建安区-2026年3月'));
    const sheets = await readXlsxFile(Buffer.from(await res.arrayBuffer()));
    const received = sheets.find((s) => s.sheet.startsWith('收到举报'))!;
    expect(received.sheet).toContain('建安区');
    expect(String(received.data[0]![0])).toContain('2026年3月');
    const row = received.data.find((r) => r[0] === '灵井镇')!;
    expect(row[2]).toBe(6);
  });

  it('lists the cases behind a figure, without report text or reporter data', async () => {
    const headers = await auth('county_supervisor', '411003');
    const res = await h.app.request(
      `/staff/dashboard/cases?period=2026-03&figure=clock:acceptance&place=${LINGJING}&format=csv`,
      { headers },
    );
    expect(res.status).toBe(200);
    const rows = parse((await res.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toHaveLength(5);
    expect(rows.find((r) => r.案件编号 === B)).toMatchObject({
      是否按时: '超时',
      时限: '受理',
      当前状态: '已受理',
    });
    const received = await h.app.request(
      `/staff/dashboard/cases?period=2026-03&figure=received&place=${LINGJING}`,
      {
        headers,
      },
    );
    const html = await received.text();
    expect(html).toContain(G);
    expect(html).not.toContain('违规动火');
    const bad = await h.app.request('/staff/dashboard/cases?period=2026-03&figure=nope', { headers });
    expect(bad.status).toBe(400);
  });
});

describe('counting', () => {
  it('changes nothing when every stream record is delivered again', async () => {
    const before = await counterItems();
    const out = await h.db.send(new ScanCommand({ TableName: h.tables.cases }));
    for (const raw of out.Items ?? []) {
      const item = unmarshall(raw);
      const sk = String(item[SK]);
      if (!String(item[PK]).startsWith('CASE#')) continue;
      if (sk === 'CASE')
        await recordSupervisionChange(h.streamDeps, {
          eventName: 'MODIFY',
          oldImage: { ...item, lastEventSeq: 0 },
          newImage: item,
        });
      else if (sk === 'REWARD' || sk.startsWith('EVT#'))
        await recordSupervisionChange(h.streamDeps, { eventName: 'INSERT', newImage: item });
    }
    expect(await counterItems()).toEqual(before);
  });

  it('rebuilds the same counters with the backfill', async () => {
    const live = await counterItems();
    // What `npm run backfill:counters -- --rebuild` does first.
    expect(await deleteSupervisionFigures(h.db, h.tables)).toBeGreaterThan(live.length);
    expect(await counterItems()).toEqual([]);
    const supervision = new SupervisionRepository(h.db, h.tables);
    const result = await backfillCounters(
      { cases: h.deps.cases, supervision, regionCode: '4110' },
      scanCasesAndRewards(h.db, h.tables),
    );
    expect(result.cases).toBe(7);
    // Zero-valued attributes (a move's −1/+1) may be absent after the backfill; compare non-zero.
    const nonZero = (items: Record<string, unknown>[]) =>
      items
        .map((i) => Object.fromEntries(Object.entries(i).filter(([, v]) => v !== 0)))
        .filter((i) => Object.keys(i).some((k) => ![PK, SK, 'place', 'month'].includes(k)));
    expect(nonZero(await counterItems())).toEqual(nonZero(live));
  });
});

describe('the auditor', () => {
  it('sees the whole chain, intact, and the access log of who did what', async () => {
    const headers = await auth('auditor', '411003');
    const res = await h.app.request(`/staff/cases/${A.caseNumber}/audit`, { headers });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-intact="true"');
    expect(html).toContain('事件链完整');
    const other = await h.app.request(`/staff/cases/${A.caseNumber}/audit`, {
      headers: await auth('auditor', '411081'),
    });
    expect(other.status).toBe(404);
    const notAuditor = await h.app.request(`/staff/cases/${A.caseNumber}/audit`, {
      headers: await auth('county_supervisor', '411003'),
    });
    expect(notAuditor.status).toBe(403);

    const review = await h.app.request(
      `/staff/access-review?from=2026-03-01&to=2026-03-31&staff=${encodeURIComponent('county_supervisor@411003')}&format=csv`,
      { headers },
    );
    expect(review.status).toBe(200);
    const rows = parse((await review.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.操作)).toEqual(expect.arrayContaining(['分派乡镇', '录入奖励事实']));
    expect(rows.every((r) => r.工作人员编号 === 'county_supervisor@411003')).toBe(true);
    const accepts = await h.app.request(
      '/staff/access-review?from=2026-03-01&to=2026-03-31&action=accept&format=csv',
      {
        headers,
      },
    );
    const acceptRows = parse((await accepts.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    // 灵井镇's accepts in March (A, E, B); 禹州市's F is another county's.
    expect(acceptRows).toHaveLength(3);
    const bad = await h.app.request('/staff/access-review?from=2026-13-01', { headers });
    expect(bad.status).toBe(400);
  });
});

describe('the public page', () => {
  it('counts a report located after intake under its county from then on, once, and draws its counts', async () => {
    const publicRecords = new PublicRepository(h.db, h.tables);
    const unlocated = (await file({ address: 'xyz' })).caseNumber;
    await h.drainStream();
    const march = async () => (await publicRecords.months('2026-03', '2026-03'))[0]!;
    const before = await march();
    expect(before.byCounty.none?.received).toBeGreaterThanOrEqual(1);
    const jianan = before.byCounty['411003']?.received ?? 0;
    await act(await auth('operator', '4110'), unlocated, {
      action: 'assign_township',
      townshipCode: LINGJING,
    });
    await h.drainStream();
    // Redelivered: still once.
    const record = (await h.deps.cases.get(unlocated))!.record;
    await handleCaseChange(h.streamDeps, {
      id: 'again',
      eventName: 'MODIFY',
      oldImage: { ...record, townshipCode: undefined, location: {} },
      newImage: record as unknown as Record<string, unknown>,
    });
    const after = await march();
    expect(after.byCounty['411003']?.received).toBe(jianan + 1);
    expect(after.byCounty.none?.received).toBe((before.byCounty.none?.received ?? 0) - 1);
    expect(after.total.received).toBe(before.total.received);
    const html = await (await h.app.request('/public')).text();
    expect(html.match(/<svg[^>]*class="chart"/g)).toHaveLength(2);
  });
});
