/**
 * cdk-nag's AwsSolutions checks. In cdk-nag 3 findings are policy-validation violations, not
 * construct annotations, so they are read from the plugin itself (the same pack `cdk synth` runs)
 * rather than from `Annotations.fromStack`.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { type CfnRoute, HttpMethod, HttpRoute } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import {
  INCOMING_OBJECTS_FINDING,
  NOTIFICATIONS_HANDLER_FINDING,
} from '../../infra/constructs/evidence-intake.ts';
import { EVIDENCE_OBJECTS_FINDING } from '../../infra/constructs/evidence-store.ts';
import { buildTestApp, sharedTestApp } from './support.ts';

const violationsOf = (scope: IConstruct) =>
  new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope).violations;
const errorsOf = (scope: IConstruct) => violationsOf(scope).filter((v) => v.severity === 'error');

/** Every acknowledgement in the tree: rule id → reasons. */
function acknowledgements(scope: IConstruct): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of scope.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
        const rule = id.replace(/^annotation::/i, '');
        out.set(rule, [...(out.get(rule) ?? []), reason]);
      }
    }
  }
  return out;
}

/** The HTTP API routes that carry an acknowledgement of `rule`: route key → reason. */
function acknowledgedRoutes(scope: IConstruct, rule: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of scope.node.findAll()) {
    if (!(c instanceof HttpRoute)) continue;
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) {
        if (id.replace(/^annotation::/i, '') !== rule) continue;
        const cfn = c.node.defaultChild as CfnRoute;
        out.set(Stack.of(c).resolve(cfn.routeKey), reason);
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  it('leaves no error in either stack, and the synth with the checks on succeeds', () => {
    // buildTestApp synthesises both stacks; with the plugin on, any finding would throw here.
    const { stateful, stateless } = buildTestApp({ checks: true });
    expect(errorsOf(stateful)).toEqual([]);
    expect(errorsOf(stateless)).toEqual([]);
    // Nor any error annotation from the constructs themselves.
    for (const stack of [stateful, stateless]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    }
  });

  it('leaves no warning either (DDB3 point-in-time recovery, …)', () => {
    const { app } = sharedTestApp();
    expect(violationsOf(app)).toEqual([]);
  });

  it('is acknowledged only where written down, each time with a reason', () => {
    const { app } = sharedTestApp();
    const acks = acknowledgements(app);
    expect([...acks.keys()].sort()).toEqual(
      [
        'AwsSolutions-APIG4',
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-KMS5',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
        'AwsSolutions-S1',
        EVIDENCE_OBJECTS_FINDING,
        INCOMING_OBJECTS_FINDING,
        NOTIFICATIONS_HANDLER_FINDING,
      ].sort(),
    );
    // The evidence bucket's access-log bucket logs nowhere further.
    expect(acks.get('AwsSolutions-S1')).toEqual([expect.stringMatching(/access-log bucket/)]);
    // Object grants under evidence/: put (api, web, staff), get (staff), delete (the sweep).
    expect(acks.get(EVIDENCE_OBJECTS_FINDING)?.length).toBeGreaterThanOrEqual(4);
    expect(acks.get('AwsSolutions-SMG4')).toHaveLength(1);
    expect(acks.get('AwsSolutions-SMG4')?.[0]).toMatch(/third-party SMS gateway/);
    expect(acks.get('AwsSolutions-KMS5')?.[0]).toMatch(/HMAC keys/);
    expect(acks.get('AwsSolutions-SQS3')).toHaveLength(3);
    // incoming/: put by the two signers (api, web), read and deleted by the strip function only.
    expect(acks.get(INCOMING_OBJECTS_FINDING)).toHaveLength(3);
    expect(acks.get(NOTIFICATIONS_HANDLER_FINDING)).toEqual([
      expect.stringMatching(/only during deployment/),
    ]);
    expect(acks.get('AwsSolutions-SQS3')?.[0]).toMatch(/itself the dead-letter/);
    expect(acks.get('AwsSolutions-IAM5[Resource::*]')?.[0]).toMatch(/ListStreams/);
    // One per route without an authorizer, not one for the whole API: the five public routes, the
    // three staff console routes (consoles and the identity view page), the signed SMS webhook and
    // the four supervision console routes (dashboards, access review, audit view).
    expect(acks.get('AwsSolutions-APIG4')).toHaveLength(14);
    const routes = acknowledgedRoutes(app, 'AwsSolutions-APIG4');
    expect([...routes.keys()].sort()).toEqual(
      [
        '$default',
        'ANY /api/{proxy+}',
        'GET /assets/{proxy+}',
        'GET /health',
        'POST /api/v1/reports/{caseNumber}/objection',
        'POST /api/v1/reports/{caseNumber}/reward-claim',
        'ANY /staff',
        'ANY /staff/{proxy+}',
        'GET /staff/reveal/{proxy+}',
        'POST /api/v1/sms/webhook',
        'GET /staff/dashboard',
        'GET /staff/dashboard/{proxy+}',
        'GET /staff/access-review',
        'GET /staff/cases/{caseNumber}/audit',
      ].sort(),
    );
    expect(routes.get('POST /api/v1/sms/webhook')).toMatch(/HMAC-SHA256 signature/);
    for (const key of [
      '$default',
      'ANY /api/{proxy+}',
      'GET /assets/{proxy+}',
      'GET /health',
      'POST /api/v1/reports/{caseNumber}/objection',
      'POST /api/v1/reports/{caseNumber}/reward-claim',
    ]) {
      expect(routes.get(key), key).toMatch(/never signs in/);
    }
    for (const key of [
      'ANY /staff',
      'ANY /staff/{proxy+}',
      'GET /staff/reveal/{proxy+}',
      'GET /staff/dashboard',
      'GET /staff/dashboard/{proxy+}',
      'GET /staff/access-review',
      'GET /staff/cases/{caseNumber}/audit',
    ]) {
      expect(routes.get(key), key).toMatch(
        /HttpOnly cookie, which the API Gateway JWT authorizer cannot read/,
      );
      expect(routes.get(key), key).toMatch(/verifies that token against the user pool's JWKS/);
    }
    // The staff API is behind the JWT authorizer: nothing acknowledged there.
    expect(routes.has('ANY /api/v1/cases')).toBe(false);
    expect(routes.has('ANY /api/v1/cases/{proxy+}')).toBe(false);
  });

  it('still fails a route added without an authorizer (the acknowledgement is per route)', () => {
    const { stateless } = buildTestApp();
    stateless.httpApi.addRoutes({
      path: '/api/v1/rewards/{proxy+}',
      methods: [HttpMethod.ANY],
      integration: new HttpLambdaIntegration('StaffProbe', stateless.staff.function),
    });
    expect(errorsOf(stateless).map((v) => v.ruleName)).toContain('AwsSolutions-APIG4');
  });
});
