/**
 * Local-only routes (`npm start`, absent in AWS): the outbox of what SNS would have sent (entries
 * carry no identity, phone or report text by construction, shared/notify.ts), and the local
 * stand-in for Cognito — JWKS, demo sign-in, and `POST /local/token` for API clients and tests —
 * and the SMS phone simulator (./sms-app.tsx).
 */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { noStoreByDefault, safeNextPath } from '#functions/http/common.ts';
import { csrfProtection, csrfText } from '#functions/http/csrf.tsx';
import { STAFF_COOKIE } from '#functions/staff/auth.ts';
import { fitsRole, STAFF_TOKEN_MAX_LIFETIME_S, type StaffPrincipal } from '#shared/auth/staff.ts';
import type { DeliveryRepository } from '#shared/repositories/delivery-repository.ts';
import { isStaffRole, type LocalIssuer } from './issuer.ts';
import { type LocalSms, registerSmsRoutes } from './sms-app.tsx';

export function createLocalApp(
  deliveries: DeliveryRepository,
  issuer: LocalIssuer,
  users: StaffPrincipal[],
  sms?: LocalSms,
) {
  const app = new Hono();
  // The outbox holds texts with access keys; nothing here is cached.
  app.use(noStoreByDefault);
  // The demo sign-in and the phone simulator are browser forms: the same origin and token checks
  // as every other form (functions/http/csrf.tsx). JSON clients (/local/token, /local/sms/inbound)
  // are not forgeable and pass untouched.
  app.use(
    csrfProtection({
      sessionCookies: [STAFF_COOKIE],
      refused: (c) => {
        const back = c.req.path.startsWith('/local/sms') ? '/local/sms' : '/staff/sign-in';
        return c.html(
          <html lang="zh-CN">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1" />
              <link rel="icon" href="data:," />
              <title>{`${csrfText.zh.title} · ${csrfText.en.title}`}</title>
              <link rel="stylesheet" href="/assets/pico.min.css" />
              <link rel="stylesheet" href="/assets/app.css" />
            </head>
            <body>
              <main>
                <h1>{csrfText.zh.title}</h1>
                <p role="alert">{csrfText.zh.body}</p>
                <p lang="en">{csrfText.en.body}</p>
                <p>
                  <a href={back}>
                    {csrfText.zh.back} · {csrfText.en.back}
                  </a>
                </p>
              </main>
            </body>
          </html>,
          403,
        );
      },
    }),
  );
  if (sms) registerSmsRoutes(app, sms);

  app.get('/local/jwks.json', (c) => c.json(issuer.jwks()));

  /** `{"role": "...", "jurisdiction": "<code>"}` → a token with those claims (local mode only). */
  app.post('/local/token', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    const { role, jurisdiction } = body;
    if (!isStaffRole(role))
      return c.json({ error: { code: 'validation_failed', fields: [{ field: 'role' }] } }, 400);
    if (!fitsRole(role, jurisdiction)) {
      return c.json({ error: { code: 'validation_failed', fields: [{ field: 'jurisdiction' }] } }, 400);
    }
    const id = typeof body.id === 'string' ? body.id : `${role}-${jurisdiction}`;
    const name = typeof body.name === 'string' ? body.name : id;
    return c.json({ token: await issuer.issue({ id, name, role, jurisdiction }) });
  });

  app.post('/local/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const user = users.find((u) => u.id === form.userId);
    if (!user) return c.redirect('/staff/sign-in', 303);
    setCookie(c, STAFF_COOKIE, await issuer.issue(user), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: STAFF_TOKEN_MAX_LIFETIME_S,
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect(safeNextPath(form.next, '/staff', '/staff'), 303);
  });

  app.get('/local/outbox', async (c) => {
    const entries = await deliveries.outbox(200);
    if (c.req.header('accept')?.includes('text/html')) {
      return c.html(
        <html lang="zh-CN">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <link rel="icon" href="data:," />
            <title>Outbox · 本地通知发件箱</title>
            <link rel="stylesheet" href="/assets/pico.min.css" />
            <link rel="stylesheet" href="/assets/app.css" />
          </head>
          <body>
            <main>
              <h1>本地通知发件箱 · Local outbox</h1>
              <p>What SNS would have delivered to staff in AWS, newest first.</p>
              {entries.length === 0 ? (
                <p>Empty.</p>
              ) : (
                entries.map((e) => (
                  <article>
                    <header>
                      <time datetime={e.at}>{e.at}</time> · {e.kind}
                    </header>
                    <pre>{e.body}</pre>
                  </article>
                ))
              )}
            </main>
          </body>
        </html>,
      );
    }
    // The SMS gateway's stand-in: texts sent to reporters (in memory only, oldest first).
    return c.json({ entries, sms: sms?.outbox.list() ?? [] });
  });
  return app;
}
