/**
 * Cross-site request forgery protection for every form a browser posts (citizen pages, the
 * reporter's follow-up session, staff consoles, local sign-in): one middleware, two checks.
 *
 * 1. Origin: where the browser says where the request comes from (`Sec-Fetch-Site`, `Origin`), it
 *    must be this site — hono/csrf decides. A page on another port of the same host is same-site
 *    but not same-origin, and is refused; so is `Origin: null`. Requests that carry neither header
 *    (old browsers, privacy extensions) are left to the token. Behind the front door the request
 *    URL names API Gateway, not the name the browser used; that name comes from the viewer-host
 *    header, believed only with the origin secret (functions/http/source.ts).
 * 2. Token: a hidden `_csrf` field whose value is an HMAC keyed by the cookie that authenticates
 *    the request — the staff token or the reporter's session — so a token works only with the
 *    session it was drawn for (a new session, a new token). Before any session (the follow-up
 *    sign-in, the report form, local sign-in) the key is a random pre-session cookie set with the
 *    first page that draws a token (signed double-submit), which stops login CSRF: a cross-site
 *    page can neither read that cookie nor compute the token. The cookie is `__Host-` prefixed over
 *    HTTPS, so a sibling subdomain cannot plant one.
 *
 * Only what a cross-site page can make a browser send is checked: a POST/PUT/PATCH/DELETE with a
 * form-like content type (hono/csrf's list) and no credential header. A request with
 * `Authorization` (bearer-token API clients) or `X-Access-Key` (the reporter API), or with a JSON
 * body, needs a CORS preflight these apps never grant, so it cannot be forged and is unaffected.
 *
 * `<CsrfField />` renders the hidden field in any form rendered during a protected request (it
 * reads the request through AsyncLocalStorage, so no prop drilling); rendering it outside one is a
 * programming error and throws.
 */

import { AsyncLocalStorage } from 'node:async_hooks';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { serialize } from 'hono/utils/cookie';
import { assetHref } from '#functions/assets/hashed.ts';
import { publicOrigin } from './source.ts';

/** The form field that carries the token. */
export const CSRF_FIELD = '_csrf';
const PRE_SESSION_COOKIE = 'chuishao_csrf';
const SECURE_PRE_SESSION_COOKIE = `__Host-${PRE_SESSION_COOKIE}`;
const UNSAFE_METHOD = /^(POST|PUT|PATCH|DELETE)$/i;
/** What a browser sends cross-site without a preflight (the same list as hono/csrf's). */
const FORM_CONTENT_TYPE =
  /^\b(application\/x-www-form-urlencoded|multipart\/form-data|text\/(?:plain|ping))\b/i;
const RANDOM_VALUE = /^[A-Za-z0-9_-]{43}$/;

export type CsrfRefusal = 'origin' | 'token';

/**
 * The cookies that authenticate a session, strongest first: the staff ID token (functions/staff/
 * auth.ts) and the reporter's follow-up session (functions/web/app.tsx). A form drawn while one is
 * present is bound to it; test/integration/csrf.test.ts fails if either cookie is renamed alone.
 */
export const SESSION_COOKIES = ['chuishao_staff', 'chuishao_session'] as const;

export type CsrfRefused = (c: Context, reason: CsrfRefusal) => Response | Promise<Response>;

export interface CsrfOptions {
  /** Cookies that authenticate a session. @default SESSION_COOKIES */
  sessionCookies?: readonly string[];
  /** The site's public origin(s) besides the request's own (e.g. the CloudFront name). */
  origins?: string[];
  /** The refusal page, in the user's language: a page, never raw JSON. @default defaultCsrfRefused */
  refused?: CsrfRefused;
  /** The front door's origin secret: with it a request may name the host the browser used. */
  edgeSecret?: string | undefined;
}

interface CsrfState {
  token(): string;
}

const storage = new AsyncLocalStorage<CsrfState>();

const mac = (key: string, label: string) =>
  createHmac('sha256', key).update(`chuishao csrf v1\0${label}`).digest('base64url');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const isHttps = (c: Context) => new URL(c.req.url).protocol === 'https:';
const preSessionCookieName = (c: Context) => (isHttps(c) ? SECURE_PRE_SESSION_COOKIE : PRE_SESSION_COOKIE);

/** Whether a cross-site page could have made the browser send this request. */
export function isForgeable(c: Context): boolean {
  if (!UNSAFE_METHOD.test(c.req.method)) return false;
  if (c.req.header('authorization') !== undefined || c.req.header('x-access-key') !== undefined) return false;
  return FORM_CONTENT_TYPE.test(c.req.header('content-type') ?? 'text/plain');
}

