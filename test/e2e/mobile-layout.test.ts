/** Mobile first: the pages fit a 390×844 phone without sideways scrolling. Saves screenshots to look at. */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, fillReportDetails, PLACE, SUBMIT_REPORT, startE2E, submitAndWait } from './support.ts';

const screenshotDir = process.env.E2E_SCREENSHOT_DIR || tmpdir();
let e2e: E2E;
let page: Page;

beforeAll(async () => {
  e2e = await startE2E();
  ({ page } = await e2e.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }));
});

afterAll(async () => {
  await e2e?.stop();
});

/** How many CSS pixels the page is wider than the viewport (runs in the page; tsconfig has no DOM lib). */
const overflow = (p: Page) =>
  p.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

describe('mobile layout (390×844)', () => {
  it('home page fits the screen width', async () => {
    await page.goto(`${e2e.url}/`);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshotDir, 'e2e-home-mobile.png'), fullPage: true });
  });

  it('confirmation page fits the screen width and shows the credentials', async () => {
    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '工地塔吊司机无证上岗，吊装时下方有人。' });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    expect((await submitAndWait(page, '/report', SUBMIT_REPORT)).status()).toBe(201);
    expect(await page.locator('#access-key').isVisible()).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(screenshotDir, 'e2e-confirmation-mobile.png'), fullPage: true });
  });

  it('public page (counts tables included) fits the screen width, in both languages', async () => {
    for (const lang of ['zh', 'en']) {
      await page.goto(`${e2e.url}/public?lang=${lang}`);
      expect(await page.locator('table').count()).toBe(3);
      expect(await overflow(page), lang).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(screenshotDir, `e2e-public-${lang}-mobile.png`), fullPage: true });
    }
  });
});
