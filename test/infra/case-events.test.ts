/** The stream consumer, the deadline sweep and the staff topic: wiring and least privilege. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  actionsOf,
  type BuiltApp,
  granting,
  logicalIdOf,
  type Statement,
  sharedTestApp,
  statementsOfRole,
  targets,
} from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

const statementsOf = (fn: 'consumer' | 'sweep'): Statement[] =>
  statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.events[fn].role));

describe('cases stream consumer', () => {
  it('reads the cases stream from the start, with retries, bisection, partial-batch reports and a dead-letter queue', () => {
    built.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 8,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it('is invoked only for writes of case items: the filter runs at the source', () => {
    const mapping = Object.values(
      built.statelessTemplate.findResources('AWS::Lambda::EventSourceMapping'),
    )[0];
    const patterns = ((mapping?.Properties.FilterCriteria.Filters ?? []) as { Pattern: string }[]).map((f) =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: [{ prefix: 'CASE#' }] } } } },
    ]);
  });

  it('publishes to the encrypted staff topic, and SMS only to phone numbers (no other topic)', () => {
    built.statefulTemplate.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const publish = granting(statementsOf('consumer'), 'sns:Publish');
    expect(publish).toHaveLength(2);
    const toTopic = publish.filter((s) => s.Resource);
    expect(toTopic).toHaveLength(1);
    expect(JSON.stringify(toTopic[0]?.Resource)).toContain(logicalIdOf(built.stateful.staffTopic));
    expect(JSON.stringify(publish.find((s) => !s.Resource))).toContain('NotResource');
  });

  it('opens only sealed SMS numbers (SMSTO#, purpose sms_contact), never a sealed identity', () => {
    // Scoped statements only: ListStreams (Resource "*") and SMS publishing (NotResource) read no data.
    const st = statementsOf('consumer').filter(
      (s) => s.Resource && JSON.stringify(s.Action) !== '"dynamodb:ListStreams"',
    );
    const identity = logicalIdOf(built.stateful.tables.identity);
    const identityKey = logicalIdOf(built.stateful.identityKey);
    const onIdentity = st.filter((s) => targets(s, identity));
    expect(onIdentity.map((s) => s.Sid)).toEqual(['SmsContactRead']);
    expect(JSON.stringify(onIdentity[0]?.Condition)).toContain('SMSTO#*');
    const onKey = st.filter((s) => targets(s, identityKey));
    expect(onKey.map((s) => s.Sid)).toEqual(['SmsContactOpen']);
    expect(JSON.stringify(onKey[0]?.Condition)).toContain('"sms_contact"');
  });
});

describe('sweep and identity', () => {
  it('only deletes from the identity table (the sealed identity, SMS number and payee of a case), never reads it or uses its key', () => {
    const st = statementsOf('sweep');
    const identity = logicalIdOf(built.stateful.tables.identity);
    const identityKey = logicalIdOf(built.stateful.identityKey);
    // dynamodb:ListStreams cannot be scoped (Resource "*") and reads no data: the only exception.
    const scoped = st.filter((x) => JSON.stringify(x.Action) !== '"dynamodb:ListStreams"');
    const onIdentity = scoped.filter((s) => targets(s, identity));
    expect(onIdentity).toHaveLength(1);
    expect(actionsOf(onIdentity[0] as Statement)).toEqual(['dynamodb:DeleteItem']);
    expect(onIdentity[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['IDENT#*', 'SMSTO#*', 'CLAIM#*'] },
    });
    for (const s of scoped) expect(targets(s, identityKey)).toBe(false);
  });
});

describe.each(['consumer', 'sweep'] as const)('%s', (fn) => {
  it('cannot Scan, batch-writes only search postings, and deletes no case data', () => {
    const st = statementsOf(fn);
    for (const a of ['dynamodb:Scan', 'dynamodb:BatchGetItem']) expect(granting(st, a)).toEqual([]);
    // The consumer keeps the staff search's word postings (W#…); nothing else is batched.
    expect(granting(st, 'dynamodb:BatchWriteItem').map((s) => s.Condition)).toEqual(
      fn === 'consumer' ? [{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['W#*'] } }] : [],
    );
    const cases = logicalIdOf(built.stateful.tables.cases);
    const deletes = granting(st, 'dynamodb:DeleteItem').filter((s) => targets(s, cases));
    // The sweep removes retention markers only.
    expect(deletes.map((s) => s.Condition)).toEqual(
      fn === 'sweep' ? [{ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RETAIN#*'] } }] : [],
    );
    if (fn === 'consumer') expect(granting(st, 'dynamodb:DeleteItem')).toEqual([]);
  });
});

describe('deadline sweep', () => {
  it('runs on a schedule and reads the queue index, not the table', () => {
    built.statelessTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(15 minutes)',
    });
    const queries = granting(statementsOf('sweep'), 'dynamodb:Query');
    const resources = JSON.stringify(queries.map((q) => q.Resource));
    expect(resources).toContain('/index/byQueue');
    const cases = logicalIdOf(built.stateful.tables.cases);
    const tableQuery = queries.filter(
      (q) => targets(q, cases) && !JSON.stringify(q.Resource).includes('/index/'),
    );
    expect(tableQuery).toEqual([]);
  });
});

describe('inbound SMS function', () => {
  const st = () => statementsOfRole(built.statelessTemplate, logicalIdOf(built.stateless.sms.handler.role));

  it('is subscribed to the inbound SMS topic with a dead-letter queue', () => {
    built.statelessTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue() },
    });
  });

  it('hashes numbers with the HMAC key and keeps conversations only under SMSNUM#/SMSIN#', () => {
    // The phone key hashes numbers; the server key (signed cursors, address limits) comes with the
    // reporter-facing grants. Nothing else may be MACed.
    const mac = granting(st(), 'kms:GenerateMac');
    expect(mac).toHaveLength(2);
    for (const key of [built.stateful.phoneHmacKey, built.stateful.serverHmacKey])
      expect(mac.filter((m) => JSON.stringify(m.Resource).includes(logicalIdOf(key)))).toHaveLength(1);
    const conv = st().find((s) => s.Sid === 'SmsConversations');
    expect(JSON.stringify(conv?.Condition)).toContain('SMSNUM#*');
    expect(JSON.stringify(conv?.Condition)).not.toContain('IDENT#');
  });

  it('never reads a sealed identity, and publishes SMS but to no topic', () => {
    const identity = logicalIdOf(built.stateful.tables.identity);
    for (const s of granting(st(), 'dynamodb:GetItem').filter((x) => targets(x, identity))) {
      expect(JSON.stringify(s.Condition)).not.toContain('IDENT#');
    }
    const decrypt = granting(st(), 'kms:Decrypt').filter((s) =>
      targets(s, logicalIdOf(built.stateful.identityKey)),
    );
    for (const s of decrypt) expect(JSON.stringify(s.Condition)).toContain('"idempotency"');
    const publish = granting(st(), 'sns:Publish');
    expect(publish).toHaveLength(1);
    expect(JSON.stringify(publish[0])).toContain('NotResource');
  });
});
