/**
 * Lambda entry for the cases table's stream. Reports failed records individually
 * (ReportBatchItemFailures) so Lambda retries from the first failure; after the retries the batch
 * goes to the dead-letter queue. Never logs the records: they hold report content.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { createLogger } from '#shared/log.ts';
import { handleCaseChanges } from '#shared/services/case-changes.ts';
import { composeStreamDeps } from './compose.ts';
import { caseChangesOf, type StreamRecord } from './records.ts';

const deps = composeStreamDeps(loadConfig());
const logger = createLogger();

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  // The event source mapping filters at the source already; applying the same pattern here keeps a
  // mapping deployed without it (or a replayed batch) from reaching the handlers with other items.
  const failed = await handleCaseChanges(deps, caseChangesOf(event.Records as StreamRecord[]));
  if (failed.length) logger.warn('stream records failed', { component: 'stream', count: failed.length });
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}
