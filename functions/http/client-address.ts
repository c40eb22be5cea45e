/**
 * The client's address as the platform saw it, for per-address rate limits only (it is hashed with
 * a server key before it is stored, and never logged). Request headers are not trusted for it:
 * - AWS: the HTTP API's `requestContext.http.sourceIp` (hono/aws-lambda puts the event in env);
 * - `npm start`: the socket's peer (@hono/node-server puts the request in env).
 * Absent (e.g. `app.request()` in tests without env): undefined, and only per-case limits apply.
 */
import type { Context } from 'hono';

export function clientAddress(c: Context): string | undefined {
  const env = c.env as
    | {
        event?: { requestContext?: { http?: { sourceIp?: unknown } } };
        requestContext?: { http?: { sourceIp?: unknown } };
        incoming?: { socket?: { remoteAddress?: unknown } };
      }
    | undefined;
  const ip =
    env?.event?.requestContext?.http?.sourceIp ??
    env?.requestContext?.http?.sourceIp ??
    env?.incoming?.socket?.remoteAddress;
  return typeof ip === 'string' && ip.length > 0 && ip.length <= 64 ? ip : undefined;
}
