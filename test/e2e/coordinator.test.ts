/**
 * In Chromium at phone width (390 px), with axe: the citizen form's questionnaire without and with
 * JavaScript; a village safety coordinator files a patrol report with a photo, records the
 * re-check the township officer handed them with a photo, and the officer sees both thumbnails and
 * confirms the rectification with them; the coordinator cannot open a citizen's case.
 * SCREENSHOTS=<dir> saves each page at 390 and 1280 px.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegWithMetadata } from '../support/evidence-samples.ts';
import {
  type E2E,
  SUBMIT_REPORT,
  seriousA11yViolations,
  staffJson,
  staffSignIn,
  staffToken,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
let officerToken: string;
beforeAll(async () => {
  e2e = await startE2E({ streamByHand: true });
  officerToken = await staffToken(e2e.url, {
    id: 'officer-lingjing',
    role: 'township_officer',
    jurisdiction: '411003106',
  });
});
afterAll(async () => {
  await e2e?.stop();
});

const PHONE = { viewport: { width: 390, height: 844 } };
const SHOTS = process.env.SCREENSHOTS;

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const size = page.viewportSize();
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

/** Posts a form whose file field holds files (evidence.js uploads it); resolves once the answer shows. */
async function uploadAndWait(page: Page, path: string, button: string, shown: string) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST', {
      timeout: 90_000,
    }),
    page.locator(button).click(),
  ]);
  await page.locator(shown).waitFor();
  return response;
}

const photo = async (seed: number) => ({
  name: `IMG_${seed}.jpg`,
  mimeType: 'image/jpeg',
  buffer: await jpegWithMetadata({ seed }),
});

/** Fills the citizen form for 灵井镇 (the place lists work with JavaScript on or off). */
async function fillCitizen(page: Page, description: string) {
  await page.locator('textarea[name=description]').fill(description);
  await page.locator('select[name=townshipCode]').selectOption('411003106');
}

async function caseAnswers(caseNumber: string) {
  const res = await staffJson(e2e.url, officerToken, 'GET', `/api/v1/cases/${caseNumber}`);
  return (res.body.case as { answers?: Record<string, unknown>; version: number }) ?? {};
}

