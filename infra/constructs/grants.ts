/** IAM statements shared by several functions. */
import type { Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { StatefulResources } from '../stateful-stack.ts';

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
