/**
 * Pages that show identity, an access key or reporter data must never be kept by a browser or a
 * shared cache: `Cache-Control: no-store` — including the pages that echo what was typed after a
 * validation error (the report form, the no-JavaScript village list, phone intake). Dynamic
 * responses are no-store unless a route opts into caching (the public page, the place lists).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let operator: string;
beforeAll(async () => {
  h = await createHarness();
  operator = `chuishao_staff=${await h.tokenFor({ id: 'operator-xuchang', role: 'operator', jurisdiction: '4110' })}`;
});
afterAll(async () => {
  await h.cleanup();
});

const identity = { name: '缓存测试人', phone: '13600007777', idNumber: '41100319800101001X' };
const report = {
  lang: 'zh',
  category: 'major_hazard',
  description: '某厂夜间违规动火作业。',
  countyCode: '411003',
  townshipCode: '411003106',
  ...identity,
};

describe('Cache-Control: no-store', () => {
  it('on the report form sent back with errors, with what was typed (identity included)', async () => {
    const res = await postForm(h.app, '/report', { ...report, category: '', action: 'submit' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(identity.name);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('on the no-JavaScript village list re-render', async () => {
    const res = await postForm(h.app, '/report', { ...report, action: 'villages' });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(identity.phone);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('on phone intake sent back with errors, and its village re-render', async () => {
    const bad = await postForm(
      h.app,
      '/staff/intake',
      { ...report, category: '', action: 'submit' },
      operator,
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain(identity.name);
    expect(bad.headers.get('cache-control')).toBe('no-store');
    const villages = await postForm(h.app, '/staff/intake', { ...report, action: 'villages' }, operator);
    expect(villages.status).toBe(200);
    expect(villages.headers.get('cache-control')).toBe('no-store');
  });

  it('on the follow-up sign-in refused (it echoes the case number), and the sign-in page', async () => {
    const created = (await (await postJson(h.app, '/api/v1/reports', reportBody())).json()) as {
      caseNumber: string;
    };
    const res = await postForm(h.app, '/follow-up', {
      caseNumber: created.caseNumber,
      accessKey: '1234123412341234',
    });
    expect(res.status).toBe(401);
    expect(await res.text()).toContain(created.caseNumber);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect((await h.app.request('/follow-up')).headers.get('cache-control')).toBe('no-store');
  });

  it('on every other dynamic page and the home page, but not on what opts into caching', async () => {
    for (const path of ['/', '/?lang=en', '/staff/sign-in', '/local/sms']) {
      expect((await h.app.request(path)).headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await h.app.request('/public')).headers.get('cache-control')).toBe('public, max-age=60');
    expect((await h.app.request('/assets/app.css')).headers.get('cache-control')).toContain('max-age');
  });
});