/** Moves a case on through the staff API as the 灵井镇 officer. */
async function officerAct(caseNumber: string, body: Record<string, unknown>) {
  const current = await staffJson(e2e.url, officerToken, 'GET', `/api/v1/cases/${caseNumber}`);
  const res = await staffJson(
    e2e.url,
    officerToken,
    'POST',
    `/api/v1/cases/${caseNumber}/transitions`,
    body,
    current.etag,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('the questionnaire on the citizen form', () => {
  it('without JavaScript: the category button re-renders the form with its questions', async () => {
    const { page } = await e2e.newPage({ ...PHONE, javaScriptEnabled: false });
    await page.goto(`${e2e.url}/`);
    expect(await page.locator('#questions-hazard').isVisible()).toBe(false);
    await page.locator('input[name=category][value=major_hazard]').check();
    await submitAndWait(page, '/report', 'button[name=action][value=questions]');
    expect(await page.locator('#questions-hazard').isVisible()).toBe(true);
    expect(await page.locator('#questions-illegal').isVisible()).toBe(false);
    // (axe runs in the page, so it is checked on the same form with JavaScript below.)
    await shot(page, 'citizen-questions');
    await page.locator('select[name="answers.hazardType"]').selectOption('combustible_dust');
    await page.locator('input[name="answers.peopleExposed"]').fill('8');
    await page.locator('input[name="answers.workOngoing"][value=yes]').check();
    await fillCitizen(page, '灵井镇某木器厂打磨车间粉尘很大，除尘设备一直没开，工人还在干活。');
    const res = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(res.status()).toBe(201);
    const caseNumber = await text(page.locator('#case-number'));
    expect((await caseAnswers(caseNumber)).answers).toEqual({
      hazardType: 'combustible_dust',
      peopleExposed: 8,
      workOngoing: 'yes',
    });
  });

  it('with JavaScript: the questions appear as soon as a category is chosen', async () => {
    const { page } = await e2e.newPage(PHONE);
    await page.goto(`${e2e.url}/`);
    expect(await page.locator('button[name=action][value=questions]').isVisible()).toBe(false);
    await page.locator('input[name=category][value=illegal_operation]').check();
    expect(await page.locator('#questions-illegal').isVisible()).toBe(true);
    expect(await page.locator('#questions-hazard').isVisible()).toBe(false);
    await page.locator('input[name=category][value=concealed_accident]').check();
    expect(await page.locator('#questions-illegal').isVisible()).toBe(false);
    await page.locator('input[name="answers.deathsKnown"]').fill('多人');
    await page.locator('input[name="answers.concealedWhat"][value=deaths]').check();
    await fillCitizen(page, '上个月灵井镇某砖厂窑塌了，死了人，厂里压着不报，把伤员送去了外地。');
    const bad = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(bad.status()).toBe(400);
    expect(await text(page.locator('#e-deathsKnown'))).toBe('请填写 0 到 1000 之间的整数');
    expect(await page.locator('#questions-accident').isVisible()).toBe(true);
    expect(await seriousA11yViolations(page, 'report form with a questionnaire error')).toEqual([]);
    await page.locator('input[name="answers.deathsKnown"]').fill('2');
    const ok = await submitAndWait(page, '/report', SUBMIT_REPORT);
    expect(ok.status()).toBe(201);
    const caseNumber = await text(page.locator('#case-number'));
    expect((await caseAnswers(caseNumber)).answers).toEqual({ deathsKnown: 2, concealedWhat: ['deaths'] });
  });
});

describe('the village safety coordinator on a phone', () => {
  it('files a patrol report, records a re-check the officer confirms, and cannot open a citizen case', async () => {
    // A citizen's case in the coordinator's own village, to be sure it stays out of reach.
    const citizen = await fetch(`${e2e.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        category: 'general_hazard',
        description: '岗王村老宋家的作坊里电线乱拉，晚上插着电热器睡人。',
        location: { townshipCode: '411003106', villageCode: '411003106207' },
      }),
    });
    const citizenCase = ((await citizen.json()) as { caseNumber: string }).caseNumber;

    const { page } = await e2e.newPage(PHONE);
    await staffSignIn(page, e2e.url, 'coordinator-gangwang', '/staff');
    expect(new URL(page.url()).pathname).toBe('/staff/coordinator');
    expect(await seriousA11yViolations(page, 'coordinator start page')).toEqual([]);
    await shot(page, 'coordinator-home-empty');

    // The patrol report.
    await page.locator('#file-report').click();
    await page.waitForLoadState('load');
    await page.locator('input[name=category][value=general_hazard]').check();
    expect(await page.locator('#questions-hazard').isVisible()).toBe(true);
    await page.locator('select[name="answers.hazardType"]').selectOption('fire');
    await page.locator('input[name="answers.workOngoing"][value=yes]').check();
    await page
      .locator('textarea[name=description]')
      .fill('巡查发现村东仓库消防通道被货物堵死，灭火器已过期。');
    await page.locator('input[name=unitName]').fill('岗王村东仓库');
    await page.locator('input[name=address]').fill('村东头');
    await page.locator('#f-file').setInputFiles([await photo(41)]);
    expect(await page.locator('[data-evidence-list] li').count()).toBe(1);
    expect(await seriousA11yViolations(page, 'patrol report form with a photo')).toEqual([]);
    await shot(page, 'coordinator-report-form');
    const filed = await uploadAndWait(
      page,
      '/staff/coordinator/report',
      'form button[name=action][value=submit]',
      '#case-number',
    );
    expect(filed.status()).toBe(201);
    expect(await text(page.locator('#files-added'))).toContain('已保存 1 张照片');
    const caseNumber = await text(page.locator('#case-number'));
    expect(await text(page.locator('#case-status'))).toBe('已交办乡镇');

    // The township has it, marked, with the clock running; the officer hands the re-check over.
    const kase = (await staffJson(e2e.url, officerToken, 'GET', `/api/v1/cases/${caseNumber}`)).body
      .case as Record<string, unknown>;
    expect(kase).toMatchObject({
      channel: 'coordinator',
      townshipCode: '411003106',
      due: { period: 'acceptance' },
    });
    await officerAct(caseNumber, { action: 'accept' });
    await officerAct(caseNumber, { action: 'start_verification' });
    await officerAct(caseNumber, { action: 'substantiate', conclusion: '现场核实属实。' });
    await officerAct(caseNumber, {
      action: 'order_rectification',
      order: '限期清理通道、更换灭火器',
      deadline: '2099-03-31',
    });

    // The officer asks for the re-check on the case page.
    const { page: officer } = await e2e.newPage(PHONE);
    await staffSignIn(officer, e2e.url, 'officer-lingjing', `/staff/cases/${caseNumber}`);
    expect(await officer.locator('#coordinator-report').isVisible()).toBe(true);
    const ask = officer.locator('form[data-action=request_recheck]');
    await ask.locator('xpath=ancestor::details').locator('summary').click();
    await ask.locator('[name=summary]').fill('仓库消防通道堵塞、灭火器过期，已责令整改。');
    await ask.locator('[name=unitName]').fill('岗王村东仓库');
    await ask.locator('[name=villageCode]').selectOption('411003106207');
    expect(await seriousA11yViolations(officer, 'officer case page with the re-check form')).toEqual([]);
    const asked = await submitAndWait(
      officer,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-action=request_recheck] button[type=submit]',
    );
    expect(asked.status()).toBe(303);
    expect(await text(officer.locator('#recheck-status'))).toBe('待复查');

    // The coordinator sees the task with only what the officer wrote, and records the re-check.
    await page.goto(`${e2e.url}/staff/coordinator`);
    await shot(page, 'coordinator-home');
    await page.locator('section[aria-labelledby=tasks-title] a').first().click();
    await page.waitForLoadState('load');
    expect(await text(page.locator('#recheck-summary'))).toBe('仓库消防通道堵塞、灭火器过期，已责令整改。');
    expect(await seriousA11yViolations(page, 'coordinator re-check page')).toEqual([]);
    await shot(page, 'coordinator-recheck');
    const taskPath = new URL(page.url()).pathname;
    await page.locator('input[name=result][value=rectified]').check();
    await page.locator('textarea[name=note]').fill('通道已清理，灭火器已更换。');
    await page.locator('#f-file').setInputFiles([await photo(42)]);
    expect(await seriousA11yViolations(page, 'coordinator re-check form with a photo')).toEqual([]);
    const recorded = await uploadAndWait(
      page,
      taskPath,
      'main form button[type=submit]',
      '#recheck-status:text-is("已复查，待确认")',
    );
    expect(recorded.status()).toBe(303);
    expect(await text(page.locator('#recheck-status'))).toBe('已复查，待确认');

    // The officer sees the result with the re-check's photo, and both photos among the case's files.
    await officer.goto(`${e2e.url}/staff/cases/${caseNumber}`);
    expect(await text(officer.locator('#recheck-result'))).toBe('已整改到位');
    const recheckThumbs = officer.locator('#recheck-photos img');
    expect(await recheckThumbs.count()).toBe(1);
    const caseThumbs = officer.locator('#evidence img');
    expect(await caseThumbs.count()).toBe(2);
    const sources = [await recheckThumbs.first().getAttribute('src')];
    for (let i = 0; i < 2; i++) sources.push(await caseThumbs.nth(i).getAttribute('src'));
    expect(sources[0]).toBeTruthy();
    for (const src of sources) {
      const thumb = await officer.request.get(`${e2e.url}${src}`);
      expect(thumb.status(), String(src)).toBe(200);
      expect(thumb.headers()['content-type']).toBe('image/webp');
    }
    expect(await seriousA11yViolations(officer, 'officer case page with the re-check photos')).toEqual([]);
    await shot(officer, 'officer-recheck-recorded');
    const confirm = officer.locator('form[data-action=confirm_rectification]');
    await confirm.locator('xpath=ancestor::details').locator('summary').click();
    const confirmed = await submitAndWait(
      officer,
      `/staff/cases/${caseNumber}/transitions`,
      'form[data-action=confirm_rectification] button[type=submit]',
    );
    expect(confirmed.status()).toBe(303);
    expect(await text(officer.locator('#recheck-status'))).toBe('整改已确认');
    await page.reload();
    expect(await text(page.locator('#recheck-status'))).toBe('整改已确认');

    // Their own report's status; and a citizen's case is not there for them.
    await page.goto(`${e2e.url}/staff/coordinator/reports/${caseNumber}`);
    expect(await text(page.locator('#case-status'))).toBe('整改中');
    expect(await seriousA11yViolations(page, 'coordinator own report')).toEqual([]);
    const blocked = await page.goto(`${e2e.url}/staff/cases/${citizenCase}`);
    expect(blocked?.status()).toBe(404);
    const unknown = await page.goto(`${e2e.url}/staff/cases/20000101-000000`);
    expect(unknown?.status()).toBe(404);
    expect(await page.content()).not.toContain('老宋');
    const own = await page.goto(`${e2e.url}/staff/coordinator/reports/${citizenCase}`);
    expect(own?.status()).toBe(404);
  });
});
