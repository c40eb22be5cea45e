/** The stateless stack: house functions and the public HTTP API in front of them. */
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSETS } from '../../functions/assets/manifest.ts';
import { assetCopies } from '../../infra/stateless-stack.ts';
import { type BuiltApp, logicalIdOf, sharedTestApp } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

const names = ['api', 'web', 'assets', 'staff'] as const;
const fnProps = (name: (typeof names)[number]) =>
  built.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(built.stateless[name].function)]
    ?.Properties;

/** The parts of `https://cognito-idp.<region>.<suffix>/<pool id>`, the pool id imported from the stateful stack. */
const cognitoIssuer = (): unknown[] => [
  'https://cognito-idp.',
  { Ref: 'AWS::Region' },
  '.',
  { Ref: 'AWS::URLSuffix' },
  '/',
  { 'Fn::ImportValue': expect.stringContaining(`ExportsOutputRef${logicalIdOf(built.stateful.userPool)}`) },
];

describe('house functions', () => {
  it('are the only functions in the stack, besides the CDK handler that writes the bucket notification', () => {
    const fns = Object.keys(built.statelessTemplate.findResources('AWS::Lambda::Function'))
      .filter((id) => !id.startsWith('BucketNotificationsHandler'))
      .sort();
    const house = [
      ...names.map((n) => built.stateless[n]),
      built.stateless.events.consumer,
      built.stateless.events.sweep,
      built.stateless.reveal,
      built.stateless.sms.handler,
      built.stateless.sms.webhook,
      built.stateless.supervision,
      built.stateless.evidenceIntake.fn,
    ];
    expect(fns).toEqual(house.map((f) => logicalIdOf(f.function)).sort());
  });

  it.each(names)('%s runs on arm64 with the newest Node.js runtime the CDK knows', (name) => {
    const newest = Runtime.ALL.filter((r) => /^nodejs\d/.test(r.name))
      .map((r) => r.name)
      .sort((a, b) => a.localeCompare(b, undefined, { numeric: true }))
      .at(-1);
    expect(fnProps(name)).toMatchObject({
      Architectures: ['arm64'],
      Runtime: newest,
      Handler: 'index.handler',
    });
  });

  it.each(names)('%s logs to its own log group, kept for a year', (name) => {
    const logGroupId = logicalIdOf(built.stateless[name].logGroup);
    expect(fnProps(name).LoggingConfig).toEqual({ LogGroup: { Ref: logGroupId } });
    const group = built.statelessTemplate.findResources('AWS::Logs::LogGroup')[logGroupId];
    expect(group).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain' });
  });

  it.each(names)(
    '%s loads no source maps at start (they ship for decoding), a 10 s timeout and its own role without managed policies',
    (name) => {
      const props = fnProps(name);
      expect(props.Environment?.Variables?.NODE_OPTIONS).toBeUndefined();
      expect(props.Timeout).toBe(10);
      const roleId = logicalIdOf(built.stateless[name].role);
      expect(props.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
      const role = built.statelessTemplate.findResources('AWS::IAM::Role')[roleId];
      expect(role?.Properties.ManagedPolicyArns).toBeUndefined();
    },
  );

  it.each(['api', 'web'] as const)('%s gets the configuration shared/config.ts parses', (name) => {
    const env = fnProps(name).Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'MODE',
        'CASES_TABLE',
        'IDENTITY_TABLE',
        'DIRECTORY_TABLE',
        'IDENTITY_KEY_ID',
        'SERVER_HMAC_KEY_ID',
        'REGION_CODE',
        'EVIDENCE_BUCKET',
      ].sort(),
    );
    expect(env.MODE).toBe('aws');
    expect(env.REGION_CODE).toBe('4110');
    expect(env.PHONE_HMAC_KEY_ID).toBeUndefined();
    const imports = (id: string, attr: string) => JSON.stringify(env).includes(`${attr}${id}`);
    expect(imports(logicalIdOf(built.stateful.tables.cases), 'Ref')).toBe(true);
    expect(imports(logicalIdOf(built.stateful.tables.identity), 'Ref')).toBe(true);
    expect(imports(logicalIdOf(built.stateful.tables.directory), 'Ref')).toBe(true);
    expect(JSON.stringify(env.IDENTITY_KEY_ID)).toContain(
      `FnGetAtt${logicalIdOf(built.stateful.identityKey)}Arn`,
    );
  });

  it('staff gets the data, sealing-key and staff-token configuration', () => {
    const env = fnProps('staff').Environment.Variables;
    expect(Object.keys(env).sort()).toEqual(
      [
        'MODE',
        'CASES_TABLE',
        'IDENTITY_TABLE',
        'IDENTITY_KEY_ID',
        'SERVER_HMAC_KEY_ID',
        'DIRECTORY_TABLE',
        'REGION_CODE',
        'PUBLIC_URL',
        'STAFF_JWKS_URL',
        'STAFF_ISSUER',
        'STAFF_AUDIENCE',
        'STAFF_AUTH_BASE_URL',
        'STAFF_CALLBACK_URL',
        'EVIDENCE_BUCKET',
      ].sort(),
    );
    expect(env.MODE).toBe('aws');
    const client = `ExportsOutputRef${logicalIdOf(built.stateful.userPoolClient)}`;
    expect(env.STAFF_ISSUER).toEqual({ 'Fn::Join': ['', cognitoIssuer()] });
    expect(env.STAFF_JWKS_URL).toEqual({ 'Fn::Join': ['', [...cognitoIssuer(), '/.well-known/jwks.json']] });
    expect(env.STAFF_AUDIENCE).toEqual({ 'Fn::ImportValue': expect.stringContaining(client) });
    expect(JSON.stringify(env.STAFF_AUTH_BASE_URL)).toContain('.amazoncognito.com');
    expect(env.STAFF_CALLBACK_URL).toBe('http://localhost:3000/staff/auth/callback');
    expect(env.PUBLIC_URL).toEqual({ 'Fn::GetAtt': [logicalIdOf(built.stateless.httpApi), 'ApiEndpoint'] });
  });

  it('assets gets no data configuration', () => {
    expect(fnProps('assets').Environment).toBeUndefined();
  });

  it('every manifest asset resolves to a file copied under its flat name', () => {
    const copies = assetCopies();
    expect(copies.map((c) => c.file).sort()).toEqual(
      Object.values(ASSETS)
        .map((a) => a.file)
        .sort(),
    );
    expect(new Set(copies.map((c) => c.file)).size).toBe(copies.length);
  });
});

