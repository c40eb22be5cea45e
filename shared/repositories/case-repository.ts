/**
 * Cases and their timelines (cases table), plus the sealed side of intake (identity table), which
 * must be written in the same transaction so a case never exists without its identity or vice versa.
 * Only this module and its siblings talk to DynamoDB.
 */
import {
  type AttributeValue,
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
  COUNTY_INDEX,
  COUNTY_PK,
  COUNTY_SK,
  caseKey,
  coordinatorReportKey,
  coordinatorReportsPk,
  EVENT_PREFIX,
  eventKey,
  idempotencyKey,
  identityKey,
  PK,
  QUEUE_ATTRIBUTES,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  recheckTaskKey,
  recheckTasksPk,
  SK,
  sessionKey,
  smsContactKey,
  type TableNames,
  TTL,
} from '../db/keys.ts';
import type { CaseEvent, CaseRecord } from '../domain/case.ts';
import type { RecheckFacts } from '../domain/lifecycle.ts';
import { ConflictError } from '../errors.ts';

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
export class IdempotencyKeyTakenError extends ConflictError {}
/** Thrown when the generated case number already exists; the caller draws another. */
export class CaseNumberTakenError extends ConflictError {}

export interface StoredCase {
  record: CaseRecord;
  accessKey: AccessKeyHash;
}

