/**
 * Lambda entry for inbound SMS: the AWS End User Messaging two-way SMS notifications arrive on an
 * SNS topic. Each message is handled idempotently (its inboundMessageId); a storage or key-service
 * failure throws, so Lambda retries and finally parks the event in the dead-letter queue. Never
 * logs the event: it carries a phone number and the reporter's words.
 */
import { KMSClient } from '@aws-sdk/client-kms';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SNSEvent } from 'aws-lambda';
import { composeDeps, tableNamesOf } from '#functions/http/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { KmsPhoneHasher } from '#shared/crypto/phone-hash.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { SmsRepository } from '#shared/repositories/sms-repository.ts';
import type { SmsInboundDeps } from '#shared/services/sms-inbound.ts';
import { SnsSmsSender } from '#shared/sms-sender.ts';
import { handleSnsEvent } from './sns.ts';

const config = loadConfig();
if (!config.PHONE_HMAC_KEY_ID) throw new Error('configuration invalid: PHONE_HMAC_KEY_ID is required');
const db = createDynamoClient({ region: config.AWS_REGION });
const deps: SmsInboundDeps = {
  ...composeDeps(config, { db }),
  sms: new SmsRepository(db, tableNamesOf(config)),
  phoneHasher: new KmsPhoneHasher(new KMSClient({ region: config.AWS_REGION }), config.PHONE_HMAC_KEY_ID),
  smsSender: new SnsSmsSender(new SNSClient({ region: config.AWS_REGION }), config.SMS_SENDER_ID),
};

export async function handler(event: SNSEvent): Promise<void> {
  await handleSnsEvent(deps, event);
}
