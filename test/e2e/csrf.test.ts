/**
 * Cross-site request forgery in a real browser: a page on another port of the same host is the
 * same site, so the officer's SameSite=Strict cookie goes along with its auto-submitted form —
 * the origin check and the session-bound token must refuse it, and the case must not change.
 * The officer's own form, from the app's page, still works.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, staffJson, staffSignIn, staffToken, startE2E, text } from './support.ts';

let e2e: E2E;
let attacker: Server;
let attackerUrl = '';
let target = '';

beforeAll(async () => {
  e2e = await startE2E();
  attacker = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>win a prize</title><body>
      <form method="post" action="${target}">
        <input name="action" value="reject"><input name="reason" value="不属于本单位职责">
        <input name="version" value="1"><input name="_csrf" value="guessed">
      </form><script>document.forms[0].submit()</script></body></html>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  const addr = attacker.address();
  attackerUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/`;
});
afterAll(async () => {
  await new Promise((resolve) => attacker?.close(resolve));
  await e2e?.stop();
});

describe('a forged form from another port of the same host', () => {
  it('is refused with a page in Chinese, and the case stays as it was', async () => {
    const res = await fetch(`${e2e.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'major_hazard',
        description: '灵井镇某厂夜间违规动火作业。',
        location: { countyCode: '411003', townshipCode: '411003106', address: '灵井镇某厂' },
      }),
    });
    const { caseNumber } = (await res.json()) as { caseNumber: string };
    target = `${e2e.url}/staff/cases/${caseNumber}/transitions`;

    const { page } = await e2e.newPage();
    await staffSignIn(page, e2e.url, 'officer-lingjing', `/staff/cases/${caseNumber}`);
    const [forged] = await Promise.all([
      page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST'),
      page.goto(attackerUrl),
    ]);
    expect(forged.status()).toBe(403);
    await page.waitForLoadState('load');
    expect(await text(page.locator('h1'))).toBe('无法提交');

    const token = await staffToken(e2e.url, {
      id: 'officer-lingjing',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    const after = await staffJson(e2e.url, token, 'GET', `/api/v1/cases/${caseNumber}`);
    expect((after.body.case as { status: string }).status).toBe('assigned');

    // The officer's own accept form on the case page goes through (submitted as the browser
    // would, whatever disclosure the page wraps it in).
    await page.goto(`${e2e.url}/staff/cases/${caseNumber}`);
    const [accepted] = await Promise.all([
      page.waitForResponse((r) => r.url() === target && r.request().method() === 'POST'),
      page
        .locator('form[data-action=accept]')
        .evaluate((f) => (f as unknown as { requestSubmit(): void }).requestSubmit()),
    ]);
    expect(accepted.status()).toBe(303);
    const done = await staffJson(e2e.url, token, 'GET', `/api/v1/cases/${caseNumber}`);
    expect((done.body.case as { status: string }).status).toBe('accepted');
  });
});
