/**
 * Forged form posts: every cookie-authenticated (and pre-session) form needs the token drawn for
 * its session and, where the browser says where it comes from, this site's origin. Bearer and
 * access-key API calls are not forgeable and stay untouched. A refusal is a page in the user's
 * language and changes nothing. A walk over the pages of every role checks that every post form
 * carries the token, so a new form cannot forget it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_FIELD } from '#functions/http/csrf.tsx';
import { cookieOf, csrfFor, postForm, TEST_ORIGIN } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let lingjing: { caseNumber: string; accessKey: string };
let officer: string;

const staffCookie = async (
  id: string,
  role: Parameters<Harness['tokenFor']>[0]['role'],
  jurisdiction: string,
) => `chuishao_staff=${await h.tokenFor({ id, role, jurisdiction })}`;

beforeAll(async () => {
  h = await createHarness();
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      occurredAt: undefined,
      location: { townshipCode: '411003106' },
      reporter: { name: '表单测试人', phone: '13600001234' },
    }),
  );
  lingjing = (await res.json()) as typeof lingjing;
  officer = await staffCookie('officer-lingjing', 'township_officer', '411003106');
});
afterAll(async () => {
  await h.cleanup();
});

/** A form post with explicit headers, as a forging page (or a careless client) would send it. */
const rawPost = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  h.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

const eventCount = async () => (await h.deps.cases.listEvents(lingjing.caseNumber)).length;
const version = async () => String((await h.deps.cases.get(lingjing.caseNumber))?.record.version);

describe('staff console forms', () => {
  it('refuses a transition posted from another port of the same host (same site, other origin), with a valid token', async () => {
    const { token, cookie } = await csrfFor(h.app, '/staff', officer);
    const before = await eventCount();
    const res = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/transitions`,
      { action: 'reject', reason: '不属于本单位职责', version: await version(), [CSRF_FIELD]: token },
      { cookie, origin: 'http://localhost:4000', 'sec-fetch-site': 'same-site' },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('无法提交');
    expect(await eventCount()).toBe(before);
    expect((await h.deps.cases.get(lingjing.caseNumber))?.record.status).toBe('assigned');
  });

  it('refuses a message from a cross-site origin, and one without the token from this site', async () => {
    const before = await eventCount();
    const { token, cookie } = await csrfFor(h.app, '/staff', officer);
    const evil = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/messages`,
      { text: '伪造的消息', [CSRF_FIELD]: token },
      { cookie, origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(evil.status).toBe(403);
    const noToken = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/messages`,
      { text: '伪造的消息' },
      { cookie, origin: TEST_ORIGIN, 'sec-fetch-site': 'same-origin' },
    );
    expect(noToken.status).toBe(403);
    const nullOrigin = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/messages`,
      { text: '伪造的消息', [CSRF_FIELD]: token },
      { cookie, origin: 'null' },
    );
    expect(nullOrigin.status).toBe(403);
    expect(await eventCount()).toBe(before);
  });

  it('binds the token to the session: another officer’s token does not work with this cookie', async () => {
    const other = await staffCookie('officer-lingjing-2', 'township_officer', '411003106');
    const { token: theirs } = await csrfFor(h.app, '/staff', other);
    const before = await eventCount();
    const res = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/messages`,
      { text: '伪造的消息', [CSRF_FIELD]: theirs },
      { cookie: officer, origin: TEST_ORIGIN },
    );
    expect(res.status).toBe(403);
    expect(await eventCount()).toBe(before);
    // The officer's own page-drawn token works (and a browser that sends no Origin relies on it).
    const { token } = await csrfFor(h.app, '/staff', officer);
    const ok = await rawPost(
      `/staff/cases/${lingjing.caseNumber}/messages`,
      { text: '请补充现场位置。', [CSRF_FIELD]: token },
      { cookie: officer },
    );
    expect(ok.status).toBe(303);
    expect(await eventCount()).toBe(before + 1);
  });

  it('refuses a forged sign-out, and answers in English when the form asked for it', async () => {
    const res = await rawPost('/staff/sign-out', { lang: 'en' }, { cookie: officer, origin: TEST_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('chuishao_staff=;');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Could not send the form');
    expect((await postForm(h.app, '/staff/sign-out', {}, officer)).status).toBe(303);
  });

  it('leaves bearer-token API calls alone, even form-encoded and cross-site', async () => {
    const token = await h.tokenFor({
      id: 'officer-api',
      role: 'township_officer',
      jurisdiction: '411003106',
    });
    const res = await h.app.request(`/api/v1/cases/${lingjing.caseNumber}/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        origin: 'http://evil.example',
      },
      body: JSON.stringify({ text: '接口消息', internal: true }),
    });
    expect(res.status).toBe(201);
  });
});

