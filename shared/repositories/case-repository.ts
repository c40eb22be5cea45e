/**
 * Cases and their timelines (cases table), plus the sealed side of intake (identity table), which
 * must be written in the same transaction so a case never exists without its identity or vice versa.
 * Only this module and its siblings talk to DynamoDB.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AccessKeyHash } from '../crypto/access-key.ts';
import type { Sealed } from '../crypto/envelope.ts';
import { cancellationCodes, getItem, translateDynamoError } from '../db/client.ts';
import {
  caseKey,
  coordinatorReportKey,
  EVENT_PREFIX,
  eventKey,
  idempotencyKey,
  identityKey,
  PK,
  SK,
  sessionKey,
  smsContactKey,
  type TableNames,
  TTL,
} from '../db/keys.ts';
import type { CaseEvent, CaseRecord } from '../domain/case.ts';
import { ConflictError } from '../errors.ts';
import {
  type ChangeContext,
  type ChangeDecision,
  type ChangeOptions,
  type ChangeResult,
  type ChangeWrite,
  changeCase,
  writeChange,
} from './case-change.ts';
import { type ListOpenOptions, listOpen, queryQueue, recordOfItem } from './case-queues.ts';
import { CoordinatorItems } from './coordinator-items.ts';

export { DuplicateRequestError } from './case-change.ts';
export type { RecheckTask } from './coordinator-items.ts';

/** A new case and everything that must be stored with it, atomically. */
export interface NewCase {
  record: CaseRecord;
  /** Queue index keys (shared/db/keys.ts queueKeys) while someone must act on the case. */
  queue?: Record<string, string>;
  accessKey: AccessKeyHash;
  events: CaseEvent[];
  /** Sealed reporter identity, when the reporter gave any. */
  identity?: Sealed;
  /** An SMS report's sender number, sealed (purpose `sms_contact`) for the texts sent later. */
  smsContact?: Sealed;
  idempotency?: { keyHash: string; requestHash: string; sealedAccessKey: Sealed; expiresAt: number };
}

export interface StoredIdempotency {
  caseNumber: string;
  requestHash: string;
  sealedAccessKey: Sealed;
}

/** Thrown when an idempotency key was already used; the caller replays the first answer. */
export class IdempotencyKeyTakenError extends ConflictError {
  override name = 'IdempotencyKeyTakenError';
}
/** Thrown when the generated case number already exists; the caller draws another. */
export class CaseNumberTakenError extends ConflictError {
  override name = 'CaseNumberTakenError';
}

export interface StoredCase {
  record: CaseRecord;
  accessKey: AccessKeyHash;
}

export class CaseRepository {
  /** Village coordinators' report list and re-check tasks (same table). */
  readonly coordination: CoordinatorItems;

  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {
    this.coordination = new CoordinatorItems(db, tables);
  }

