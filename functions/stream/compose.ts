/** Wires the stream consumer: repositories, calendar, policies and the notifier for the environment. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { blobStoreOf, tableNamesOf } from '#functions/http/adapters.ts';
import { lazyKms, lazySns } from '#shared/aws/lazy-clients.ts';
import type { Config } from '#shared/config.ts';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { LocalOutboxNotifier, type Notifier, SnsNotifier } from '#shared/notify.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DeliveryRepository } from '#shared/repositories/delivery-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { EvidenceRepository } from '#shared/repositories/evidence-repository.ts';
import { InboxRepository } from '#shared/repositories/inbox-repository.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { RetentionRepository } from '#shared/repositories/retention-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { SearchRepository } from '#shared/repositories/search-repository.ts';
import { SmsRepository } from '#shared/repositories/sms-repository.ts';
import { SupervisionCounts } from '#shared/repositories/supervision-counts.ts';
import type { CaseChangeDeps } from '#shared/services/case-changes.ts';
import { InboxNotifier } from '#shared/services/inbox.ts';
import { SnsSmsSender } from '#shared/sms-sender.ts';

export function composeStreamDeps(
  config: Config,
  overrides: Partial<CaseChangeDeps> & { db?: DynamoDBClient } = {},
): CaseChangeDeps {
  const db =
    overrides.db ?? createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const tables = tableNamesOf(config);
  const now = overrides.now ?? (() => new Date());
  const deliveries = overrides.deliveries ?? new DeliveryRepository(db, tables);
  let notifier: Notifier | undefined = overrides.notifier;
  if (!notifier) {
    if (config.MODE === 'local') notifier = new LocalOutboxNotifier(deliveries, now);
    else if (config.NOTIFY_TOPIC_ARN)
      notifier = new SnsNotifier(lazySns(config.AWS_REGION), config.NOTIFY_TOPIC_ARN);
    else throw new Error('configuration invalid: NOTIFY_TOPIC_ARN is required in aws mode');
  }
  // Every notification is also kept for the staff inbox, once, before it is published.
  notifier = new InboxNotifier(new InboxRepository(db, tables), notifier, now);
  const cases = overrides.cases ?? new CaseRepository(db, tables);
  return {
    cases,
    rewards: overrides.rewards ?? new RewardRepository(db, tables, cases),
    retention: overrides.retention ?? new RetentionRepository(db, tables, cases),
    retentionDays: overrides.retentionDays ?? config.IDENTITY_RETENTION_DAYS,
    directory: overrides.directory ?? new DirectoryRepository(db, tables),
    calendar: overrides.calendar ?? loadCalendar(),
    policies: overrides.policies ?? loadDeadlinePolicies(),
    now,
    regionCode: config.REGION_CODE,
    deliveries,
    notifier,
    publicUrl: overrides.publicUrl ?? config.PUBLIC_URL,
    publicRecords: overrides.publicRecords ?? new PublicRepository(db, tables),
    evidenceStore: overrides.evidenceStore ?? {
      evidence: new EvidenceRepository(db, tables),
      blobs: blobStoreOf(config),
    },
    search: overrides.search ?? new SearchRepository(db, tables),
    supervision: overrides.supervision ?? new SupervisionCounts(db, tables),
    ...(overrides.smsOut
      ? { smsOut: overrides.smsOut }
      : config.MODE === 'aws' && config.IDENTITY_KEY_ID
        ? {
            smsOut: {
              sender: new SnsSmsSender(
                lazySns(config.AWS_REGION),
                config.SMS_SENDER_ID,
                config.SMS_ORIGINATION_NUMBER,
              ),
              contacts: new SmsRepository(db, tables),
              keys: new KmsKeyProvider(lazyKms(config.AWS_REGION), config.IDENTITY_KEY_ID),
            },
          }
        : {}),
  };
}
