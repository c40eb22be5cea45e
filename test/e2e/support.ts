/**
 * Browser-test support: the whole local stack (app + seeds over the shared in-memory DynamoDB Local,
 * tables under a unique prefix) and the run's one Debian Chromium (browser-global-setup.ts) driven
 * by playwright-core.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import {
  type Browser,
  type BrowserContextOptions,
  chromium,
  type Download,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { inject } from 'vitest';
import { type LocalStack, startLocalStack } from '#functions/local/stack.ts';
import { createLogger } from '#shared/log.ts';

/** The pilot region's seeds: 禹州市 → 颍川街道 → 长春社区居委会. */
export const PLACE = {
  countyCode: '411081',
  townshipCode: '411081001',
  villageCode: '411081001001',
  villageName: '长春社区居委会',
} as const;

export const CASE_NUMBER = /^\d{8}-\d{6}$/;
export const ACCESS_KEY_DISPLAY = /^\d{4} \d{4} \d{4} \d{4}$/;

export interface E2E {
  url: string;
  /** Every line the app logged (kept out of the test output; checked for leaks). */
  logs: string[];
  browser: Browser;
  /** A fresh context and page; every request URL the page makes is recorded in `requests`. */
  newPage(options?: BrowserContextOptions): Promise<{ page: Page; requests: string[] }>;
  /**
   * Runs the stream consumer over everything written so far (substantiation opens the reward).
   * Twice: with the timer on, the first call may join a poll that started before the last write.
   */
  drainStream(): Promise<number>;
  /** The stream consumer's and sweep's dependencies (to run the sweep at another time). */
  streamDeps: import('#shared/services/case-changes.ts').CaseChangeDeps;
  /** The stack's DynamoDB Local client and tables (for tests that tamper with stored items). */
  db: LocalStack['db'];
  tables: LocalStack['tables'];
  stop(): Promise<void>;
}

/**
 * Starts the stack and Chromium. `streamByHand` turns the stream poller's timer off, as the
 * integration harness does: the test runs the consumer with `drainStream()` after its writes.
 */
export async function startE2E(
  opts: {
    streamByHand?: boolean;
    intake?: { INTAKE_SOURCE_BUDGET?: string; INTAKE_POW_DIFFICULTY?: string };
  } = {},
): Promise<E2E> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chuishao-e2e-'));
  const logs: string[] = [];
  const stack = await startLocalStack({
    logger: createLogger((line) => logs.push(line)),
    dataDir,
    persist: false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tablePrefix: `e2e${randomBytes(4).toString('hex')}`,
    directoryTable: inject('directoryTable'),
    port: 0,
    ...(opts.streamByHand ? { pollIntervalMs: 3_600_000 } : {}),
    // The intake budget is off unless a test sets it (the tests file many reports from 127.0.0.1).
    ...(opts.intake ? { intake: opts.intake } : {}),
  });
  let browser: Browser;
  try {
    // The run's one Chromium (browser-global-setup.ts); close() ends this file's contexts only.
    browser = await chromium.connect(inject('browserWsEndpoint'));
  } catch (err) {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: stack.url,
    logs,
    browser,
    newPage: async (options = {}) => {
      const context = await browser.newContext({ locale: 'zh-CN', ...options });
      const page = await context.newPage();
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      return { page, requests };
    },
    drainStream: async () => (await stack.drainStream()) + (await stack.drainStream()),
    streamDeps: stack.streamDeps,
    db: stack.db,
    tables: stack.tables,
    stop: async () => {
      await browser.close().catch(() => {});
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A finished download's bytes (the run's Chromium is remote: saveAs copies the file over). */
export async function downloadedBytes(download: Download): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-download-'));
  try {
    const file = join(dir, 'download');
    await download.saveAs(file);
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A mainland mobile number and a name nobody else uses, to look for leaks of exactly these. */
export function canaryIdentity() {
  const tag = randomBytes(4).toString('hex');
  return {
    name: `金丝雀${tag}`,
    phone: `139${String(randomInt(100_000_000)).padStart(8, '0')}`,
  };
}

/**
 * Clicks a submit button of a form that posts to `path`; returns that POST's own response (a 303
 * when the app redirects after the post) once the resulting page has loaded.
 */
export async function submitAndWait(page: Page, path: string, button: string): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'POST'),
    page.waitForEvent('load'),
    page.locator(button).click(),
  ]);
  return response;
}

export const SUBMIT_REPORT = 'form[action="/report"] button[name=action][value=submit]';

/** Fills the report form's fields other than the place lists. */
export async function fillReportDetails(
  page: Page,
  details: { description: string; address?: string; name?: string; phone?: string },
) {
  await page.locator('input[name=category][value=major_hazard]').check();
  await page.locator('textarea[name=description]').fill(details.description);
  await page.locator('input[name=unitName]').fill('某某化工有限公司');
  if (details.address !== undefined) await page.locator('input[name=address]').fill(details.address);
  if (details.name !== undefined) await page.locator('input[name=name]').fill(details.name);
  if (details.phone !== undefined) await page.locator('input[name=phone]').fill(details.phone);
}

/** An element's text, trimmed ('' when absent). */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

/** Reads the case number and the access key (as displayed) off the confirmation page. */
export async function readCredentials(page: Page) {
  const caseNumber = await text(page.locator('#case-number'));
  const accessKey = await text(page.locator('#access-key'));
  return { caseNumber, accessKey };
}

/** Signs in on /follow-up; returns the POST's response (303 to the case view on success). */
export async function signIn(page: Page, url: string, caseNumber: string, accessKey: string) {
  await page.goto(`${url}/follow-up`);
  await page.locator('input[name=caseNumber]').fill(caseNumber);
  await page.locator('input[name=accessKey]').fill(accessKey);
  return submitAndWait(page, '/follow-up', 'form[action="/follow-up"] button[type=submit]');
}

export interface A11yProblem {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core on the page as it stands; returns the serious and critical violations, printed. */
export async function seriousA11yViolations(
  page: Page,
  label: string,
  opts: { quiet?: boolean } = {},
): Promise<A11yProblem[]> {
  const results = await new AxeBuilder({ page }).analyze();
  const problems = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      page: label,
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.map((n) => n.target.map(String).join(' ')),
    }));
  for (const p of opts.quiet ? [] : problems) {
    console.error(`[axe] ${p.page}: ${p.impact} ${p.id} — ${p.help}\n  ${p.targets.join('\n  ')}`);
  }
  return problems;
}

/** A staff token from the local issuer (`POST /local/token`), for driving the staff JSON API. */
export async function staffToken(
  url: string,
  user: { id: string; role: string; jurisdiction: string },
): Promise<string> {
  const res = await fetch(`${url}/local/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(user),
  });
  if (res.status !== 200) throw new Error(`local token: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** One staff API call with a bearer token; `ifMatch` is the version seen (ETag). */
export async function staffJson(
  url: string,
  token: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  ifMatch?: string,
): Promise<{ status: number; etag: string; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(ifMatch ? { 'if-match': ifMatch } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: res.status,
    etag: res.headers.get('etag') ?? '',
    body: (await res.json().catch(() => ({}))) as Record<string, unknown>,
  };
}

/**
 * Signs a demo staff user in through the local sign-in page, starting from `path` (a staff page:
 * the sign-in page sends them back there). Ends on `path`, loaded.
 */
export async function staffSignIn(page: Page, url: string, userId: string, path = '/staff') {
  await page.goto(`${url}${path}`);
  await submitAndWait(page, '/local/sign-in', `form:has(input[value="${userId}"]) button`);
}
