/**
 * The inbound SMS channel in AWS: the inbound topic drives the SMS function (Lambda retries, then
 * a dead-letter queue). It intakes reports like the public functions do — it may seal identities
 * but never read one back — and keeps each number's conversation under its HMAC (never the number).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { StatefulResources } from '../stateful-stack.ts';
import { deadLetterQueue, smsToPhoneNumbers } from './grants.ts';
import { HouseFunction } from './house-function.ts';

export interface SmsChannelProps {
  readonly stateful: StatefulResources;
  readonly environment: Record<string, string>;
  /** Grants the reporter-facing intake permissions (the same as the web and API functions). */
  readonly grantIntake: (fn: HouseFunction) => void;
}

export class SmsChannel extends Construct {
  readonly handler: HouseFunction;
  readonly deadLetters: Queue;

  constructor(scope: Construct, id: string, props: SmsChannelProps) {
    super(scope, id);
    const { stateful } = props;
    this.deadLetters = deadLetterQueue(this, 'InboundSmsDeadLetters', 'the inbound SMS function');
    this.handler = new HouseFunction(this, 'InboundSms', {
      entry: 'functions/sms/handler.ts',
      description: 'Chuishao inbound SMS (two-way SMS via SNS)',
      environment: { ...props.environment, PHONE_HMAC_KEY_ID: stateful.phoneHmacKey.keyArn },
      timeout: Duration.seconds(30),
    });
    this.handler.function.addEventSource(
      new SnsEventSource(stateful.inboundSmsTopic, { deadLetterQueue: this.deadLetters }),
    );
    props.grantIntake(this.handler);
    const { identity } = stateful.tables;
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsConversations',
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [identity.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SMSNUM#*', 'SMSIN#*'] } },
      }),
    );
    // The reporter's number, sealed with the case for later SMS (written here, opened only by the
    // stream consumer's SMS step).
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsContactWrite',
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem'],
        resources: [identity.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['SMSTO#*'] } },
      }),
    );
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsContactSeal',
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey'],
        resources: [stateful.identityKey.keyArn],
        conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'sms_contact' } },
      }),
    );
    this.handler.addToRolePolicy(
      new PolicyStatement({
        sid: 'PhoneHmac',
        effect: Effect.ALLOW,
        actions: ['kms:GenerateMac'],
        resources: [stateful.phoneHmacKey.keyArn],
      }),
    );
    this.handler.addToRolePolicy(smsToPhoneNumbers(Stack.of(this), 'SmsReplies'));
  }
}
