/**
 * Routes requests to the apps the way API Gateway does in AWS: the function is chosen by the same
 * route selection over the same routes, both generated from the route table
 * (functions/route-table/gateway.ts); /local/* only in `npm start`. So local and deployed
 * behaviour match and each app's middleware applies only to its own routes.
 */
import { Hono } from 'hono';
import { functionFor } from '#functions/route-table/gateway.ts';
import type { RouteFunction } from '#functions/route-table/types.ts';

interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

/** The app a request goes to. */
export function targetOf(method: string, path: string): RouteFunction {
  return functionFor(method, path);
}

export function createLocalRouter(apps: {
  api: Fetcher;
  web: Fetcher;
  assets: Fetcher;
  staff: Fetcher;
  reveal: Fetcher;
  sms: Fetcher;
  supervision: Fetcher;
  local?: Fetcher;
}) {
  const root = new Hono();
  root.all('*', (c) => {
    const target = targetOf(c.req.method, c.req.path);
    // Local-only routes (outbox, the local token issuer) exist only where given.
    const app = target === 'local' ? (apps.local ?? apps.web) : apps[target];
    // The server's env (the Node connection) goes along, as Lambda's event does in AWS: the intake
    // budget counts by the connection's address.
    return app.fetch(c.req.raw, c.env);
  });
  return root;
}