describe('HTTP API', () => {
  const integrationTarget = (routeKey: string): string => {
    const routes = built.statelessTemplate.findResources('AWS::ApiGatewayV2::Route');
    const route = Object.values(routes).find((r) => r.Properties.RouteKey === routeKey);
    const target = JSON.stringify(route?.Properties.Target);
    const integrations = built.statelessTemplate.findResources('AWS::ApiGatewayV2::Integration');
    const [, integration] =
      Object.entries(integrations).find(([id]) => target.includes(`"Ref":"${id}"`)) ?? [];
    const uri = integration?.Properties.IntegrationUri;
    return uri?.['Fn::GetAtt']?.[0];
  };

  const routes = () => Object.values(built.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'));
  const routeOf = (routeKey: string) => routes().find((r) => r.Properties.RouteKey === routeKey);
  const id = (n: (typeof names)[number]) => logicalIdOf(built.stateless[n].function);

  it('routes /api/* and /health to api, /assets/* to assets, the staff API and consoles to staff and everything else to web', () => {
    const keys = routes()
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(keys).toEqual(
      [
        '$default',
        'ANY /api/{proxy+}',
        'GET /assets/{proxy+}',
        'GET /health',
        'ANY /api/v1/cases',
        'ANY /api/v1/cases/{proxy+}',
        'ANY /api/v1/identity-requests',
        'ANY /api/v1/identity-requests/{proxy+}',
        'ANY /api/v1/inbox',
        'ANY /api/v1/inbox/{proxy+}',
        'GET /api/v1/cases/{caseNumber}/identity-requests/{requestId}/identity',
        'GET /staff/reveal/{proxy+}',
        'POST /api/v1/reports/{caseNumber}/objection',
        'POST /api/v1/reports/{caseNumber}/reward-claim',
        'ANY /api/v1/rewards',
        'ANY /api/v1/coordinator/{proxy+}',
        'GET /api/v1/rewards/payment-batch',
        'ANY /staff',
        'ANY /staff/{proxy+}',
        'POST /api/v1/sms/webhook',
        'GET /staff/dashboard',
        'GET /staff/dashboard/{proxy+}',
        'GET /staff/access-review',
        'GET /staff/cases/{caseNumber}/audit',
        'GET /api/v1/dashboard',
      ].sort(),
    );
    expect(integrationTarget('GET /staff/dashboard')).toBe(logicalIdOf(built.stateless.supervision.function));
    expect(integrationTarget('GET /api/v1/dashboard')).toBe(
      logicalIdOf(built.stateless.supervision.function),
    );
    expect(integrationTarget('POST /api/v1/sms/webhook')).toBe(
      logicalIdOf(built.stateless.sms.webhook.function),
    );
    expect(integrationTarget('GET /api/v1/cases/{caseNumber}/identity-requests/{requestId}/identity')).toBe(
      logicalIdOf(built.stateless.reveal.function),
    );
    expect(integrationTarget('GET /api/v1/rewards/payment-batch')).toBe(
      logicalIdOf(built.stateless.reveal.function),
    );
    expect(integrationTarget('POST /api/v1/reports/{caseNumber}/reward-claim')).toBe(id('web'));
    expect(integrationTarget('ANY /api/{proxy+}')).toBe(id('api'));
    expect(integrationTarget('GET /health')).toBe(id('api'));
    expect(integrationTarget('GET /assets/{proxy+}')).toBe(id('assets'));
    expect(integrationTarget('$default')).toBe(id('web'));
    expect(integrationTarget('POST /api/v1/reports/{caseNumber}/objection')).toBe(id('web'));
    for (const key of [
      'ANY /api/v1/cases',
      'ANY /api/v1/cases/{proxy+}',
      'ANY /api/v1/identity-requests',
      'ANY /api/v1/identity-requests/{proxy+}',
      'ANY /api/v1/inbox',
      'ANY /api/v1/inbox/{proxy+}',
      'ANY /api/v1/rewards',
      'ANY /api/v1/coordinator/{proxy+}',
      'ANY /staff',
      'ANY /staff/{proxy+}',
    ]) {
      expect(integrationTarget(key), key).toBe(id('staff'));
    }
  });

  it('puts the staff API behind the Cognito JWT authorizer, and no other route', () => {
    const authorizers = built.statelessTemplate.findResources('AWS::ApiGatewayV2::Authorizer');
    expect(Object.keys(authorizers)).toHaveLength(1);
    const [authorizerId, authorizer] = Object.entries(authorizers)[0] ?? [];
    const client = `ExportsOutputRef${logicalIdOf(built.stateful.userPoolClient)}`;
    expect(authorizer?.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ 'Fn::ImportValue': expect.stringContaining(client) }] },
    });
    expect(authorizer?.Properties.JwtConfiguration.Issuer).toEqual({ 'Fn::Join': ['', cognitoIssuer()] });
    const staffApi = [
      'ANY /api/v1/cases',
      'ANY /api/v1/cases/{proxy+}',
      'ANY /api/v1/identity-requests',
      'ANY /api/v1/identity-requests/{proxy+}',
      'ANY /api/v1/inbox',
      'ANY /api/v1/inbox/{proxy+}',
      'GET /api/v1/cases/{caseNumber}/identity-requests/{requestId}/identity',
      'ANY /api/v1/rewards',
      'ANY /api/v1/coordinator/{proxy+}',
      'GET /api/v1/rewards/payment-batch',
      'GET /api/v1/dashboard',
    ];
    for (const key of staffApi) {
      expect(routeOf(key)?.Properties, key).toMatchObject({
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizerId },
      });
    }
    // Public routes, and the consoles (cookie-borne token, verified by the app): no authorizer.
    for (const r of routes().filter((x) => !staffApi.includes(x.Properties.RouteKey))) {
      expect(r.Properties.AuthorizationType, r.Properties.RouteKey).toBe('NONE');
      expect(r.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('sends each path to the route HTTP API would pick (the most specific), so /api/v1/cases… reaches staff', () => {
    const keys = routes().map((r) => r.Properties.RouteKey as string);
    const cases: [string, string, string][] = [
      ['GET', '/api/v1/cases', 'ANY /api/v1/cases'],
      ['GET', '/api/v1/cases/XC-2025-000123', 'ANY /api/v1/cases/{proxy+}'],
      ['POST', '/api/v1/cases/XC-2025-000123/transitions', 'ANY /api/v1/cases/{proxy+}'],
      ['POST', '/api/v1/cases/XC-2025-000123/messages', 'ANY /api/v1/cases/{proxy+}'],
      ['POST', '/api/v1/reports', 'ANY /api/{proxy+}'],
      ['GET', '/api/v1/casesx', 'ANY /api/{proxy+}'],
      ['GET', '/api/openapi.json', 'ANY /api/{proxy+}'],
      ['GET', '/health', 'GET /health'],
      ['GET', '/api/v1/rewards', 'ANY /api/v1/rewards'],
      ['GET', '/api/v1/rewards/payment-batch', 'GET /api/v1/rewards/payment-batch'],
      ['GET', '/api/v1/cases/XC-2025-000123/reward', 'ANY /api/v1/cases/{proxy+}'],
      [
        'POST',
        '/api/v1/reports/XC-2025-000123/reward-claim',
        'POST /api/v1/reports/{caseNumber}/reward-claim',
      ],
      ['GET', '/staff/reveal/payment-batch.csv', 'GET /staff/reveal/{proxy+}'],
      ['GET', '/staff', 'ANY /staff'],
      ['GET', '/staff/sign-in', 'ANY /staff/{proxy+}'],
      ['POST', '/staff/cases/XC-2025-000123/messages', 'ANY /staff/{proxy+}'],
      ['GET', '/staffing', '$default'],
      ['GET', '/assets/pico.min.css', 'GET /assets/{proxy+}'],
      ['GET', '/follow-up', '$default'],
    ];
    for (const [method, path, expected] of cases) {
      expect(selectRoute(keys, method, path), `${method} ${path}`).toBe(expected);
    }
  });

  it('has one auto-deployed $default stage, throttled, with an access log that never records who', () => {
    const stages = Object.values(built.statelessTemplate.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const props = stages[0]?.Properties;
    expect(props).toMatchObject({ StageName: '$default', AutoDeploy: true });
    expect(props.DefaultRouteSettings.ThrottlingRateLimit).toBeGreaterThan(0);
    expect(props.DefaultRouteSettings.ThrottlingBurstLimit).toBeGreaterThan(0);
    expect(props.AccessLogSettings.DestinationArn['Fn::GetAtt'][1]).toBe('Arn');
    const format = JSON.parse(props.AccessLogSettings.Format);
    expect(format.requestId).toBe('$context.requestId');
    for (const leak of ['sourceIp', 'userAgent', '$context.path', 'identity.', 'authorizer.']) {
      expect(props.AccessLogSettings.Format).not.toContain(leak);
    }
  });
});

/**
 * HTTP API route selection, as documented: among the routes whose method (or ANY) and path match,
 * a route without path variables wins over one with variables, which wins over a greedy
 * `{proxy+}`; among greedy routes the longest literal prefix wins; a route with the exact method
 * wins over ANY; nothing matching falls to `$default`.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
function selectRoute(routeKeys: string[], method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const scored = routeKeys
    .filter((k) => k !== '$default')
    .flatMap((key) => {
      const [m = '', template = ''] = key.split(' ');
      if (m !== 'ANY' && m !== method) return [];
      const parts = template.split('/').filter(Boolean);
      const greedy = parts.at(-1)?.endsWith('+}') ?? false;
      const fixed = greedy ? parts.slice(0, -1) : parts;
      if (greedy ? segments.length <= fixed.length : segments.length !== fixed.length) return [];
      const ok = fixed.every((p, i) => (p.startsWith('{') && p.endsWith('}')) || p === segments[i]);
      if (!ok) return [];
      const variables = parts.filter((p) => p.startsWith('{')).length;
      const literals = fixed.length - fixed.filter((p) => p.startsWith('{')).length;
      // Lower sorts first: no greedy, fewer variables, more literal segments, exact method.
      return [{ key, rank: [greedy ? 1 : 0, variables, -literals, m === 'ANY' ? 1 : 0] }];
    })
    .sort((a, b) => {
      for (let i = 0; i < a.rank.length; i++) {
        const d = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
        if (d !== 0) return d;
      }
      return 0;
    });
  return scored[0]?.key ?? '$default';
}