describe('local sign-in and the phone simulator', () => {
  it('refuses a demo sign-in without the pre-session token (a page could plant its session)', async () => {
    const res = await rawPost('/local/sign-in', { userId: 'supervisor-jianan' }, { origin: TEST_ORIGIN });
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('chuishao_staff=');
    const ok = await postForm(h.app, '/local/sign-in', { userId: 'supervisor-jianan' });
    expect(ok.status).toBe(303);
    expect(cookieOf(ok, 'chuishao_staff')).toMatch(/^chuishao_staff=./);
  });

  it('refuses a simulated text posted without the token', async () => {
    const res = await rawPost('/local/sms/send', { number: '+8613700000099', text: '帮助' }, {});
    expect(res.status).toBe(403);
    expect(h.smsOutbox.list('+8613700000099')).toEqual([]);
  });
});

describe('the reporter’s forms', () => {
  it('refuses a cross-site follow-up sign-in (login CSRF): no session is planted', async () => {
    const res = await rawPost(
      '/follow-up',
      { caseNumber: lingjing.caseNumber, accessKey: lingjing.accessKey },
      { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie') ?? '').not.toContain('chuishao_session=');
    // Without Origin the pre-session token is still needed: another browser's does not count.
    const attacker = await csrfFor(h.app, '/follow-up');
    const victim = await csrfFor(h.app, '/follow-up');
    const planted = await rawPost(
      '/follow-up',
      { caseNumber: lingjing.caseNumber, accessKey: lingjing.accessKey, [CSRF_FIELD]: attacker.token },
      { cookie: victim.cookie },
    );
    expect(planted.status).toBe(403);
    expect(planted.headers.get('set-cookie') ?? '').not.toContain('chuishao_session=');
  });

  it('sets the pre-session cookie HttpOnly with the first form, and a new session gets a new token', async () => {
    const first = await h.app.request('/follow-up');
    const set = first.headers.getSetCookie().find((c) => c.startsWith('chuishao_csrf='));
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/i);
    const signIn = await postForm(h.app, '/follow-up', {
      caseNumber: lingjing.caseNumber,
      accessKey: lingjing.accessKey,
    });
    expect(signIn.status).toBe(303);
    const session = cookieOf(signIn, 'chuishao_session');
    const pre = await csrfFor(h.app, '/follow-up');
    const bound = await csrfFor(h.app, '/follow-up', `${session}; ${pre.cookie}`);
    expect(bound.token).not.toBe(pre.token);
    // The pre-session token does not authorise a signed-in reporter's message.
    const before = await eventCount();
    const forged = await rawPost(
      '/follow-up/message',
      { text: '伪造', [CSRF_FIELD]: pre.token },
      { cookie: `${session}; ${pre.cookie}`, origin: TEST_ORIGIN },
    );
    expect(forged.status).toBe(403);
    expect(await eventCount()).toBe(before);
    const sent = await postForm(h.app, '/follow-up/message', { text: '补充：夜里仍在作业。' }, session);
    expect(sent.status).toBe(303);
    expect(await eventCount()).toBe(before + 1);
  });

  it('gives a refused report form back filled in, so nothing typed is lost', async () => {
    const res = await rawPost(
      '/report',
      {
        lang: 'zh',
        category: 'major_hazard',
        description: '仓库违规存放液化气钢瓶，已持续一个月。',
        countyCode: '411082',
        action: 'submit',
      },
      { origin: TEST_ORIGIN },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('仓库违规存放液化气钢瓶，已持续一个月。');
    expect(html).toContain(`name="${CSRF_FIELD}"`);
    expect(html).not.toContain('id="case-number"');
  });

  it('leaves the reporter API (access key in a header) alone', async () => {
    const res = await h.app.request(`/api/v1/reports/${lingjing.caseNumber}/objection`, {
      method: 'POST',
      headers: {
        'x-access-key': lingjing.accessKey,
        'content-type': 'application/json',
        origin: 'http://evil.example',
      },
      body: JSON.stringify({ reason: '还没有结论。' }),
    });
    expect(res.status).not.toBe(403);
  });
});

/** Every `<form method="post">` of a page, with whether it carries the token. */
function postForms(html: string): { action: string; hasToken: boolean }[] {
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)]
    .filter((m) => /method="post"/i.test(m[1] ?? ''))
    .map((m) => ({
      action: /action="([^"]*)"/.exec(m[1] ?? '')?.[1] ?? '',
      hasToken: new RegExp(`name="${CSRF_FIELD}" value="[A-Za-z0-9_-]{43}"`).test(m[2] ?? ''),
    }));
}

