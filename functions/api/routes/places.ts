/** The division directory for cascading county → township → village lists. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../compose.ts';
import { validationHook } from '../hook.ts';
import { ErrorSchema, PlaceSchema } from '../schemas.ts';

const listPlaces = createRoute({
  method: 'get',
  path: '/api/v1/places',
  tags: ['Directory'],
  summary: 'Children of a division (统计用区划代码)',
  request: {
    query: z.object({
      parent: z
        .string()
        .regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, { error: 'place_code_invalid' })
        .openapi({ example: '4110', description: 'City (4), county (6) or township (9) code' }),
    }),
  },
  responses: {
    200: {
      description: 'The divisions directly under `parent`, by code',
      content: {
        'application/json': { schema: z.object({ parent: z.string(), places: z.array(PlaceSchema) }) },
      },
    },
    400: { description: 'Bad parent code', content: { 'application/json': { schema: ErrorSchema } } },
  },
});

export function placesApi(deps: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: validationHook });
  app.openapi(listPlaces, async (c) => {
    const { parent } = c.req.valid('query');
    const places = await deps.directory.children(parent);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.json(
      {
        parent,
        places: places
          .map(({ code, name, level }) => ({ code, name, level }))
          .sort((a, b) => a.code.localeCompare(b.code)),
      },
      200,
    );
  });
  return app;
}
