/**
 * Staff authentication middleware: a Cognito (or local issuer) ID token from the Authorization
 * header (API clients; API Gateway's JWT authorizer checks it first in AWS) or from the HttpOnly
 * session cookie the staff pages set. The app verifies it again on every request.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { StaffUnauthorizedError } from '#functions/http/errors.ts';
import type { StaffPrincipal, StaffVerifier } from '#shared/auth/staff.ts';

export const STAFF_COOKIE = 'chuishao_staff';

declare module 'hono' {
  interface ContextVariableMap {
    staff: StaffPrincipal;
  }
}

export function tokenOf(c: Context): string | undefined {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  return getCookie(c, STAFF_COOKIE);
}

/** Requires a verified staff token; pages are sent to the sign-in page instead of a 401. */
export function requireStaff(verify: StaffVerifier, opts: { pages: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const token = tokenOf(c);
    try {
      if (!token) throw new StaffUnauthorizedError('no token');
      c.set('staff', await verify(token));
    } catch (err) {
      if (opts.pages) return c.redirect(`/staff/sign-in?next=${encodeURIComponent(c.req.path)}`, 303);
      throw err instanceof StaffUnauthorizedError
        ? err
        : new StaffUnauthorizedError('invalid token', { cause: err });
    }
    await next();
  };
}
