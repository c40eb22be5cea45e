/**
 * The inbound SMS topic as End User Messaging needs it: the service may publish to it and use its
 * key, for this account's SMS resources only; nobody else gains anything.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ORIGINATION_NUMBER_CONTEXT } from '../../infra/constructs/sms-channel.ts';
import { type BuiltApp, buildTestApp, logicalIdOf, sharedTestApp } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

interface PolicyStatementJson {
  Sid?: string;
  Effect: string;
  Principal?: { Service?: string };
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The account condition against the confused deputy (the ARN condition is checked apart). */
const CONFUSED_DEPUTY = { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } };

describe('inbound SMS topic', () => {
  it('lets End User Messaging publish, for this account only', () => {
    const topic = logicalIdOf(built.stateful.inboundSmsTopic);
    const policies = Object.values(built.statefulTemplate.findResources('AWS::SNS::TopicPolicy')).filter(
      (p) => JSON.stringify(p.Properties.Topics).includes(topic),
    );
    const statements = policies.flatMap(
      (p) => p.Properties.PolicyDocument.Statement as PolicyStatementJson[],
    );
    const eum = statements.filter((s) => s.Principal?.Service === 'sms-voice.amazonaws.com');
    expect(eum).toHaveLength(1);
    expect(eum[0]).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish' });
    expect(JSON.stringify(eum[0]?.Resource)).toContain(topic);
    const arn = JSON.stringify(eum[0]?.Condition?.ArnLike?.['aws:SourceArn']);
    expect(arn).toContain(':sms-voice:');
    expect(eum[0]?.Condition?.StringEquals).toEqual(CONFUSED_DEPUTY.StringEquals);
  });

  it("lets End User Messaging use the topic's key to encrypt, under the same conditions", () => {
    const key = built.statefulTemplate.findResources('AWS::KMS::Key')[logicalIdOf(built.stateful.notifyKey)];
    const statements = key?.Properties.KeyPolicy.Statement as PolicyStatementJson[];
    const eum = statements.filter((s) => s.Principal?.Service === 'sms-voice.amazonaws.com');
    expect(eum).toHaveLength(1);
    expect([eum[0]?.Action].flat().sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(eum[0]?.Condition?.StringEquals).toEqual(CONFUSED_DEPUTY.StringEquals);
    expect(JSON.stringify(eum[0]?.Condition?.ArnLike)).toContain(':sms-voice:');
    // Not on the identity or table keys.
    for (const other of [built.stateful.identityKey, built.stateful.tableKey]) {
      const k = built.statefulTemplate.findResources('AWS::KMS::Key')[logicalIdOf(other)];
      expect(JSON.stringify(k?.Properties.KeyPolicy)).not.toContain('sms-voice');
    }
  });

  it('outputs the topic ARN and the webhook secret ARN for the set-up (README)', () => {
    const outputs = built.statefulTemplate.findOutputs('*');
    expect(JSON.stringify(outputs.InboundSmsTopicArn?.Value)).toContain(
      logicalIdOf(built.stateful.inboundSmsTopic),
    );
    expect(JSON.stringify(outputs.SmsWebhookSecretArn?.Value)).toContain(
      logicalIdOf(built.stateful.smsWebhookSecret),
    );
  });
});

describe('origination number', () => {
  const envOf = (app: BuiltApp, fn: { function: import('constructs').IConstruct }) =>
    app.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(fn.function)]?.Properties
      .Environment.Variables as Record<string, unknown>;
  // The webhook texts no one: it hands each text to the inbound topic, and the SMS function replies.
  const senders = (app: BuiltApp) => [app.stateless.sms.handler, app.stateless.events.consumer];

  it('from the context reaches every function that texts reporters, and no other', () => {
    const withNumber = buildTestApp({ context: { [ORIGINATION_NUMBER_CONTEXT]: '+8610690000000' } });
    for (const fn of senders(withNumber))
      expect(envOf(withNumber, fn).SMS_ORIGINATION_NUMBER).toBe('+8610690000000');
    for (const fn of [
      withNumber.stateless.api,
      withNumber.stateless.web,
      withNumber.stateless.staff,
      withNumber.stateless.sms.webhook,
    ])
      expect(envOf(withNumber, fn).SMS_ORIGINATION_NUMBER).toBeUndefined();
    for (const fn of senders(built)) expect(envOf(built, fn).SMS_ORIGINATION_NUMBER).toBeUndefined();
  });

  it('must be a number in E.164', () => {
    expect(() => buildTestApp({ context: { [ORIGINATION_NUMBER_CONTEXT]: '10690000' } })).toThrow(/E\.164/);
  });
});
