/**
 * Control characters, broken percent-encoding or absurdly long values in a path parameter are
 * stopped before any route (a 404, never a 5xx, never a header built from them), and a `next`
 * that is not a plain path of the console is ignored for the console's own start page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let officer: string;
let bearer: Record<string, string>;
beforeAll(async () => {
  h = await createHarness();
  const token = await h.tokenFor({
    id: 'officer-lingjing',
    role: 'township_officer',
    jurisdiction: '411003106',
  });
  officer = `chuishao_staff=${token}`;
  bearer = { authorization: `Bearer ${token}` };
});
afterAll(async () => {
  await h.cleanup();
});

const BAD = [
  { name: 'CR/LF and a header', bad: '%0d%0aSet-Cookie:%20pwned=1' },
  { name: 'NUL', bad: '%00' },
  { name: 'DEL', bad: 'x%7F' },
  { name: 'broken percent-encoding', bad: '%E0%A4%A' },
  { name: '3,000 characters', bad: 'x'.repeat(3000) },
];

describe('bad path parameters', () => {
  it.each(BAD)('$name: a 404 on every kind of route, and no header made from it', async ({ bad }) => {
    const calls: [string, Response][] = [
      ['blank staff message', await postForm(h.app, `/staff/cases/${bad}/messages`, { text: ' ' }, officer)],
      ['staff message', await postForm(h.app, `/staff/cases/${bad}/messages`, { text: 'x' }, officer)],
      ['case page', await h.app.request(`/staff/cases/${bad}`, { headers: { cookie: officer } })],
      ['staff API', await h.app.request(`/api/v1/cases/${bad}`, { headers: bearer })],
      [
        'transition',
        await postForm(h.app, `/staff/cases/${bad}/transitions`, { action: 'accept', version: '1' }, officer),
      ],
      ['reward release', await postForm(h.app, `/staff/rewards/${bad}/release`, { version: '1' }, officer)],
      ['reveal page', await h.app.request(`/staff/reveal/${bad}/${bad}`, { headers: { cookie: officer } })],
      [
        'reporter API',
        await h.app.request(`/api/v1/reports/${bad}`, { headers: { 'x-access-key': '1234123412341234' } }),
      ],
      ['citizen page', await h.app.request(`/follow-up/${bad}`)],
      ['signed out', await h.app.request(`/staff/cases/${bad}`)],
    ];
    for (const [name, res] of calls) {
      expect(res.status, name).toBe(404);
      expect(res.headers.get('set-cookie') ?? '', name).not.toContain('pwned');
    }
  });

  it('still serves good paths with percent-encoded text', async () => {
    expect(
      (await h.app.request('/staff/cases/20000101-000000', { headers: { cookie: officer } })).status,
    ).toBe(404);
    expect((await h.app.request('/api/v1/places?parent=411003')).status).toBe(200);
    expect((await h.app.request('/?lang=en')).status).toBe(200);
  });
});

describe('next= after the local sign-in', () => {
  it.each([
    '/staff\r\nSet-Cookie: pwned=1',
    '/staff\u0000',
    '//evil.example/staff',
    '/staff/\\evil.example',
    'https://evil.example/staff',
    '/staffevil',
    '/public',
  ])('%j is ignored: the console start page', async (next) => {
    const res = await postForm(h.app, '/local/sign-in', { userId: 'officer-lingjing', next });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/staff');
  });

  it('keeps a plain console path with its query', async () => {
    const next = '/staff/cases/20000101-000000?lang=en';
    const res = await postForm(h.app, '/local/sign-in', { userId: 'officer-lingjing', next });
    expect(res.headers.get('location')).toBe(next);
  });
});
