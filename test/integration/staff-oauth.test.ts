/** AWS-mode staff sign-in: hosted-UI code flow with PKCE and state, against a stand-in token endpoint. */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '#functions/local/issuer.ts';
import { createStaffApp } from '#functions/staff/app.tsx';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let app: ReturnType<typeof createStaffApp>;
const tokenRequests: URLSearchParams[] = [];
beforeAll(async () => {
  h = await createHarness();
  const idToken = await h.tokenFor({
    role: 'township_officer',
    jurisdiction: '411003106',
    id: 'cognito-user-1',
  });
  app = createStaffApp(h.deps, {
    reveals: new RevealRepository(h.db, h.tables),
    rewards: new RewardRepository(h.db, h.tables, h.deps.cases),
    verify: createStaffVerifier({
      jwksUrl: () => `${h.url}/local/jwks.json`,
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
    }),
    hostedUi: {
      authorizeUrl: 'https://staff.auth.example/oauth2/authorize',
      tokenUrl: 'https://staff.auth.example/oauth2/token',
      clientId: 'client-123',
      callbackUrl: 'https://hotline.example/staff/auth/callback',
      fetch: async (_url, init) => {
        tokenRequests.push(new URLSearchParams(String(init?.body)));
        return new Response(JSON.stringify({ id_token: idToken, expires_in: 3600 }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    },
  });
});
afterAll(async () => {
  await h.cleanup();
});

describe('hosted UI sign-in', () => {
  it('redirects with state and a PKCE challenge, then exchanges the code and sets the staff cookie', async () => {
    const start = await app.request('/staff/sign-in/start');
    expect(start.status).toBe(302);
    const target = new URL(start.headers.get('location') ?? '');
    expect(target.origin + target.pathname).toBe('https://staff.auth.example/oauth2/authorize');
    expect(target.searchParams.get('code_challenge_method')).toBe('S256');
    const state = target.searchParams.get('state') ?? '';
    const flow = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

    const back = await app.request(`/staff/auth/callback?code=abc&state=${state}`, {
      headers: { cookie: flow },
    });
    expect(back.status).toBe(303);
    expect(back.headers.get('location')).toBe('/staff');
    expect(back.headers.get('set-cookie')).toMatch(/chuishao_staff=.+HttpOnly/i);
    const sent = tokenRequests.at(-1)!;
    expect(sent.get('code')).toBe('abc');
    const challenge = createHash('sha256')
      .update(sent.get('code_verifier') ?? '')
      .digest('base64url');
    expect(challenge).toBe(target.searchParams.get('code_challenge'));
  });

  it('refuses a callback whose state does not match', async () => {
    const start = await app.request('/staff/sign-in/start');
    const flow = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const before = tokenRequests.length;
    const back = await app.request('/staff/auth/callback?code=abc&state=forged', {
      headers: { cookie: flow },
    });
    expect(back.headers.get('location')).toContain('failed');
    expect(tokenRequests.length).toBe(before);
  });
});
