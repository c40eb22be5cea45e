/**
 * The JSON API app (/api/*, /health): reporter endpoints, the directory, the OpenAPI document and
 * Swagger UI. Exported apart from the Lambda entry so tests drive it with `app.request()`.
 */
import { Hono } from 'hono';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { dashboardRouteDocs } from '#functions/supervision/dashboard-json.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { evidenceApi, evidenceRouteDocs } from './routes/evidence.ts';
import { placeRouteDocs, placesApi } from './routes/places.ts';
import { reportRouteDocs, reportsApi } from './routes/reports.ts';

const SWAGGER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chuishao API</title><link rel="stylesheet" href="/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="/assets/swagger-ui-bundle.js"></script><script src="/assets/swagger-init.js"></script></body></html>`;

// The dashboard's JSON route is served by the supervision function; it is documented here with the rest.
export const routeDocs = [...reportRouteDocs, ...evidenceRouteDocs, ...placeRouteDocs, ...dashboardRouteDocs];

export function createApiApp(deps: AppDeps) {
  const app = new Hono();
  // No browser session reaches this app (no cookie authenticates anything here).
  useCommonMiddleware(app, deps.logger, { csrf: false });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', reportsApi(deps));
  app.route('/', placesApi(deps));
  app.route('/', evidenceApi(deps));

  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined;
  app.get('/api/openapi.json', (c) => {
    openApi ??= buildOpenApiDocument(routeDocs, {
      title: 'Chuishao 吹哨 — work-safety tip hotline API',
      version: '1.0.0',
      description:
        'Confidential reporting of work-safety hazards, illegal production and concealed accidents. Errors name each bad field in English and Chinese.',
    });
    return c.json(openApi);
  });
  app.get('/api/docs', (c) => c.html(SWAGGER_PAGE));

  useErrorHandling(app, deps.logger);
  return app;
}