describe('every post form carries the token', () => {
  it('on every page reachable by link from the start pages of the public, a reporter and every role', async () => {
    // A substantiated case (objection open, a reward awaiting facts) and an identity request, so
    // the walk meets those forms too.
    const concluded = (await (
      await postJson(h.app, '/api/v1/reports', reportBody({ location: { townshipCode: '411003106' } }))
    ).json()) as typeof lingjing;
    const bearer = {
      authorization: `Bearer ${await h.tokenFor({ id: 'walk-officer', role: 'township_officer', jurisdiction: '411003106' })}`,
      'content-type': 'application/json',
    };
    const steps = [
      { action: 'accept' },
      { action: 'start_verification' },
      { action: 'substantiate', conclusion: '举报属实，已立案处罚。' },
    ];
    for (const [i, body] of steps.entries()) {
      const res = await h.app.request(`/api/v1/cases/${concluded.caseNumber}/transitions`, {
        method: 'POST',
        headers: { ...bearer, 'if-match': `"${i + 1}"` },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
    }
    await h.drainStream();
    const asked = await h.app.request(`/api/v1/cases/${lingjing.caseNumber}/identity-requests`, {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ reason: '核查需要联系举报人' }),
    });
    expect(asked.status).toBe(201);
    const signIn = await postForm(h.app, '/follow-up', {
      caseNumber: concluded.caseNumber,
      accessKey: concluded.accessKey,
    });
    const reporter = cookieOf(signIn, 'chuishao_session');
    const visitors: { who: string; cookie: string; start: string[] }[] = [
      {
        who: 'public',
        cookie: '',
        start: ['/', '/?lang=en', '/follow-up', '/public', '/staff/sign-in', '/local/sms'],
      },
      { who: 'reporter', cookie: reporter, start: ['/follow-up'] },
    ];
    const roles = [
      ['township_officer', '411003106'],
      ['county_supervisor', '411003'],
      ['operator', '4110'],
      ['finance_officer', '4110'],
      ['identity_custodian', '4110'],
      ['auditor', '4110'],
    ] as const;
    for (const [role, jurisdiction] of roles) {
      visitors.push({
        who: role,
        cookie: await staffCookie(`walk-${role}`, role, jurisdiction),
        start: [
          '/staff',
          '/staff/intake',
          `/staff/cases/${lingjing.caseNumber}`,
          `/staff/cases/${concluded.caseNumber}`,
          '/staff/rewards',
        ],
      });
    }
    const missing: string[] = [];
    let forms = 0;
    let pages = 0;
    for (const v of visitors) {
      const seen = new Set<string>();
      const queue = [...v.start];
      while (queue.length > 0 && seen.size < 15) {
        const path = queue.shift() as string;
        if (seen.has(path)) continue;
        seen.add(path);
        const res = await h.app.request(path, { headers: v.cookie ? { cookie: v.cookie } : {} });
        const location = res.headers.get('location');
        if (location?.startsWith('/')) queue.unshift(location);
        if (!(res.headers.get('content-type') ?? '').includes('text/html')) continue;
        const html = await res.text();
        pages++;
        for (const f of postForms(html)) {
          forms++;
          if (!f.hasToken) missing.push(`${v.who} ${path} → ${f.action}`);
        }
        for (const m of html.matchAll(/href="(\/[^"#]*)"/g)) {
          const link = (m[1] ?? '').replaceAll('&amp;', '&');
          if (!link.startsWith('/assets/') && !link.startsWith('/api/') && !seen.has(link)) queue.push(link);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(pages).toBeGreaterThan(20);
    expect(forms).toBeGreaterThan(15);
  });
});
