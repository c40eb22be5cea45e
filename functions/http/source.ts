/**
 * The address a request came from, for the intake budget (never logged, never stored: the guard
 * keeps only its keyed hash).
 *
 * - Locally (@hono/node-server): the connection's remote address.
 * - In Lambda behind API Gateway: `requestContext.http.sourceIp`, the address API Gateway saw.
 * - Behind CloudFront, API Gateway sees a CloudFront edge; the viewer's address then comes from
 *   `CloudFront-Viewer-Address` (`<ip>:<port>`), trusted only when the request also carries the
 *   distribution's origin secret in `X-Chuishao-Edge` — a client calling the API directly cannot
 *   name an address of its choosing (it is counted by its own). `X-Forwarded-For` is never trusted:
 *   any client can write one.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';

export const EDGE_SECRET_HEADER = 'x-chuishao-edge';
export const VIEWER_ADDRESS_HEADER = 'cloudfront-viewer-address';

interface SourceEnv {
  incoming?: { socket?: { remoteAddress?: string } };
  event?: { requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } } };
}

const sameSecret = (given: string | undefined, secret: string) => {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** `198.51.100.10:46532` → `198.51.100.10`; `2001:db8::1:46532` → `2001:db8::1`. */
export function viewerAddressOf(header: string): string | undefined {
  const value = header.trim().replace(/^\[(.*)\](:\d+)?$/, '$1');
  const colon = value.lastIndexOf(':');
  if (colon < 0) return value || undefined;
  return value.slice(0, colon) || undefined;
}

export function sourceAddress(c: Context, edgeSecret?: string): string | undefined {
  const env = (c.env ?? {}) as SourceEnv;
  if (edgeSecret && sameSecret(c.req.header(EDGE_SECRET_HEADER), edgeSecret)) {
    const viewer = c.req.header(VIEWER_ADDRESS_HEADER);
    if (viewer) return viewerAddressOf(viewer);
  }
  const lambda = env.event?.requestContext;
  if (lambda) return lambda.http?.sourceIp ?? lambda.identity?.sourceIp;
  return env.incoming?.socket?.remoteAddress;
}
