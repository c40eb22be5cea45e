/**
 * The SNS side of inbound SMS, apart from the Lambda entry (functions/sms/handler.ts) so that tests
 * and the local stack drive the same path without AWS clients: each record's `Message` is the End
 * User Messaging JSON, and its `Timestamp` (when SNS took the text from End User Messaging) is the
 * text's sent time, which orders a case's texts (see shared/domain/timeline.ts).
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import {
  handleInboundSms,
  type SmsInboundDeps,
  type SmsInboundOutcome,
} from '#shared/services/sms-inbound.ts';

/** Handles the records one after another; the first failure throws (Lambda retries the event). */
export async function handleSnsEvent(deps: SmsInboundDeps, event: SNSEvent): Promise<SmsInboundOutcome[]> {
  const outcomes: SmsInboundOutcome[] = [];
  for (const record of event.Records ?? [])
    outcomes.push(await handleInboundSms(deps, record.Sns.Message, { sentAt: record.Sns.Timestamp }));
  return outcomes;
}

const TOPIC = 'arn:aws:sns:cn-north-1:000000000000:chuishao-inbound-sms';

/**
 * An SNS event as Lambda receives it from the inbound topic, around one message (the local stack's
 * `POST /local/sms/inbound` and the tests). `timestamp`: when SNS took the text.
 */
export function snsEventOf(message: string, timestamp: Date): SNSEvent {
  const id = randomUUID();
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        EventSubscriptionArn: `${TOPIC}:${id}`,
        Sns: {
          Type: 'Notification',
          MessageId: id,
          TopicArn: TOPIC,
          Subject: '',
          Message: message,
          Timestamp: timestamp.toISOString(),
          SignatureVersion: '1',
          Signature: '',
          SigningCertUrl: '',
          UnsubscribeUrl: '',
          MessageAttributes: {},
        },
      },
    ],
  };
}
