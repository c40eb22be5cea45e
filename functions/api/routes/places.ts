/** The division directory for cascading county → township → village lists. */
import { Hono } from 'hono';
import type { AppDeps } from '#functions/http/compose.ts';
import { ErrorSchema, PlacesQuerySchema, PlacesSchema } from '#functions/http/schemas.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import type { RouteDoc } from '../openapi.ts';

export const placeRouteDocs: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/v1/places',
    summary: 'Children of a division (统计用区划代码)',
    tags: ['Directory'],
    query: PlacesQuerySchema,
    responses: {
      200: { description: 'The divisions directly under `parent`, by code', schema: PlacesSchema },
      400: { description: 'Bad parent code', schema: ErrorSchema },
    },
  },
];

export function placesApi(deps: AppDeps) {
  const app = new Hono();
  app.get('/api/v1/places', async (c) => {
    const { parent } = parseOrThrow(PlacesQuerySchema, c.req.query(), 'query');
    const places = (await deps.directory.children(parent))
      .map(({ code, name, level }) => ({ code, name, level }))
      .sort((a, b) => a.code.localeCompare(b.code));
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json({ parent, places }, 200);
  });
  return app;
}
