/**
 * What the public page reads, kept apart from the cases it is derived from (cases table, own key
 * prefixes, shared/db/keys.ts patterns 25–27): the listed-hazard items and the monthly counters.
 * Written only by the stream consumer (shared/services/public-stats.ts); read by the pages with
 * Queries on two fixed partition keys — never a Scan, never a case item.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { cancellationCodes, translateDynamoError } from '../db/client.ts';
import {
  PK,
  PUBLIC_LISTED_PK,
  publicCountMarkerKey,
  publicListingKey,
  SK,
  STATS_MONTH_PREFIX,
  STATS_PK,
  statsMonthKey,
  type TableNames,
} from '../db/keys.ts';
import {
  counterNames,
  type ListingCursor,
  type MonthCounts,
  monthCountsOf,
  PUBLIC_LISTING_FIELDS,
  type PublicCount,
  type PublicListing,
  UNLOCATED,
} from '../domain/public-record.ts';
import { ConflictError } from '../errors.ts';

/** The case was already counted for this kind (a redelivered stream record, a second close). */
export class AlreadyCountedError extends ConflictError {
  override name = 'AlreadyCountedError';
}
/** The stored listing comes from a newer version of the case than the one offered. */
export class StaleListingError extends ConflictError {
  override name = 'StaleListingError';
}

/** Only the whitelisted fields leave the item: never its key (which holds the case number). */
function toListing(item: Record<string, unknown>): PublicListing {
  const out: Record<string, unknown> = {};
  for (const f of PUBLIC_LISTING_FIELDS) if (item[f] !== undefined) out[f] = item[f];
  return out as unknown as PublicListing;
}

export class PublicRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /**
   * Writes a case's listing as of case `version`; an item from a newer version stays
   * (StaleListingError), so a late or redelivered record never turns a status back.
   */
  async putListing(caseNumber: string, listing: PublicListing, version: number): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall(
            { ...publicListingKey(listing.listedAt, caseNumber), ...listing, caseVersion: version },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(#pk) OR #v < :v',
          ExpressionAttributeNames: { '#pk': PK, '#v': 'caseVersion' },
          ExpressionAttributeValues: marshall({ ':v': version }),
        }),
      );
    } catch (err) {
      const e = translateDynamoError(err, 'write public listing');
      throw e instanceof ConflictError ? new StaleListingError('newer listing stored', { cause: err }) : e;
    }
  }

  /**
   * Adds one to a month's counters for a case, once per case and kind: the marker and the ADD are
   * one transaction, so a crash between them cannot lose or double a count. AlreadyCountedError
   * when the marker exists.
   */
  async countOnce(caseNumber: string, count: PublicCount): Promise<void> {
    const names = counterNames(count);
    const attrNames: Record<string, string> = {};
    names.forEach((n, i) => {
      attrNames[`#n${i}`] = n;
    });
    try {
      await this.db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tables.cases,
                Item: marshall({
                  ...publicCountMarkerKey(caseNumber, count.kind),
                  month: count.month,
                }),
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
              },
            },
            {
              Update: {
                TableName: this.tables.cases,
                Key: marshall(statsMonthKey(count.month)),
                UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :one`).join(', ')}`,
                ExpressionAttributeNames: attrNames,
                ExpressionAttributeValues: marshall({ ':one': 1 }),
              },
            },
          ],
        }),
      );
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed')
        throw new AlreadyCountedError(`already counted: ${count.kind}`, { cause: err });
      throw translateDynamoError(err, 'count for the public page');
    }
  }

  /**
   * Moves a report's received count from "not located" to its county, once (a marker per case,
   * in the same transaction as the −1/+1). A redelivered record finds the marker and changes nothing.
   */
  async moveReceivedOnce(
    caseNumber: string,
    to: { month: string; county: string; category: string },
  ): Promise<void> {
    try {
      await this.db.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tables.cases,
                Item: marshall({ ...publicCountMarkerKey(caseNumber, 'received_located'), month: to.month }),
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
              },
            },
            // Only a report that was counted as received while not located is moved.
            {
              ConditionCheck: {
                TableName: this.tables.cases,
                Key: marshall(publicCountMarkerKey(caseNumber, 'received')),
                ConditionExpression: 'attribute_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
              },
            },
            {
              Update: {
                TableName: this.tables.cases,
                Key: marshall(statsMonthKey(to.month)),
                UpdateExpression: 'ADD #from :minus, #to :one',
                ExpressionAttributeNames: {
                  '#from': `received@c:${UNLOCATED}`,
                  '#to': `received@c:${to.county}`,
                },
                ExpressionAttributeValues: marshall({ ':minus': -1, ':one': 1 }),
              },
            },
          ],
        }),
      );
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed' || codes?.[1] === 'ConditionalCheckFailed') return;
      throw translateDynamoError(err, 'move a public count to its county');
    }
  }

  /**
   * Listed hazards, newest first: `limit` of them starting at `cursor` (exclusive), plus whether
   * more follow.
   */
  async listings(
    limit: number,
    cursor: ListingCursor | null,
  ): Promise<{ listings: PublicListing[]; more: boolean }> {
    const skip = cursor?.skip ?? 0;
    // '~' sorts after '#<case number>', so the bound keeps every listing at the cursor's instant;
    // the ones already shown are dropped below by count.
    const bound = cursor ? `${cursor.listedAt}#~` : undefined;
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: bound ? '#pk = :pk AND #sk < :bound' : '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK, ...(bound ? { '#sk': SK } : {}) },
          ExpressionAttributeValues: marshall({
            ':pk': PUBLIC_LISTED_PK,
            ...(bound ? { ':bound': bound } : {}),
          }),
          ScanIndexForward: false,
          Limit: limit + skip + 1,
        }),
      );
      let items = (out.Items ?? []).map((i) => unmarshall(i as Record<string, AttributeValue>));
      let dropped = 0;
      items = items.filter((i) => {
        if (cursor && i.listedAt === cursor.listedAt && dropped < skip) {
          dropped++;
          return false;
        }
        return true;
      });
      return {
        listings: items.slice(0, limit).map(toListing),
        more: items.length > limit || (items.length === limit && Boolean(out.LastEvaluatedKey)),
      };
    } catch (err) {
      throw translateDynamoError(err, 'read public listings');
    }
  }

  /** The counters of months `from`…`to` (YYYY-MM, inclusive), one Query; absent months are absent. */
  async months(from: string, to: string): Promise<MonthCounts[]> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: marshall({
            ':pk': STATS_PK,
            ':from': `${STATS_MONTH_PREFIX}${from}`,
            ':to': `${STATS_MONTH_PREFIX}${to}`,
          }),
        }),
      );
      return (out.Items ?? []).map((i) => {
        const item = unmarshall(i as Record<string, AttributeValue>);
        return monthCountsOf(String(item[SK]).slice(STATS_MONTH_PREFIX.length), item);
      });
    } catch (err) {
      throw translateDynamoError(err, 'read public counts');
    }
  }
}
