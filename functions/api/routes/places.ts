/** The division directory for cascading county → township → village lists. */
import { Hono } from 'hono/tiny';
import type { AppDeps } from '#functions/http/compose.ts';
import { PlacesQuerySchema } from '#functions/http/schemas.ts';
import { parseOrThrow } from '#functions/http/validation.ts';

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
