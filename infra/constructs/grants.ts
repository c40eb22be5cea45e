/** IAM statements shared by several functions. */
import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { PK, sessionKey } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';

/**
 * The IAM condition that limits a statement to items whose partition key starts like the keys the
 * given builders make (shared/db/keys.ts), e.g. `leadingKeys(identityKey, claimKey)` → IDENT#*,
 * CLAIM#* — so a grant cannot drift from the key design.
 */
export function leadingKeys(...builders: ((id: string) => Record<string, string>)[]) {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': builders.map((b) => `${b('')[PK]}*`) },
  };
}

/**
 * The table key, only as DynamoDB's encryption at rest, through DynamoDB itself. The concrete
 * actions behind CDK's `GenerateDataKey*` / `ReEncrypt*`, minus the asymmetric key-pair ones
 * DynamoDB never calls: no wildcard to acknowledge.
 */
export function tableKeyViaDynamoDb(stack: Stack, stateful: StatefulResources): PolicyStatement {
  return new PolicyStatement({
    sid: 'TableKeyViaDynamoDb',
    effect: Effect.ALLOW,
    actions: [
      'kms:Decrypt',
      'kms:Encrypt',
      'kms:GenerateDataKey',
      'kms:GenerateDataKeyWithoutPlaintext',
      'kms:ReEncryptFrom',
      'kms:ReEncryptTo',
      'kms:DescribeKey',
    ],
    resources: [stateful.tableKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${stack.region}.${stack.urlSuffix}` } },
  });
}

/** The division directory, read only (every function that validates or names places). */
export function directoryRead(directory: ITable): PolicyStatement {
  return new PolicyStatement({
    sid: 'DirectoryRead',
    effect: Effect.ALLOW,
    actions: ['dynamodb:GetItem', 'dynamodb:Query'],
    resources: [directory.tableArn],
  });
}

/**
 * sns:Publish to phone numbers only: SMS has no resource ARN to scope to, so the statement allows
 * everything that is not a topic (NotResource on every topic ARN).
 */
export function smsToPhoneNumbers(stack: Stack, sid: string): PolicyStatement {
  return new PolicyStatement({
    sid,
    effect: Effect.ALLOW,
    actions: ['sns:Publish'],
    notResources: [`arn:${stack.partition}:sns:*:*:*`],
  });
}

/** An encrypted, TLS-only dead-letter queue, acknowledged as such for cdk-nag (SQS3). */
export function deadLetterQueue(scope: Construct, id: string, holds: string): Queue {
  const queue = new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter destination of ${holds}; what exhausted its retries waits here for an operator.`,
  });
  return queue;
}

/**
 * Reporter sign-out: the pages function deletes the session's item (`SESSION#…` only), so a
 * signed-out cookie opens nothing. It may delete nothing else.
 */
export function sessionEnd(cases: ITable): PolicyStatement {
  return new PolicyStatement({
    sid: 'SessionEnd',
    effect: Effect.ALLOW,
    actions: ['dynamodb:DeleteItem'],
    resources: [cases.tableArn],
    conditions: leadingKeys(sessionKey),
  });
}
