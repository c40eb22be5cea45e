/**
 * Where a verified gateway text goes next. In AWS the webhook publishes it to the inbound SMS topic,
 * the same topic End User Messaging publishes to, so every inbound text is handled by one function,
 * once, with one dead-letter queue — and the internet-facing webhook holds no data or key grants at
 * all. Locally (no SNS) the text is wrapped in the same SNS event and handled in the request.
 *
 * The gateway's own time for the text travels as the `sentAt` message attribute; the SMS function
 * orders a case's texts by it (SNS's receipt time stands in for texts from End User Messaging).
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { type ClientSource, clientOf } from '#shared/aws/lazy-clients.ts';
import { UnavailableError } from '#shared/errors.ts';

/** The message attribute that carries a gateway text's sent time. */
export const SENT_AT_ATTRIBUTE = 'sentAt';

/**
 * Hands on one text (`notification`: the End User Messaging JSON) with its sent time, and says what
 * became of it: `queued` in AWS, the handling outcome locally.
 */
export type InboundHandOff = (notification: string, sentAt: string) => Promise<string>;

/** Publishes to the inbound SMS topic; a failure is an outage (503), so the gateway sends again. */
export function publishToInboundTopic(sns: ClientSource<SNSClient>, topicArn: string): InboundHandOff {
  return async (notification, sentAt) => {
    try {
      const [client, { PublishCommand }] = await Promise.all([clientOf(sns), import('#shared/aws/sns.ts')]);
      await client.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: notification,
          MessageAttributes: { [SENT_AT_ATTRIBUTE]: { DataType: 'String', StringValue: sentAt } },
        }),
      );
    } catch (err) {
      throw new UnavailableError('inbound SMS topic unavailable', { cause: err });
    }
    return 'queued';
  };
}
