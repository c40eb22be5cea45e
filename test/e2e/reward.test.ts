/**
 * A reward from substantiation to payment, in Chromium: a citizen files a report for 灵井镇; the
 * township officer substantiates it through the staff API; the county supervisor records the
 * penalty decision on the case page; the finance officer opens the approval queue, checks the
 * breakdown and approves; the reporter sees the notice on the follow-up page and claims with name,
 * ID number and bank account; finance asks for the payee details, the identity custodian releases
 * them from the release queue, finance pays. The payee appears on no staff page and in no log line
 * (only in the paying officer's CSV). The reward queues, the case page with the reward and the
 * claim form get the accessibility check; refused, stale and invalid posts get their 4xx.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidResidentIdNumber } from '#shared/domain/id-number.ts';
import {
  type E2E,
  fillReportDetails,
  readCredentials,
  SUBMIT_REPORT,
  seriousA11yViolations,
  signIn,
  staffJson,
  staffSignIn,
  staffToken,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
beforeAll(async () => {
  // The consumer runs when the test says (after the substantiation), as in the integration tests.
  e2e = await startE2E({ streamByHand: true });
});
afterAll(async () => {
  await e2e?.stop();
});

/** A resident ID number that passes the check digit and nobody else uses (a leak canary). */
function canaryIdNumber(): string {
  const base = `411003199${randomInt(10)}0${randomInt(1, 10)}1${randomInt(10)}${String(randomInt(1000)).padStart(3, '0')}`;
  for (const check of '0123456789X') if (isValidResidentIdNumber(base + check)) return base + check;
  throw new Error('no check digit');
}

/** The CSRF token of the page a browser is on, as its own forms carry it. */
const csrfOn = (page: import('playwright-core').Page) =>
  page.locator('input[name=_csrf]').first().inputValue();

