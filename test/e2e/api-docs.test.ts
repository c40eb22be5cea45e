/**
 * Swagger UI at /api/docs renders the generated document offline: every operation of the route
 * table's JSON routes is drawn (the staff API among them), and every request the page makes stays
 * on this server (the UI's files are served by the assets app, no CDN).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#functions/route-table/table.ts';
import { type E2E, startE2E } from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe('API docs', () => {
  it('draws every documented operation from local files only', async () => {
    const { page, requests } = await e2e.newPage();
    await page.goto(`${e2e.url}/api/docs`);
    const operations = page.locator('.opblock');
    const expected = ROUTES.filter((r) => r.kind !== 'page').length;
    await expect.poll(() => operations.count(), { timeout: 20_000 }).toBe(expected);
    expect(
      await page.locator('.opblock-summary-path[data-path="/api/v1/cases/{caseNumber}/transitions"]').count(),
    ).toBe(1);
    // No resolver errors (a $ref that does not resolve shows here).
    expect(await page.locator('.errors-wrapper').count()).toBe(0);
    // The bearer scheme is offered (the Authorize button).
    expect(await page.locator('.btn.authorize').count()).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(e2e.url))).toEqual([]);
    await page.context().close();
  });
});
