/**
 * Direct evidence uploads in AWS (shared/services/direct-uploads.ts): the strip function that an
 * S3 ObjectCreated event under `incoming/` runs, and the grants of the functions that sign the
 * presigned POSTs. The incoming prefix holds files exactly as a phone wrote them (GPS, serial
 * numbers), so only the strip function may read it, and the bucket's lifecycle rule expires
 * anything left there after a day (infra/constructs/evidence-store.ts).
 *
 * The bucket lives in the stateful stack; the notification is added here on an imported reference,
 * so CDK manages it with a custom resource in this stack (leaving other notifications alone) and
 * the stateful stack never depends on this one.
 */
import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { LayerVersion } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { caseKey, INCOMING_BLOB_PREFIX, uploadKey } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { bucketKeyViaS3, grantEvidenceIntake } from './evidence-grants.ts';
import { EVIDENCE_BUCKET_ARN_EXPORT } from './evidence-store.ts';
import { deadLetterQueue, leadingKeys, tableKeyViaDynamoDb } from './grants.ts';
import { HouseFunction } from './house-function.ts';

/** The cdk-nag finding of a grant on `incoming/*` (the export keeps the resource name fixed). */
export const INCOMING_OBJECTS_FINDING = `AwsSolutions-IAM5[Resource::${EVIDENCE_BUCKET_ARN_EXPORT}/${INCOMING_BLOB_PREFIX}*]`;

/** The id CDK gives its bucket-notifications custom resource handler (one per stack). */
const NOTIFICATIONS_HANDLER_ID = 'BucketNotificationsHandler050a0587b7544547bf325f094a3db834';
export const NOTIFICATIONS_HANDLER_FINDING =
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]';

export interface EvidenceIntakeProps {
  readonly stateful: StatefulResources;
  readonly layer: LayerVersion;
  readonly regionCode: string;
}

export class EvidenceIntake extends Construct {
  readonly fn: HouseFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: EvidenceIntakeProps) {
    super(scope, id);
    const { stateful } = props;
    const cases = stateful.tables.cases;

    this.fn = new HouseFunction(this, 'Strip', {
      entry: 'functions/evidence-intake/handler.ts',
      description: 'Chuishao direct evidence uploads: strip, verify and seal each incoming file',
      environment: {
        MODE: 'aws',
        CASES_TABLE: cases.tableName,
        IDENTITY_TABLE: stateful.tables.identity.tableName,
        DIRECTORY_TABLE: stateful.tables.directory.tableName,
        IDENTITY_KEY_ID: stateful.identityKey.keyArn,
        REGION_CODE: props.regionCode,
      },
      // Decoding a large photo takes several times its file size; more memory is also more CPU.
      memorySize: 2048,
      timeout: Duration.seconds(60),
    });
    // Put sealed files under evidence/, make `evidence` data keys, the sharp layer, the bucket name.
    grantEvidenceIntake(this.fn, stateful, props.layer);
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'IncomingReadDelete',
        effect: Effect.ALLOW,
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [incomingObjectsArn()],
      }),
    );
    Validations.of(this.fn.role).acknowledge({
      id: INCOMING_OBJECTS_FINDING,
      reason:
        'Reads and deletes any object under incoming/ of the evidence bucket only: each key is an opaque id chosen at run time, and this is the one function that may read them.',
    });
    this.fn.addToRolePolicy(
      bucketKeyViaS3(Stack.of(this), stateful, 'EvidenceBucketKeyRead', ['kms:Decrypt']),
    );
    // The pointer and the pending item, the case and its event chain: no Query, no Scan, no Delete.
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'CasesEvidenceWrite',
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
        resources: [cases.tableArn],
        conditions: leadingKeys(caseKey, uploadKey),
      }),
    );
    this.fn.addToRolePolicy(tableKeyViaDynamoDb(Stack.of(this), stateful));

    // S3 invokes asynchronously: after Lambda's retries an event waits here for an operator (the
    // incoming object stays until the lifecycle rule expires it, the item stays pending).
    this.deadLetters = deadLetterQueue(this, 'DeadLetters', 'the evidence strip function');
    this.fn.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters),
    });

    const bucket = Bucket.fromBucketAttributes(this, 'Bucket', {
      bucketArn: stateful.evidenceBucket.bucketArn,
      bucketName: stateful.evidenceBucket.bucketName,
    });
    bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(this.fn.function), {
      prefix: INCOMING_BLOB_PREFIX,
    });
    // CDK's own singleton that writes the notification configuration at deploy time.
    const notifier = Stack.of(this).node.tryFindChild(NOTIFICATIONS_HANDLER_ID);
    if (notifier)
      Validations.of(notifier).acknowledge({
        id: NOTIFICATIONS_HANDLER_FINDING,
        reason:
          "CDK's bucket-notifications handler, which runs only during deployment to add this function's notification to the evidence bucket; its role carries the basic Lambda logging policy CDK gives it and no data access.",
      });
  }
}

/** Every object under `incoming/` of the evidence bucket (named through its fixed export). */
export const incomingObjectsArn = () =>
  `${Fn.importValue(EVIDENCE_BUCKET_ARN_EXPORT)}/${INCOMING_BLOB_PREFIX}*`;

/**
 * The functions that hand out presigned POSTs (API, pages): a presigned POST is authorised as its
 * signer, so the signer may put under `incoming/` — and nothing else there: no read, no delete.
 */
export function grantDirectUploadSigning(fn: HouseFunction): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'IncomingPut',
      effect: Effect.ALLOW,
      actions: ['s3:PutObject'],
      resources: [incomingObjectsArn()],
    }),
  );
  Validations.of(fn.role).acknowledge({
    id: INCOMING_OBJECTS_FINDING,
    reason:
      'Signs presigned POSTs under incoming/ of the evidence bucket only (the POST is authorised as the signer); each key is an opaque id chosen at run time.',
  });
}
