/**
 * What every HTTP app of the hotline shares: request ids, an access log that carries no URL, header
 * or body, security headers (no third-party anything), a body-size limit, and one error mapping.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Logger } from '#shared/log.ts';
import { compressResponses } from './compress.ts';
import { errorResponse } from './errors.ts';

/** Largest accepted request body. A report is text; anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

export function useCommonMiddleware(app: Hono, logger: Logger): void {
  // Outermost, so error pages and every header set below go out compressed too.
  app.use(compressResponses());
  app.use(requestId());
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
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HTTPException(413);
      },
    }),
  );
}

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
