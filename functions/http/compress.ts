/**
 * Response compression for every app (pages, JSON, CSV): brotli when the client accepts it, else
 * gzip, for text bodies of 1 KB or more. A citizen on a weak rural connection pays for every byte;
 * server-rendered pages and the JSON API compress 4–8×. Bodies are small (64 KB requests, pages of
 * tens of KB), so they are compressed whole, at a quality that costs about a millisecond.
 *
 * In Lambda the compressed body goes back base64-encoded (hono/aws-lambda does this for any
 * `Content-Encoding`), which API Gateway decodes; CloudFront passes it through untouched.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

/** Below this, compression saves less than its headers and CPU cost. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|problem\+json)|image\/svg\+xml)/;

export type Encoding = 'br' | 'gzip';

/** The best encoding the client accepts (`br` over `gzip`; `q=0` refuses), or null. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

/** Compresses bytes for a response. `static` spends more CPU once, for files served many times. */
export function compressBody(body: Uint8Array, encoding: Encoding, effort: 'dynamic' | 'static'): Buffer {
  if (encoding === 'br') {
    return brotliCompressSync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: effort === 'static' ? 11 : 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      },
    });
  }
  return gzipSync(body, { level: effort === 'static' ? 9 : 6 });
}

/** Adds `Accept-Encoding` to a response's `Vary` without dropping what is there. */
export function varyOnEncoding(headers: Headers): void {
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Accept-Encoding');
  else if (!/accept-encoding|\*/i.test(vary)) headers.set('vary', `${vary}, Accept-Encoding`);
}

export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.body || c.req.method === 'HEAD' || res.headers.has('content-encoding')) return;
    if (res.status === 204 || res.status === 304 || res.status === 206) return;
    const type = res.headers.get('content-type') ?? '';
    if (!COMPRESSIBLE.test(type)) return;
    varyOnEncoding(res.headers);
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    if (!encoding) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    if (body.byteLength < MIN_COMPRESS_BYTES) {
      c.res = undefined;
      c.res = new Response(body, { status: res.status, statusText: res.statusText, headers });
      return;
    }
    const compressed = compressBody(body, encoding, 'dynamic');
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    // Replaced, not merged: the old response's headers are already copied above.
    c.res = undefined;
    c.res = new Response(new Uint8Array(compressed), {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
  };
}
