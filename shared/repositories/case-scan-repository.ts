/**
 * Whole-table reads of case records, for one-off admin tools only (the orphan repair and the
 * counters' backfill and rebuild). This is the one place in the code base that Scans the cases table: no
 * request path may import it.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  ScanCommand,
  type ScanCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWriteAll, translateDynamoError } from '../db/client.ts';
import { caseKey, PK, SK, type TableNames } from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';

const CASE_SK = caseKey('x')[SK];

export class CaseScanRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The number of every case, a page at a time (admin tools only: this is a Scan). */
  async *allCaseNumbers(pageSize = 200): AsyncGenerator<string> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      let out: ScanCommandOutput;
      try {
        out = await this.db.send(
          new ScanCommand({
            TableName: this.tables.cases,
            FilterExpression: '#sk = :case',
            ProjectionExpression: '#n',
            ExpressionAttributeNames: { '#sk': SK, '#n': 'caseNumber' },
            ExpressionAttributeValues: { ':case': { S: CASE_SK } },
            Limit: pageSize,
            ExclusiveStartKey: startKey,
          }),
        );
      } catch (err) {
        throw translateDynamoError(err, 'scan cases');
      }
      for (const item of out.Items ?? [])
        yield (unmarshall(item) as Pick<CaseRecord, 'caseNumber'>).caseNumber;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
}

/**
 * Every case record and reward of the table, page by page — a Scan, for the one-off backfill
 * command only (`npm run backfill:counters`), never a request path; no function is granted Scan.
 */
export async function* scanCasesAndRewards(
  db: DynamoDBClient,
  tables: TableNames,
): AsyncGenerator<{ kind: 'case' | 'reward'; item: Record<string, unknown> }> {
  let start: Record<string, AttributeValue> | undefined;
  do {
    let page: ScanCommandOutput;
    try {
      page = await db.send(
        new ScanCommand({
          TableName: tables.cases,
          FilterExpression: 'begins_with(#pk, :case) AND (#sk = :c OR #sk = :r)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: marshall({ ':case': 'CASE#', ':c': 'CASE', ':r': 'REWARD' }),
          ExclusiveStartKey: start,
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'scan cases for the backfill');
    }
    for (const i of page.Items ?? []) {
      const item = unmarshall(i);
      yield { kind: item[SK] === 'CASE' ? 'case' : 'reward', item };
    }
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Deletes every supervision counter, roll-up and once-per-case marker (`SUP#…`, `SUPMARK#…`) so
 * that the backfill can count everything again from the cases — for a deployment whose counters
 * were kept by an older version (without the year and month roll-ups). A Scan: admin tool only,
 * run while no stream records are being counted. Returns how many items it deleted.
 */
export async function deleteSupervisionFigures(db: DynamoDBClient, tables: TableNames): Promise<number> {
  let start: Record<string, AttributeValue> | undefined;
  let deleted = 0;
  do {
    let page: ScanCommandOutput;
    try {
      page = await db.send(
        new ScanCommand({
          TableName: tables.cases,
          FilterExpression: 'begins_with(#pk, :sup)',
          ProjectionExpression: '#pk, #sk',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          // `SUP` covers both the counter partitions (SUP#) and the markers (SUPMARK#).
          ExpressionAttributeValues: marshall({ ':sup': 'SUP' }),
          ExclusiveStartKey: start,
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'scan supervision figures');
    }
    const keys = page.Items ?? [];
    await batchWriteAll(
      db,
      tables.cases,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
      'delete supervision figures',
    );
    deleted += keys.length;
    start = page.LastEvaluatedKey;
  } while (start);
  return deleted;
}
