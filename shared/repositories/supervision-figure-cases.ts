/**
 * The case lists behind the supervision (考核) figures: the markers a tally leaves (listed by the
 * queue index per county × month, shared/db/keys.ts) and, for each listed case, its status and
 * dates. Apart from the counters because listing cases is a read of its own, made only when a
 * figure is opened; the supervision repository delegates here.
 */
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { queryAll, translateDynamoError } from '../db/client.ts';
import { caseKey, QUEUE_INDEX, QUEUE_PK, QUEUE_SK, supervisionListPk, type TableNames } from '../db/keys.ts';
import type { CaseStatus, Category, Channel } from '../domain/case.ts';
import type { Clock } from '../domain/supervision.ts';

type Item = Record<string, AttributeValue>;

/** A row of the case list behind a figure. */
export interface FigureCase {
  caseNumber: string;
  kind: string;
  place: string;
  month: string;
  at: string;
  category?: Category;
  channel?: Channel;
  clock?: Clock;
  met?: boolean;
}

/** What the case list adds from the case itself (never its text or anything about the reporter). */
export interface CaseSummary {
  caseNumber: string;
  status: CaseStatus;
  createdAt: string;
  acceptedAt?: string;
  closedAt?: string;
  townshipCode?: string;
}

/**
 * The cases behind a figure: the markers of `kind` (or `clock:<name>`) whose place starts with
 * `placePrefix`, in the given months of one counter partition. At most `max` rows.
 */
export async function figureCases(
  db: DynamoDBClient,
  tables: TableNames,
  partition: string,
  months: string[],
  kind: string,
  placePrefix: string,
  max: number,
): Promise<{ rows: FigureCase[]; truncated: boolean }> {
  const rows: FigureCase[] = [];
  let truncated = false;
  for (const month of months) {
    const items = await queryAll(
      db,
      {
        TableName: tables.cases,
        IndexName: QUEUE_INDEX,
        KeyConditionExpression: '#qpk = :qpk AND begins_with(#qsk, :prefix)',
        ExpressionAttributeNames: { '#qpk': QUEUE_PK, '#qsk': QUEUE_SK },
        ExpressionAttributeValues: marshall({
          ':qpk': supervisionListPk(partition, month),
          ':prefix': `${kind}#${placePrefix}`,
        }),
      },
      'list the cases behind a figure',
      max - rows.length + 1,
    );
    for (const i of items) {
      if (rows.length >= max) {
        truncated = true;
        break;
      }
      rows.push({
        caseNumber: String(i.caseNumber),
        kind: String(i.kind),
        place: String(i.place),
        month: String(i.month),
        at: String(i.at),
        ...(i.category ? { category: i.category as Category } : {}),
        ...(i.channel ? { channel: i.channel as Channel } : {}),
        ...(i.clock ? { clock: i.clock as Clock } : {}),
        ...(typeof i.met === 'boolean' ? { met: i.met } : {}),
      });
    }
    if (truncated) break;
  }
  return { rows, truncated };
}

/** Status and dates of cases (BatchGetItem of the listed attributes only). */
export async function caseSummaries(
  db: DynamoDBClient,
  tables: TableNames,
  caseNumbers: string[],
): Promise<Map<string, CaseSummary>> {
  const out = new Map<string, CaseSummary>();
  const unique = [...new Set(caseNumbers)];
  for (let i = 0; i < unique.length; i += 100) {
    let keys: Item[] | undefined = unique.slice(i, i + 100).map((n) => marshall(caseKey(n)));
    try {
      while (keys?.length) {
        const res = await db.send(
          new BatchGetItemCommand({
            RequestItems: {
              [tables.cases]: {
                Keys: keys,
                ProjectionExpression: 'caseNumber, #s, createdAt, acceptedAt, closedAt, townshipCode',
                ExpressionAttributeNames: { '#s': 'status' },
              },
            },
          }),
        );
        for (const item of res.Responses?.[tables.cases] ?? []) {
          const c = unmarshall(item) as CaseSummary;
          out.set(c.caseNumber, c);
        }
        keys = res.UnprocessedKeys?.[tables.cases]?.Keys as Item[] | undefined;
      }
    } catch (err) {
      throw translateDynamoError(err, 'read case summaries');
    }
  }
  return out;
}
