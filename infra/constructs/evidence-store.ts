/**
 * The evidence bucket (stateful): sealed evidence blobs under `evidence/<case>/<id>`. Each object is
 * already sealed by the app with the case's envelope encryption (purpose `evidence`) before it is
 * written; the bucket adds SSE-KMS under a key of its own, blocks every public access, refuses
 * non-TLS requests, keeps no versions (a deleted file must be gone, not a noncurrent version), and
 * writes server access logs to a log bucket. Retained with the stack, like the tables.
 *
 * Retention: the identity-retention sweep deletes a case's objects together with its sealed
 * identity (shared/services/retention.ts), because retention counts from the day a case became
 * final, which S3 cannot know. The lifecycle rules only clean what the app never finished:
 * incomplete multipart uploads, and anything under `incoming/` (direct uploads not yet stripped,
 * infra/constructs/evidence-intake.ts) after a day.
 *
 * CORS allows a page to POST a direct upload and read the answer (for its progress bar and to
 * know the file arrived). Any origin: the POST is accepted only with a presigned policy for one
 * `incoming/` key, which its holder could send from anywhere anyway; nothing can be read.
 *
 * Optional: `-c chuishao:evidenceMalwareProtection=true` turns on GuardDuty Malware Protection for
 * S3 on the bucket (objects are sealed, so it mainly guards `incoming/` once direct uploads are used).
 */
import { CfnOutput, Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnMalwareProtectionPlan } from 'aws-cdk-lib/aws-guardduty';
import { Effect, PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const EVIDENCE_MALWARE_CONTEXT = 'chuishao:evidenceMalwareProtection';
/**
 * The bucket's ARN under a fixed export name: the functions' object grants (`<arn>/evidence/*`)
 * then read the same in every synth, so their cdk-nag acknowledgement can name that one resource.
 */
export const EVIDENCE_BUCKET_ARN_EXPORT = 'ChuishaoEvidenceBucketArn';
/** The cdk-nag finding of an object grant under `evidence/` (see EVIDENCE_BUCKET_ARN_EXPORT). */
export const EVIDENCE_OBJECTS_FINDING = `AwsSolutions-IAM5[Resource::${EVIDENCE_BUCKET_ARN_EXPORT}/evidence/*]`;

export interface EvidenceStoreProps {
  /** Turn on GuardDuty Malware Protection for S3 on the evidence bucket. @default false */
  readonly malwareProtection?: boolean;
}

export class EvidenceStore extends Construct {
  readonly bucket: Bucket;
  readonly key: Key;
  readonly logBucket: Bucket;
  readonly malwareProtectionPlan?: CfnMalwareProtectionPlan;

  constructor(scope: Construct, id: string, props: EvidenceStoreProps = {}) {
    super(scope, id);

    this.key = new Key(this, 'Key', {
      description: 'Chuishao: S3 encryption at rest of the (already sealed) evidence files',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.logBucket = new Bucket(this, 'AccessLogs', {
      // S3 server access logs can only be delivered to SSE-S3 buckets.
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the access-log bucket of the evidence bucket; logging its own access would need a third bucket, and so on.',
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'evidence/',
      lifecycleRules: [
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { id: 'expire-unprocessed-incoming', prefix: 'incoming/', expiration: Duration.days(1) },
      ],
      cors: [
        { allowedMethods: [HttpMethods.POST], allowedOrigins: ['*'], allowedHeaders: ['*'], maxAge: 3000 },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'BucketArn', {
      value: this.bucket.bucketArn,
      exportName: EVIDENCE_BUCKET_ARN_EXPORT,
      description: 'Evidence bucket (sealed files); the functions grant on evidence/* under it',
    });

    if (props.malwareProtection) {
      const role = new Role(this, 'MalwareProtectionRole', {
        assumedBy: new ServicePrincipal('malware-protection-plan.guardduty.amazonaws.com'),
        description: 'GuardDuty Malware Protection for S3: scans and tags objects of the evidence bucket',
        inlinePolicies: {
          scan: new PolicyDocument({
            statements: [
              new PolicyStatement({
                sid: 'EventBridgeManagedRule',
                effect: Effect.ALLOW,
                actions: [
                  'events:PutRule',
                  'events:DeleteRule',
                  'events:PutTargets',
                  'events:RemoveTargets',
                  'events:DescribeRule',
                ],
                resources: [`arn:aws:events:*:*:rule/DO-NOT-DELETE-AmazonGuardDutyMalwareProtectionS3*`],
                conditions: {
                  StringLike: { 'events:ManagedBy': 'malware-protection-plan.guardduty.amazonaws.com' },
                },
              }),
              new PolicyStatement({
                sid: 'BucketNotifications',
                effect: Effect.ALLOW,
                actions: [
                  's3:PutBucketNotification',
                  's3:GetBucketNotification',
                  's3:GetBucketLocation',
                  's3:ListBucket',
                ],
                resources: [this.bucket.bucketArn],
              }),
              new PolicyStatement({
                sid: 'ScanAndTagObjects',
                effect: Effect.ALLOW,
                actions: [
                  's3:GetObject',
                  's3:GetObjectVersion',
                  's3:GetObjectTagging',
                  's3:PutObjectTagging',
                  's3:GetObjectVersionTagging',
                  's3:PutObjectVersionTagging',
                ],
                resources: [this.bucket.arnForObjects('*')],
              }),
              new PolicyStatement({
                sid: 'ValidationObject',
                effect: Effect.ALLOW,
                actions: ['s3:PutObject'],
                resources: [this.bucket.arnForObjects('malware-protection-resource-validation-object')],
              }),
              new PolicyStatement({
                sid: 'DecryptForScan',
                effect: Effect.ALLOW,
                actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
                resources: [this.key.keyArn],
                conditions: { StringLike: { 'kms:ViaService': 's3.*.amazonaws.com' } },
              }),
            ],
          }),
        },
      });
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5',
        reason:
          "GuardDuty's documented role: its managed EventBridge rules are named by a prefix it chooses, and it scans every object of this one bucket (object ARN wildcard within the bucket).",
      });
      this.malwareProtectionPlan = new CfnMalwareProtectionPlan(this, 'MalwareProtection', {
        role: role.roleArn,
        protectedResource: { s3Bucket: { bucketName: this.bucket.bucketName } },
        actions: { tagging: { status: 'ENABLED' } },
      });
    }
  }
}
