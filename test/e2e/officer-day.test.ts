/**
 * An officer's day in Chromium: a citizen files a report for 灵井镇; the township officer signs in
 * (local demo sign-in), finds it in the queue, accepts it, messages the reporter, verifies,
 * substantiates and closes it with feedback — and the reporter sees the message and the feedback.
 * The staff pages get the same accessibility check as the citizen pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type E2E,
  fillReportDetails,
  readCredentials,
  SUBMIT_REPORT,
  seriousA11yViolations,
  signIn,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.stop();
});

describe("a township officer's day", () => {
  it('works a citizen report to closure and the reporter sees the outcome', async () => {
    // A citizen files a report for 建安区 灵井镇.
    const { page: citizen } = await e2e.newPage();
    await citizen.goto(`${e2e.url}/`);
    await fillReportDetails(citizen, { description: '灵井镇某厂房屋顶坍塌隐患，工人仍在下面作业。' });
    await citizen.locator('select[name=countyCode]').selectOption('411003');
    await citizen.locator('select[name=townshipCode]').selectOption('411003106');
    const filed = await submitAndWait(citizen, '/report', SUBMIT_REPORT);
    expect(filed.status()).toBe(201);
    const { caseNumber, accessKey } = await readCredentials(citizen);

    // The officer signs in with the demo account and opens the case from the queue.
    const { page: officer } = await e2e.newPage();
    await officer.goto(`${e2e.url}/staff`);
    expect(new URL(officer.url()).pathname).toBe('/staff/sign-in');
    expect(await seriousA11yViolations(officer, 'staff sign-in')).toEqual([]);
    await submitAndWait(officer, '/local/sign-in', 'form:has(input[value=officer-lingjing]) button');
    expect(new URL(officer.url()).pathname).toBe('/staff');
    expect(await seriousA11yViolations(officer, 'staff queue')).toEqual([]);
    await officer.locator(`a:has-text("${caseNumber}")`).click();
    await officer.waitForLoadState('load');
    expect(await text(officer.locator('#case-number'))).toBe(caseNumber);
    expect(await seriousA11yViolations(officer, 'staff case page')).toEqual([]);

    const act = async (action: string, fields: Record<string, string> = {}) => {
      const form = officer.locator(`form[data-action=${action}]`);
      await form.locator('xpath=ancestor::details').locator('summary').click();
      for (const [name, value] of Object.entries(fields)) await form.locator(`[name=${name}]`).fill(value);
      // Actions that end the case ask for a ticked confirmation.
      if ((await form.locator('input[name=confirm]').count()) > 0)
        await form.locator('input[name=confirm]').check();
      const res = await submitAndWait(
        officer,
        `/staff/cases/${caseNumber}/transitions`,
        `form[data-action=${action}] button[type=submit]`,
      );
      expect(res.status(), action).toBe(303);
    };

    await act('accept');
    expect(await text(officer.locator('#case-status'))).toBe('已受理');
    await officer.locator('textarea[name=text]').fill('您好，请问坍塌隐患在厂房哪一侧？');
    await submitAndWait(
      officer,
      `/staff/cases/${caseNumber}/messages`,
      'form[action$="/messages"] button[type=submit]',
    );
    await act('start_verification');
    await act('substantiate', { conclusion: '经现场核查，屋顶钢梁锈蚀严重，属重大事故隐患。' });
    await act('close', { feedback: '经核查，您反映的情况属实，已责令停产整改。感谢您的举报。' });
    expect(await text(officer.locator('#case-status'))).toBe('已办结');

    // The reporter sees the officer's message and the feedback, not the internal conclusion.
    const res = await signIn(citizen, e2e.url, caseNumber, accessKey.replace(/\s/g, ''));
    expect(res.status()).toBe(303);
    const body = await text(citizen.locator('main'));
    expect(body).toContain('请问坍塌隐患在厂房哪一侧');
    expect(body).toContain('已责令停产整改');
    expect(body).not.toContain('钢梁锈蚀');
    expect(await text(citizen.locator('#case-status'))).toBe('已办结');
  });
});
