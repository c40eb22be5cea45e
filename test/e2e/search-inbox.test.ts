/**
 * Search and inbox in Chromium, at 390 px (a phone) and 1280 px: the county supervisor of 建安区
 * finds a closed case with the header's search box, by its number and through the queue's 已办结
 * filter; the township officer's inbox shows the new assignment and the supervisor's the overdue
 * escalation, with the unread count in the header. Every page: no sideways scroll on the phone,
 * no internal key or project-document name in the visible text, no serious axe violation.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import {
  type E2E,
  seriousA11yViolations,
  staffJson,
  staffSignIn,
  staffToken,
  startE2E,
  submitAndWait,
  text,
} from './support.ts';

let e2e: E2E;
let closedCase: string;
let openCase: string;
const SHOTS = 'test-results/search-inbox';

async function file(unitName: string, description: string): Promise<string> {
  const res = await fetch(`${e2e.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      category: 'general_hazard',
      description,
      unitName,
      location: { countyCode: '411003', townshipCode: '411003106' },
    }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  e2e = await startE2E({ streamByHand: true });
  closedCase = await file('灵井陶瓷窑厂', '窑炉旁堆放液化气钢瓶，离明火不到两米。');
  openCase = await file('灵井纸箱厂', '车间消防通道被成品纸箱堵死。');
  const officer = await staffToken(e2e.url, {
    id: 'officer-lingjing',
    role: 'township_officer',
    jurisdiction: '411003106',
  });
  const steps: Record<string, unknown>[] = [
    { action: 'accept' },
    { action: 'start_verification' },
    { action: 'unsubstantiate', conclusion: '现场已无钢瓶。' },
    { action: 'close', feedback: '经核查，现场未发现您反映的问题。' },
  ];
  for (const step of steps) {
    const now = await staffJson(e2e.url, officer, 'GET', `/api/v1/cases/${closedCase}`);
    const res = await staffJson(
      e2e.url,
      officer,
      'POST',
      `/api/v1/cases/${closedCase}/transitions`,
      step,
      now.etag,
    );
    expect(res.status).toBe(200);
  }
  await e2e.drainStream();
  // A week later the open case's acceptance deadline has passed: the sweep escalates it.
  const later = new Date(Date.now() + 14 * 86400_000);
  await sweepDeadlines({ ...e2e.streamDeps, now: () => later });
});

afterAll(async () => {
  await e2e?.stop();
});

/** What every page visited must satisfy. */
async function checkPage(page: Page, label: string, width: number) {
  if (width <= 400) {
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow, `${label}: sideways scroll`).toBeLessThanOrEqual(0);
  }
  const visible = await page.evaluate<string>('document.body.innerText');
  expect(visible, label).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
  expect(visible, label).not.toMatch(/RULES\.md|SPEC/);
  expect(await seriousA11yViolations(page, `${label} @${width}`)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/search-inbox-${label}-${width}.png`, fullPage: true });
}

describe.each([390, 1280])('at %i px', (width) => {
  const viewport = { width, height: width <= 400 ? 844 : 900 };

  it('the county supervisor finds the closed case by search, by number and by the 已办结 filter', async () => {
    const { page } = await e2e.newPage({ viewport, isMobile: width <= 400 });
    await staffSignIn(page, e2e.url, 'supervisor-jianan');
    await checkPage(page, 'queue', width);

    // Words of the unit's name, typed into the header's search box.
    await page.locator('.header-search input[name=q]').fill('陶瓷窑');
    await Promise.all([page.waitForEvent('load'), page.locator('.header-search button').click()]);
    expect(new URL(page.url()).pathname).toBe('/staff/search');
    const cards = page.locator('#results li');
    expect(await cards.count()).toBe(1);
    expect(await text(cards.first())).toContain(closedCase);
    expect(await text(cards.first())).toContain('已办结');
    await checkPage(page, 'search-words', width);

    // The whole number opens the case.
    await page.locator('#s-q').fill(closedCase);
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('.search-filters button[type=submit]').click(),
    ]);
    expect(new URL(page.url()).pathname).toBe(`/staff/cases/${closedCase}`);

    // The queue's status filter: 已办结.
    await page.goto(`${e2e.url}/staff`);
    await page.locator('#q-status').selectOption('closed');
    await Promise.all([page.waitForEvent('load'), page.locator('form.filters button[type=submit]').click()]);
    const listed = await text(page.locator('#results'));
    expect(listed).toContain(closedCase);
    expect(listed).not.toContain(openCase);
    expect(await page.locator('#s-status').inputValue()).toBe('closed');
    await checkPage(page, 'queue-closed', width);
  });

  it('the inbox shows the assignment to the township and the escalation to the county, unread counted', async () => {
    const { page: officer } = await e2e.newPage({ viewport, isMobile: width <= 400 });
    await staffSignIn(officer, e2e.url, 'officer-lingjing');
    const count = Number(await text(officer.locator('#inbox-unread')));
    expect(count).toBeGreaterThanOrEqual(2);
    await Promise.all([officer.waitForEvent('load'), officer.locator('#inbox-link').click()]);
    const entries = officer.locator('#inbox li');
    const all = await entries.allTextContents();
    expect(all.some((t) => t.includes('新交办案件') && t.includes(openCase))).toBe(true);
    expect(await officer.locator('#inbox li.unread').count()).toBe(count);
    await checkPage(officer, 'inbox-officer', width);

    const { page: supervisor } = await e2e.newPage({ viewport, isMobile: width <= 400 });
    await staffSignIn(supervisor, e2e.url, 'supervisor-jianan', '/staff/inbox');
    const escalation = supervisor.locator('#inbox li', { hasText: '逾期督办' }).filter({ hasText: openCase });
    expect(await escalation.count()).toBe(1);
    await checkPage(supervisor, 'inbox-supervisor', width);
    if (width === 390) {
      // Opening it leads to the case and counts it read (read marks are per staff member, so the
      // wide run that follows sees it read).
      const before = Number(await text(supervisor.locator('#inbox-unread')));
      expect(before).toBeGreaterThanOrEqual(1);
      expect(await escalation.getAttribute('class')).toBe('unread');
      await Promise.all([supervisor.waitForEvent('load'), escalation.locator('a').click()]);
      expect(new URL(supervisor.url()).pathname).toBe(`/staff/cases/${openCase}`);
      const left = await supervisor.locator('#inbox-unread').count();
      expect(left ? Number(await text(supervisor.locator('#inbox-unread'))) : 0).toBe(before - 1);
      return;
    }
    expect(await escalation.getAttribute('class')).toBe('');
    // Mark all as read: the count leaves the header.
    if (await supervisor.locator('form[action="/staff/inbox/read-all"]').count())
      await submitAndWait(supervisor, '/staff/inbox/read-all', 'form[action="/staff/inbox/read-all"] button');
    expect(await supervisor.locator('#inbox-unread').count()).toBe(0);
  });
});
