/**
 * Routes requests to the three apps the way API Gateway does in AWS (/api/* and /health → API,
 * /assets/* → assets, everything else → pages), so local and deployed behaviour match and each
 * app's middleware applies only to its own routes.
 */
import { Hono } from 'hono';

interface Fetcher {
  fetch(request: Request): Response | Promise<Response>;
}

export function targetOf(path: string): 'api' | 'assets' | 'web' {
  if (path === '/health' || path.startsWith('/api/')) return 'api';
  if (path.startsWith('/assets/')) return 'assets';
  return 'web';
}

export function createLocalRouter(apps: { api: Fetcher; web: Fetcher; assets: Fetcher }) {
  const root = new Hono();
  root.all('*', (c) => apps[targetOf(c.req.path)].fetch(c.req.raw));
  return root;
}
