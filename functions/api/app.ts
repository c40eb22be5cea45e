/**
 * The Hono app: JSON API, OpenAPI document and Swagger UI, citizen pages. Exported apart from the
 * Lambda entry so tests drive it with `app.request()` and the local server serves the same thing.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './compose.ts';
import { errorResponse } from './errors.ts';
import { validationHook } from './hook.ts';
import { placesApi } from './routes/places.ts';
import { reportsApi } from './routes/reports.ts';
import { webPages } from './web/routes.tsx';

/** Largest accepted request body. A report is text; anything bigger is refused with 413. */
export const MAX_BODY_BYTES = 64 * 1024;

const SWAGGER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chuishao API</title><link rel="stylesheet" href="/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="/assets/swagger-ui-bundle.js"></script><script src="/assets/swagger-init.js"></script></body></html>`;

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use(requestId());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Route pattern, status and timing only: never the URL, headers or body.
    deps.logger.info('request', {
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

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', reportsApi(deps));
  app.route('/', placesApi(deps));
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Chuishao 吹哨 — work-safety tip hotline API',
      version: '1.0.0',
      description:
        'Confidential reporting of work-safety hazards, illegal production and concealed accidents. Errors name each bad field in English and Chinese.',
    },
  });
  app.get('/api/docs', (c) => c.html(SWAGGER_PAGE));
  app.route('/', webPages(deps));

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
  app.onError((err, c) => errorResponse(c, err, deps.logger));
  return app;
}

export type App = ReturnType<typeof createApp>;
