/**
 * The inbound SMS channel in AWS: the inbound topic drives the SMS function (Lambda retries, then
 * a dead-letter queue), and `POST /api/v1/sms/webhook` on the HTTP API drives the webhook function
 * for a domestic gateway (signed with the key in Secrets Manager). Both intake reports like the
 * public functions do — they may seal identities but never read one back — take reward claims like
 * the pages function (seal the payee under `CLAIM#`, never open it), and keep each number's
 * conversation under its HMAC (never the number). Only the webhook function may read the secret.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SnsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { smsContactKey, smsConversationKey, smsInboundKey } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { deadLetterQueue, leadingKeys, smsToPhoneNumbers } from './grants.ts';
import { HouseFunction } from './house-function.ts';

/** The webhook's path (functions/sms/webhook.ts WEBHOOK_PATH; its route comes from the route table). */
export const SMS_WEBHOOK_PATH = '/api/v1/sms/webhook';

/** Why the webhook's route has no authorizer (infra/constructs/http-routes.ts acknowledges it). */
export const WEBHOOK_ROUTE_REASON =
  'Machine-to-machine route for a domestic SMS gateway, which cannot obtain a Cognito token: every request ' +
  'must carry an HMAC-SHA256 signature of its timestamp and body under a secret held in Secrets Manager, ' +
  'checked by the function before the body is used; requests outside a 5-minute window are refused and a ' +
  'replayed message id is a no-op. This acknowledgement covers only this route.';

/** CDK context naming the two-way number SMS are sent from (`cdk deploy -c chuishao:smsOriginationNumber=+86…`). */
export const ORIGINATION_NUMBER_CONTEXT = 'chuishao:smsOriginationNumber';

/**
 * The environment of every function that texts reporters (the two SMS functions and the stream
 * consumer): the two-way origination number from the context, when given, so that replies to any
 * text we send come back to the inbound topic.
 */
export function smsSenderEnvironment(scope: Construct): Record<string, string> {
  const number: unknown = scope.node.tryGetContext(ORIGINATION_NUMBER_CONTEXT);
  if (number === undefined || number === '') return {};
  if (typeof number !== 'string' || !/^\+[1-9]\d{6,14}$/.test(number))
    throw new Error(`${ORIGINATION_NUMBER_CONTEXT} must be a phone number in E.164 (+86…)`);
  return { SMS_ORIGINATION_NUMBER: number };
}

export interface SmsChannelProps {
  readonly stateful: StatefulResources;
  readonly environment: Record<string, string>;
  /** Grants the reporter-facing intake permissions (the same as the web and API functions). */
  readonly grantIntake: (fn: HouseFunction) => void;
  /**
   * Grants sealing a reward claim (the same as the pages function: `CLAIM#` PutItem, data keys of
   * purpose `reward_claim`, no Decrypt) — a reporter may claim by SMS.
   */
  readonly grantClaimSealing: (fn: HouseFunction) => void;
}

export class SmsChannel extends Construct {
  readonly handler: HouseFunction;
  readonly deadLetters: Queue;
  /** The signed gateway webhook (`POST /api/v1/sms/webhook`). */
  readonly webhook: HouseFunction;

  constructor(scope: Construct, id: string, props: SmsChannelProps) {
    super(scope, id);
    const { stateful } = props;
    const environment = {
      ...props.environment,
      ...smsSenderEnvironment(this),
      PHONE_HMAC_KEY_ID: stateful.phoneHmacKey.keyArn,
    };

    this.deadLetters = deadLetterQueue(this, 'InboundSmsDeadLetters', 'the inbound SMS function');
    this.handler = new HouseFunction(this, 'InboundSms', {
      entry: 'functions/sms/handler.ts',
      description: 'Chuishao inbound SMS (two-way SMS via SNS)',
      environment,
      timeout: Duration.seconds(30),
    });
    this.handler.function.addEventSource(
      new SnsEventSource(stateful.inboundSmsTopic, { deadLetterQueue: this.deadLetters }),
    );
    grantSmsHandling(this.handler, props);

    // The webhook checks the gateway's signature and publishes the text to the inbound topic, where
    // the function above handles it like a text from End User Messaging: the internet-facing
    // function reads no table and holds no key but the topic's, through SNS.
    this.webhook = new HouseFunction(this, 'InboundSmsWebhook', {
      entry: 'functions/sms/webhook-handler.ts',
      description: 'Chuishao inbound SMS from a domestic gateway (signed webhook, to the inbound topic)',
      environment: {
        SMS_WEBHOOK_SECRET_ARN: stateful.smsWebhookSecret.secretArn,
        INBOUND_SMS_TOPIC_ARN: stateful.inboundSmsTopic.topicArn,
      },
      // Under the HTTP API's 30-second integration limit.
      timeout: Duration.seconds(20),
    });
    this.webhook.addToRolePolicy(
      new PolicyStatement({
        sid: 'InboundTopicPublish',
        effect: Effect.ALLOW,
        actions: ['sns:Publish'],
        resources: [stateful.inboundSmsTopic.topicArn],
      }),
    );
    const stack = Stack.of(this);
    this.webhook.addToRolePolicy(
      new PolicyStatement({
        sid: 'InboundTopicKeyViaSns',
        effect: Effect.ALLOW,
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [stateful.notifyKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `sns.${stack.region}.${stack.urlSuffix}` } },
      }),
    );
    // The secret's value only: not DescribeSecret, not any other secret. (It is encrypted with the
    // AWS-managed key, which Secrets Manager uses on the caller's behalf: no kms grant needed.)
    this.webhook.addToRolePolicy(
      new PolicyStatement({
        sid: 'SmsWebhookSecretRead',
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [stateful.smsWebhookSecret.secretArn],
      }),
    );
  }
}

/**
 * What handling an inbound text takes, for either entry: intake, the conversation and inbound
 * markers (`SMSNUM#`, `SMSIN#` only), writing the sealed number (`SMSTO#`), sealing it
 * (purpose `sms_contact`), sealing a reward claim (`CLAIM#`, purpose `reward_claim`; the claim's
 * transaction writes the case, its event and the reward with the intake grants' Put/Update/
 * ConditionCheck on the cases table), the phone HMAC, and SMS replies.
 */
function grantSmsHandling(fn: HouseFunction, props: SmsChannelProps): void {
  const { stateful } = props;
  props.grantIntake(fn);
  props.grantClaimSealing(fn);
  const { identity } = stateful.tables;
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SmsConversations',
      effect: Effect.ALLOW,
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
      resources: [identity.tableArn],
      conditions: leadingKeys(smsConversationKey, smsInboundKey),
    }),
  );
  // The reporter's number, sealed with the case for later SMS (written here, opened only by the
  // stream consumer's SMS step).
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SmsContactWrite',
      effect: Effect.ALLOW,
      actions: ['dynamodb:PutItem'],
      resources: [identity.tableArn],
      conditions: leadingKeys(smsContactKey),
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'SmsContactSeal',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateDataKey'],
      resources: [stateful.identityKey.keyArn],
      conditions: { StringEquals: { 'kms:EncryptionContext:purpose': 'sms_contact' } },
    }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'PhoneHmac',
      effect: Effect.ALLOW,
      actions: ['kms:GenerateMac'],
      resources: [stateful.phoneHmacKey.keyArn],
    }),
  );
  fn.addToRolePolicy(smsToPhoneNumbers(Stack.of(fn), 'SmsReplies'));
}
