/** Staff notifications on SNS: the attributes subscriptions filter on, and nothing confidential. */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, type Notification, SnsNotifier } from '#shared/notify.ts';

const base: Notification = {
  id: 'assigned:20261127-000001:411003106',
  kind: 'case_assigned',
  caseNumber: '20261127-000001',
  jurisdiction: '411003106',
  category: 'major_hazard',
  link: 'https://hotline.example/staff/cases/20261127-000001',
};

describe('SnsNotifier', () => {
  it('sets audience, jurisdiction and county for subscription filters', async () => {
    const client = new SNSClient({ region: 'cn-north-1' });
    const sns = mockClient(client);
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const notifier = new SnsNotifier(client, 'arn:aws-cn:sns:cn-north-1:000000000000:staff');
    await notifier.publish(base);
    await notifier.publish({
      ...base,
      id: 'reward-approve:20261127-000001:0',
      kind: 'reward_to_approve',
      jurisdiction: '411003',
      audience: 'finance_officer',
    });
    const [assigned, reward] = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(assigned?.MessageAttributes).toEqual({
      kind: { DataType: 'String', StringValue: 'case_assigned' },
      jurisdiction: { DataType: 'String', StringValue: '411003106' },
      county: { DataType: 'String', StringValue: '411003' },
      audience: { DataType: 'String', StringValue: 'township_officer' },
    });
    expect(reward?.MessageAttributes?.audience?.StringValue).toBe('finance_officer');
    expect(reward?.MessageAttributes?.county?.StringValue).toBe('411003');
  });

  it('names an audience for every kind', () => {
    for (const role of Object.values(AUDIENCE))
      expect([
        'operator',
        'township_officer',
        'county_supervisor',
        'finance_officer',
        'identity_custodian',
      ]).toContain(role);
  });
});
