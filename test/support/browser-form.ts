/**
 * Posts a form the way a browser does: the page it was drawn on gives the hidden CSRF token (and,
 * before any session, the pre-session cookie), and the post carries the page's origin. Tests that
 * post forms use this, so they exercise the same protection a browser meets.
 */
import { CSRF_FIELD } from '#functions/http/csrf.tsx';

interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** The origin `app.request()` serves (its base URL). */
export const TEST_ORIGIN = 'http://localhost';

/** A page of the same app that renders a form for these cookies (the token depends only on them). */
function pageFor(path: string): string {
  if (path.startsWith('/staff') || path === '/local/sign-in' || path.startsWith('/api/'))
    return '/staff/sign-in';
  if (path.startsWith('/local/sms')) return '/local/sms';
  if (path.startsWith('/follow-up')) return '/follow-up';
  return '/';
}

/** The token and cookie header a browser holding `cookie` would post with, read from a page. */
export async function csrfFor(
  app: Requester,
  path: string,
  cookie = '',
): Promise<{ token: string; cookie: string }> {
  const page = await app.request(pageFor(path), { headers: cookie ? { cookie } : {} });
  const html = await page.text();
  const token = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on ${pageFor(path)} (status ${page.status})`);
  const set = (page.headers.getSetCookie?.() ?? [])
    .map((c) => c.split(';')[0] ?? '')
    .filter((c) => c.includes('csrf='));
  return { token, cookie: [cookie, ...set].filter(Boolean).join('; ') };
}

/** POSTs `fields` as a browser form from a page of this site, with its token and cookies. */
export async function postForm(
  app: Requester,
  path: string,
  fields: Record<string, string> | URLSearchParams,
  cookie = '',
): Promise<Response> {
  const csrf = await csrfFor(app, path, cookie);
  const body = new URLSearchParams(fields);
  body.set(CSRF_FIELD, csrf.token);
  return app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: TEST_ORIGIN,
      'sec-fetch-site': 'same-origin',
      ...(csrf.cookie ? { cookie: csrf.cookie } : {}),
    },
    body: body.toString(),
  });
}

/** The first cookie a response sets, as a `name=value` request header. */
export function cookieOf(res: Response, name: string): string {
  const found = (res.headers.getSetCookie?.() ?? []).find((c) => c.startsWith(`${name}=`));
  return (found ?? '').split(';')[0] ?? '';
}
