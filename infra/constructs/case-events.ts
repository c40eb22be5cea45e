/**
 * What happens after a write: the cases table's stream drives a consumer (routing by the place
 * matcher, staff notifications) with retries, bisection, partial-batch reports and a dead-letter
 * queue; an EventBridge schedule drives the deadline sweep. Both publish to the staff topic.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CASE_STREAM_FILTER } from '../../functions/stream/records.ts';
import { claimKey, identityKey, QUEUE_INDEX, retentionKey, smsContactKey } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import {
  deadLetterQueue,
  directoryRead,
  leadingKeys,
  smsToPhoneNumbers,
  tableKeyViaDynamoDb,
} from './grants.ts';
import { HouseFunction } from './house-function.ts';

export interface CaseEventsProps {
  readonly stateful: StatefulResources;
  readonly environment: Record<string, string>;
  /** How often the deadline sweep runs. @default 15 minutes */
  readonly sweepEvery?: Duration;
}

export class CaseEvents extends Construct {
  readonly consumer: HouseFunction;
  readonly sweep: HouseFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: CaseEventsProps) {
    super(scope, id);
    const { stateful } = props;
    const { cases, directory } = stateful.tables;
    const environment = {
      ...props.environment,
      NOTIFY_TOPIC_ARN: stateful.staffTopic.topicArn,
      // The SMS step opens sealed SMS numbers (purpose sms_contact only, see SmsContactOpen).
      IDENTITY_KEY_ID: stateful.identityKey.keyArn,
    };

    this.deadLetters = deadLetterQueue(this, 'StreamDeadLetters', 'the cases stream consumer');

    this.consumer = new HouseFunction(this, 'StreamConsumer', {
      entry: 'functions/stream/handler.ts',
      description: 'Chuishao cases stream: routing by place names, staff notifications',
      environment,
      timeout: Duration.seconds(60),
    });
    this.consumer.function.addEventSource(
      new DynamoEventSource(cases, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        retryAttempts: 8,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        maxRecordAge: Duration.days(1),
        onFailure: new SqsDlq(this.deadLetters),
        // Only case items reach the consumer: counters, throttles, sessions and delivery records
        // written to the same table never invoke it (the same pattern the local poller applies).
        filters: [{ pattern: JSON.stringify(CASE_STREAM_FILTER) }],
      }),
    );
    grantCaseEvents(this.consumer, stateful, cases, directory, { routes: true });
    // SMS to SMS reporters: open the sealed number of a case (purpose `sms_contact` only) and send.
    this.consumer.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsContactRead',
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem'],
        resources: [stateful.tables.identity.tableArn],
        conditions: leadingKeys(smsContactKey),
      }),
    );
    this.consumer.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsContactOpen',
        effect: Effect.ALLOW,
        actions: ['kms:Decrypt'],
        resources: [stateful.identityKey.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'sms_contact' } },
      }),
    );
    this.consumer.addToRolePolicy(smsToPhoneNumbers(Stack.of(this), 'SmsToReporters'));
    // The event source mapping needs dynamodb:ListStreams, which IAM cannot scope to a resource.
    Validations.of(this.consumer.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams (added by the DynamoDB event source) has no resource-level permissions; the stream read actions themselves are scoped to the cases table stream.',
    });

    this.sweep = new HouseFunction(this, 'DeadlineSweep', {
      entry: 'functions/sweep/handler.ts',
      description: 'Chuishao deadline sweep: reminders, escalations, lapsed rewards, identity retention',
      environment,
      timeout: Duration.minutes(5),
    });
    grantCaseEvents(this.sweep, stateful, cases, directory, { routes: false });
    // Lapsing a reward appends its audit event: the case's Update, the event and reward Puts.
    this.sweep.addToRolePolicy(
      new PolicyStatement({
        sid: 'RewardLapse',
        effect: Effect.ALLOW,
        actions: ['dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        resources: [cases.tableArn],
      }),
    );
    // Identity retention: delete a final case's sealed identity, SMS number and reward payee (never
    // read them), and its retention marker.
    this.sweep.addToRolePolicy(
      new PolicyStatement({
        sid: 'IdentityRetentionDelete',
        effect: Effect.ALLOW,
        actions: ['dynamodb:DeleteItem'],
        resources: [stateful.tables.identity.tableArn],
        conditions: leadingKeys(identityKey, smsContactKey, claimKey),
      }),
    );
    this.sweep.addToRolePolicy(
      new PolicyStatement({
        sid: 'RetentionMarkerDelete',
        effect: Effect.ALLOW,
        actions: ['dynamodb:DeleteItem'],
        resources: [cases.tableArn],
        conditions: leadingKeys(retentionKey),
      }),
    );
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the Chuishao deadline sweep',
      schedule: Schedule.rate(props.sweepEvery ?? Duration.minutes(15)),
      targets: [new LambdaFunction(this.sweep.function, { retryAttempts: 2 })],
    });
  }
}

/**
 * The stream consumer reads a case, appends routing events (a transaction of Update + Put) and
 * writes delivery records; the sweep reads the queue index and writes delivery records. Neither
 * touches the identity table or its key, and neither may Scan or Delete.
 */
function grantCaseEvents(
  fn: HouseFunction,
  stateful: StatefulResources,
  cases: ITable,
  directory: ITable,
  opts: { routes: boolean },
): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'CasesForEvents',
      effect: Effect.ALLOW,
      actions: opts.routes
        ? ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem']
        : ['dynamodb:GetItem', 'dynamodb:PutItem'],
      resources: [cases.tableArn],
    }),
  );
  if (!opts.routes) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'QueueIndexRead',
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${cases.tableArn}/index/${QUEUE_INDEX}`],
      }),
    );
  }
  fn.addToRolePolicy(directoryRead(directory));
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'StaffTopicPublish',
      effect: Effect.ALLOW,
      actions: ['sns:Publish'],
      resources: [stateful.staffTopic.topicArn],
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'NotifyKeyViaSns',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [stateful.notifyKey.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.${stack.urlSuffix}` } },
    }),
  );
  fn.addToRolePolicy(tableKeyViaDynamoDb(stack, stateful));
}
