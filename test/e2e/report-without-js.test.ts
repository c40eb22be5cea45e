/** The report form works with JavaScript off: villages listed server-side, errors shown server-side. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_DISPLAY,
  CASE_NUMBER,
  type E2E,
  fillReportDetails,
  PLACE,
  readCredentials,
  SUBMIT_REPORT,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  ({ page } = await e2e.newPage({ javaScriptEnabled: false }));
});

afterAll(async () => {
  await e2e?.stop();
});

describe('reporting with JavaScript off', () => {
  it('lists the villages of the chosen township server-side, then files the report (201)', async () => {
    await page.goto(`${e2e.url}/`);
    expect(await page.locator('html').getAttribute('class')).toBeNull();
    // Nothing fills the village list without a round trip.
    expect(await page.locator('select[name=villageCode] option').count()).toBe(1);

    await fillReportDetails(page, { description: '矿区无证开采，夜间偷偷作业，巷道没有支护。' });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    const listed = await submitAndWait(page, '/report', 'button[name=action][value=villages]');
    expect(listed.status()).toBe(200);

    // Same form again, choices kept, villages of that township listed.
    expect(await page.locator('select[name=countyCode]').inputValue()).toBe(PLACE.countyCode);
    expect(await page.locator('select[name=townshipCode]').inputValue()).toBe(PLACE.townshipCode);
    expect(await page.locator('textarea[name=description]').inputValue()).toContain('矿区无证开采');
    expect(await page.locator('input[name=category][value=major_hazard]').isChecked()).toBe(true);
    const village = page.locator(`select[name=villageCode] option[value="${PLACE.villageCode}"]`);
    expect(await text(village)).toBe(PLACE.villageName);
    expect(await page.locator('select[name=villageCode] option').count()).toBeGreaterThan(5);
    expect(await page.locator('#errors').count()).toBe(0);

    await page.locator('select[name=villageCode]').selectOption(PLACE.villageCode);
    const filed = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(filed.status()).toBe(201);
    const { caseNumber, accessKey } = await readCredentials(page);
    expect(caseNumber).toMatch(CASE_NUMBER);
    expect(accessKey).toMatch(ACCESS_KEY_DISPLAY);
  });

  it('an invalid report comes back as 400 with an error summary naming each problem, values kept', async () => {
    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '太短了', address: '某路 3 号', phone: '123' });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    const response = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(response.status()).toBe(400);

    const summary = page.locator('#errors');
    expect(await summary.getAttribute('role')).toBe('alert');
    const summaryText = await text(summary);
    expect(summaryText).toContain('手机号码应为 11 位数字');
    expect(summaryText).toContain('举报内容至少写 10 个字');
    // Written for a person: no field names.
    expect(summaryText).not.toContain('description');
    expect(summaryText).not.toContain('phone');
    // Each entry links to its field, and the field says what is wrong.
    expect(await summary.locator('a[href="#f-phone"]').count()).toBe(1);
    expect(await summary.locator('a[href="#f-description"]').count()).toBe(1);
    expect(await page.locator('#f-phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#f-description').getAttribute('aria-invalid')).toBe('true');
    expect(await text(page.locator('#e-phone'))).toContain('手机号码应为 11 位数字');

    // What the reporter typed is still there.
    expect(await page.locator('textarea[name=description]').inputValue()).toBe('太短了');
    expect(await page.locator('input[name=phone]').inputValue()).toBe('123');
    expect(await page.locator('input[name=address]').inputValue()).toBe('某路 3 号');
    expect(await page.locator('input[name=category][value=major_hazard]').isChecked()).toBe(true);
    expect(await page.locator('select[name=countyCode]').inputValue()).toBe(PLACE.countyCode);
    expect(await page.locator('select[name=townshipCode]').inputValue()).toBe(PLACE.townshipCode);
    expect(await page.locator('#case-number').count()).toBe(0);
  });
});
