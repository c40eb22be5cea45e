/**
 * What every HTTP app of the hotline shares: request ids, an access log that carries no URL, header
 * or body, security headers (no third-party anything), a body-size limit, and one error mapping.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { ValidationError } from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import { errorResponse } from './errors.ts';

/** Largest accepted request body. A report is text; anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

export function useCommonMiddleware(app: Hono, logger: Logger): void {
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
  app.use(readableForms);
}

const FORM_TYPES = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)/i;

/**
 * A form body that cannot be parsed (a broken multipart, say) is a 400 naming the body, for every
 * route at once. Hono keeps the parsed body, so the routes' own parseBody() reads it again for free.
 */
export const readableForms: MiddlewareHandler = async (c, next) => {
  if (
    c.req.method !== 'GET' &&
    c.req.method !== 'HEAD' &&
    FORM_TYPES.test(c.req.header('content-type') ?? '')
  ) {
    try {
      await c.req.parseBody();
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
