/**
 * The front door (`-c chuishao:frontDoor=true`): CloudFront in front of the HTTP API with the WAF
 * of the us-east-1 stack. Assets are cached and compressed; pages and the API are never cached;
 * the viewer address reaches the app only with the origin secret; WAF rate-limits intake,
 * follow-up sign-in and the SMS webhook per address; cdk-nag passes with reasoned acknowledgements.
 */
import type { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { VIEWER_HOST_HEADER } from '../../functions/http/source.ts';
import { EDGE_SECRET_HEADER_NAME, VIEWER_HOST_HEADER_NAME } from '../../infra/constructs/front-door.ts';
import { WAF_RATE_LIMITS } from '../../infra/edge-waf-stack.ts';
import { buildTestApp, logicalIdOf, sharedTestApp } from './support.ts';

const FRONT = {
  'chuishao:frontDoor': true,
  'chuishao:account': '123456789012',
  'chuishao:region': 'ap-east-1',
};
/** CloudFront's managed policies (ids fixed by AWS). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

// One synth with cdk-nag on: it throws on any unacknowledged finding in any of the three stacks.
const built = buildTestApp({ context: FRONT, checks: true });
const edge = Template.fromStack(built.stateless);
const waf = Template.fromStack(built.edgeWaf!);
const distributionConfig = () =>
  Object.values(edge.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

describe('front door: CloudFront', () => {
  it('passes everything but assets to the origin uncached, compressed, HTTPS only, all viewer headers but Host', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
      Compress: true,
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
    // The only other behaviour is the assets': no page, API or session path is ever cached.
    expect(config.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern)).toEqual(['/assets/*']);
  });

  it('caches /assets/* as the origin says, up to a year, with brotli and gzip variants', () => {
    const [assets] = distributionConfig().CacheBehaviors;
    expect(assets).toMatchObject({ Compress: true, ViewerProtocolPolicy: 'redirect-to-https' });
    expect(assets.AllowedMethods).toEqual(['GET', 'HEAD']);
    const policies = edge.findResources('AWS::CloudFront::CachePolicy');
    expect(Object.keys(policies)).toEqual([assets.CachePolicyId.Ref]);
    expect(Object.values(policies)[0]!.Properties.CachePolicyConfig).toMatchObject({
      DefaultTTL: 0,
      MinTTL: 0,
      MaxTTL: 31_536_000,
      ParametersInCacheKeyAndForwardedToOrigin: {
        EnableAcceptEncodingBrotli: true,
        EnableAcceptEncodingGzip: true,
        CookiesConfig: { CookieBehavior: 'none' },
        HeadersConfig: { HeaderBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      },
    });
  });

  it('sends the origin secret to the API and gives the same secret to every function a browser reaches', () => {
    const [origin] = distributionConfig().Origins;
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    const header = origin.OriginCustomHeaders.find(
      (h: { HeaderName: string }) => h.HeaderName === EDGE_SECRET_HEADER_NAME,
    );
    const secretId = logicalIdOf(built.stateless.frontDoor!.originSecret);
    expect(JSON.stringify(header.HeaderValue)).toContain(secretId);
    expect(JSON.stringify(header.HeaderValue)).toContain('resolve:secretsmanager');
    const { api, web, staff, supervision, reveal, assets } = built.stateless;
    for (const fn of [api, web, staff, supervision, reveal]) {
      const props = edge.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]!.Properties;
      expect(JSON.stringify(props.Environment.Variables.EDGE_ORIGIN_SECRET)).toContain(secretId);
    }
    for (const fn of [api, web]) {
      const props = edge.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]!.Properties;
      expect(props.Environment.Variables.SERVER_HMAC_KEY_ID).toBeDefined();
    }
    const assetsProps = edge.findResources('AWS::Lambda::Function')[logicalIdOf(assets.function)]!.Properties;
    expect(assetsProps.Environment?.Variables?.EDGE_ORIGIN_SECRET).toBeUndefined();
  });

  it('copies the viewer Host into the viewer-host header on pages and the API, never on assets', () => {
    const functions = edge.findResources('AWS::CloudFront::Function');
    const fnId = logicalIdOf(built.stateless.frontDoor!.viewerHostFunction);
    expect(Object.keys(functions)).toEqual([fnId]);
    const { FunctionCode, FunctionConfig, AutoPublish } = functions[fnId]!.Properties;
    expect(FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    expect(AutoPublish).toBe(true);
    expect(FunctionCode).toContain(`request.headers['${VIEWER_HOST_HEADER_NAME}']`);
    expect(VIEWER_HOST_HEADER_NAME).toBe(VIEWER_HOST_HEADER);
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } },
    ]);
    expect(config.CacheBehaviors[0].FunctionAssociations).toBeUndefined();
  });

  it('behaves as the viewer-request function should: the viewer Host, never a value the client wrote', () => {
    const code = Object.values(edge.findResources('AWS::CloudFront::Function'))[0]!.Properties.FunctionCode;
    const handler = new Function(`${code}; return handler;`)() as (e: unknown) => {
      headers: Record<string, { value: string } | undefined>;
    };
    const forged = { value: 'evil.example' };
    const sent = handler({
      request: { headers: { host: { value: 'jubao.example.cn' }, [VIEWER_HOST_HEADER]: forged } },
    });
    expect(sent.headers[VIEWER_HOST_HEADER]).toEqual({ value: 'jubao.example.cn' });
    const hostless = handler({ request: { headers: { [VIEWER_HOST_HEADER]: forged } } });
    expect(hostless.headers[VIEWER_HOST_HEADER]).toBeUndefined();
  });

  it('links notifications to the front door, not to API Gateway', () => {
    const { staff, events } = built.stateless;
    const distribution = logicalIdOf(built.stateless.frontDoor!.distribution);
    for (const fn of [staff, events.sweep, events.consumer]) {
      const env =
        edge.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]!.Properties.Environment
          .Variables;
      expect(env.PUBLIC_URL).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]],
      });
    }
    const withDomain = buildTestApp({
      context: {
        ...FRONT,
        'chuishao:domainName': 'jubao.example.cn',
        'chuishao:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    });
    const sweep = Template.fromStack(withDomain.stateless).findResources('AWS::Lambda::Function')[
      logicalIdOf(withDomain.stateless.events.sweep.function)
    ]!;
    expect(sweep.Properties.Environment.Variables.PUBLIC_URL).toBe('https://jubao.example.cn');
  });

  it('is protected by the us-east-1 WebACL through a cross-region reference', () => {
    expect(built.edgeWaf!.region).toBe('us-east-1');
    expect(JSON.stringify(distributionConfig().WebACLId)).toMatch(/WebAcl|ExportsReader|WebACL/i);
  });

  it('takes a custom domain with its certificate at TLS 1.2, and refuses half a pair', () => {
    const withDomain = buildTestApp({
      context: {
        ...FRONT,
        'chuishao:domainName': 'jubao.example.cn',
        'chuishao:certificateArn': 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      },
    });
    const config = Object.values(
      Template.fromStack(withDomain.stateless).findResources('AWS::CloudFront::Distribution'),
    )[0]!.Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['jubao.example.cn']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(() => buildTestApp({ context: { ...FRONT, 'chuishao:domainName': 'jubao.example.cn' } })).toThrow(
      /certificate/,
    );
  });

  it('refuses a China region (CloudFront China needs an ICP-filed domain) and stays off by default', () => {
    expect(() => buildTestApp({ context: { ...FRONT, 'chuishao:region': 'cn-north-1' } })).toThrow(/ICP/);
    const plain = sharedTestApp();
    expect(plain.edgeWaf).toBeUndefined();
    expect(plain.statelessTemplate.findResources('AWS::CloudFront::Distribution')).toEqual({});
  });
});

describe('front door: WAF', () => {
  const rules = () =>
    Object.values(waf.findResources('AWS::WAFv2::WebACL'))[0]!.Properties.Rules as {
      Name: string;
      Statement: {
        ManagedRuleGroupStatement?: { Name: string; RuleActionOverrides?: unknown };
        RateBasedStatement?: { Limit: number; ScopeDownStatement?: unknown };
      };
      Action?: Record<string, unknown>;
    }[];

  it('is a CloudFront-scoped WebACL with the managed rule groups, never the anonymous-IP list', () => {
    waf.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const managed = rules()
      .map((r) => r.Statement.ManagedRuleGroupStatement?.Name)
      .filter(Boolean);
    expect(managed).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesCommonRuleSet',
    ]);
    const common = rules().find((r) => r.Name === 'AWSManagedRulesCommonRuleSet')!;
    // Reports may be up to 64 KB: the 8 KB body rule only counts.
    expect(common.Statement.ManagedRuleGroupStatement?.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
  });

  it('limits per address: intake, follow-up sign-in, the SMS webhook, and everything', () => {
    const rate = Object.fromEntries(
      rules()
        .filter((r) => r.Statement.RateBasedStatement)
        .map((r) => [r.Name, r.Statement.RateBasedStatement!]),
    );
    expect(Object.keys(rate).sort()).toEqual(
      [
        'follow-up-per-address',
        'intake-per-address',
        'overall-per-address',
        'sms-webhook-per-address',
      ].sort(),
    );
    for (const r of Object.values(rate))
      expect(r).toMatchObject({ AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
    expect(rate['intake-per-address']!.Limit).toBe(WAF_RATE_LIMITS.intake);
    const intakeScope = JSON.stringify(rate['intake-per-address']!.ScopeDownStatement);
    expect(intakeScope).toContain('"/report"');
    expect(intakeScope).toContain('"/api/v1/reports"');
    expect(intakeScope).toContain('"POST"');
    expect(JSON.stringify(rate['follow-up-per-address']!.ScopeDownStatement)).toContain('"/follow-up"');
    expect(JSON.stringify(rate['sms-webhook-per-address']!.ScopeDownStatement)).toContain(
      '"/api/v1/sms/webhook"',
    );
    expect(rate['overall-per-address']!.ScopeDownStatement).toBeUndefined();
    for (const r of rules().filter((x) => x.Statement.RateBasedStatement))
      expect(r.Action).toEqual({ Block: { CustomResponse: { ResponseCode: 429 } } });
  });
});

describe('front door: cdk-nag', () => {
  it('leaves no error or warning in the three stacks', () => {
    for (const stack of [built.edgeWaf!, built.stateless, built.stateful] as Stack[]) {
      const violations = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack).violations;
      expect(
        violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.resourceLogicalId)}`),
      ).toEqual([]);
    }
  });
});
