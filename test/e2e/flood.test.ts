/**
 * The report form under the intake budget in a real browser: with JavaScript the page solves the
 * proof-of-work before submitting (the POST carries `pow`) and the report is filed; without
 * JavaScript the form still files, under the tighter budget, and past it the form comes back
 * (429) with what was typed and when to try again (screenshots at 390 and 1280 px in
 * the temporary folder's chuishao-screenshots/; the error summary it uses is axe-checked in accessibility.test.ts).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASE_NUMBER,
  type E2E,
  fillReportDetails,
  PLACE,
  readCredentials,
  SUBMIT_REPORT,
  startE2E,
  submitAndWait,
} from './support.ts';

let e2e: E2E;
const shots = join(tmpdir(), 'chuishao-screenshots');

beforeAll(async () => {
  // Budget 10 an hour with a proof, 2 without (the JavaScript test's report counts too); a light
  // difficulty keeps the test quick.
  e2e = await startE2E({ intake: { INTAKE_SOURCE_BUDGET: '10', INTAKE_POW_DIFFICULTY: '10' } });
  mkdirSync(shots, { recursive: true });
});

afterAll(async () => {
  await e2e?.stop();
});

describe('the report form under the intake budget', () => {
  it('with JavaScript: solves the proof-of-work, then files', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '仓库里堆放大量易燃物，消防通道被货物堵死。' });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    const posted = page.waitForRequest((r) => r.url().endsWith('/report') && r.method() === 'POST');
    const response = await submitAndWait(page, '/report', SUBMIT_REPORT);
    // The form is multipart (it takes photos too): the proof is one of its parts.
    const sent = (await posted).postData() ?? '';
    expect(sent.match(/name="pow"\r\n\r\n([^\r]*)/)?.[1]).toMatch(/^v1\.[^:]+:\d+$/);
    expect(response.status()).toBe(201);
    expect((await readCredentials(page)).caseNumber).toMatch(CASE_NUMBER);
    await page.context().close();
  });

  it('without JavaScript: files once, then keeps the form and says when to come back', async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const file = async (description: string) => {
      await page.goto(`${e2e.url}/`);
      await fillReportDetails(page, { description });
      await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
      await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
      return submitAndWait(page, '/report', SUBMIT_REPORT);
    };
    expect((await file('第一次：车间里的配电箱漏电，已有工人触电受伤。')).status()).toBe(201);
    const over = await file('第二次：同一车间的配电箱仍然漏电，无人维修。');
    expect(over.status()).toBe(429);
    expect(Number(over.headers()['retry-after'])).toBeGreaterThan(0);
    const summary = page.locator('#errors');
    await expect.poll(() => summary.textContent()).toMatch(/北京时间 \d{2}:\d{2} 以后/);
    expect(await page.locator('textarea[name=description]').inputValue()).toBe(
      '第二次：同一车间的配电箱仍然漏电，无人维修。',
    );
    await summary.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'flood-429-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await summary.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'flood-429-1280.png') });
    await page.context().close();
  });
});
