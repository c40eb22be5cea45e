/** SNS Publish of an SMS: transactional, from the configured two-way number, failures translated. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { UnavailableError } from '#shared/errors.ts';
import { SnsSmsSender } from '#shared/sms-sender.ts';

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

describe('SnsSmsSender', () => {
  it('sends from the two-way origination number when one is configured', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    await new SnsSmsSender(new SNSClient({}), undefined, '+8610690000000').send('+8613900000000', '您好');
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.PhoneNumber).toBe('+8613900000000');
    expect(input.MessageAttributes?.['AWS.MM.SMS.OriginationNumber']).toEqual({
      DataType: 'String',
      StringValue: '+8610690000000',
    });
    expect(input.MessageAttributes?.['AWS.SNS.SMS.SMSType']?.StringValue).toBe('Transactional');
  });

  it('leaves the choice to SNS without one, and turns a failure into UnavailableError', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    await new SnsSmsSender(new SNSClient({})).send('+8613900000000', '您好');
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.MessageAttributes).not.toHaveProperty(
      'AWS.MM.SMS.OriginationNumber',
    );
    sns.on(PublishCommand).rejects(new Error('throttled'));
    await expect(new SnsSmsSender(new SNSClient({})).send('+8613900000000', 'x')).rejects.toBeInstanceOf(
      UnavailableError,
    );
  });
});
