/**
 * The route table: every HTTP route of the hotline, once — its method and path, the function that
 * serves it, who may call it, its schemas and its summary. The API Gateway routes
 * (infra/constructs/http-routes.ts), the local router (functions/local/router.ts) and the OpenAPI
 * document (functions/api/openapi.ts) are generated from it; test/integration/route-table.test.ts
 * checks that each Hono app serves exactly its function's routes, so a route added to an app and
 * not here fails. The domain never imports this module.
 */

import { STAFF_CONSOLE } from './console-routes.ts';
import { CITIZEN_PAGES, LOCAL_ROUTES, REPORTER_API } from './reporter-routes.ts';
import { STAFF_API } from './staff-routes.ts';
import type { RouteEntry, RouteFunction } from './types.ts';

export * from './types.ts';

export const ROUTES: readonly RouteEntry[] = [
  ...REPORTER_API,
  ...CITIZEN_PAGES,
  ...STAFF_API,
  ...STAFF_CONSOLE,
  ...LOCAL_ROUTES,
];

export const routesOf = (fn: RouteFunction): RouteEntry[] => ROUTES.filter((r) => r.fn === fn);

/** The routes the OpenAPI document describes: every JSON route and API download. */
export const documentedRoutes = (): RouteEntry[] => ROUTES.filter((r) => r.kind !== 'page');