/** The keys a token may be bound to in this request: the session's, or else the pre-session cookie. */
function bindings(c: Context, sessionCookies: readonly string[]): { label: string; key: string }[] {
  const sessions = sessionCookies
    .map((name) => ({ label: name, key: getCookie(c, name) ?? '' }))
    .filter((b) => b.key.length > 0);
  if (sessions.length > 0) return sessions;
  const pre = getCookie(c, preSessionCookieName(c)) ?? '';
  return RANDOM_VALUE.test(pre) ? [{ label: PRE_SESSION_COOKIE, key: pre }] : [];
}

export function csrfProtection(options: CsrfOptions = {}): MiddlewareHandler {
  const opts = {
    sessionCookies: options.sessionCookies ?? SESSION_COOKIES,
    origins: options.origins ?? [],
    refused: options.refused ?? defaultCsrfRefused,
  };
  const originCheck = csrf({
    origin: (origin, c) =>
      origin === publicOrigin(c, options.edgeSecret) ||
      origin === new URL(c.req.url).origin ||
      opts.origins.includes(origin),
    secFetchSite: 'same-origin',
  });

  /** Both checks; the refusal page is the app's (and may draw a fresh token for a form it shows again). */
  const check = async (c: Context): Promise<Response | undefined> => {
    if (!isForgeable(c)) return undefined;
    const saysWhere = c.req.header('origin') !== undefined || c.req.header('sec-fetch-site') !== undefined;
    if (saysWhere) {
      try {
        await originCheck(c, async () => {});
      } catch (err) {
        if (err instanceof HTTPException) return opts.refused(c, 'origin');
        throw err;
      }
    }
    // Read from a copy of the body, so the route parses it with its own options (uploads read
    // repeated fields with `all: true`; Hono caches the first parse whatever its options).
    const form = await c.req.raw
      .clone()
      .formData()
      .catch(() => null);
    const sent = form?.get(CSRF_FIELD);
    const valid =
      typeof sent === 'string' &&
      bindings(c, opts.sessionCookies).some((b) => sameToken(sent, mac(b.key, b.label)));
    return valid ? undefined : opts.refused(c, 'token');
  };

  return async (c, next) => {
    let newPreSession: string | undefined;
    const state: CsrfState = {
      token() {
        const bound = bindings(c, opts.sessionCookies)[0];
        if (bound) return mac(bound.key, bound.label);
        newPreSession ??= randomBytes(32).toString('base64url');
        return mac(newPreSession, PRE_SESSION_COOKIE);
      },
    };
    const refusal = await storage.run(state, async () => {
      const refused = await check(c);
      if (!refused) await next();
      return refused;
    });
    if (newPreSession) {
      const res = refusal ?? c.res;
      res.headers.append(
        'Set-Cookie',
        serialize(preSessionCookieName(c), newPreSession, {
          httpOnly: true,
          sameSite: 'Lax',
          path: '/',
          secure: isHttps(c),
        }),
      );
    }
    return refusal;
  };
}

/** The token for the request being handled (for a form built without JSX). */
export function csrfToken(): string {
  const state = storage.getStore();
  if (!state) throw new Error('a form was rendered outside a request protected by csrfProtection()');
  return state.token();
}

/** The hidden field every form a browser posts must carry: `<form method="post"><CsrfField />…`. */
export function CsrfField() {
  return <input type="hidden" name={CSRF_FIELD} value={csrfToken()} />;
}

/** The refusal page's words. */
export const csrfText = {
  zh: {
    title: '无法提交',
    body: '为了保护您，这次提交没有被接受：表单已过期（例如登录已超时），或者不是从本网站的页面提交的。请重新打开页面后再提交。',
    back: '返回',
  },
  en: {
    title: 'Could not send the form',
    body: 'To protect you, this was not accepted: the form had expired (for example, your sign-in timed out), or it was not sent from a page of this site. Open the page again and send it from there.',
    back: 'Go back',
  },
} as const;

/**
 * The refusal page of an app that has no page frame of its own: both languages, the asked-for one
 * first (`?lang=` or the form's `lang`).
 */
export const defaultCsrfRefused: CsrfRefused = async (c) => {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const en = (c.req.query('lang') ?? form.lang) === 'en';
  const [first, second] = en ? [csrfText.en, csrfText.zh] : [csrfText.zh, csrfText.en];
  c.header('Cache-Control', 'no-store');
  return c.html(
    <html lang={en ? 'en' : 'zh-CN'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <title>{first.title}</title>
        <link rel="stylesheet" href={assetHref('/assets/pico.min.css')} />
        <link rel="stylesheet" href={assetHref('/assets/app.css')} />
      </head>
      <body>
        <main>
          <h1>{first.title}</h1>
          <p role="alert">{first.body}</p>
          <p lang={en ? 'zh-CN' : 'en'}>{second.body}</p>
        </main>
      </body>
    </html>,
    403,
  );
};
