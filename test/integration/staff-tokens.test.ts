/**
 * What a staff token must carry to be accepted (signed by the issuer, as Cognito's ID tokens are):
 * `exp` and `iat`, a lifetime of at most an hour, and a jurisdiction at its role's level — a
 * township officer's token naming a city or a county opens nothing, in reads as in writes. The
 * local issuer's tokens are shaped like Cognito's.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#functions/local/issuer.ts';
import { STAFF_TOKEN_MAX_LIFETIME_S } from '#shared/auth/staff.ts';
import { cookieOf, postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
let caseNumber: string;
beforeAll(async () => {
  h = await createHarness();
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({ location: { townshipCode: '411003106' } }),
  );
  caseNumber = ((await res.json()) as { caseNumber: string }).caseNumber;
});
afterAll(async () => {
  await h.cleanup();
});

const nowS = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  sub: 'officer-lingjing',
  iss: LOCAL_ISSUER,
  aud: LOCAL_AUDIENCE,
  token_use: 'id',
  'cognito:groups': ['township_officer'],
  'custom:jurisdiction': '411003106',
  iat: nowS() - 60,
  exp: nowS() + 1800,
  ...over,
});
const without = (key: string) => {
  const c: Record<string, unknown> = claims();
  delete c[key];
  return c;
};

/** The read (queue) and the write (a message) a token gets, and the console page. */
async function attempts(token: string) {
  const auth = { authorization: `Bearer ${token}` };
  const read = await h.app.request('/api/v1/cases', { headers: auth });
  const write = await h.app.request(`/api/v1/cases/${caseNumber}/messages`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ text: '令牌测试', internal: true }),
  });
  const page = await h.app.request('/staff', { headers: { cookie: `chuishao_staff=${token}` } });
  return { read: read.status, write: write.status, page: page.status };
}

describe('staff token checks', () => {
  it('accepts a well-formed token', async () => {
    expect(await attempts(await h.signClaims(claims()))).toEqual({ read: 200, write: 201, page: 200 });
  });

  it.each([
    ['no exp', without('exp')],
    ['no iat', without('iat')],
    ['a lifetime of 8 hours', claims({ iat: nowS() - 60, exp: nowS() + 8 * 3600 })],
    ['issued 2 hours ago, still unexpired', claims({ iat: nowS() - 7200, exp: nowS() + 600 })],
    ['issued in the future', claims({ iat: nowS() + 3600, exp: nowS() + 3700 })],
    ['expired', claims({ iat: nowS() - 3000, exp: nowS() - 60 })],
    ['an access token', claims({ token_use: 'access' })],
  ])('refuses a token with %s', async (_name, c) => {
    expect(await attempts(await h.signClaims(c))).toEqual({ read: 401, write: 401, page: 303 });
  });

  it.each([
    ['township_officer', '4110'],
    ['township_officer', '411003'],
    ['township_officer', '411003106001'],
    ['county_supervisor', '4110'],
    ['county_supervisor', '411003106'],
    ['operator', '411003106'],
    ['finance_officer', '411003106'],
    ['identity_custodian', '411003106'],
    ['auditor', '411003106'],
  ])(
    'refuses a %s token naming %s (not that role’s level), in reads and writes',
    async (role, jurisdiction) => {
      const token = await h.signClaims(
        claims({ 'cognito:groups': [role], 'custom:jurisdiction': jurisdiction }),
      );
      expect(await attempts(token)).toEqual({ read: 401, write: 401, page: 303 });
    },
  );

  it('lists no city-wide queue for a township officer token that names the city', async () => {
    const token = await h.signClaims(claims({ 'custom:jurisdiction': '4110' }));
    const res = await h.app.request('/api/v1/cases', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).not.toContain(caseNumber);
  });
});

describe('the local issuer', () => {
  it('mints Cognito-shaped ID tokens with a short lifetime, and no token at the wrong level', async () => {
    const res = await postJson(h.app, '/local/token', { role: 'county_supervisor', jurisdiction: '411003' });
    const { token } = (await res.json()) as { token: string };
    const c = decodeJwt(token);
    expect(c.token_use).toBe('id');
    expect(c['cognito:groups']).toEqual(['county_supervisor']);
    expect(c['cognito:username']).toBeTypeOf('string');
    expect(c.auth_time).toBeTypeOf('number');
    expect(c.jti).toBeTypeOf('string');
    expect((c.exp ?? 0) - (c.iat ?? 0)).toBe(STAFF_TOKEN_MAX_LIFETIME_S);
    expect(STAFF_TOKEN_MAX_LIFETIME_S).toBeLessThanOrEqual(3600);
    const wrong = await postJson(h.app, '/local/token', { role: 'township_officer', jurisdiction: '4110' });
    expect(wrong.status).toBe(400);
  });

  it('keeps the demo sign-in cookie no longer than the token', async () => {
    const res = await postForm(h.app, '/local/sign-in', { userId: 'officer-lingjing' });
    expect(cookieOf(res, 'chuishao_staff')).not.toBe('');
    const set = res.headers.getSetCookie().find((x) => x.startsWith('chuishao_staff='));
    expect(Number(/Max-Age=(\d+)/i.exec(set ?? '')?.[1])).toBe(STAFF_TOKEN_MAX_LIFETIME_S);
  });
});
