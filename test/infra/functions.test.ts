/** The stateless stack: house functions and the public HTTP API in front of them. */
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASSETS } from '../../functions/assets/manifest.ts';
import { assetCopies } from '../../infra/stateless-stack.ts';
import { type BuiltApp, buildTestApp, logicalIdOf } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = buildTestApp();
});

const names = ['api', 'web', 'assets'] as const;
const fnProps = (name: (typeof names)[number]) =>
  built.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(built.stateless[name].function)]
    ?.Properties;

describe('house functions', () => {
  it('are the only functions in the stack', () => {
    const fns = Object.keys(built.statelessTemplate.findResources('AWS::Lambda::Function')).sort();
    const house = [
      ...names.map((n) => built.stateless[n]),
      built.stateless.events.consumer,
      built.stateless.events.sweep,
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
    '%s has source maps on, a 10 s timeout and its own role without managed policies',
    (name) => {
      const props = fnProps(name);
      expect(props.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
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
        'REGION_CODE',
        'NODE_OPTIONS',
      ].sort(),
    );
    expect(env.MODE).toBe('aws');
    expect(env.REGION_CODE).toBe('4110');
    const imports = (id: string, attr: string) => JSON.stringify(env).includes(`${attr}${id}`);
    expect(imports(logicalIdOf(built.stateful.tables.cases), 'Ref')).toBe(true);
    expect(imports(logicalIdOf(built.stateful.tables.identity), 'Ref')).toBe(true);
    expect(imports(logicalIdOf(built.stateful.tables.directory), 'Ref')).toBe(true);
    expect(JSON.stringify(env.IDENTITY_KEY_ID)).toContain(
      `FnGetAtt${logicalIdOf(built.stateful.identityKey)}Arn`,
    );
  });

  it('assets gets no data configuration', () => {
    expect(fnProps('assets').Environment.Variables).toEqual({ NODE_OPTIONS: '--enable-source-maps' });
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

  it('routes /api/* and /health to api, /assets/* to assets and everything else to web', () => {
    const keys = Object.values(built.statelessTemplate.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties.RouteKey)
      .sort();
    expect(keys).toEqual(['$default', 'ANY /api/{proxy+}', 'GET /assets/{proxy+}', 'GET /health']);
    const id = (n: (typeof names)[number]) => logicalIdOf(built.stateless[n].function);
    expect(integrationTarget('ANY /api/{proxy+}')).toBe(id('api'));
    expect(integrationTarget('GET /health')).toBe(id('api'));
    expect(integrationTarget('GET /assets/{proxy+}')).toBe(id('assets'));
    expect(integrationTarget('$default')).toBe(id('web'));
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
