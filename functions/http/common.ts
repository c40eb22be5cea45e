/**
 * What every HTTP app of the hotline shares: request ids, an access log that carries no URL, header
 * or body, security headers (no third-party anything), a body-size limit, and one error mapping.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { NotFoundError, ValidationError } from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import { compressResponses } from './compress.ts';
import { errorResponse } from './errors.ts';
import { isUploadRequest, MAX_UPLOAD_BODY_BYTES } from './uploads.ts';

/** Largest accepted request body. A report is text; anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Nothing dynamic is kept by a browser or a shared cache unless its route says so: pages show
 * identity, access keys, what a reporter typed (echoed after a validation error) or staff work, and
 * a page with a form carries a session-bound token. Routes that may be cached (the public page,
 * the place lists, assets) set their own Cache-Control.
 */
export const noStoreByDefault: MiddlewareHandler = async (c, next) => {
  await next();
  if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
};

/** Longest path segment any route takes (case numbers, ids, asset names are far shorter). */
const MAX_SEGMENT = 128;
/** A C0 control character or DEL (CR/LF could split a header). */
const hasControl = (s: string) => [...s].some((ch) => (ch.codePointAt(0) ?? 0) < 0x20 || ch === '\u007f');

/** Whether a raw (percent-encoded) URL path is one a route may see: see `pathGuard`. */
export function isSanePath(rawPath: string): boolean {
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return false;
    }
    if (decoded.length > MAX_SEGMENT || hasControl(decoded)) return false;
  }
  return true;
}

/**
 * Path parameters are checked once for every route, before routing: a segment with a control
 * character (CR/LF could split a header built from it, e.g. a redirect), broken percent-encoding or
 * an absurd length names nothing, so the answer is the app's 404 — never a 5xx, never a header or
 * storage key made from it.
 */
export const pathGuard: MiddlewareHandler = async (c, next) => {
  if (!isSanePath(new URL(c.req.url).pathname)) throw new NotFoundError('no such path');
  await next();
};

/**
 * A `next=` path to return to after sign-in, if it is a plain path under `prefix` (no scheme, no
 * host, no `//` or backslash, printable ASCII only); otherwise `fallback`. A redirect is never
 * built from anything else.
 */
export function safeNextPath(next: unknown, prefix: string, fallback: string): string {
  if (typeof next !== 'string' || next.length > 512 || !/^[\x21-\x7e]+$/.test(next)) return fallback;
  if (next.includes('\\') || next.startsWith('//')) return fallback;
  const rest = next.slice(prefix.length);
  if (!next.startsWith(prefix) || !(rest === '' || rest.startsWith('/') || rest.startsWith('?')))
    return fallback;
  return isSanePath(next.split('?')[0] ?? '') ? next : fallback;
}

export interface CommonOptions {
  /**
   * Forged-form protection — `csrfProtection(…)` (functions/http/csrf.tsx) with this app's refusal
   * page and the front door's origin secret — for every app a browser session reaches, or `false`
   * for an app none can (the public JSON API, the SMS gateway's webhook). There is no default: each
   * app says which it is, and an app without forms does not carry the form machinery and its page.
   */
  csrf: MiddlewareHandler | false;
  /** Origins a page's script may send to besides this site (the evidence bucket for direct uploads). */
  connectOrigins?: string[] | undefined;
}

export function useCommonMiddleware(app: Hono, logger: Logger, opts: CommonOptions): void {
  // Outermost, so error pages and every header set below go out compressed too.
  app.use(compressResponses());
  app.use(requestId());
  app.use(noStoreByDefault);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Route pattern, status and timing only: never the URL, headers or body.
    logger.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
  });
  app.use(pathGuard);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(opts.connectOrigins ?? [])],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  const tooLarge = () => {
    throw new HTTPException(413);
  };
  const textLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
  // Evidence uploads (functions/http/uploads.ts) may carry files; every other route stays at 64 KB.
  const uploadLimit = bodyLimit({ maxSize: MAX_UPLOAD_BODY_BYTES, onError: tooLarge });
  app.use((c, next) =>
    (isUploadRequest(c.req.method, c.req.path, c.req.header('content-type')) ? uploadLimit : textLimit)(
      c,
      next,
    ),
  );
  app.use(readableForms);
  // Every app a browser session reaches gets it by default, so a page rendering a form (the
  // staff layout's sign-out, say) always has a token to draw and every form post is checked.
  if (opts.csrf !== false) app.use(opts.csrf);
}

const FORM_TYPES = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)/i;

/**
 * A form body that cannot be parsed (a broken multipart, say) is a 400 naming the body, for every
 * route at once. It reads a copy: Hono keeps the first parse whatever its options, and upload
 * and questionnaire routes parse with `all: true` (repeated fields), which a parse here would pre-empt.
 */
export const readableForms: MiddlewareHandler = async (c, next) => {
  if (
    c.req.method !== 'GET' &&
    c.req.method !== 'HEAD' &&
    FORM_TYPES.test(c.req.header('content-type') ?? '')
  ) {
    try {
      await c.req.raw.clone().formData();
    } catch (cause) {
      const error = new ValidationError([
        { field: 'body', en: 'the form could not be read', zh: '表单内容无法读取，请返回页面重新提交。' },
      ]);
      error.cause = cause;
      throw error;
    }
  }
  await next();
};

export function useErrorHandling(app: Hono, logger: Logger): void {
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'not_found',
          message: 'Not found.',
          messageZh: '未找到。',
          requestId: c.get('requestId'),
        },
      },
      404,
    ),
  );
  app.onError((err, c) => errorResponse(c, err, logger));
}