const CASE_ATTRS = [PK, SK, ...QUEUE_ATTRIBUTES, 'accessKeySalt', 'accessKeyHash'];

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
    for (const a of CASE_ATTRS) delete item[a];
    return { record: item as unknown as CaseRecord, accessKey };
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
   * Appends the next event of the case's hash chain: it must follow the last stored event
   * (`event.seq` = lastEventSeq + 1), so concurrent writers cannot fork the chain. A state change
   * also passes `expectedVersion` (optimistic concurrency on the case's state, the version staff
   * send as If-Match) and bumps it; views, notes and messages leave the version alone. Case
   * attributes can be set or removed in the same transaction. With `dedupeKey`, a retried request
   * finds its marker and gets DuplicateRequestError instead of appending twice.
   */
  async appendEvent(
    caseNumber: string,
    event: CaseEvent,
    opts: {
      expectedVersion?: number;
      set?: Record<string, unknown>;
      remove?: string[];
      dedupeKey?: string;
      now: string;
      /** Other writes that stand or fall with the event (a reward's state, a sealed claim). */
      extra?: TransactWriteItem[];
    },
  ): Promise<void> {
    const names: Record<string, string> = {
      '#seq': 'lastEventSeq',
      '#h': 'lastEventHash',
      '#u': 'updatedAt',
    };
    const values: Record<string, unknown> = {
      ':prevSeq': event.seq - 1,
      ':seq': event.seq,
      ':h': event.hash,
      ':u': opts.now,
    };
    const sets = ['#seq = :seq', '#h = :h', '#u = :u'];
    let condition = '#seq = :prevSeq';
    if (opts.expectedVersion !== undefined) {
      names['#v'] = 'version';
      values[':expected'] = opts.expectedVersion;
      values[':next'] = opts.expectedVersion + 1;
      sets.push('#v = :next');
      condition += ' AND #v = :expected';
    }
    Object.entries(opts.set ?? {}).forEach(([attr, value], i) => {
      names[`#a${i}`] = attr;
      values[`:a${i}`] = value;
      sets.push(`#a${i} = :a${i}`);
    });
    const removes = (opts.remove ?? []).map((attr, i) => {
      names[`#r${i}`] = attr;
      return `#r${i}`;
    });
    const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
    const items: TransactWriteItem[] = [
      {
        Update: {
          TableName: this.tables.cases,
          Key: marshall(caseKey(caseNumber)),
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
        },
      },
      {
        Put: {
          TableName: this.tables.cases,
          Item: marshall({ ...eventKey(caseNumber, event.seq), ...event }, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      },
    ];
    if (opts.dedupeKey) {
      items.push({
        Put: {
          TableName: this.tables.cases,
          Item: marshall({ [PK]: caseKey(caseNumber)[PK], [SK]: `DEDUPE#${opts.dedupeKey}`, seq: event.seq }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      });
    }
    items.push(...(opts.extra ?? []));
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes && opts.dedupeKey && codes[2] === 'ConditionalCheckFailed') {
        throw new DuplicateRequestError('request already applied', { cause: err });
      }
      // A lost race, either way: a condition failed, or a concurrent transaction held the items.
      if (codes?.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict')) {
        throw new ConflictError('case changed meanwhile', { cause: err });
      }
      throw translateDynamoError(err, 'append event');
    }
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
    return this.queryQueue(queuePk, limit, cursor);
  }

  private async queryQueue(
    queuePk: string,
    limit: number,
    cursor?: string,
    untilIso?: string,
  ): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          IndexName: QUEUE_INDEX,
          KeyConditionExpression: untilIso ? '#q = :q AND #s <= :until' : '#q = :q',
          ExpressionAttributeNames: untilIso ? { '#q': QUEUE_PK, '#s': QUEUE_SK } : { '#q': QUEUE_PK },
          // '~' sorts after '#', so every case due at `untilIso` itself is included.
          ExpressionAttributeValues: marshall(
            untilIso ? { ':q': queuePk, ':until': `${untilIso}~` } : { ':q': queuePk },
          ),
          Limit: limit,
          ExclusiveStartKey: cursor
            ? JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
            : undefined,
        }),
      );
      const cases = (out.Items ?? []).map((item) => {
        const record = unmarshall(item);
        for (const a of CASE_ATTRS) delete record[a];
        return record as CaseRecord;
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
  async listOpen(opts: {
    index: 'queue' | 'county';
    partitions: string[];
    limit: number;
    cursor?: string;
    filter?: { status?: string; category?: string; townshipCode?: string };
  }): Promise<{ cases: CaseRecord[]; cursor?: string }> {
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
          const out = await this.db.send(
            new QueryCommand({
              TableName: this.tables.cases,
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
        const record = unmarshall(item);
        for (const a of CASE_ATTRS) delete record[a];
        return record as CaseRecord;
      });
      return anyLeft
        ? { cases, cursor: Buffer.from(JSON.stringify(next), 'utf8').toString('base64url') }
        : { cases };
    } catch (err) {
      throw translateDynamoError(err, 'list cases');
    }
  }

  /** Cases of a queue due at or before `untilIso`, earliest first (the sweep's read). */
  async dueInQueue(
    queuePk: string,
    untilIso: string,
    limit: number,
    cursor?: string,
  ): Promise<{ cases: CaseRecord[]; cursor?: string }> {
    return this.queryQueue(queuePk, limit, cursor, untilIso);
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

/** A re-check task (复查) as the village coordinator sees it: nothing of the report. */
export interface RecheckTask extends RecheckFacts {
  taskId: string;
  caseNumber: string;
  townshipCode: string;
}

/**
 * Village safety coordinators' items (shared/db/keys.ts patterns 30–31): their own reports and
 * the re-check tasks of their village. Kept apart from the class above only for reading ease.
 */
export class CoordinatorItems {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The write of a re-check task, for the transaction of the case event that changes it. */
  taskPut(task: RecheckTask): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.cases,
        Item: marshall(
          { ...recheckTaskKey(task.villageCode, task.taskId), ...task },
          { removeUndefinedValues: true },
        ),
      },
    };
  }

  async task(villageCode: string, taskId: string): Promise<RecheckTask | null> {
    const item = await getItem(
      this.db,
      this.tables.cases,
      recheckTaskKey(villageCode, taskId),
      'read re-check',
    );
    if (!item) return null;
    const { [PK]: _p, [SK]: _s, ...task } = item;
    return task as unknown as RecheckTask;
  }

  /** A village's re-check tasks (in task-id order; callers sort by when they were asked for). */
  tasks(villageCode: string, limit: number, cursor?: string) {
    return this.page<RecheckTask>(recheckTasksPk(villageCode), limit, cursor);
  }

  /** The case numbers a coordinator filed, newest first. */
  reports(staffId: string, limit: number, cursor?: string) {
    return this.page<{ caseNumber: string; createdAt: string }>(coordinatorReportsPk(staffId), limit, cursor);
  }

  private async page<T>(
    pk: string,
    limit: number,
    cursor?: string,
  ): Promise<{ items: T[]; cursor?: string }> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: marshall({ ':pk': pk }),
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: cursor ? marshall({ [PK]: pk, [SK]: cursor }) : undefined,
        }),
      );
      const items = (out.Items ?? []).map((i) => {
        const { [PK]: _p, [SK]: _s, ...rest } = unmarshall(i);
        return rest as T;
      });
      const last = out.LastEvaluatedKey ? (unmarshall(out.LastEvaluatedKey)[SK] as string) : undefined;
      return { items, ...(last ? { cursor: last } : {}) };
    } catch (err) {
      throw translateDynamoError(err, 'list coordinator items');
    }
  }
}

/** A retried request whose first attempt already took effect. */
export class DuplicateRequestError extends ConflictError {}

function keyOf(item: Record<string, AttributeValue>, attrs: string[]): Record<string, AttributeValue> {
  const key: Record<string, AttributeValue> = {};
  for (const a of attrs) if (item[a]) key[a] = item[a];
  return key;
}
