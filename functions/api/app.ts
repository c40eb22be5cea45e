/**
 * The JSON API app (/api/*, /health): reporter endpoints, the directory, the OpenAPI document and
 * Swagger UI. Exported apart from the Lambda entry so tests drive it with `app.request()`.
 */
// hono/tiny: the same Hono with its smallest router (PatternRouter), about 6 KB less per bundle.
import { Hono } from 'hono/tiny';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import type { AppDeps } from '#functions/http/compose.ts';
import { type OpenApiSource, shippedOpenApi } from './openapi-source.ts';
import { evidenceApi } from './routes/evidence.ts';
import { placesApi } from './routes/places.ts';
import { reportsApi } from './routes/reports.ts';

const SWAGGER_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chuishao API</title><link rel="stylesheet" href="/assets/swagger-ui.css"></head><body><div id="swagger-ui"></div><script src="/assets/swagger-ui-bundle.js"></script><script src="/assets/swagger-init.js"></script></body></html>`;

/**
 * `openApi` is the document /api/openapi.json serves: by default the file shipped beside the bundle
 * (functions/api/openapi-source.ts); `npm start` passes one generated in process.
 */
export function createApiApp(deps: AppDeps, openApi: OpenApiSource = shippedOpenApi()) {
  const app = new Hono();
  // No browser session reaches this app (no cookie authenticates anything here).
  useCommonMiddleware(app, deps.logger, { csrf: false });

  app.get('/health', (c) => c.json({ status: 'ok' }));
  app.route('/', reportsApi(deps));
  app.route('/', placesApi(deps));
  app.route('/', evidenceApi(deps));

  app.get('/api/openapi.json', (c) => c.body(openApi(), 200, { 'Content-Type': 'application/json' }));
  app.get('/api/docs', (c) => c.html(SWAGGER_PAGE));

  useErrorHandling(app, deps.logger);
  return app;
}
