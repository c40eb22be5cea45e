/** The citizen pages through the real app: plain form posts, as a browser without JavaScript sends them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

const form = (path: string, fields: Record<string, string>, cookie = '') =>
  postForm(h.app, path, fields, cookie);

const valid = {
  lang: 'zh',
  idempotencyKey: '',
  category: 'major_hazard',
  description: '仓库内违规存放大量液化气钢瓶，无通风。',
  countyCode: '411082',
  townshipCode: '',
  address: '长葛市某仓库',
  action: 'submit',
};

async function fileByForm(fields: Record<string, string> = {}) {
  const res = await form('/report', { ...valid, ...fields });
  const html = await res.text();
  return {
    res,
    html,
    caseNumber: /id="case-number">([^<]+)</.exec(html)?.[1] ?? '',
    accessKey: (/id="access-key">([^<]+)</.exec(html)?.[1] ?? '').replace(/\s/g, ''),
  };
}

describe('home page and report form', () => {
  it('renders in Chinese by default and English on request, with the privacy promise and the division lists', async () => {
    const zh = await (await h.app.request('/')).text();
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('我们为您保密');
    expect(zh).toContain('禹州市');
    expect(zh).toMatch(/<optgroup label="禹州市" data-county="411081">/);
    const en = await (await h.app.request('/?lang=en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('We keep you confidential');
  });

  it('loads only assets served by the app itself', async () => {
    const html = await (await h.app.request('/')).text();
    const urls = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls.filter((u) => /^(https?:)?\/\//.test(u))).toEqual([]);
    for (const asset of urls.filter((u) => u.startsWith('/assets/'))) {
      expect((await h.app.request(asset)).status, asset).toBe(200);
    }
  });

  it('files a report and shows the case number and access key once', async () => {
    const { res, caseNumber, accessKey } = await fileByForm({ idempotencyKey: 'web-form-0001' });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(caseNumber).toMatch(/^\d{8}-\d{6}$/);
    expect(accessKey).toMatch(/^\d{16}$/);
    const stored = await h.deps.cases.get(caseNumber);
    expect(stored?.record.status).toBe('triage');
    expect(stored?.record.channel).toBe('web');
  });

  it('does not file twice when the same form is submitted again', async () => {
    const first = await fileByForm({ idempotencyKey: 'web-form-double-1' });
    const second = await fileByForm({ idempotencyKey: 'web-form-double-1' });
    expect(second.caseNumber).toBe(first.caseNumber);
    expect(second.accessKey).toBe(first.accessKey);
  });

  it('lists the villages of the chosen township without JavaScript, keeping what was typed', async () => {
    const res = await form('/report', { ...valid, townshipCode: '411082001', action: 'villages' });
    expect(res.status).toBe(200);
    const html = await res.text();
    const villages = [...html.matchAll(/<option value="(41108200\d{4})"/g)].map((m) => m[1]);
    expect(villages.length).toBeGreaterThan(3);
    expect(html).toContain('仓库内违规存放大量液化气钢瓶');
    const cases = await h.deps.cases.get('x');
    expect(cases).toBeNull();
  });

  it('shows field errors in the page, keeps the values and writes nothing', async () => {
    const res = await form('/report', {
      ...valid,
      description: '太短',
      phone: '12345',
      address: '',
      countyCode: '',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain('不是有效的手机号码');
    expect(html).toContain('请至少选择乡镇（街道）或填写详细地址');
    expect(html).toMatch(/id="f-phone"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-phone"/);
    expect(html).toContain('value="12345"');
  });
});

describe('follow-up pages', () => {
  it('signs in with number and key, shows the case, takes a message, signs out', async () => {
    const { caseNumber, accessKey } = await fileByForm();
    const signIn = await form('/follow-up', { caseNumber, accessKey, lang: 'en' });
    expect(signIn.status).toBe(303);
    const setCookie = signIn.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(accessKey);
    const cookie = setCookie.split(';')[0] ?? '';

    const page = await h.app.request('/follow-up?lang=en', { headers: { cookie } });
    const html = await page.text();
    expect(html).toContain(caseNumber);
    expect(html).toContain('Awaiting routing');
    expect(html).not.toContain(accessKey);

    const sent = await form(
      '/follow-up/message',
      { text: 'The cylinders were moved at night.', lang: 'en' },
      cookie,
    );
    expect(sent.status).toBe(303);
    const after = await (await h.app.request('/follow-up?lang=en', { headers: { cookie } })).text();
    expect(after).toContain('The cylinders were moved at night.');

    const blank = await form('/follow-up/message', { text: '   ', lang: 'en' }, cookie);
    expect(blank.status).toBe(400);

    const out = await form('/follow-up/sign-out', { lang: 'en' }, cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/i);
  });

  it('ends the session on the server at sign-out: the old cookie opens nothing', async () => {
    const { caseNumber, accessKey } = await fileByForm();
    const signIn = await form('/follow-up', { caseNumber, accessKey });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(await (await h.app.request('/follow-up', { headers: { cookie } })).text()).toContain(caseNumber);
    expect((await form('/follow-up/sign-out', {}, cookie)).status).toBe(303);
    // A copy of the cookie kept from before (another tab, a stolen value) no longer works.
    const page = await (await h.app.request('/follow-up', { headers: { cookie } })).text();
    expect(page).toContain('name="accessKey"');
    expect(page).not.toContain(caseNumber);
    const before = (await h.deps.cases.listEvents(caseNumber)).length;
    const post = await form('/follow-up/message', { text: '签退后还想补充。' }, cookie);
    expect(post.status).toBe(401);
    expect((await h.deps.cases.listEvents(caseNumber)).length).toBe(before);
  });

  it('refuses a wrong key without saying whether the case exists', async () => {
    const { caseNumber } = await fileByForm();
    const wrong = await form('/follow-up', { caseNumber, accessKey: '1234123412341234' });
    const unknown = await form('/follow-up', {
      caseNumber: '20000101-123456',
      accessKey: '1234123412341234',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(await wrong.text())).toBe(strip(await unknown.text()));
  });

  it('ignores a forged or missing session cookie', async () => {
    const page = await h.app.request('/follow-up', { headers: { cookie: 'chuishao_session=forged' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="accessKey"');
    const post = await form('/follow-up/message', { text: 'hello' }, 'chuishao_session=forged');
    expect(post.status).toBe(401);
  });

  it('expires sessions', async () => {
    const { caseNumber, accessKey } = await fileByForm();
    const signIn = await form('/follow-up', { caseNumber, accessKey });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    h.setNow(new Date(Date.now() + 31 * 60_000).toISOString());
    try {
      const page = await h.app.request('/follow-up', { headers: { cookie } });
      expect(await page.text()).toContain('name="accessKey"');
    } finally {
      h.setNow(null);
    }
  });
});
