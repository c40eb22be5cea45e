/**
 * The SNS side of inbound SMS, apart from the Lambda entry (functions/sms/handler.ts) so that tests
 * and the local stack drive the same path without AWS clients: each record's `Message` is the End
 * User Messaging JSON. The text's sent time, which orders a case's texts (see
 * shared/domain/timeline.ts), is the `sentAt` attribute a gateway text carries (hand-off.ts), else
 * the record's `Timestamp` (when SNS took the text from End User Messaging).
 */
import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import {
  handleInboundSms,
  type SmsInboundDeps,
  type SmsInboundOutcome,
} from '#shared/services/sms-inbound.ts';
import { type InboundHandOff, SENT_AT_ATTRIBUTE } from './hand-off.ts';

/** Handles the records one after another; the first failure throws (Lambda retries the event). */
export async function handleSnsEvent(deps: SmsInboundDeps, event: SNSEvent): Promise<SmsInboundOutcome[]> {
  const outcomes: SmsInboundOutcome[] = [];
  for (const record of event.Records ?? []) {
    const sentAt = record.Sns.MessageAttributes?.[SENT_AT_ATTRIBUTE]?.Value ?? record.Sns.Timestamp;
    outcomes.push(await handleInboundSms(deps, record.Sns.Message, { sentAt }));
  }
  return outcomes;
}

/** The local stand-in for the inbound topic: the same SNS event, handled in the request. */
export function handleAsSnsEvent(deps: SmsInboundDeps): InboundHandOff {
  return async (notification, sentAt) =>
    (await handleSnsEvent(deps, snsEventOf(notification, deps.now(), sentAt)))[0] ?? 'invalid_payload';
}

const TOPIC = 'arn:aws:sns:cn-north-1:000000000000:chuishao-inbound-sms';

/**
 * An SNS event as Lambda receives it from the inbound topic, around one message (the local stack's
 * `POST /local/sms/inbound`, its webhook and the tests). `timestamp`: when SNS took the text;
 * `sentAt`: a gateway text's own time, as the webhook publishes it.
 */
export function snsEventOf(message: string, timestamp: Date, sentAt?: string): SNSEvent {
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
          MessageAttributes: sentAt ? { [SENT_AT_ATTRIBUTE]: { Type: 'String', Value: sentAt } } : {},
        },
      },
    ],
  };
}
