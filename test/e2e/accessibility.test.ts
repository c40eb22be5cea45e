/** axe-core on every citizen page: no serious or critical violations (SPEC §10). */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2E,
  fillReportDetails,
  PLACE,
  readCredentials,
  SUBMIT_REPORT,
  seriousA11yViolations,
  signIn,
  staffJson,
  staffToken,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
let page: Page;
let credentials: { caseNumber: string; accessKey: string } | undefined;

beforeAll(async () => {
  e2e = await startE2E();
  ({ page } = await e2e.newPage());
});

afterAll(async () => {
  await e2e?.stop();
});

describe('accessibility (axe-core, serious and critical)', () => {
  it('the check itself finds a known serious violation (guards against a vacuous pass)', async () => {
    await page.setContent(
      '<html><head><title>t</title></head><body><main><input type="text"></main></body></html>',
    );
    const problems = await seriousA11yViolations(page, 'self-check', { quiet: true });
    expect(problems.map((p) => p.id)).toEqual(expect.arrayContaining(['html-has-lang', 'label']));
  });

  it('home page with the report form', async () => {
    await page.goto(`${e2e.url}/`);
    expect(await seriousA11yViolations(page, 'home')).toEqual([]);
  });

  it('home page showing form errors', async () => {
    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '太短', phone: '123' });
    expect((await submitAndWait(page, '/report', SUBMIT_REPORT)).status()).toBe(400);
    expect(await seriousA11yViolations(page, 'home with errors')).toEqual([]);
  });

  it('confirmation page', async () => {
    await page.goto(`${e2e.url}/`);
    await fillReportDetails(page, { description: '仓库消防通道被货物堵死，灭火器过期。' });
    await page.locator('select[name=countyCode]').selectOption(PLACE.countyCode);
    await page.locator('select[name=townshipCode]').selectOption(PLACE.townshipCode);
    expect((await submitAndWait(page, '/report', SUBMIT_REPORT)).status()).toBe(201);
    credentials = await readCredentials(page);
    expect(await seriousA11yViolations(page, 'confirmation')).toEqual([]);
  });

  it('follow-up sign-in page', async () => {
    await page.goto(`${e2e.url}/follow-up`);
    expect(await seriousA11yViolations(page, 'follow-up')).toEqual([]);
  });

  it('case view page with a message', async () => {
    expect(credentials).toBeDefined();
    expect((await signIn(page, e2e.url, credentials!.caseNumber, credentials!.accessKey)).status()).toBe(303);
    await page.locator('textarea[name=text]').fill('补充：堵塞的是东侧通道。');
    expect(
      (
        await submitAndWait(
          page,
          '/follow-up/message',
          'form[action="/follow-up/message"] button[type=submit]',
        )
      ).status(),
    ).toBe(303);
    expect(await text(page.locator('.messages'))).toContain('补充：堵塞的是东侧通道。');
    expect(await seriousA11yViolations(page, 'case view')).toEqual([]);
  });

  it('public page with a listed hazard and the counts', async () => {
    expect(credentials).toBeDefined();
    const supervisor = await staffToken(e2e.url, {
      id: 'a11y-supervisor',
      role: 'county_supervisor',
      jurisdiction: PLACE.countyCode,
    });
    const path = `/api/v1/cases/${credentials!.caseNumber}`;
    const { etag } = await staffJson(e2e.url, supervisor, 'GET', path);
    const listed = await staffJson(
      e2e.url,
      supervisor,
      'POST',
      `${path}/transitions`,
      { action: 'list_for_supervision', deadline: '2030-03-31', publicName: '某某化工有限公司' },
      etag,
    );
    expect(listed.status).toBe(200);
    // Published only once verified as true.
    const officer = await staffToken(e2e.url, {
      id: 'a11y-officer',
      role: 'township_officer',
      jurisdiction: PLACE.townshipCode,
    });
    let version = listed.etag;
    for (const body of [
      { action: 'accept' },
      { action: 'start_verification' },
      { action: 'substantiate', conclusion: '经核查属实。' },
    ]) {
      const res = await staffJson(e2e.url, officer, 'POST', `${path}/transitions`, body, version);
      expect(res.status, body.action).toBe(200);
      version = res.etag;
    }
    await e2e.drainStream();
    await page.goto(`${e2e.url}/public`);
    expect(await text(page.locator('article.listed-hazard h3').first())).toBe('某某化工有限公司');
    expect(await seriousA11yViolations(page, 'public')).toEqual([]);
    await page.goto(`${e2e.url}/public?lang=en`);
    expect(await seriousA11yViolations(page, 'public (en)')).toEqual([]);
  });
});
