/**
 * The HTTP API's routes, generated from the route table: a few prefix mounts (a function that owns
 * a whole prefix, such as `/staff/{proxy+}`) plus an exact route for every table route that the
 * mounts would send to another function. API Gateway's route selection is written out here once,
 * so the CDK stack (infra/constructs/http-routes.ts) and the local router (functions/local/router.ts)
 * route every path alike, and generating the routes fails if any table route would land elsewhere.
 */
import { ROUTES } from './table.ts';
import { type RouteAuth, type RouteEntry, type RouteFunction, templatePath } from './types.ts';

export type DeployedFunction = Exclude<RouteFunction, 'local'>;

/**
 * Why a route has no API Gateway authorizer (cdk-nag asks): a public route, a console route whose
 * token rides in a cookie (the app verifies it), or the SMS gateway's signed webhook.
 */
export type OpenReason = 'public' | 'console' | 'webhook';

export interface GatewayRoute {
  /** `ANY /staff/{proxy+}`, `POST /api/v1/reports/{caseNumber}/objection`, `$default`. */
  key: string;
  fn: DeployedFunction;
  /** `jwt`: the Cognito JWT authorizer checks the bearer token before the function runs. */
  authorizer: 'jwt' | OpenReason;
}

/** Prefixes a function owns whole; everything else reaches its function by an exact route. */
export const GATEWAY_MOUNTS: readonly GatewayRoute[] = [
  { key: '$default', fn: 'web', authorizer: 'public' },
  { key: 'ANY /api/{proxy+}', fn: 'api', authorizer: 'public' },
  { key: 'GET /assets/{proxy+}', fn: 'assets', authorizer: 'public' },
  // The staff API: API clients send the ID token as a bearer token.
  ...[
    'ANY /api/v1/cases',
    'ANY /api/v1/cases/{proxy+}',
    'ANY /api/v1/identity-requests',
    'ANY /api/v1/identity-requests/{proxy+}',
    'ANY /api/v1/rewards',
    'ANY /api/v1/inbox',
    'ANY /api/v1/inbox/{proxy+}',
    'ANY /api/v1/coordinator/{proxy+}',
  ].map((key) => ({ key, fn: 'staff' as const, authorizer: 'jwt' as const })),
  { key: 'ANY /staff', fn: 'staff', authorizer: 'console' },
  { key: 'ANY /staff/{proxy+}', fn: 'staff', authorizer: 'console' },
  { key: 'GET /staff/reveal/{proxy+}', fn: 'reveal', authorizer: 'console' },
  { key: 'GET /staff/dashboard/{proxy+}', fn: 'supervision', authorizer: 'console' },
];

/** Routes only `npm start` serves live under this prefix (the local app; never deployed). */
export const LOCAL_PREFIX = '/local/';

const authorizerFor = (auth: RouteAuth): GatewayRoute['authorizer'] =>
  auth === 'staff-bearer'
    ? 'jwt'
    : auth === 'staff-cookie'
      ? 'console'
      : auth === 'hmac'
        ? 'webhook'
        : 'public';

/**
 * HTTP API route selection, as documented: among the routes whose method (or ANY) and path match,
 * a route without path variables wins over one with variables, which wins over a greedy
 * `{proxy+}`; among greedy routes the longest literal prefix wins; a route with the exact method
 * wins over ANY; nothing matching falls to `$default`.
 */
export function selectRoute(keys: readonly string[], method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  let best: { key: string; rank: number[] } | undefined;
  for (const key of keys) {
    if (key === '$default') continue;
    const [m = '', template = ''] = key.split(' ');
    if (m !== 'ANY' && m !== method) continue;
    const parts = template.split('/').filter(Boolean);
    const greedy = parts.at(-1)?.endsWith('+}') ?? false;
    const fixed = greedy ? parts.slice(0, -1) : parts;
    if (greedy ? segments.length <= fixed.length : segments.length !== fixed.length) continue;
    if (!fixed.every((p, i) => (p.startsWith('{') && p.endsWith('}')) || p === segments[i])) continue;
    const variables = parts.filter((p) => p.startsWith('{')).length;
    const literals = fixed.filter((p) => !p.startsWith('{')).length;
    // Lower sorts first: no greedy, fewer variables, more literal segments, exact method.
    const rank = [greedy ? 1 : 0, variables, -literals, m === 'ANY' ? 1 : 0];
    if (!best || compare(rank, best.rank) < 0) best = { key, rank };
  }
  return best?.key ?? '$default';
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A concrete path for a route, to run it through route selection (`:caseNumber` → `x`). */
export const samplePath = (route: Pick<RouteEntry, 'path'>): string =>
  templatePath(route.path).replace(/\{[^}]+\}/g, 'x');

/**
 * Every API Gateway route: the mounts, then an exact route for each table route the mounts would
 * send elsewhere. Throws when a route would still land on another function, or when a route of the
 * staff API would miss the JWT authorizer (or a public one get it).
 */
export function gatewayRoutes(routes: readonly RouteEntry[] = ROUTES): GatewayRoute[] {
  const out: GatewayRoute[] = [...GATEWAY_MOUNTS];
  const mountKeys = GATEWAY_MOUNTS.map((m) => m.key);
  for (const r of routes) {
    if (r.fn === 'local') continue;
    const chosen = out.find((g) => g.key === selectRoute(mountKeys, r.method, samplePath(r)));
    if (chosen?.fn === r.fn && (chosen.authorizer === 'jwt') === (r.auth === 'staff-bearer')) continue;
    const key = `${r.method} ${templatePath(r.path)}`;
    if (!out.some((g) => g.key === key)) out.push({ key, fn: r.fn, authorizer: authorizerFor(r.auth) });
  }
  const keys = out.map((g) => g.key);
  for (const r of routes) {
    if (r.fn === 'local') continue;
    const g = out.find((x) => x.key === selectRoute(keys, r.method, samplePath(r)));
    if (g?.fn !== r.fn || (g.authorizer === 'jwt') !== (r.auth === 'staff-bearer'))
      throw new Error(`route table: ${r.method} ${r.path} would reach ${g?.key} (${g?.fn}), not ${r.fn}`);
  }
  return out;
}

let cached: { keys: string[]; byKey: Map<string, GatewayRoute> } | undefined;

/** The function API Gateway (and so the local router) sends a request to; `local` for /local/*. */
export function functionFor(method: string, path: string): RouteFunction {
  if (path.startsWith(LOCAL_PREFIX)) return 'local';
  if (!cached) {
    const all = gatewayRoutes();
    cached = { keys: all.map((g) => g.key), byKey: new Map(all.map((g) => [g.key, g])) };
  }
  // Hono answers HEAD from its GET routes; so does the local router.
  const key = selectRoute(cached.keys, method === 'HEAD' ? 'GET' : method, path);
  return cached.byKey.get(key)?.fn ?? 'web';
}
