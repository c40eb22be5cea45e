/**
 * Lambda entry for the cases table's stream. Reports failed records individually
 * (ReportBatchItemFailures) so Lambda retries from the first failure; after the retries the batch
 * goes to the dead-letter queue. Never logs the records: they hold report content.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { type CaseChange, handleCaseChanges } from '#shared/services/case-changes.ts';
import { composeStreamDeps } from './compose.ts';

const deps = composeStreamDeps(loadConfig());
const logger = createLogger();

const image = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const changes: CaseChange[] = event.Records.map((r) => ({
    id: r.dynamodb?.SequenceNumber ?? r.eventID ?? '',
    eventName: (r.eventName ?? 'MODIFY') as CaseChange['eventName'],
    newImage: image(r.dynamodb?.NewImage),
    oldImage: image(r.dynamodb?.OldImage),
  }));
  const failed = await handleCaseChanges(deps, changes);
  if (failed.length) logger.warn('stream records failed', { component: 'stream', count: failed.length });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
