/**
 * Direct evidence uploads in the template: the strip function (arm64, the sharp layer, enough
 * memory to decode a photo), run by S3 ObjectCreated events under incoming/ only; the one role that
 * may read incoming objects, and that cannot unwrap evidence or touch identities; a dead-letter
 * queue for events that exhaust their retries; and a bucket that takes browser POSTs (CORS) and
 * expires what was never processed.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltApp, buildTestApp, logicalIdOf, statementsOfRole } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = buildTestApp({ checks: false });
});

const strip = () => built.stateless.evidenceIntake.fn;
const stripProps = () =>
  built.statelessTemplate.findResources('AWS::Lambda::Function')[logicalIdOf(strip().function)]!.Properties;

describe('the strip function', () => {
  it('runs on arm64 with the sharp layer, 2 GB and a minute, configured for the tables, key and bucket', () => {
    const props = stripProps();
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Layers).toHaveLength(1);
    expect(props.MemorySize).toBe(2048);
    expect(props.Timeout).toBe(60);
    expect(Object.keys(props.Environment.Variables).sort()).toEqual(
      [
        'MODE',
        'CASES_TABLE',
        'IDENTITY_TABLE',
        'DIRECTORY_TABLE',
        'IDENTITY_KEY_ID',
        'REGION_CODE',
        'EVIDENCE_BUCKET',
      ].sort(),
    );
  });

  it('is notified of objects created under incoming/ of the evidence bucket, and only those', () => {
    const [notification] = Object.values(
      built.statelessTemplate.findResources('Custom::S3BucketNotifications'),
    ) as { Properties: Record<string, unknown> }[];
    expect(notification).toBeDefined();
    // Imported bucket: the handler adds this configuration and leaves any other alone.
    expect(notification!.Properties.Managed).toBe(false);
    const config = notification!.Properties.NotificationConfiguration as {
      LambdaFunctionConfigurations: {
        Events: string[];
        Filter: { Key: { FilterRules: { Name: string; Value: string }[] } };
        LambdaFunctionArn: unknown;
      }[];
    };
    expect(config.LambdaFunctionConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'incoming/' }] } },
        LambdaFunctionArn: { 'Fn::GetAtt': [logicalIdOf(strip().function), 'Arn'] },
      },
    ]);
    built.statelessTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 's3.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [logicalIdOf(strip().function), 'Arn'] },
    });
  });

  it('sends events that exhaust their retries to an encrypted dead-letter queue', () => {
    const [config] = Object.values(
      built.statelessTemplate.findResources('AWS::Lambda::EventInvokeConfig'),
    ) as { Properties: Record<string, unknown> }[];
    expect(config!.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [logicalIdOf(built.stateless.evidenceIntake.deadLetters), 'Arn'] },
        },
      },
    });
  });

  it('reads incoming objects, puts sealed files, makes but never unwraps evidence data keys, touches no identity', () => {
    const statements = statementsOfRole(built.statelessTemplate, logicalIdOf(strip().role));
    const actions = statements.flatMap((s) => [s.Action].flat()).map(String);
    expect(actions).not.toContain('dynamodb:Query');
    expect(actions).not.toContain('dynamodb:Scan');
    expect(actions).not.toContain('dynamodb:DeleteItem');
    const text = JSON.stringify(statements);
    expect(text).not.toContain(logicalIdOf(built.stateful.tables.identity));
    const decrypts = statements.filter((s) => [s.Action].flat().includes('kms:Decrypt'));
    const identityKey = logicalIdOf(built.stateful.identityKey);
    expect(decrypts.filter((s) => JSON.stringify(s.Resource).includes(identityKey))).toEqual([]);
    const bucketKey = decrypts.find((s) =>
      JSON.stringify(s.Resource).includes(logicalIdOf(built.stateful.evidenceBucketKey)),
    );
    expect(JSON.stringify(bucketKey?.Condition)).toContain('kms:ViaService');
    const table = statements.find((s) => s.Sid === 'CasesEvidenceWrite')!;
    expect(table.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'UPLOAD#*'] },
    });
  });
});

describe('the evidence bucket for direct uploads', () => {
  it('takes a browser POST (CORS, POST only) and expires unprocessed incoming objects after a day', () => {
    const bucket =
      built.statefulTemplate.findResources('AWS::S3::Bucket')[logicalIdOf(built.stateful.evidenceBucket)]!;
    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['POST'], AllowedOrigins: ['*'] }),
    ]);
    expect(bucket.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 1, Status: 'Enabled' }),
    );
  });
});