  async create(c: NewCase): Promise<void> {
    const cn = c.record.caseNumber;
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tables.cases,
          Item: marshall(
            {
              ...caseKey(cn),
              ...c.record,
              ...c.queue,
              accessKeySalt: c.accessKey.salt,
              accessKeyHash: c.accessKey.hash,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      },
      ...c.events.map((e) => ({
        Put: {
          TableName: this.tables.cases,
          Item: marshall({ ...eventKey(cn, e.seq), ...e }, { removeUndefinedValues: true }),
        },
      })),
    ];
    if (c.identity) {
      items.push({
        Put: {
          TableName: this.tables.identity,
          Item: marshall({ ...identityKey(cn), caseNumber: cn, sealed: c.identity }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      });
    }
    if (c.smsContact) {
      items.push({
        Put: {
          TableName: this.tables.identity,
          Item: marshall({ ...smsContactKey(cn), caseNumber: cn, sealed: c.smsContact }),
        },
      });
    }
    if (c.record.coordinator) {
      const { staffId } = c.record.coordinator;
      items.push({
        Put: {
          TableName: this.tables.cases,
          Item: marshall({
            ...coordinatorReportKey(staffId, c.record.createdAt, cn),
            caseNumber: cn,
            createdAt: c.record.createdAt,
          }),
        },
      });
    }
    const idemIndex = items.length;
    if (c.idempotency) {
      const { keyHash, requestHash, sealedAccessKey, expiresAt } = c.idempotency;
      items.push({
        Put: {
          TableName: this.tables.identity,
          Item: marshall({
            ...idempotencyKey(keyHash),
            caseNumber: cn,
            requestHash,
            sealedAccessKey,
            [TTL]: expiresAt,
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      });
    }
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes && c.idempotency && codes[idemIndex] === 'ConditionalCheckFailed') {
        throw new IdempotencyKeyTakenError('idempotency key already used', { cause: err });
      }
      if (codes && codes[0] === 'ConditionalCheckFailed') {
        throw new CaseNumberTakenError('case number taken', { cause: err });
      }
      throw translateDynamoError(err, 'create case');
    }
  }

  async getIdempotency(keyHash: string): Promise<StoredIdempotency | null> {
    const item = await getItem(
      this.db,
      this.tables.identity,
      idempotencyKey(keyHash),
      'read idempotency record',
    );
    return item
      ? {
          caseNumber: item.caseNumber as string,
          requestHash: item.requestHash as string,
          sealedAccessKey: item.sealedAccessKey as Sealed,
        }
      : null;
  }

  async get(caseNumber: string): Promise<StoredCase | null> {
    const item = await getItem(this.db, this.tables.cases, caseKey(caseNumber), 'read case');
    if (!item) return null;
    const accessKey = { salt: item.accessKeySalt as string, hash: item.accessKeyHash as string };
    return { record: recordOfItem(item), accessKey };
  }

  async listEvents(caseNumber: string): Promise<CaseEvent[]> {
    const events: CaseEvent[] = [];
    let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    try {
      do {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tables.cases,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :evt)',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
            ExpressionAttributeValues: marshall({ ':pk': caseKey(caseNumber)[PK], ':evt': EVENT_PREFIX }),
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of out.Items ?? []) {
          const { [PK]: _pk, [SK]: _sk, ...event } = unmarshall(item);
          events.push(event as CaseEvent);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return events;
    } catch (err) {
      throw translateDynamoError(err, 'list events');
    }
  }

  /**
   * Changes the case through the one write path (shared/repositories/case-change.ts): reads it
   * and what `decide` needs, decides, chains the events, writes one guarded transaction and retries
   * lost races. Refusals and conflicts come out as domain errors.
   */
  change<R, L = undefined>(
    caseNumber: string,
    decide: (ctx: ChangeContext<L>) => ChangeDecision<R>,
    opts: ChangeOptions<L>,
  ): Promise<ChangeResult<R>> {
    return changeCase(
      { get: (n) => this.get(n), write: (n, w) => writeChange(this.db, this.tables, n, w) },
      caseNumber,
      decide,
      opts,
    );
  }

  /**
   * Appends one already chained event as it is, with the attributes given: change()'s write step,
   * for tools and tests that set up a case's history directly. Services use change().
   */
  appendEvent(caseNumber: string, event: CaseEvent, opts: Omit<ChangeWrite, 'events'>): Promise<void> {
    return writeChange(this.db, this.tables, caseNumber, { ...opts, events: [event] });
  }

  async createSession(tokenHash: string, caseNumber: string, expiresAt: number): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({ ...sessionKey(tokenHash), caseNumber, [TTL]: expiresAt }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'create session');
    }
  }

  /** Ends a session (sign-out): its item goes, so the cookie opens nothing any more. */
  async deleteSession(tokenHash: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteItemCommand({ TableName: this.tables.cases, Key: marshall(sessionKey(tokenHash)) }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'delete session');
    }
  }

  /** The case a session token opens, or null; expiry is checked here because TTL deletion lags. */
  async sessionCase(tokenHash: string, nowS: number): Promise<string | null> {
    const item = await getItem(this.db, this.tables.cases, sessionKey(tokenHash), 'read session');
    return item && Number(item[TTL]) > nowS ? (item.caseNumber as string) : null;
  }

  /**
   * One page of a queue (township or triage), earliest due first — so overdue cases lead. Reads
   * the sparse queue index: cost grows with the page, not with the table.
   */
  queuePage(
    queuePk: string,
    limit: number,
    cursor?: string,
  ): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    return queryQueue(this.db, this.tables, queuePk, limit, cursor);
  }

  /**
   * Open cases of several partitions of a queue index (e.g. every county of a city), merged by due
   * date, overdue first (shared/repositories/case-queues.ts).
   */
  listOpen(opts: ListOpenOptions): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    return listOpen(this.db, this.tables, opts);
  }

  /** Cases of a queue due at or before `untilIso`, earliest first (the sweep's read). */
  dueInQueue(
    queuePk: string,
    untilIso: string,
    limit: number,
    cursor?: string,
  ): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    return queryQueue(this.db, this.tables, queuePk, limit, cursor, untilIso);
  }

  /**
   * Spends one unit of an attempt budget (a throttle item from keys.ts) atomically: one conditional
   * ADD that refuses once the count has reached `limit`, so concurrent requests can never overspend
   * it. Returns false when the budget is spent.
   */
  async spendAttempt(key: Record<string, string>, limit: number, expiresAt: number): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(key),
          UpdateExpression: 'ADD #c :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
          ExpressionAttributeNames: { '#c': 'count', '#ttl': TTL },
          ExpressionAttributeValues: marshall({ ':one': 1, ':ttl': expiresAt, ':limit': limit }),
        }),
      );
      return true;
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return false;
      throw translateDynamoError(err, 'spend attempt');
    }
  }

  /** Gives back a unit spent by `spendAttempt` (a reservation that turned out to be a right key). */
  async refundAttempt(key: Record<string, string>): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(key),
          UpdateExpression: 'ADD #c :minus',
          ConditionExpression: 'attribute_exists(#c) AND #c > :zero',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: marshall({ ':minus': -1, ':zero': 0 }),
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException') return;
      throw translateDynamoError(err, 'refund attempt');
    }
  }
}
