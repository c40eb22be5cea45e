/** A reporter files a report with JavaScript on, then follows it up; nothing about them leaks. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCESS_KEY_DISPLAY,
  CASE_NUMBER,
  canaryIdentity,
  type E2E,
  fillReportDetails,
  PLACE,
  readCredentials,
  SUBMIT_REPORT,
  signIn,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
let page: Page;
let requests: string[];
const canary = canaryIdentity();
const message = `现场今天又在动火，已拍照。${Date.now()}`;
let filed: { caseNumber: string; accessKey: string; html: string } | undefined;

beforeAll(async () => {
  e2e = await startE2E();
  ({ page, requests } = await e2e.newPage());
});

afterAll(async () => {
  await e2e?.stop();
});

describe('reporting with JavaScript on', () => {
  it('files a report through the form: village list loads by fetch, 201 with case number and access key', async () => {
    await page.goto(`${e2e.url}/`);
    // app.js hides the server-side "list villages" button once it can load villages itself.
    await expect.poll(() => page.locator('html').getAttribute('class')).toContain('js');
    expect(await page.locator('button[name=action][value=villages]').isVisible()).toBe(false);

    await fillReportDetails(page, {
      description: '某化工厂夜间违规动火作业，无人监护，现场堆放易燃物。',
      address: '颍川街道某路 12 号',
      name: canary.name,
      phone: canary.phone,
    });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    const places = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/places?parent=${PLACE.townshipCode}`) && r.status() === 200,
    );
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    await places;
    const village = page.locator(`select[name=villageCode] option[value="${PLACE.villageCode}"]`);
    await village.waitFor({ state: 'attached' });
    expect(await text(village)).toBe(PLACE.villageName);
    await page.locator('select[name=villageCode]').selectOption(PLACE.villageCode);

    const response = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(response.status()).toBe(201);
    const { caseNumber, accessKey } = await readCredentials(page);
    expect(caseNumber).toMatch(CASE_NUMBER);
    expect(accessKey).toMatch(ACCESS_KEY_DISPLAY);
    filed = { caseNumber, accessKey, html: await page.content() };
  });

  it('follows the case up with case number and access key, adds a message, signs out', async () => {
    expect(filed).toBeDefined();
    const { caseNumber, accessKey } = filed!;
    const signedIn = await signIn(page, e2e.url, caseNumber, accessKey);
    expect(signedIn.status()).toBe(303);
    expect(new URL(page.url()).pathname).toBe('/follow-up');
    expect(await text(page.locator('#case-number'))).toBe(caseNumber);
    expect(await text(page.locator('#case-status'))).not.toBe('');

    await page.locator('textarea[name=text]').fill(message);
    const sent = await submitAndWait(
      page,
      '/follow-up/message',
      'form[action="/follow-up/message"] button[type=submit]',
    );
    expect(sent.status()).toBe(303);
    expect(await page.locator('.messages li').allTextContents()).toContainEqual(
      expect.stringContaining(message),
    );
    expect(await text(page.locator('#case-number'))).toBe(caseNumber);

    await submitAndWait(page, '/follow-up/sign-out', 'form[action="/follow-up/sign-out"] button');
    expect(await page.locator('#case-number').count()).toBe(0);
    expect(await page.locator('input[name=accessKey]').count()).toBe(1);
    await page.goto(`${e2e.url}/follow-up`);
    expect(await page.locator('#case-status').count()).toBe(0);
  });

  it('a wrong access key is refused (401) without saying whether the case exists', async () => {
    expect(filed).toBeDefined();
    const response = await signIn(page, e2e.url, filed!.caseNumber, '0000 0000 0000 0000');
    expect(response.status()).toBe(401);
    expect(await text(page.locator('[role=alert]'))).toContain('案件编号或查询密码不正确');
    expect(await page.locator('#case-status').count()).toBe(0);
  });
});

describe('confidentiality in the browser', () => {
  it('the follow-up page after sign-in shows neither the name and phone given nor the access key', async () => {
    expect(filed).toBeDefined();
    const { caseNumber, accessKey } = filed!;
    expect((await signIn(page, e2e.url, caseNumber, accessKey)).status()).toBe(303);
    expect(await text(page.locator('#case-number'))).toBe(caseNumber);
    const html = await page.content();
    for (const secret of [canary.name, canary.phone]) {
      expect(html).not.toContain(secret);
      expect(filed!.html).not.toContain(secret); // nor did the confirmation page
    }
    // After sign-in only an HttpOnly session cookie is carried: the key is in no page, URL or script-readable cookie.
    const digits = accessKey.replaceAll(' ', '');
    expect(html).not.toContain(digits);
    expect(html).not.toContain(accessKey);
    expect(page.url()).not.toContain(digits);
    expect(await page.evaluate<string>('document.cookie')).toBe('');
  });

  it('the app logged neither the identity nor the access key', () => {
    expect(e2e.logs.length).toBeGreaterThan(0);
    const logged = e2e.logs.join('\n');
    for (const secret of [canary.name, canary.phone, filed!.accessKey.replaceAll(' ', ''), message]) {
      expect(logged).not.toContain(secret);
    }
  });

  it('every request the pages made went to the app itself (127.0.0.1), no third-party host', async () => {
    const origin = new URL(e2e.url).origin;
    expect(requests.length).toBeGreaterThan(5);
    const elsewhere = requests.filter((u) => new URL(u).hostname !== '127.0.0.1');
    expect(elsewhere).toEqual([]);
    for (const u of requests) expect(new URL(u).origin).toBe(origin);
    // the page's own assets were among them
    // (by their content-hashed names: /assets/app.<hash>.css)
    const paths = requests.map((u) => new URL(u).pathname.replace(/\.[0-9a-f]{10}\./, '.'));
    expect(paths).toEqual(
      expect.arrayContaining(['/assets/pico.min.css', '/assets/app.css', '/assets/app.js']),
    );
  });
});
