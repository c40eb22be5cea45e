/**
 * Evidence in Chromium at 390 px: a citizen attaches two photos without JavaScript (a plain
 * multipart form) and with it (list, remove, progress bar); the township officer sees thumbnails
 * made from the stripped files. axe finds no serious violation on the pages involved.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithMetadata, pngWithMetadata } from '../support/evidence-samples.ts';
import {
  type E2E,
  fillReportDetails,
  readCredentials,
  SUBMIT_REPORT,
  seriousA11yViolations,
  staffSignIn,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
const LINGJING = { countyCode: '411003', townshipCode: '411003106' };
const PHONE = { viewport: { width: 390, height: 844 } };
let photos: { name: string; mimeType: string; buffer: Buffer }[];

beforeAll(async () => {
  e2e = await startE2E();
  photos = [
    {
      name: 'IMG_0001.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegWithMetadata({ width: 400, height: 300, seed: 21 }),
    },
    { name: 'IMG_0002.png', mimeType: 'image/png', buffer: await pngWithMetadata() },
  ];
});
afterAll(async () => {
  await e2e?.stop();
});

async function fillForm(page: Page) {
  await page.goto(`${e2e.url}/`);
  await fillReportDetails(page, { description: '厂房内违规存放油漆桶，附现场照片两张。' });
  await page.locator('select[name=countyCode]').selectOption(LINGJING.countyCode);
  await page.locator('select[name=townshipCode]').selectOption(LINGJING.townshipCode);
}

const cases: string[] = [];

describe('attaching photos to a report', () => {
  it('without JavaScript: two photos in the multipart form, the page says what is accepted', async () => {
    const { page } = await e2e.newPage({ ...PHONE, javaScriptEnabled: false });
    await fillForm(page);
    expect(await text(page.locator('#h-file'))).toContain('JPEG、PNG、WebP');
    // axe needs JavaScript in the page; the same form is checked in the next test.
    await page.locator('#f-file').setInputFiles(photos);
    const res = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(res.status()).toBe(201);
    expect(await text(page.locator('#files-added'))).toContain('已保存 2 个');
    cases.push((await readCredentials(page)).caseNumber);
    await page.context().close();
  });

  it('with JavaScript: files are listed, one is removed, the upload shows progress and lands', async () => {
    const { page } = await e2e.newPage(PHONE);
    await fillForm(page);
    const extra = { name: 'wrong.jpg', mimeType: 'image/jpeg', buffer: await jpegWithMetadata({ seed: 22 }) };
    await page.locator('#f-file').setInputFiles([...photos, extra]);
    const items = page.locator('[data-evidence-list] li');
    expect(await items.count()).toBe(3);
    await page.getByRole('button', { name: '移除 wrong.jpg' }).click();
    expect(await items.count()).toBe(2);
    expect(await seriousA11yViolations(page, 'report form with two chosen files')).toEqual([]);
    await page.screenshot({ path: '/tmp/evidence-form-390.png', fullPage: false });
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/report' && r.request().method() === 'POST',
        {
          timeout: 90_000,
        },
      ),
      page.locator(SUBMIT_REPORT).click(),
    ]);
    expect(response.status()).toBe(201);
    await page.locator('#files-added').waitFor();
    expect(await text(page.locator('#files-added'))).toContain('已保存 2 个');
    cases.push((await readCredentials(page)).caseNumber);
    await page.context().close();
  });

  it('the township officer sees thumbnails of both photos and opens one', async () => {
    const { page } = await e2e.newPage(PHONE);
    for (const caseNumber of cases) {
      if (cases.indexOf(caseNumber) === 0)
        await staffSignIn(page, e2e.url, 'officer-lingjing', `/staff/cases/${caseNumber}`);
      else await page.goto(`${e2e.url}/staff/cases/${caseNumber}`);
      const thumbs = page.locator('#evidence img');
      expect(await thumbs.count()).toBe(2);
      expect(await thumbs.first().getAttribute('alt')).toBe('照片 1');
      // Every thumbnail decoded: polled from the test, since the page's CSP forbids evaluating strings.
      await expect
        .poll(() =>
          page
            .locator('#evidence img')
            .evaluateAll((imgs) =>
              imgs.every(
                (i) =>
                  (i as unknown as { complete: boolean; naturalWidth: number }).complete &&
                  (i as unknown as { naturalWidth: number }).naturalWidth > 0,
              ),
            ),
        )
        .toBe(true);
    }
    await page.locator('#evidence').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/evidence-staff-390.png', fullPage: false });
    expect(await seriousA11yViolations(page, 'staff case page with evidence')).toEqual([]);
    const href = await page.locator('#evidence a').first().getAttribute('href');
    const file = await page.request.get(`${e2e.url}${href}`);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toBe('image/jpeg');
    expect(page.url()).not.toContain('IMG_');
    expect(await page.content()).not.toContain('IMG_000');
  });
});
