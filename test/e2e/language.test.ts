/** Simplified Chinese by default, English on request; the choice survives the form round trip. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, startE2E, submitAndWait, text } from './support.ts';

let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});

afterAll(async () => {
  await e2e?.stop();
});

describe('language', () => {
  it('the home page is in Simplified Chinese by default (html lang="zh-CN")', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${e2e.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    expect(await text(page.locator('h1'))).toContain('吹哨');
    expect(await text(page.locator('button[name=action][value=submit]'))).toBe('提交举报');
    await page.context().close();
  });

  it('/?lang=en is in English (html lang="en"), and the switch link goes back to Chinese', async () => {
    const { page } = await e2e.newPage();
    await page.goto(`${e2e.url}/?lang=en`);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text(page.locator('h1'))).toContain('Chuishao');
    expect(await text(page.locator('button[name=action][value=submit]'))).toBe('Submit report');
    expect(await text(page.locator('body'))).not.toMatch(/提交举报|填写举报/);

    await Promise.all([page.waitForEvent('load'), page.getByRole('link', { name: '中文' }).click()]);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.context().close();
  });

  it('an English form posted with errors answers in English', async () => {
    const { page } = await e2e.newPage({ javaScriptEnabled: false });
    await page.goto(`${e2e.url}/?lang=en`);
    await page.locator('textarea[name=description]').fill('short');
    const response = await submitAndWait(page, '/report', 'button[name=action][value=submit]');
    expect(response.status()).toBe(400);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await text(page.locator('#errors'))).toContain('Please correct');
    await page.context().close();
  });
});
