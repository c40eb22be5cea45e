/**
 * Sending an SMS to a reporter. In AWS: SNS Publish to a phone number. Locally: an in-memory
 * outbox that stands in for the SMS gateway (`/local/sms`, `/local/outbox`) — in memory on
 * purpose, so a phone number in clear never reaches `.data/` or DynamoDB.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { type ClientSource, clientOf } from './aws/lazy-clients.ts';
import { UnavailableError } from './errors.ts';

export interface SmsSender {
  send(toE164: string, text: string): Promise<void>;
}

export interface SentSms {
  to: string;
  text: string;
  at: string;
}

export class MemorySmsOutbox implements SmsSender {
  private readonly sent: SentSms[] = [];
  constructor(
    private readonly now: () => Date = () => new Date(),
    /** Oldest entries are dropped beyond this many. */
    private readonly capacity = 1000,
  ) {}

  async send(toE164: string, text: string): Promise<void> {
    this.sent.push({ to: toE164, text, at: this.now().toISOString() });
    if (this.sent.length > this.capacity) this.sent.splice(0, this.sent.length - this.capacity);
  }

  /** Everything sent, oldest first; with `to`, only what went to that number. */
  list(to?: string): SentSms[] {
    return this.sent.filter((m) => to === undefined || m.to === to).map((m) => ({ ...m }));
  }

  clear(): void {
    this.sent.length = 0;
  }
}

export class SnsSmsSender implements SmsSender {
  /**
   * `originationNumber`: the two-way number to send from (E.164), so that a reply to any text we
   * send comes back to the hotline; without it SNS picks one of the account's numbers.
   */
  constructor(
    private readonly sns: ClientSource<SNSClient>,
    private readonly senderId?: string,
    private readonly originationNumber?: string,
  ) {}

  async send(toE164: string, text: string): Promise<void> {
    try {
      const [sns, { PublishCommand }] = await Promise.all([clientOf(this.sns), import('./aws/sns.ts')]);
      await sns.send(
        new PublishCommand({
          PhoneNumber: toE164,
          Message: text,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.senderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId } }
              : {}),
            ...(this.originationNumber
              ? {
                  'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: this.originationNumber },
                }
              : {}),
          },
        }),
      );
    } catch (err) {
      throw new UnavailableError('sms gateway unavailable', { cause: err });
    }
  }
}
