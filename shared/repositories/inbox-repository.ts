/**
 * The staff inbox in the cases table (shared/db/keys.ts patterns 40–42): one entry per staff
 * notification (the id the notification already has, so a redelivered stream record or a second
 * sweep writes nothing twice), listed by role and jurisdiction on byTime, and per staff member what
 * they have read — single entries, and a watermark for "mark all as read".
 */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { getItem, translateDynamoError } from '../db/client.ts';
import {
  inboxEntryKey,
  inboxPartition,
  PK,
  READ_WATERMARK_SK,
  readMarkKey,
  SK,
  type TableNames,
  TIME_INDEX,
  TIME_PK,
  TIME_SK,
  TTL,
} from '../db/keys.ts';
import { ConflictError } from '../errors.ts';

/** What an entry holds: the notification's own fields (never identity, amounts or report text). */
export interface InboxEntry {
  id: string;
  kind: string;
  caseNumber: string;
  audience: string;
  jurisdiction: string;
  category: string;
  dueDate?: string;
  at: string;
}

/** Entries are kept a year, then expire (TTL). */
const ENTRY_TTL_S = 365 * 86400;
/** Unread entries counted per partition; the header shows "99+" beyond. */
export const UNREAD_CAP = 99;

/** Sorts before every entry (their sort keys start with a year): nothing read yet. */
export const NOTHING_READ = '0';

export const entrySk = (e: Pick<InboxEntry, 'at' | 'id'>) => `${e.at}#${e.id}`;

export class InboxRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** Keeps a notification once; false when it was kept already. */
  async add(e: InboxEntry): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall(
            {
              ...inboxEntryKey(e.id),
              ...e,
              [TIME_PK]: inboxPartition(e.audience, e.jurisdiction),
              [TIME_SK]: entrySk(e),
              [TTL]: Math.floor(Date.parse(e.at) / 1000) + ENTRY_TTL_S,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (err) {
      const e2 = translateDynamoError(err, 'keep inbox entry');
      if (e2 instanceof ConflictError) return false;
      throw e2;
    }
  }

  async entry(id: string): Promise<InboxEntry | null> {
    const item = await getItem(this.db, this.tables.cases, inboxEntryKey(id), 'read inbox entry');
    if (!item) return null;
    const { [PK]: _p, [SK]: _s, [TIME_PK]: _t, [TIME_SK]: _ts, [TTL]: _x, ...entry } = item;
    return entry as unknown as InboxEntry;
  }

  /** Entries of several partitions, newest first, below the `before` sort key; up to `limit`. */
  async list(
    partitions: string[],
    limit: number,
    before?: string,
  ): Promise<{ entries: InboxEntry[]; next?: string }> {
    const pages = await Promise.all(partitions.map((p) => this.query(p, limit + 1, before)));
    const all = pages
      .flat()
      .sort((a, b) => (entrySk(a) < entrySk(b) ? 1 : -1))
      .slice(0, limit + 1);
    // Each partition returned its newest limit+1, so the first limit of the merge are complete.
    const entries = all.slice(0, limit);
    return all.length > limit ? { entries, next: entrySk(entries.at(-1)!) } : { entries };
  }

  /** How many entries of the partitions are newer than `after` (capped per partition). */
  async countNewer(partitions: string[], after: string): Promise<number> {
    const counts = await Promise.all(
      partitions.map(async (p) => {
        try {
          const out = await this.db.send(
            new QueryCommand({
              TableName: this.tables.cases,
              IndexName: TIME_INDEX,
              KeyConditionExpression: '#p = :p AND #s > :after',
              ExpressionAttributeNames: { '#p': TIME_PK, '#s': TIME_SK },
              ExpressionAttributeValues: marshall({ ':p': p, ':after': after }),
              Select: 'COUNT',
              Limit: UNREAD_CAP + 1,
            }),
          );
          return out.Count ?? 0;
        } catch (err) {
          throw translateDynamoError(err, 'count inbox');
        }
      }),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /** The staff member's read marks newer than `after` (entry sort keys), at most `cap`. */
  async readMarks(staffId: string, after: string, cap = 500): Promise<Set<string>> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :after AND :end',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          // Entry sort keys start with an ISO instant ('2…'); the watermark item ('SEEN') is after '9'.
          ExpressionAttributeValues: marshall({
            ':pk': readMarkKey(staffId)[PK],
            ':after': after,
            ':end': '9',
          }),
          Limit: cap,
          ScanIndexForward: false,
        }),
      );
      return new Set((out.Items ?? []).map((i) => unmarshall(i)[SK] as string));
    } catch (err) {
      throw translateDynamoError(err, 'read inbox marks');
    }
  }

  /** Everything at or before this sort key counts as read (NOTHING_READ when never set). */
  async watermark(staffId: string): Promise<string> {
    const item = await getItem(
      this.db,
      this.tables.cases,
      readMarkKey(staffId, READ_WATERMARK_SK),
      'read inbox',
    );
    return (item?.upTo as string | undefined) ?? NOTHING_READ;
  }

  async markRead(staffId: string, sk: string, expiresAt: number): Promise<void> {
    await this.put({ ...readMarkKey(staffId, sk), [TTL]: expiresAt }, 'mark inbox entry read');
  }

  /** Moves the watermark forward (never back). */
  async markAllRead(staffId: string, upTo: string): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({ ...readMarkKey(staffId, READ_WATERMARK_SK), upTo }),
          ConditionExpression: 'attribute_not_exists(#pk) OR #u < :u',
          ExpressionAttributeNames: { '#pk': PK, '#u': 'upTo' },
          ExpressionAttributeValues: marshall({ ':u': upTo }),
        }),
      );
    } catch (err) {
      const e2 = translateDynamoError(err, 'mark inbox read');
      if (!(e2 instanceof ConflictError)) throw e2;
    }
  }

  private async put(item: Record<string, unknown>, what: string): Promise<void> {
    try {
      await this.db.send(new PutItemCommand({ TableName: this.tables.cases, Item: marshall(item) }));
    } catch (err) {
      throw translateDynamoError(err, what);
    }
  }

  private async query(partition: string, limit: number, before?: string): Promise<InboxEntry[]> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          IndexName: TIME_INDEX,
          KeyConditionExpression: before ? '#p = :p AND #s < :before' : '#p = :p',
          ExpressionAttributeNames: before ? { '#p': TIME_PK, '#s': TIME_SK } : { '#p': TIME_PK },
          ExpressionAttributeValues: marshall(
            before ? { ':p': partition, ':before': before } : { ':p': partition },
          ),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => {
        const { [PK]: _p, [SK]: _s, [TIME_PK]: _t, [TIME_SK]: _ts, [TTL]: _x, ...entry } = unmarshall(i);
        return entry as InboxEntry;
      });
    } catch (err) {
      throw translateDynamoError(err, 'read inbox');
    }
  }
}