describe('a reward, approved by finance, claimed by the reporter and paid', () => {
  it('goes from substantiation to payment through the pages', async () => {
    // A citizen files a report for 建安区 灵井镇.
    const { page: citizen } = await e2e.newPage();
    await citizen.goto(`${e2e.url}/`);
    await fillReportDetails(citizen, { description: '灵井镇某厂无证生产烟花爆竹，仓库紧挨居民楼。' });
    await citizen.locator('select[name=countyCode]').selectOption('411003');
    await citizen.locator('select[name=townshipCode]').selectOption('411003106');
    const filed = await submitAndWait(citizen, '/report', SUBMIT_REPORT);
    expect(filed.status()).toBe(201);
    const { caseNumber, accessKey } = await readCredentials(citizen);

    // The township officer substantiates it quickly through the staff API (If-Match versions).
    const officer = await staffToken(e2e.url, {
      id: 'officer-lingjing',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    let etag = (await staffJson(e2e.url, officer, 'GET', `/api/v1/cases/${caseNumber}`)).etag;
    for (const [action, fields] of [
      ['accept', {}],
      ['start_verification', {}],
      ['substantiate', { conclusion: '经现场核查，该厂无安全生产许可证组织生产，属实。' }],
    ] as const) {
      const res = await staffJson(
        e2e.url,
        officer,
        'POST',
        `/api/v1/cases/${caseNumber}/transitions`,
        { action, ...fields },
        etag,
      );
      expect(res.status, action).toBe(200);
      etag = res.etag;
    }
    // The stream consumer opens the reward (awaiting the penalty facts).
    await e2e.drainStream();

    // The county supervisor records the penalty decision on the case page; the engine calculates.
    const { page: supervisor } = await e2e.newPage();
    await staffSignIn(supervisor, e2e.url, 'supervisor-jianan', '/staff/rewards');
    expect(await text(supervisor.locator('#reward-stage'))).toBe('待录入事实');
    await supervisor.locator(`#reward-queue a:has-text("${caseNumber}")`).click();
    await supervisor.waitForLoadState('load');
    expect(await text(supervisor.locator('#reward-status'))).toBe('待录入处罚/事故事实');
    // Facts the engine's schema refuses come back on the page with the field named (400).
    const version = await supervisor.locator('form[data-reward-action=record_facts] input[name=version]');
    const rejected = await supervisor.request.post(`${e2e.url}/staff/cases/${caseNumber}/reward/facts`, {
      form: {
        _csrf: await csrfOn(supervisor),
        action: 'record_facts',
        version: await version.inputValue(),
        category: 'concealed_accident',
      },
      headers: { origin: e2e.url },
      maxRedirects: 0,
    });
    expect(rejected.status()).toBe(400);
    expect(await rejected.text()).toContain(
      'accident: required for a concealed or falsely reported accident',
    );
    const facts = supervisor.locator('form[data-reward-action=record_facts]');
    await facts.locator('select[name=category]').selectOption('illegal_operation');
    await facts.locator('input[name=decisionNo]').fill('许建应急罚〔2026〕12号');
    await facts.locator('input[name=unitYuan]').fill('150000');
    await facts.locator('input[name=individualsYuan]').fill('50000');
    const recorded = await submitAndWait(
      supervisor,
      `/staff/cases/${caseNumber}/reward/facts`,
      'form[data-reward-action=record_facts] button[type=submit]',
    );
    expect(recorded.status()).toBe(303);
    expect(await text(supervisor.locator('#reward-status'))).toBe('待财务审批');
    // The county does not approve what it recorded: no approve form, and a forged post is a 403.
    expect(await supervisor.locator('form[data-reward-action=approve]').count()).toBe(0);
    const calculatedVersion = await supervisor
      .locator('form[data-reward-action=record_facts] input[name=version]')
      .inputValue();
    const forged = await supervisor.request.post(`${e2e.url}/staff/cases/${caseNumber}/reward/decisions`, {
      form: { _csrf: await csrfOn(supervisor), action: 'approve', version: calculatedVersion },
      headers: { origin: e2e.url },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);

    // The finance officer opens the approval queue, checks the breakdown and approves.
    const { page: finance } = await e2e.newPage();
    await staffSignIn(finance, e2e.url, 'finance-xuchang', '/staff/rewards');
    expect(new URL(finance.url()).pathname).toBe('/staff/rewards');
    expect(await text(finance.locator('#reward-stage'))).toBe('待审批');
    expect(await seriousA11yViolations(finance, 'reward queue')).toEqual([]);
    await finance.locator(`#reward-queue a:has-text("${caseNumber}")`).click();
    await finance.waitForLoadState('load');
    expect(await text(finance.locator('#case-number'))).toBe(caseNumber);
    // 15% of the fines (150,000 + 50,000; confiscated gains not counted) under Henan's 2025 rules.
    expect(await text(finance.locator('#reward-amount'))).toBe('30,000 元');
    expect(await text(finance.locator('#reward-rule-set'))).toContain('henan-2025');
    const breakdown = finance.locator('#reward-breakdown');
    expect(await text(breakdown.locator('tr[data-step=penalty_base] td').nth(1))).toBe('200,000');
    expect(await text(breakdown.locator('tr[data-step=rate]'))).toContain('15% × 200,000 = 30,000 元');
    expect(await breakdown.locator('tr[data-step=determination]').count()).toBe(1);
    expect(await seriousA11yViolations(finance, 'case page with the reward')).toEqual([]);
    // On a phone the breakdown stacks each line instead of scrolling sideways in its box.
    await finance.setViewportSize({ width: 390, height: 844 });
    const sideways = await finance.evaluate<number>(
      "(() => { const box = document.querySelector('#reward-breakdown').parentElement; return box.scrollWidth - box.clientWidth; })()",
    );
    expect(sideways).toBeLessThanOrEqual(0);
    await finance.setViewportSize({ width: 1280, height: 800 });
    // A decision drawn on an older version of the reward is refused (412) and shown again.
    const stale = await finance.request.post(`${e2e.url}/staff/cases/${caseNumber}/reward/decisions`, {
      form: {
        _csrf: await csrfOn(finance),
        action: 'approve',
        version: String(Number(calculatedVersion) - 1),
      },
      headers: { origin: e2e.url },
      maxRedirects: 0,
    });
    expect(stale.status()).toBe(412);
    expect(await stale.text()).toContain('奖励已被他人修改');
    const english = await finance.request.get(`${e2e.url}/staff/cases/${caseNumber}?lang=en`);
    expect(await english.text()).toContain('Breakdown (check line by line)');
    const approved = await submitAndWait(
      finance,
      `/staff/cases/${caseNumber}/reward/decisions`,
      'form[data-reward-action=approve] button[type=submit]',
    );
    expect(approved.status()).toBe(303);
    expect(await text(finance.locator('#reward-status'))).toBe('已通知，待申领');
    const lastDay = await text(finance.locator('#reward-last-day'));
    expect(lastDay).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await text(finance.locator('#reward-approvals'))).toContain('finance-xuchang');

    // The reporter sees the notice with the amount and the last day, and claims.
    const res = await signIn(citizen, e2e.url, caseNumber, accessKey.replace(/\s/g, ''));
    expect(res.status()).toBe(303);
    expect(await text(citizen.locator('#reward-amount'))).toBe('30,000 元');
    expect(await text(citizen.locator('#reward-last-day'))).toBe(lastDay);
    expect(await text(citizen.locator('main'))).toContain('奖励通知');
    expect(await text(citizen.locator('#claim-privacy'))).toContain('身份保管人');
    expect(await seriousA11yViolations(citizen, 'follow-up page with the claim form')).toEqual([]);

    const payee = {
      name: '金丝雀领奖人',
      idNumber: canaryIdNumber(),
      bankName: '中国工商银行许昌分行',
      bankAccount: `6222${String(randomInt(1e9)).padStart(9, '0')}${String(randomInt(1e6)).padStart(6, '0')}`,
    };
    const claimForm = citizen.locator('form[action="/follow-up/reward-claim"]');
    const fillClaim = async (idNumber: string) => {
      await claimForm.locator('input[name=name]').fill(payee.name);
      await claimForm.locator('input[name=idNumber]').fill(idNumber);
      await claimForm.locator('input[name=bankName]').fill(payee.bankName);
      await claimForm.locator('input[name=bankAccount]').fill(payee.bankAccount);
    };
    const claimButton = 'form[action="/follow-up/reward-claim"] button[type=submit]';
    // A mistyped ID number comes back with the field's message; nothing is claimed.
    await fillClaim(`${payee.idNumber.slice(0, 17)}${payee.idNumber.endsWith('0') ? '1' : '0'}`);
    const bad = await submitAndWait(citizen, '/follow-up/reward-claim', claimButton);
    expect(bad.status()).toBe(400);
    expect(await text(citizen.locator('#errors'))).toContain('不是有效的居民身份证号码');
    expect(await citizen.locator('input[name=name]').inputValue()).toBe(payee.name);
    expect(await text(citizen.locator('#reward-status'))).toBe('已通知，待申领');

    await fillClaim(payee.idNumber);
    const claimed = await submitAndWait(citizen, '/follow-up/reward-claim', claimButton);
    expect(claimed.status()).toBe(303);
    expect(await text(citizen.locator('#reward-status'))).toBe('已申领，待支付');
    expect(await citizen.locator('#claim-done').isVisible()).toBe(true);
    expect(await citizen.locator('form[action="/follow-up/reward-claim"]').count()).toBe(0);
    expect(await text(citizen.locator('main'))).toContain('您申领了奖励');

    // Finance asks for the payee details; the custodian (who cannot open cases) releases them
    // from the release queue; the payee details never appear on a staff page.
    await finance.reload();
    expect(await text(finance.locator('#reward-status'))).toBe('已申领，待支付');
    const staffPages = [await finance.content()];
    const requested = await submitAndWait(
      finance,
      `/staff/cases/${caseNumber}/reward/decisions`,
      'form[data-reward-action=request_release] button[type=submit]',
    );
    expect(requested.status()).toBe(303);
    const { page: custodian } = await e2e.newPage();
    await staffSignIn(custodian, e2e.url, 'custodian-xuchang');
    expect(new URL(custodian.url()).pathname).toBe('/staff/identity-requests');
    await custodian.locator('#reward-release-queue').click();
    await custodian.waitForLoadState('load');
    const row = custodian.locator(`#reward-queue tr:has-text("${caseNumber}")`);
    expect(await row.locator('a').count()).toBe(0);
    staffPages.push(await custodian.content());
    expect(await seriousA11yViolations(custodian, 'release queue')).toEqual([]);
    const released = await submitAndWait(
      custodian,
      `/staff/rewards/${caseNumber}/release`,
      `form[action="/staff/rewards/${caseNumber}/release"] button`,
    );
    expect(released.status()).toBe(303);
    // Released: it leaves the release queue for the paying officer's pay queue.
    expect(await custodian.locator(`#reward-queue tr:has-text("${caseNumber}")`).count()).toBe(0);

    // The paying officer finds the batch CSV on the pay queue (the only way the payee leaves),
    // then marks the reward paid; the reporter sees it.
    await finance.goto(`${e2e.url}/staff/rewards?stage=pay`);
    expect(await text(finance.locator(`#reward-queue tr:has-text("${caseNumber}")`))).toContain(
      '已由身份保管人交付给 finance-xuchang',
    );
    staffPages.push(await finance.content());
    const csv = await finance.request.get(
      new URL((await finance.locator('#payment-batch').getAttribute('href')) ?? '', e2e.url).toString(),
    );
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toContain(payee.bankAccount);
    await finance.goto(`${e2e.url}/staff/cases/${caseNumber}`);
    await finance.locator('form[data-reward-action=mark_paid] input[name=reference]').fill('XC-PAY-0001');
    const paid = await submitAndWait(
      finance,
      `/staff/cases/${caseNumber}/reward/decisions`,
      'form[data-reward-action=mark_paid] button[type=submit]',
    );
    expect(paid.status()).toBe(303);
    expect(await text(finance.locator('#reward-status'))).toBe('已支付');
    staffPages.push(await finance.content());
    await citizen.reload();
    expect(await text(citizen.locator('#reward-status'))).toBe('已支付');
    expect(await text(citizen.locator('main'))).toContain('奖励已支付');

    // Sealed: the payee is on no staff page and in no log line.
    for (const secret of Object.values(payee).filter((v) => v !== payee.bankName)) {
      for (const html of staffPages) expect(html).not.toContain(secret);
      expect(e2e.logs.join('\n')).not.toContain(secret);
    }
  });
});
