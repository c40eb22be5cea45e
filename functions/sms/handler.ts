/**
 * Lambda entry for inbound SMS: the AWS End User Messaging two-way SMS notifications arrive on an
 * SNS topic. Each message is handled idempotently (its inboundMessageId); a storage or key-service
 * failure throws, so Lambda retries and finally parks the event in the dead-letter queue. Never
 * logs the event: it carries a phone number and the reporter's words.
 */
import type { SNSEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { awsSmsDeps } from './aws.ts';
import { handleSnsEvent } from './sns.ts';

const deps = awsSmsDeps(loadConfig());

export async function handler(event: SNSEvent): Promise<void> {
  await handleSnsEvent(deps, event);
}
