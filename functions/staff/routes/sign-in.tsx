/** The sign-in page (local demo users or the hosted UI link) and sign-out. */

import { Hono } from 'hono';
import { deleteCookie } from 'hono/cookie';
import { CsrfField } from '#functions/http/csrf.tsx';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { STAFF_COOKIE } from '../auth.ts';
import { StaffLayout, staffText } from '../layout.tsx';
import { langOf } from './context.ts';

export function signInRoutes(opts: { demoUsers?: StaffPrincipal[] }) {
  const app = new Hono();

  app.get('/staff/sign-in', (c) => {
    const lang = langOf(c);
    const t = staffText[lang];
    return c.html(
      <StaffLayout lang={lang} title={t.signIn}>
        <h1>{t.signIn}</h1>
        {opts.demoUsers ? (
          <>
            <p>{t.signInLocal}</p>
            <ul class="demo-users">
              {opts.demoUsers.map((u) => (
                <li>
                  <form method="post" action="/local/sign-in">
                    <CsrfField />
                    <input type="hidden" name="userId" value={u.id} />
                    <input type="hidden" name="next" value={c.req.query('next') ?? '/staff'} />
                    <button type="submit">
                      {u.name} · {t.roles[u.role]} · {u.jurisdiction}
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p>
            <a href="/staff/sign-in/start">{t.signInAws}</a>
          </p>
        )}
      </StaffLayout>,
    );
  });

  app.post('/staff/sign-out', (c) => {
    deleteCookie(c, STAFF_COOKIE, { path: '/' });
    return c.redirect('/staff/sign-in', 303);
  });

  return app;
}
