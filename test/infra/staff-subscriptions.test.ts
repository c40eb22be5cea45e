/** Staff notification subscribers from CDK context: each filtered to its role and place. */
import { describe, expect, it } from 'vitest';
import {
  STAFF_SUBSCRIPTIONS_CONTEXT,
  staffSubscribersOf,
} from '../../infra/constructs/staff-subscriptions.ts';
import { buildTestApp, logicalIdOf, sharedTestApp } from './support.ts';

const subscribers = [
  {
    protocol: 'email',
    endpoint: 'ajz-lingjing@example.gov.cn',
    role: 'township_officer',
    jurisdiction: '411003106',
  },
  { protocol: 'sms', endpoint: '+8613800000000', role: 'county_supervisor', jurisdiction: '411003' },
  {
    protocol: 'https',
    endpoint: 'https://oa.example.gov.cn/hooks/chuishao',
    role: 'finance_officer',
    jurisdiction: '4110',
  },
];

describe('staff notification subscriptions', () => {
  it('subscribes each listed officer to the staff topic, filtered by role and place', () => {
    const built = buildTestApp({ context: { [STAFF_SUBSCRIPTIONS_CONTEXT]: subscribers } });
    const subs = Object.values(built.statefulTemplate.findResources('AWS::SNS::Subscription'));
    expect(subs).toHaveLength(3);
    const topic = logicalIdOf(built.stateful.staffTopic);
    for (const s of subs) expect(s.Properties.TopicArn).toEqual({ Ref: topic });
    const byProtocol = Object.fromEntries(subs.map((s) => [s.Properties.Protocol, s.Properties]));
    expect(byProtocol.email?.FilterPolicy).toEqual({
      audience: ['township_officer'],
      jurisdiction: ['411003106'],
    });
    expect(byProtocol.sms?.FilterPolicy).toEqual({ audience: ['county_supervisor'], county: ['411003'] });
    expect(byProtocol.https?.FilterPolicy).toEqual({
      audience: ['finance_officer'],
      county: [{ prefix: '4110' }],
    });
  });

  it('has none unless listed, and takes the JSON that `cdk -c` passes as a string', () => {
    expect(
      Object.keys(sharedTestApp().statefulTemplate.findResources('AWS::SNS::Subscription')),
    ).toHaveLength(0);
    expect(staffSubscribersOf(JSON.stringify(subscribers))).toHaveLength(3);
  });

  it('refuses a bad entry, naming it', () => {
    expect(() => staffSubscribersOf([{ ...subscribers[0], role: 'mayor' }])).toThrow(/\[0\]\.role/);
    expect(() => staffSubscribersOf([{ ...subscribers[0], jurisdiction: '41100' }])).toThrow(
      /\[0\]\.jurisdiction/,
    );
    expect(() =>
      staffSubscribersOf([subscribers[0], { ...subscribers[1], endpoint: '13800000000' }]),
    ).toThrow(/\[1\]\.endpoint/);
    expect(() => staffSubscribersOf('not json')).toThrow(/not JSON/);
  });
});
