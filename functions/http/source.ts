/**
 * What the front door (CloudFront) tells the app about the viewer, believed only with its origin
 * secret: the address a request came from, for the intake budget (never logged, never stored: the
 * guard keeps only its keyed hash), and the host name the browser asked for, for the forged-form
 * origin check and absolute links.
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
/**
 * The viewer's Host, copied by the distribution's viewer-request function
 * (infra/constructs/front-door.ts): CloudFront sends API Gateway's own name as Host, so without it
 * the app cannot know which name the browser used.
 */
export const VIEWER_HOST_HEADER = 'x-chuishao-viewer-host';
/** A DNS name with an optional port: nothing that could smuggle a path, user or scheme into a URL. */
const HOST_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?(?::\d{1,5})?$/i;

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

/** Whether the request came through the front door: it carries the distribution's origin secret. */
export function fromFrontDoor(c: Context, edgeSecret: string | undefined): boolean {
  return Boolean(edgeSecret) && sameSecret(c.req.header(EDGE_SECRET_HEADER), edgeSecret ?? '');
}

/**
 * The origin the browser sees: `https://<viewer host>` for a request through the front door (which
 * serves HTTPS only), else the request URL's own. A viewer host without the secret is ignored.
 *
 * @example publicOrigin(c, deps.edgeSecret) // 'https://jubao.example.cn'
 */
export function publicOrigin(c: Context, edgeSecret: string | undefined): string {
  if (fromFrontDoor(c, edgeSecret)) {
    const host = c.req.header(VIEWER_HOST_HEADER)?.trim();
    if (host && HOST_NAME.test(host)) return `https://${host.toLowerCase()}`;
  }
  return new URL(c.req.url).origin;
}

export function sourceAddress(c: Context, edgeSecret?: string): string | undefined {
  const env = (c.env ?? {}) as SourceEnv;
  if (fromFrontDoor(c, edgeSecret)) {
    const viewer = c.req.header(VIEWER_ADDRESS_HEADER);
    if (viewer) return viewerAddressOf(viewer);
  }
  const lambda = env.event?.requestContext;
  if (lambda) return lambda.http?.sourceIp ?? lambda.identity?.sourceIp;
  return env.incoming?.socket?.remoteAddress;
}
