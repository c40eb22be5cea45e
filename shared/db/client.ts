/** DynamoDB client factory and the one place that translates SDK failures into domain errors. */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ConflictError, DomainError, UnavailableError } from '../errors.ts';

export interface DynamoOptions {
  region: string;
  /** Set in local mode (DynamoDB Local); absent in AWS. */
  endpoint?: string;
}

export function createDynamoClient(opts: DynamoOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: opts.region,
    ...(opts.endpoint
      ? { endpoint: opts.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 3,
    // Fail fast rather than hang: an unanswered write must become a 503, never a late 201. The
    // request timeout only warns unless told to throw; 3 attempts × 2.5 s stays inside the
    // functions' 10 s timeout.
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_500, throwOnRequestTimeout: true },
  });
}

const errorName = (err: unknown) => (err as { name?: string } | null)?.name ?? '';

/**
 * Maps an SDK exception to the domain: a lost condition is a ConflictError, anything else
 * (throttling, network, service errors) is UnavailableError. Domain errors pass through.
 */
export function translateDynamoError(err: unknown, what: string): DomainError {
  if (err instanceof DomainError) return err;
  if (errorName(err) === 'ConditionalCheckFailedException')
    return new ConflictError(`${what}: condition failed`, { cause: err });
  return new UnavailableError(`${what}: storage unavailable`, { cause: err });
}

/** Reasons a TransactWriteItems was cancelled, one per item (`None` for items that were fine). */
export function cancellationCodes(err: unknown): string[] | null {
  if (errorName(err) !== 'TransactionCanceledException') return null;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/**
 * A strongly consistent GetItem, unmarshalled, or null when absent; failures translated.
 * The repositories' reads of one item by key all go through here.
 */
export async function getItem(
  db: DynamoDBClient,
  TableName: string,
  key: Record<string, unknown>,
  what: string,
): Promise<Record<string, unknown> | null> {
  try {
    const out = await db.send(new GetItemCommand({ TableName, Key: marshall(key), ConsistentRead: true }));
    return out.Item ? unmarshall(out.Item) : null;
  } catch (err) {
    throw translateDynamoError(err, what);
  }
}

/**
 * Every item of a Query, page after page, unmarshalled, until `max` items (or the end); failures
 * translated. The supervision reads, whose partitions are small, go through here.
 */
export async function queryAll(
  db: DynamoDBClient,
  input: QueryCommandInput,
  what: string,
  max = 100_000,
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  try {
    do {
      const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      for (const i of page.Items ?? []) out.push(unmarshall(i));
      start = page.LastEvaluatedKey;
    } while (start && out.length < max);
    return out;
  } catch (err) {
    throw translateDynamoError(err, what);
  }
}

/**
 * Puts and deletes in batches of 25 (BatchWriteItem), retrying what DynamoDB leaves unprocessed
 * with a growing pause; failures translated. For idempotent writes only (a retry rewrites a key).
 */
export async function batchWriteAll(
  db: DynamoDBClient,
  table: string,
  requests: WriteRequest[],
  what: string,
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw translateDynamoError(new Error('unprocessed items'), what);
      if (attempt) await new Promise((ok) => setTimeout(ok, 20 * 2 ** attempt));
      try {
        const out = await db.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending } }));
        pending = out.UnprocessedItems?.[table] ?? [];
      } catch (err) {
        throw translateDynamoError(err, what);
      }
    }
  }
}
