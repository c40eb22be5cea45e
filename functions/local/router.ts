/**
 * Routes requests to the three apps the way API Gateway does in AWS (/api/* and /health → API,
 * /assets/* → assets, everything else → pages; /local/* only in `npm start`), so local and deployed behaviour match and each
 * app's middleware applies only to its own routes.
 */
import { Hono } from 'hono';
import { PAYMENT_BATCH_PATH, REVEAL_PATH } from '#functions/reveal/app.tsx';
import { WEBHOOK_PATH } from '#functions/sms/webhook.ts';
import { SUPERVISION_PATHS } from '#functions/supervision/app.tsx';
import { CLAIM_PATH } from '#functions/web/claim-api.ts';
import { OBJECTION_PATH } from '#functions/web/objection-api.ts';

interface Fetcher {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export function targetOf(
  path: string,
): 'api' | 'assets' | 'web' | 'local' | 'staff' | 'reveal' | 'sms' | 'supervision' {
  if (REVEAL_PATH.test(path) || path.startsWith('/staff/reveal/')) return 'reveal';
  if (SUPERVISION_PATHS.test(path)) return 'supervision';
  if (path === WEBHOOK_PATH) return 'sms';
  if (OBJECTION_PATH.test(path) || CLAIM_PATH.test(path)) return 'web';
  if (path === PAYMENT_BATCH_PATH) return 'reveal';
  if (path === '/api/v1/rewards' || path.startsWith('/api/v1/rewards/')) return 'staff';
  if (path === '/api/v1/identity-requests' || path.startsWith('/api/v1/identity-requests/')) return 'staff';
  if (path === '/api/v1/cases' || path.startsWith('/api/v1/cases/')) return 'staff';
  if (path === '/api/v1/inbox' || path.startsWith('/api/v1/inbox/')) return 'staff';
  if (path.startsWith('/api/v1/coordinator/')) return 'staff';
  if (path === '/staff' || path.startsWith('/staff/')) return 'staff';
  if (path === '/health' || path.startsWith('/api/')) return 'api';
  if (path.startsWith('/local/')) return 'local';
  if (path.startsWith('/assets/')) return 'assets';
  return 'web';
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
    const target = targetOf(c.req.path);
    // Local-only routes (outbox, later the local token issuer) exist only where given.
    const app = target === 'local' ? (apps.local ?? apps.web) : apps[target];
    // The server's env (the Node connection) goes along, as Lambda's event does in AWS: the intake
    // budget counts by the connection's address.
    return app.fetch(c.req.raw, c.env);
  });
  return root;
}
