/**
 * Reads of the open-case queues (shared/db/keys.ts patterns 12 and 15): one queue by due date, and
 * several partitions merged by due date with one cursor position per partition. Apart from the
 * case repository, which delegates here, because paging merged partitions is its own concern.
 */
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { translateDynamoError } from '../db/client.ts';
import {
  COUNTY_INDEX,
  COUNTY_PK,
  COUNTY_SK,
  PK,
  QUEUE_ATTRIBUTES,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  type TableNames,
} from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';

/** Stored attributes of a case item that are not part of the case record (keys, the key's hash). */
export const CASE_ITEM_ONLY = [PK, SK, ...QUEUE_ATTRIBUTES, 'accessKeySalt', 'accessKeyHash'];

/** The case record of a stored case item. */
export function recordOfItem(item: Record<string, unknown>): CaseRecord {
  const record = { ...item };
  for (const a of CASE_ITEM_ONLY) delete record[a];
  return record as unknown as CaseRecord;
}

export interface ListOpenOptions {
  index: 'queue' | 'county';
  partitions: string[];
  limit: number;
  cursor?: string;
  filter?: { status?: string; category?: string; townshipCode?: string };
}

export async function queryQueue(
  db: DynamoDBClient,
  tables: TableNames,
  queuePk: string,
  limit: number,
  cursor?: string,
  untilIso?: string,
): Promise<{ cases: CaseRecord[]; cursor?: string }> {
  try {
    const out = await db.send(
      new QueryCommand({
        TableName: tables.cases,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: untilIso ? '#q = :q AND #s <= :until' : '#q = :q',
        ExpressionAttributeNames: untilIso ? { '#q': QUEUE_PK, '#s': QUEUE_SK } : { '#q': QUEUE_PK },
        // '~' sorts after '#', so every case due at `untilIso` itself is included.
        ExpressionAttributeValues: marshall(
          untilIso ? { ':q': queuePk, ':until': `${untilIso}~` } : { ':q': queuePk },
        ),
        Limit: limit,
        ExclusiveStartKey: cursor ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) : undefined,
      }),
    );
    const cases = (out.Items ?? []).map((item) => {
      return recordOfItem(unmarshall(item));
    });
    const next = out.LastEvaluatedKey
      ? Buffer.from(JSON.stringify(out.LastEvaluatedKey), 'utf8').toString('base64url')
      : undefined;
    return { cases, ...(next ? { cursor: next } : {}) };
  } catch (err) {
    throw translateDynamoError(err, 'read queue');
  }
}

/**
 * Open cases of several partitions of a queue index (e.g. every county of a city), merged by due
 * date, overdue first. The cursor carries one position per partition. Filters narrow the page
 * without changing the order.
 */
export async function listOpen(
  db: DynamoDBClient,
  tables: TableNames,
  opts: ListOpenOptions,
): Promise<{ cases: CaseRecord[]; cursor?: string }> {
  const [indexName, pkAttr, skAttr] =
    opts.index === 'queue' ? [QUEUE_INDEX, QUEUE_PK, QUEUE_SK] : [COUNTY_INDEX, COUNTY_PK, COUNTY_SK];
  const positions: Record<string, Record<string, AttributeValue> | 'done' | null> = opts.cursor
    ? JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8'))
    : {};
  const filters: string[] = [];
  const names: Record<string, string> = { '#p': pkAttr };
  const values: Record<string, unknown> = {};
  for (const [attr, value] of Object.entries(opts.filter ?? {})) {
    if (!value) continue;
    names[`#f_${attr}`] = attr;
    values[`:f_${attr}`] = value;
    filters.push(`#f_${attr} = :f_${attr}`);
  }
  try {
    const pages = await Promise.all(
      opts.partitions.map(async (partition) => {
        const from = positions[partition];
        if (from === 'done') return { partition, items: [], more: false };
        const out = await db.send(
          new QueryCommand({
            TableName: tables.cases,
            IndexName: indexName,
            KeyConditionExpression: '#p = :p',
            ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: marshall({ ...values, ':p': partition }),
            Limit: opts.limit,
            ExclusiveStartKey: from ?? undefined,
          }),
        );
        return {
          partition,
          items: out.Items ?? [],
          more: Boolean(out.LastEvaluatedKey),
          last: out.LastEvaluatedKey,
        };
      }),
    );
    const merged = pages
      .flatMap((p) => p.items.map((item) => ({ partition: p.partition, item, sk: item[skAttr]?.S ?? '' })))
      .sort((a, b) => a.sk.localeCompare(b.sk))
      .slice(0, opts.limit);
    // Each partition resumes after the last of its items taken, or where its query stopped.
    const next: typeof positions = {};
    let anyLeft = false;
    for (const p of pages) {
      const taken = merged.filter((m) => m.partition === p.partition);
      const lastTaken = taken.at(-1)?.item;
      const allTaken = taken.length === p.items.length;
      if (allTaken && !p.more) next[p.partition] = 'done';
      else if (allTaken) next[p.partition] = p.last ?? null;
      else if (lastTaken) next[p.partition] = keyOf(lastTaken, [PK, SK, pkAttr, skAttr]);
      else next[p.partition] = positions[p.partition] ?? null;
      if (next[p.partition] !== 'done') anyLeft = true;
    }
    const cases = merged.map(({ item }) => {
      return recordOfItem(unmarshall(item));
    });
    return anyLeft
      ? { cases, cursor: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') }
      : { cases };
  } catch (err) {
    throw translateDynamoError(err, 'list cases');
  }
}

function keyOf(item: Record<string, AttributeValue>, attrs: string[]): Record<string, AttributeValue> {
  const key: Record<string, AttributeValue> = {};
  for (const a of attrs) if (item[a]) key[a] = item[a];
  return key;
}
