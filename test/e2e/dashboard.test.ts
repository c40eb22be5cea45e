/**
 * The 考核 dashboard and the auditor's chain view in Chromium, at phone (390 px) and desk (1280 px)
 * widths, with axe: the county supervisor opens the dashboard, sees the charts and their tables,
 * follows a figure to its cases, downloads CSV and XLSX and gets the page's totals; the auditor
 * sees a case's chain intact and, after one stored event is tampered with in DynamoDB Local,
 * broken at that event.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventKey } from '#shared/db/keys.ts';
import {
  downloadedBytes,
  type E2E,
  seriousA11yViolations,
  staffJson,
  staffSignIn,
  staffToken,
  startE2E,
  text,
} from './support.ts';

let e2e: E2E;
const cases: string[] = [];
const SHOTS = process.env.SCREENSHOT_DIR;

beforeAll(async () => {
  e2e = await startE2E({ streamByHand: true });
  const officer = await staffToken(e2e.url, {
    id: 'officer-lingjing',
    role: 'township_officer',
    jurisdiction: '411003106',
  });
  for (let i = 0; i < 3; i++) {
    const res = await fetch(`${e2e.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: i === 2 ? 'general_hazard' : 'major_hazard',
        description: '某厂房夜间违规动火作业，无人监护。',
        location: { countyCode: '411003', townshipCode: '411003106' },
      }),
    });
    expect(res.status).toBe(201);
    cases.push(((await res.json()) as { caseNumber: string }).caseNumber);
  }
  // Two accepted on time; one closed.
  let v = (
    await staffJson(
      e2e.url,
      officer,
      'POST',
      `/api/v1/cases/${cases[0]}/transitions`,
      { action: 'accept' },
      '"1"',
    )
  ).etag;
  v = (
    await staffJson(
      e2e.url,
      officer,
      'POST',
      `/api/v1/cases/${cases[0]}/transitions`,
      { action: 'start_verification' },
      v,
    )
  ).etag;
  v = (
    await staffJson(
      e2e.url,
      officer,
      'POST',
      `/api/v1/cases/${cases[0]}/transitions`,
      { action: 'unsubstantiate', conclusion: '未发现动火。' },
      v,
    )
  ).etag;
  const closed = await staffJson(
    e2e.url,
    officer,
    'POST',
    `/api/v1/cases/${cases[0]}/transitions`,
    { action: 'close', feedback: '经核查不属实。' },
    v,
  );
  expect(closed.status).toBe(200);
  expect(
    (
      await staffJson(
        e2e.url,
        officer,
        'POST',
        `/api/v1/cases/${cases[1]}/transitions`,
        { action: 'accept' },
        '"1"',
      )
    ).status,
  ).toBe(200);
  await e2e.drainStream();
});
afterAll(async () => {
  await e2e?.stop();
});

describe('the county supervisor', () => {
  it.each([390, 1280])(
    'reads the dashboard at %i px: charts, tables, figure links, CSV and XLSX with the same totals',
    { timeout: 240_000 },
    async (width) => {
      const { page } = await e2e.newPage({ viewport: { width, height: 900 }, acceptDownloads: true });
      await staffSignIn(page, e2e.url, 'supervisor-jianan', '/staff/dashboard');
      expect(new URL(page.url()).pathname).toBe('/staff/dashboard');
      expect(await page.locator('h1').textContent()).toContain('建安区');
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('table.figures').count()).toBeGreaterThanOrEqual(9);
      expect(await text(page.locator('#kf-received'))).toBe('3');
      expect(await text(page.locator('#kf-closed'))).toBe('1');
      expect(await seriousA11yViolations(page, `dashboard ${width}px`)).toEqual([]);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/dashboard-${width}.png`, fullPage: true });
      // No sideways scrolling of the page itself (tables scroll inside their own box).
      // A string, so the test's TypeScript needs no DOM types.
      const overflow = (await page.evaluate(
        'document.documentElement.scrollWidth - window.innerWidth',
      )) as number;
      expect(overflow).toBeLessThanOrEqual(1);
      // The rest does not depend on the width: once, at desk width (keeps the test short).
      if (width === 390) {
        await page.context().close();
        return;
      }

      // A figure links to its cases in the case search, filtered.
      const link = page.locator('#table-received tr:has(th:text-is("灵井镇")) td[data-key="received"] a');
      const href = await link.getAttribute('href');
      const url = new URL(href!, e2e.url);
      expect(url.pathname).toBe('/staff/search');
      expect(url.searchParams.get('township')).toBe('411003106');
      expect(url.searchParams.get('from')).toMatch(/^\d{4}-\d{2}-01$/);
      expect(url.searchParams.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      // Followed, it lands on exactly the cases it counts, the filter said in Chinese.
      const count = await text(link);
      await Promise.all([page.waitForURL(/\/staff\/dashboard\/cases\?/), link.click()]);
      expect(await page.locator('table.figures tbody tr').count()).toBe(Number(count));
      expect(await text(page.locator('#list-filter'))).toContain('灵井镇');
      expect(await seriousA11yViolations(page, 'figure case list')).toEqual([]);
      await page.goBack();

      // The exact case list behind a figure.
      await page.locator('#f-figure').selectOption('received');
      await page.locator('#f-place').selectOption('411003106');
      await Promise.all([
        page.waitForURL(/\/staff\/dashboard\/cases/),
        page.locator('form[action="/staff/dashboard/cases"] button').click(),
      ]);
      for (const cn of cases) expect(await page.locator(`a:has-text("${cn}")`).count()).toBe(1);
      expect(await seriousA11yViolations(page, `case list ${width}px`)).toEqual([]);
      await page.goBack();

      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a:has-text("全部表格（CSV）")').click(),
      ]);
      const csvText = (await downloadedBytes(csv)).toString('utf8');
      expect(csvText.charCodeAt(0)).toBe(0xfeff);
      const rows = parse(csvText.slice(1), { relax_column_count: true }) as string[][];
      const head = rows.findIndex((r) => r[0] === '收到举报');
      expect(rows[head + 1]!.slice(0, 3)).toEqual(['乡镇（街道）', '代码', '合计']);
      const total = rows.slice(head + 2).find((r) => r[0] === '合计')!;
      expect(total[2]).toBe(await text(page.locator('#kf-received')));

      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.locator('a:has-text("全部表格（Excel）")').click(),
      ]);
      expect(xlsx.suggestedFilename()).toMatch(/^考核统计-建安区-.+\.xlsx$/);
      const sheets = await readXlsxFile(await downloadedBytes(xlsx));
      const outcomes = sheets.find((s) => s.sheet.startsWith('办理结果'))!;
      expect(outcomes.data[1]!.slice(0, 3)).toEqual(['乡镇（街道）', '代码', '受理']);
      const outTotal = outcomes.data.find((r) => r[0] === '合计')!;
      expect(outTotal[2]).toBe(2);
      expect(String(outTotal[outcomes.data[1]!.indexOf('办结')])).toBe(
        await text(page.locator('#kf-closed')),
      );
      await page.context().close();
    },
  );
});

describe('the auditor', () => {
  it('sees a chain intact, then broken at the event tampered with in DynamoDB Local', async () => {
    const { page } = await e2e.newPage({ viewport: { width: 390, height: 900 } });
    const cn = cases[0]!;
    await staffSignIn(page, e2e.url, 'auditor-xuchang', `/staff/cases/${cn}/audit`);
    expect(await page.locator('#chain-result').getAttribute('data-intact')).toBe('true');
    expect(await seriousA11yViolations(page, 'audit view intact')).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/audit-intact-390.png`, fullPage: true });

    await e2e.db.send(
      new UpdateItemCommand({
        TableName: e2e.tables.cases,
        Key: marshall(eventKey(cn, 3)),
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'internalNote' },
        ExpressionAttributeValues: marshall({ ':t': '篡改后的结论' }),
      }),
    );
    await page.reload();
    const result = page.locator('#chain-result');
    expect(await result.getAttribute('data-intact')).toBe('false');
    expect(await result.getAttribute('data-broken-at')).toBe('3');
    expect(await text(result)).toContain('第 3 个事件');
    expect(await page.locator('tr.broken th').textContent()).toBe('3');
    expect(await seriousA11yViolations(page, 'audit view broken')).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/audit-broken-390.png`, fullPage: true });

    await page.goto(`${e2e.url}/staff/access-review`);
    expect(await page.locator('table.figures tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(page, 'access review')).toEqual([]);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/access-review-390.png`, fullPage: true });
  });
});
