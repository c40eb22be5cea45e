/**
 * The evidence bucket and who may touch it: block public access, TLS only, SSE-KMS under its own
 * key, no versions, access logs, lifecycle for unfinished uploads; put for the intake functions,
 * get for staff only, delete for the sweep only, all under evidence/; GuardDuty only on request.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_MALWARE_CONTEXT } from '../../infra/constructs/evidence-store.ts';
import { type BuiltApp, buildTestApp, logicalIdOf, sharedTestApp, statementsOfRole } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

const bucketId = () => logicalIdOf(built.stateful.evidenceBucket);

describe('evidence bucket', () => {
  it('blocks public access, uses SSE-KMS with its own rotating key, keeps no versions, logs access, is retained', () => {
    const bucket = built.statefulTemplate.findResources('AWS::S3::Bucket')[bucketId()]!;
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const sse = bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0];
    expect(sse.ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(JSON.stringify(sse.ServerSideEncryptionByDefault.KMSMasterKeyID)).toContain(
      logicalIdOf(built.stateful.evidenceBucketKey),
    );
    expect(bucket.Properties.VersioningConfiguration).toBeUndefined();
    expect(bucket.Properties.LoggingConfiguration.DestinationBucketName).toEqual({
      Ref: logicalIdOf(built.stateful.evidence.logBucket),
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
        expect.objectContaining({ Prefix: 'incoming/', ExpirationInDays: 1 }),
      ]),
    );
    // No rule expires sealed evidence by age: retention counts from the day a case became final.
    for (const rule of bucket.Properties.LifecycleConfiguration.Rules) {
      if (rule.ExpirationInDays) expect(rule.Prefix).toBe('incoming/');
    }
  });

  it('refuses every request without TLS', () => {
    built.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('has no GuardDuty plan unless asked; the context turns Malware Protection for S3 on for this bucket', () => {
    built.statefulTemplate.resourceCountIs('AWS::GuardDuty::MalwareProtectionPlan', 0);
    const on = buildTestApp({ checks: false, context: { [EVIDENCE_MALWARE_CONTEXT]: 'true' } });
    on.statefulTemplate.hasResourceProperties('AWS::GuardDuty::MalwareProtectionPlan', {
      ProtectedResource: { S3Bucket: { BucketName: { Ref: logicalIdOf(on.stateful.evidenceBucket) } } },
      Actions: { Tagging: { Status: 'ENABLED' } },
    });
  });
});

describe('evidence grants', () => {
  type Fn = 'api' | 'web' | 'staff' | 'assets' | 'reveal';
  const s3Of = (role: string) =>
    statementsOfRole(built.statelessTemplate, role).filter((s) =>
      [s.Action].flat().some((a) => String(a).startsWith('s3:')),
    );
  const fnRole = (name: Fn) => logicalIdOf(built.stateless[name].role);

  it('intake functions may only put, staff may put and get, under evidence/ only; others nothing', () => {
    const under = (role: string, prefix: 'evidence' | 'incoming') =>
      s3Of(role)
        .filter((s) => JSON.stringify(s.Resource).includes(`/${prefix}/*"`))
        .flatMap((s) => [s.Action].flat())
        .sort();
    const actions = (name: Fn) => under(fnRole(name), 'evidence');
    expect(actions('api')).toEqual(['s3:PutObject']);
    expect(actions('web')).toEqual(['s3:PutObject']);
    expect(actions('staff')).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(actions('assets')).toEqual([]);
    expect(actions('reveal')).toEqual([]);
    // Direct uploads: the signers (api, web) may only put under incoming/; only the strip function
    // reads (and deletes) there, and it may only put sealed files under evidence/.
    expect(under(fnRole('api'), 'incoming')).toEqual(['s3:PutObject']);
    expect(under(fnRole('web'), 'incoming')).toEqual(['s3:PutObject']);
    for (const name of ['staff', 'assets', 'reveal'] as const)
      expect(under(fnRole(name), 'incoming')).toEqual([]);
    const strip = logicalIdOf(built.stateless.evidenceIntake.fn.role);
    expect(under(strip, 'incoming')).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(under(strip, 'evidence')).toEqual(['s3:PutObject']);
    for (const name of ['api', 'web', 'staff'] as const)
      for (const s of s3Of(fnRole(name)))
        expect(JSON.stringify(s.Resource)).toMatch(/\/(evidence|incoming)\/\*"/);
    const sweep = s3Of(logicalIdOf(built.stateless.events.sweep.role));
    expect(sweep.flatMap((s) => [s.Action].flat())).toEqual(['s3:DeleteObject']);
    expect(s3Of(logicalIdOf(built.stateless.events.consumer.role))).toEqual([]);
  });

  it('only the staff function unwraps evidence data keys; the functions that store files carry the sharp layer', () => {
    const evidenceDecrypt = (role: string) =>
      statementsOfRole(built.statelessTemplate, role).filter(
        (s) =>
          [s.Action].flat().includes('kms:Decrypt') &&
          JSON.stringify(s.Condition ?? {}).includes('"evidence"'),
      );
    expect(evidenceDecrypt(fnRole('staff'))).toHaveLength(1);
    for (const name of ['api', 'web', 'assets', 'reveal'] as const)
      expect(evidenceDecrypt(fnRole(name))).toEqual([]);
    const fns = built.statelessTemplate.findResources('AWS::Lambda::Function');
    for (const name of ['api', 'web', 'staff'] as const)
      expect(fns[logicalIdOf(built.stateless[name].function)]?.Properties.Layers).toHaveLength(1);
    expect(fns[logicalIdOf(built.stateless.assets.function)]?.Properties.Layers).toBeUndefined();
    built.statelessTemplate.hasResourceProperties('AWS::Lambda::LayerVersion', {
      CompatibleArchitectures: ['arm64'],
    });
  });
});
