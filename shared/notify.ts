/**
 * Staff notifications (SPEC §4, §8): published after the write has committed, by the stream
 * consumer, so an SNS outage never blocks or loses a report. A notification carries case number,
 * jurisdiction, category, due date and a link — never identity, phone or the report text — and is
 * delivered once: a delivery record is written after a successful publish and checked before one.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { type ClientSource, clientOf } from './aws/lazy-clients.ts';
import { countyOf } from './domain/division-code.ts';
import { UnavailableError } from './errors.ts';
import type { DeliveryRepository } from './repositories/delivery-repository.ts';

export type NotificationKind =
  | 'case_assigned'
  /** A case transferred in from another township (the same id as an assignment: once per township). */
  | 'case_transferred_in'
  | 'triage_needed'
  | 'deadline_reminder'
  | 'deadline_escalation'
  /** Rewards (shared/services/reward-notices.ts): the step that waits for someone. */
  | 'reward_facts_needed'
  | 'reward_to_approve'
  | 'reward_claimed'
  | 'payee_release_requested'
  | 'payee_released'
  /** Identity reveal: a request waits for the custodian; the requester's side hears the decision. */
  | 'identity_requested'
  | 'identity_decided';

export interface Notification {
  /** Stable id: the same event always yields the same id, so retries are recognised. */
  id: string;
  kind: NotificationKind;
  caseNumber: string;
  /** Township (9 digits) or, for triage and escalations, county (6) the message is for. */
  jurisdiction: string;
  category: string;
  dueDate?: string;
  link: string;
  /** The role it is for (subscriptions filter on it); by default the kind's (AUDIENCE). */
  audience?: string;
}

/** Whom each kind of notification is for, unless the notification says otherwise. */
export const AUDIENCE: Record<NotificationKind, string> = {
  case_assigned: 'township_officer',
  case_transferred_in: 'township_officer',
  triage_needed: 'operator',
  deadline_reminder: 'township_officer',
  deadline_escalation: 'county_supervisor',
  reward_facts_needed: 'county_supervisor',
  reward_to_approve: 'finance_officer',
  reward_claimed: 'finance_officer',
  payee_release_requested: 'identity_custodian',
  payee_released: 'finance_officer',
  identity_requested: 'identity_custodian',
  identity_decided: 'township_officer',
};

export interface Notifier {
  publish(n: Notification): Promise<void>;
}

/** The text staff read; built only from the fields above, so nothing confidential can slip in. */
export function notificationText(n: Notification): { subject: string; body: string } {
  const what: Record<NotificationKind, string> = {
    case_assigned: '新交办案件 New case assigned',
    case_transferred_in: '转入案件 Case transferred in',
    triage_needed: '待分派举报 Report awaiting routing',
    deadline_reminder: '期限提醒 Deadline approaching',
    deadline_escalation: '逾期督办 Deadline passed — escalated',
    reward_facts_needed: '待录入奖励事实 Reward facts needed',
    reward_to_approve: '奖励待审批 Reward to approve',
    reward_claimed: '奖励已申领 Reward claimed — request the payee',
    payee_release_requested: '领奖人信息调取待批 Payee release requested',
    payee_released: '领奖人信息已交付 Payee released — pay',
    identity_requested: '身份查看申请待审批 Identity request to decide',
    identity_decided: '身份查看申请已有结果 Identity request decided',
  };
  const subject = `${what[n.kind]}: ${n.caseNumber}`;
  const body = [
    subject,
    `案件 Case: ${n.caseNumber}`,
    `辖区 Jurisdiction: ${n.jurisdiction}`,
    `类别 Category: ${n.category}`,
    ...(n.dueDate ? [`期限 Due: ${n.dueDate}`] : []),
    `链接 Link: ${n.link}`,
  ].join('\n');
  return { subject, body };
}

export class SnsNotifier implements Notifier {
  constructor(
    private readonly sns: ClientSource<SNSClient>,
    private readonly topicArn: string,
  ) {}

  async publish(n: Notification): Promise<void> {
    const { subject, body } = notificationText(n);
    try {
      const [sns, { PublishCommand }] = await Promise.all([clientOf(this.sns), import('./aws/sns.ts')]);
      await sns.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: subject.slice(0, 100),
          Message: body,
          // Subscriptions filter on these: a township's officers get only their township.
          MessageAttributes: {
            kind: { DataType: 'String', StringValue: n.kind },
            jurisdiction: { DataType: 'String', StringValue: n.jurisdiction },
            county: { DataType: 'String', StringValue: countyOf(n.jurisdiction) },
            audience: { DataType: 'String', StringValue: n.audience ?? AUDIENCE[n.kind] },
          },
        }),
      );
    } catch (err) {
      throw new UnavailableError('notification topic unavailable', { cause: err });
    }
  }
}

/** Local stand-in for SNS: what would have been sent, shown at GET /local/outbox. */
export class LocalOutboxNotifier implements Notifier {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async publish(n: Notification): Promise<void> {
    const { subject, body } = notificationText(n);
    await this.deliveries.addToOutbox({
      id: n.id,
      kind: n.kind,
      caseNumber: n.caseNumber,
      jurisdiction: n.jurisdiction,
      ...(n.audience ? { audience: n.audience } : {}),
      subject,
      body,
      at: this.now().toISOString(),
    });
  }
}

const DELIVERY_RECORD_TTL_S = 90 * 86400;

/**
 * Publishes unless already delivered. A failed publish throws (the stream retries the record);
 * the delivery record is written only after the notifier accepted the message.
 */
export async function deliverOnce(
  deps: { deliveries: DeliveryRepository; notifier: Notifier; now: () => Date },
  n: Notification,
): Promise<'sent' | 'already_sent'> {
  if (await deps.deliveries.delivered(n.id)) return 'already_sent';
  await deps.notifier.publish(n);
  const now = deps.now();
  await deps.deliveries.markDelivered(
    n.id,
    now.toISOString(),
    Math.floor(now.getTime() / 1000) + DELIVERY_RECORD_TTL_S,
  );
  return 'sent';
}
