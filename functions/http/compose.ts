/**
 * Composition root: the one place that picks adapters for the environment (KMS vs local key file,
 * DynamoDB in AWS vs DynamoDB Local) and wires them into the services the app uses.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { lazyKms } from '#shared/aws/lazy-clients.ts';
import type { Config } from '#shared/config.ts';
import type { KeyProvider } from '#shared/crypto/envelope.ts';
import { KmsKeyProvider } from '#shared/crypto/kms-key-provider.ts';
import { LocalKeyProvider, loadOrCreateMasterKey } from '#shared/crypto/local-key-provider.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import type { TableNames } from '#shared/db/keys.ts';
import type { CalendarData } from '#shared/domain/calendar.ts';
import type { DeadlinePolicy } from '#shared/domain/deadline-policy.ts';
import { createLogger, type Logger } from '#shared/log.ts';
import { loadCalendar, loadDeadlinePolicies } from '#shared/policies.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';

export interface AppDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  keys: KeyProvider;
  now: () => Date;
  logger: Logger;
  regionCode: string;
  calendar: CalendarData;
  policies: DeadlinePolicy[];
}

export function tableNamesOf(config: Config): TableNames {
  return { cases: config.CASES_TABLE, identity: config.IDENTITY_TABLE, directory: config.DIRECTORY_TABLE };
}

export function keyProviderOf(config: Config): KeyProvider {
  if (config.MODE === 'local') return new LocalKeyProvider(loadOrCreateMasterKey(config.MASTER_KEY_FILE!));
  if (!config.IDENTITY_KEY_ID)
    throw new Error('configuration invalid: IDENTITY_KEY_ID is required in aws mode');
  return new KmsKeyProvider(lazyKms(config.AWS_REGION), config.IDENTITY_KEY_ID);
}

export function composeDeps(
  config: Config,
  overrides: Partial<AppDeps> & { db?: DynamoDBClient } = {},
): AppDeps {
  const db =
    overrides.db ?? createDynamoClient({ region: config.AWS_REGION, endpoint: config.DYNAMODB_ENDPOINT });
  const tables = tableNamesOf(config);
  return {
    cases: overrides.cases ?? new CaseRepository(db, tables),
    directory: overrides.directory ?? new DirectoryRepository(db, tables),
    keys: overrides.keys ?? keyProviderOf(config),
    now: overrides.now ?? (() => new Date()),
    logger: overrides.logger ?? createLogger(),
    regionCode: config.REGION_CODE,
    calendar: overrides.calendar ?? loadCalendar(),
    policies: overrides.policies ?? loadDeadlinePolicies(),
  };
}
