/**
 * The route table agrees with everything that serves or describes a route: each Hono app (its
 * registered `routes`, read from the running local stack) serves exactly its function's routes of
 * the table; the synthesized HTTP API has exactly the generated route keys, each on its function's
 * integration, with the JWT authorizer on exactly the staff API; API Gateway's route selection over
 * the template's keys and the local router send every table route to its function; and the OpenAPI
 * document served at /api/openapi.json describes exactly the table's JSON routes. A route added to
 * an app without an entry in the table fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENAPI_FILE } from '#functions/api/openapi-source.ts';
import { targetOf } from '#functions/local/router.ts';
import {
  type DeployedFunction,
  gatewayRoutes,
  samplePath,
  selectRoute,
} from '#functions/route-table/gateway.ts';
import { ROUTES, type RouteFunction, routesOf, templatePath } from '#functions/route-table/table.ts';
import { bundledStateless } from '../infra/bundled-synth.ts';
import { type BuiltApp, buildTestApp, logicalIdOf } from '../infra/support.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
let built: BuiltApp;
beforeAll(async () => {
  h = await createHarness();
  built = buildTestApp();
});
afterAll(async () => {
  await h.cleanup();
});

const APPS: RouteFunction[] = ['api', 'web', 'assets', 'staff', 'reveal', 'supervision', 'sms', 'local'];
const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

/** What a Hono app answers: its handlers' method and path (middleware registers as ALL). */
function servedRoutes(app: Pick<Hono, 'routes'>): string[] {
  return [...new Set(app.routes.filter((r) => r.method !== 'ALL').map(key))].sort();
}

describe('route table', () => {
  it('lists each route once', () => {
    const keys = ROUTES.map(key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(APPS)('the %s app serves exactly its routes of the table', (fn) => {
    const app = h.apps[fn as keyof Harness['apps']] as unknown as Pick<Hono, 'routes'>;
    expect(servedRoutes(app)).toEqual(routesOf(fn).map(key).sort());
  });

  it('the HTTP API has exactly the generated routes, each on its function, the staff API behind the JWT authorizer', () => {
    const template = built.statelessTemplate;
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    const functionOfIntegration = (target: unknown): string | undefined => {
      const id = JSON.stringify(target).match(/"Ref":"([^"]+)"/)?.[1] ?? '';
      return integrations[id]?.Properties.IntegrationUri?.['Fn::GetAtt']?.[0];
    };
    const functions: Record<DeployedFunction, string> = {
      api: logicalIdOf(built.stateless.api.function),
      web: logicalIdOf(built.stateless.web.function),
      assets: logicalIdOf(built.stateless.assets.function),
      staff: logicalIdOf(built.stateless.staff.function),
      reveal: logicalIdOf(built.stateless.reveal.function),
      supervision: logicalIdOf(built.stateless.supervision.function),
      sms: logicalIdOf(built.stateless.sms.webhook.function),
    };
    const generated = gatewayRoutes();
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(generated.map((g) => g.key).sort());
    for (const g of generated) {
      const route = routes.find((r) => r.Properties.RouteKey === g.key);
      expect(functionOfIntegration(route?.Properties.Target), g.key).toBe(functions[g.fn]);
      expect(route?.Properties.AuthorizationType, g.key).toBe(g.authorizer === 'jwt' ? 'JWT' : 'NONE');
    }

    // Route selection over the deployed keys sends every table route to its function.
    const keys = routes.map((r) => r.Properties.RouteKey as string);
    for (const r of ROUTES.filter((x) => x.fn !== 'local')) {
      const chosen = selectRoute(keys, r.method, samplePath(r));
      const route = routes.find((x) => x.Properties.RouteKey === chosen);
      expect(functionOfIntegration(route?.Properties.Target), `${key(r)} → ${chosen}`).toBe(
        functions[r.fn as DeployedFunction],
      );
      expect(route?.Properties.AuthorizationType === 'JWT', key(r)).toBe(r.auth === 'staff-bearer');
    }
  });

  it('the local router sends every table route to its app', () => {
    for (const r of ROUTES) expect(targetOf(r.method, samplePath(r)), key(r)).toBe(r.fn);
  });

  it('the auth column holds: a staff API or webhook route without credentials is refused', async () => {
    for (const r of ROUTES.filter((x) => x.auth === 'staff-bearer' || x.auth === 'hmac')) {
      const res = await h.app.request(samplePath(r), { method: r.method });
      // 401, or 403 where the forgery check refuses a credential-less post first.
      expect([401, 403], `${key(r)}: ${res.status}`).toContain(res.status);
    }
  });

  const tableJsonRoutes = () =>
    ROUTES.filter((r) => r.kind !== 'page')
      .map((r) => `${r.method} ${templatePath(r.path)}`)
      .sort();
  const documentedIn = (doc: unknown) =>
    Object.entries((doc as { paths: Record<string, Record<string, unknown>> }).paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();

  it('the served OpenAPI document describes exactly the JSON routes and downloads of the table', async () => {
    const res = await h.app.request('/api/openapi.json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(documentedIn(await res.json())).toEqual(tableJsonRoutes());
    expect((await h.app.request('/api/docs')).status).toBe(200);
  });

  it('the document the API bundle ships is the one served locally, describing exactly the same routes', async () => {
    const { outdir, built: bundled } = await bundledStateless();
    const fn =
      bundled.statelessTemplate.findResources('AWS::Lambda::Function')[
        logicalIdOf(bundled.stateless.api.function)
      ];
    const dir = join(outdir, `asset.${String(fn?.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const shipped = readFileSync(join(dir, OPENAPI_FILE), 'utf8');
    expect(documentedIn(JSON.parse(shipped))).toEqual(tableJsonRoutes());
    expect(shipped).toBe(await (await h.app.request('/api/openapi.json')).text());
  }, 300_000);
});
