/**
 * A day of each staff role in Chromium, at 390 px (a phone) and 1280 px (a desk):
 * - the operator routes a triage case from its page without JavaScript (county → township lists)
 *   and with it (one click on a candidate of the place matcher);
 * - a township officer works a case from accepted to closed and sees every text they recorded on
 *   the page and in GET /api/v1/cases/{n}; closing without ticking the confirmation is refused
 *   with an error summary;
 * - an imminent-danger case comes first in the queue with its hours;
 * - the auditor sees no form it cannot use, and a refused post is a page in Chinese, not JSON.
 * Every page visited passes the shared page check (no sideways scroll, no internal key, axe).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanPage, leaksIn } from './page-checks.ts';
import { type E2E, staffJson, staffSignIn, staffToken, startE2E, submitAndWait, text } from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  // The stream consumer stays off: a triage case stays in triage until the operator routes it.
  e2e = await startE2E({ streamByHand: true });
});
afterAll(async () => {
  await e2e?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const DESK = { viewport: { width: 1280, height: 900 } };

/** Files a web report through the public API; returns its case number. */
async function file(body: Record<string, unknown>): Promise<string> {
  const res = await fetch(`${e2e.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ category: 'major_hazard', unitName: '某某化工有限公司', ...body }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

/** Opens a case's action form (a disclosure) and fills its fields. */
async function fill(page: Page, action: string, fields: Record<string, string>) {
  const details = page.locator(`details#action-${action}`);
  if (!(await details.evaluate((d) => (d as { open: boolean }).open)))
    await details.locator('summary').click();
  const form = page.locator(`form[data-action=${action}]:not([data-candidate])`);
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name=${name}]`).fill(value);
  return form;
}

async function act(page: Page, caseNumber: string, action: string, fields: Record<string, string> = {}) {
  const form = await fill(page, action, fields);
  if ((await form.locator('input[name=confirm]').count()) > 0)
    await form.locator('input[name=confirm]').check();
  const res = await submitAndWait(
    page,
    `/staff/cases/${caseNumber}/transitions`,
    `form[data-action=${action}]:not([data-candidate]) button[type=submit]`,
  );
  expect(res.status(), action).toBe(303);
}

describe('the shared page check', () => {
  it('finds internal keys and document references, and passes plain Chinese', () => {
    expect(leaksIn('办理期限（objectionReview）')).toEqual(['objectionReview']);
    expect(leaksIn('挂牌督办 action_list_for_supervision')).toEqual(['action_list_for_supervision']);
    expect(leaksIn('依据 RULES.md §3.1')).toEqual(['RULES.md']);
    expect(leaksIn('角色 auditor')).toEqual(['auditor']);
    expect(leaksIn('分派期限：2026-12-08 · 还剩 2 天')).toEqual([]);
  });
});

describe("an operator's day: routing a triage case", () => {
  it('routes from the case page without JavaScript (county → township lists), on a phone', async () => {
    const caseNumber = await file({
      description: '陈庄村东头有个小煤窑，晚上偷偷开采，井下没有支护。',
      location: { address: '陈庄村东头的小煤窑' },
    });
    const { page } = await e2e.newPage({ ...PHONE, javaScriptEnabled: false });
    await staffSignIn(page, e2e.url, 'operator-xuchang');
    await expectCleanPage(page, 'operator queue (390, no JS)', { axe: false });
    const row = page.locator(`tr[data-case="${caseNumber}"]`);
    expect(await text(row)).toContain('已等待');
    expect(await text(row)).toContain('可能的乡镇');
    await row.locator('a').first().click();
    await page.waitForLoadState('load');
    await expectCleanPage(page, 'triage case page (390, no JS)', { axe: false });
    expect(await text(page.locator('#case-township'))).toContain('尚未交办');

    // Without JavaScript every county's townships are listed, grouped by county: pick 灵井镇.
    const form = page.locator('form[data-action=assign_township]:not([data-candidate])');
    await form.locator('select[name=townshipCode]').selectOption('411003106');
    const res = await submitAndWait(
      page,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-action=assign_township]:not([data-candidate]) button[type=submit]',
    );
    expect(res.status()).toBe(303);
    expect(await text(page.locator('#case-status'))).toBe('已交办乡镇');
    expect(await text(page.locator('#case-township'))).toBe('灵井镇');
    await expectCleanPage(page, 'routed case page (390, no JS)', { axe: false });
  });

  it('routes with one click on a candidate township, with JavaScript, at a desk', async () => {
    const caseNumber = await file({
      description: '灵井镇一处仓库堆放液化气罐，没有防护。',
      location: { address: '灵井镇仓库' },
    });
    const { page } = await e2e.newPage(DESK);
    await staffSignIn(page, e2e.url, 'operator-xuchang', `/staff/cases/${caseNumber}`);
    await expectCleanPage(page, 'triage case page (1280)');
    const candidate = page.locator('form[data-candidate="411003106"] button');
    expect(await candidate.count()).toBe(1);
    // The cascading lists: choosing a county leaves only its townships to choose from.
    await page.locator('select#a-assign_township-county').selectOption('411003');
    const visible = await page
      .locator('select#a-assign_township-township optgroup:not([disabled])')
      .evaluateAll((gs) => gs.map((g) => (g as unknown as { label: string }).label));
    expect(visible).toEqual(['建安区']);
    const res = await submitAndWait(
      page,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-candidate="411003106"] button',
    );
    expect(res.status()).toBe(303);
    expect(await text(page.locator('#case-township'))).toBe('灵井镇');
    await expectCleanPage(page, 'routed case page (1280)');
    await page.goto(`${e2e.url}/staff`);
    await expectCleanPage(page, 'operator queue (1280)');
  });
});

describe("a township officer's day", () => {
  it('works a case accepted → closed and sees every recorded text, on a phone', async () => {
    const caseNumber = await file({
      description: '灵井镇金鑫铸造厂熔炼炉下面地坑常年积水，工人仍在作业。',
      location: { countyCode: '411003', townshipCode: '411003106' },
    });
    const { page } = await e2e.newPage(PHONE);
    await staffSignIn(page, e2e.url, 'officer-lingjing', `/staff/cases/${caseNumber}`);
    await expectCleanPage(page, 'officer case page, assigned (390)');
    expect(await text(page.locator('#case-deadline'))).toContain('受理期限');

    const texts = {
      acceptNote: '已受理，安排两人核查。',
      findings: '现场核查：地坑积水约半米，炉体下方有渗漏。',
      conclusion: '经核查，积水遇铁水有爆炸风险，属重大事故隐患。',
      order: '立即停止熔炼作业，排干地坑积水并做防渗处理。',
      confirmNote: '复查：地坑已排干并做防渗。',
      feedback: '您反映的情况属实，已责令整改并复查完成，感谢您的举报。',
    };
    await act(page, caseNumber, 'accept', { note: texts.acceptNote });
    await act(page, caseNumber, 'start_verification');
    await act(page, caseNumber, 'record_findings', { findings: texts.findings });
    await act(page, caseNumber, 'substantiate', { conclusion: texts.conclusion });
    await act(page, caseNumber, 'order_rectification', { order: texts.order, deadline: '2099-01-31' });
    await expectCleanPage(page, 'officer case page, rectifying (390)');
    await act(page, caseNumber, 'confirm_rectification', { note: texts.confirmNote });

    // 办结 without ticking the confirmation: the browser asks for the box first (it is required);
    // past that (an old browser), the server refuses with an error summary linking to the box.
    await fill(page, 'close', { feedback: texts.feedback });
    await page.locator('#a-close-confirm').evaluate((box) => box.removeAttribute('required'));
    const refused = await submitAndWait(
      page,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-action=close] button[type=submit]',
    );
    expect(refused.status()).toBe(400);
    expect(await text(page.locator('#errors'))).toContain('请勾选确认后再办结并反馈');
    expect(await page.locator('#errors a').getAttribute('href')).toBe('#a-close-confirm');
    expect(await page.locator('#a-close-feedback').inputValue()).toBe(texts.feedback);
    await expectCleanPage(page, 'officer case page, close refused (390)');
    await page.locator('#a-close-confirm').check();
    const closed = await submitAndWait(
      page,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-action=close] button[type=submit]',
    );
    expect(closed.status()).toBe(303);
    expect(await text(page.locator('#case-status'))).toBe('已办结');
    await expectCleanPage(page, 'officer case page, closed (390)');

    const record = await text(page.locator('#record'));
    for (const t of Object.values(texts)) expect(record).toContain(t);
    expect(record).toContain('2099-01-31');
    // The timeline names people and actions in words, and merges the views into one line.
    const timeline = await text(page.locator('ol.timeline'));
    expect(timeline).toContain('李安');
    expect(timeline).not.toContain('officer-lingjing');
    expect(timeline).not.toContain('查看案件');
    expect(await text(page.locator('#views'))).toMatch(/^查看 \d+ 次，最近 李安/);

    // The API returns the same record.
    const token = await staffToken(e2e.url, {
      id: 'officer-lingjing',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    const api = await staffJson(e2e.url, token, 'GET', `/api/v1/cases/${caseNumber}`);
    const json = JSON.stringify(api.body.record);
    for (const t of Object.values(texts)) expect(json).toContain(t);
  });

  it('sees the imminent-danger case first in the queue, with its hours and an urgent badge', async () => {
    await file({
      description: '灵井镇某厂房屋顶开裂，普通隐患。',
      location: { countyCode: '411003', townshipCode: '411003106' },
    });
    const urgent = await file({
      description: '灵井镇某厂液氨管道泄漏，工人还在车间里。',
      imminentDanger: true,
      location: { countyCode: '411003', townshipCode: '411003106' },
    });
    for (const options of [PHONE, DESK]) {
      const { page } = await e2e.newPage(options);
      await staffSignIn(page, e2e.url, 'officer-lingjing');
      await expectCleanPage(page, `officer queue (${options.viewport.width})`);
      const first = page.locator('table.queue tbody tr').first();
      expect(await first.getAttribute('data-case')).toBe(urgent);
      expect(await text(first.locator('.badge.urgent'))).toBe('紧急');
      expect(await text(first.locator('td.due'))).toMatch(/还剩 1 小时 \d+ 分|还剩 \d+ 分钟/);
    }
  });
});

describe("the auditor's day", () => {
  it('sees no form it cannot use, and a refused post answers with a page in Chinese', async () => {
    const caseNumber = await file({
      description: '灵井镇某加油站夜间违规卸油，没有静电接地。',
      location: { countyCode: '411003', townshipCode: '411003106' },
    });
    const { page } = await e2e.newPage(DESK);
    await staffSignIn(page, e2e.url, 'auditor-xuchang', `/staff/cases/${caseNumber}`);
    await expectCleanPage(page, 'auditor case page (1280)');
    expect(await page.locator('form[action$="/messages"]').count()).toBe(0);
    expect(await page.locator('form[data-action]').count()).toBe(0);
    // A post the role may not make (e.g. from an old tab) is a page with the reason, never JSON.
    const token = (await page.locator('input[name=_csrf]').first().getAttribute('value')) ?? '';
    const res = await page.request.post(`${e2e.url}/staff/cases/${caseNumber}/messages`, {
      form: { text: '测试', lang: 'zh', _csrf: token },
    });
    expect(res.status()).toBe(403);
    expect(res.headers()['content-type']).toContain('text/html');
    expect(await res.text()).toContain('您的岗位只能查看案件');
  });
});
