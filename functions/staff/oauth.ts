/**
 * Staff sign-in in AWS: the Cognito hosted UI's authorization code flow with PKCE (S256) and a
 * `state` check. /staff/sign-in/start redirects to the hosted UI; /staff/auth/callback exchanges the
 * code at the token endpoint, verifies the ID token against the JWKS like every later request
 * does, and keeps it in an HttpOnly cookie. Locally the demo sign-in replaces all of this.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { STAFF_TOKEN_MAX_LIFETIME_S, type StaffVerifier } from '#shared/auth/staff.ts';
import { STAFF_COOKIE } from './auth.ts';

export interface HostedUiOptions {
  /** The hosted UI's /oauth2/authorize URL. */
  authorizeUrl: string;
  /** The hosted UI's /oauth2/token URL. */
  tokenUrl: string;
  clientId: string;
  /** This app's /staff/auth/callback URL, as registered on the client. */
  callbackUrl: string;
  verify: StaffVerifier;
  fetch?: typeof fetch;
}

const FLOW_COOKIE = 'chuishao_oauth';
const b64url = (buf: Buffer) => buf.toString('base64url');

export function useHostedUiSignIn(app: Hono, opts: HostedUiOptions): void {
  const doFetch = opts.fetch ?? fetch;

  app.get('/staff/sign-in/start', (c) => {
    const state = b64url(randomBytes(24));
    const verifier = b64url(randomBytes(48));
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    // Lax, not Strict: the hosted UI sends the browser back with a cross-site top-level GET.
    setCookie(c, FLOW_COOKIE, `${state}.${verifier}`, {
      httpOnly: true,
      secure: true,
      sameSite: 'Lax',
      path: '/staff/auth',
      maxAge: 600,
    });
    const url = new URL(opts.authorizeUrl);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: opts.clientId,
      redirect_uri: opts.callbackUrl,
      scope: 'openid profile',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return c.redirect(url.toString(), 302);
  });

  app.get('/staff/auth/callback', async (c) => {
    const [state, verifier] = (getCookie(c, FLOW_COOKIE) ?? '').split('.');
    deleteCookie(c, FLOW_COOKIE, { path: '/staff/auth' });
    const code = c.req.query('code');
    if (!state || !verifier || !code || c.req.query('state') !== state) {
      return c.redirect('/staff/sign-in?failed=1', 303);
    }
    const res = await doFetch(opts.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: opts.clientId,
        code,
        redirect_uri: opts.callbackUrl,
        code_verifier: verifier,
      }).toString(),
    });
    const tokens = res.ok ? ((await res.json()) as { id_token?: string; expires_in?: number }) : {};
    if (!tokens.id_token) return c.redirect('/staff/sign-in?failed=1', 303);
    try {
      await opts.verify(tokens.id_token);
    } catch {
      return c.redirect('/staff/sign-in?failed=1', 303);
    }
    setCookie(c, STAFF_COOKIE, tokens.id_token, {
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: Math.min(tokens.expires_in ?? STAFF_TOKEN_MAX_LIFETIME_S, STAFF_TOKEN_MAX_LIFETIME_S),
    });
    return c.redirect('/staff', 303);
  });
}
