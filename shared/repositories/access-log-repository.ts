/**
 * The staff-action log the auditor reviews (cases table, shared/db/keys.ts): one item per staff
 * action on a case, partitioned by month and indexed by staff member, read newest first in pages
 * with a cursor. Apart from the supervision counters because it is a log with its own paging, not
 * a figure; the supervision repository delegates here.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { translateDynamoError } from '../db/client.ts';
import {
  ACCESS_PK_PREFIX,
  accessByStaffPk,
  accessLogKey,
  PK,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  type TableNames,
} from '../db/keys.ts';
import { ValidationError } from '../errors.ts';

type Item = Record<string, AttributeValue>;

/** One staff action on a case, as the access review lists it. */
export interface AccessEntry {
  at: string;
  staffId: string;
  caseNumber: string;
  /** The event type, or the lifecycle / reward action: viewed, accept, identity_viewed, approve … */
  action: string;
  /** Where the case was (township, county or city code). */
  place: string;
  seq: number | string;
}

/** Where an access-review page continues. */
export interface AccessCursor {
  month: string;
  key?: Record<string, unknown>;
}

/** Which staff actions a page of the access review asks for. */
export interface AccessLogQuery {
  from: string;
  to: string;
  placePrefix: string;
  staffId?: string;
  action?: string[];
  limit: number;
  cursor?: AccessCursor;
}

/** Records a staff action (idempotent: the same event writes the same item). */
export async function recordAccess(db: DynamoDBClient, tables: TableNames, e: AccessEntry): Promise<void> {
  const month = e.at.slice(0, 7);
  const key = accessLogKey(month, e.at, e.caseNumber, e.seq);
  try {
    await db.send(
      new PutItemCommand({
        TableName: tables.cases,
        Item: marshall(
          {
            ...key,
            [QUEUE_PK]: accessByStaffPk(e.staffId),
            [QUEUE_SK]: key[SK],
            at: e.at,
            staffId: e.staffId,
            caseNumber: e.caseNumber,
            action: e.action,
            place: e.place,
            seq: e.seq,
          },
          { removeUndefinedValues: true },
        ),
      }),
    );
  } catch (err) {
    throw translateDynamoError(err, 'record a staff action');
  }
}

/**
 * Staff actions from…to (ISO instants, `to` exclusive), newest first, on cases whose place
 * starts with `placePrefix`; by one staff member (their index) or by month partitions. Returns
 * up to `limit` entries and where the next page starts.
 */
export async function readAccessLog(
  db: DynamoDBClient,
  tables: TableNames,
  q: AccessLogQuery,
): Promise<{ entries: AccessEntry[]; next?: AccessCursor }> {
  const filters: string[] = ['begins_with(#place, :place)'];
  const names: Record<string, string> = { '#place': 'place' };
  const values: Record<string, unknown> = { ':place': q.placePrefix, ':from': q.from, ':to': q.to };
  if (q.action?.length) {
    names['#action'] = 'action';
    filters.push(`#action IN (${q.action.map((_, i) => `:a${i}`).join(', ')})`);
    q.action.forEach((a, i) => {
      values[`:a${i}`] = a;
    });
  }
  const partitions: { month: string; pk: string; index?: string }[] = [];
  if (q.staffId) partitions.push({ month: 'staff', pk: accessByStaffPk(q.staffId), index: QUEUE_INDEX });
  else {
    // Month partitions newest first.
    let m = q.to.slice(0, 7);
    const first = q.from.slice(0, 7);
    while (m >= first) {
      partitions.push({ month: m, pk: `${ACCESS_PK_PREFIX}${m}` });
      const [y, mm] = m.split('-').map(Number) as [number, number];
      m = mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
    }
  }
  let startAt = 0;
  if (q.cursor) {
    startAt = partitions.findIndex((p) => p.month === q.cursor!.month);
    if (startAt < 0)
      throw new ValidationError([
        { field: 'cursor', en: 'cursor does not fit the filters', zh: '翻页参数与筛选条件不符' },
      ]);
  }
  const entries: AccessEntry[] = [];
  for (let i = startAt; i < partitions.length; i++) {
    const p = partitions[i]!;
    const pkName = p.index ? QUEUE_PK : PK;
    const skName = p.index ? QUEUE_SK : SK;
    let start: Item | undefined = i === startAt && q.cursor?.key ? marshall(q.cursor.key) : undefined;
    do {
      let page: QueryCommandOutput;
      try {
        page = await db.send(
          new QueryCommand({
            TableName: tables.cases,
            ...(p.index ? { IndexName: p.index } : {}),
            KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
            FilterExpression: filters.join(' AND '),
            ExpressionAttributeNames: { ...names, '#pk': pkName, '#sk': skName },
            ExpressionAttributeValues: marshall({ ...values, ':pk': p.pk }),
            ScanIndexForward: false,
            Limit: q.limit - entries.length,
            ExclusiveStartKey: start,
          }),
        );
      } catch (err) {
        throw translateDynamoError(err, 'read the access log');
      }
      for (const item of page.Items ?? []) {
        const e = unmarshall(item);
        entries.push({
          at: String(e.at),
          staffId: String(e.staffId),
          caseNumber: String(e.caseNumber),
          action: String(e.action),
          place: String(e.place),
          seq: e.seq as number | string,
        });
      }
      start = page.LastEvaluatedKey;
      if (entries.length >= q.limit) {
        if (start) return { entries, next: { month: p.month, key: unmarshall(start) } };
        const following = partitions[i + 1];
        return following ? { entries, next: { month: following.month } } : { entries };
      }
    } while (start);
  }
  return { entries };
}
