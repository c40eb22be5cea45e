/**
 * Evidence metadata in the cases table (key pattern 30): kind, format, size, time and whether the
 * sealed blobs still exist — never a file name, never the file. Items are written in the same
 * transaction as the `evidence_added` event (CaseRepository.appendEvent's `extra`), each only if
 * absent, so a retried upload cannot add a file twice.
 *
 * A direct upload (AWS: the browser posts to S3) first records a pending item under the same key
 * and a pointer from its opaque upload id to the case (pattern 49), both expiring after a day; the
 * strip function then replaces the pending item by the ready one in the event's transaction, or
 * marks it refused. `list` returns only ready files, so nothing unstripped reaches staff.
 */
import {
  type DynamoDBClient,
  QueryCommand,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { getItem, translateDynamoError } from '../db/client.ts';
import {
  caseKey,
  EVIDENCE_PREFIX,
  evidenceKey,
  PK,
  SK,
  type TableNames,
  TTL,
  uploadKey,
} from '../db/keys.ts';
import type { EvidenceFormat, EvidenceKind, RefusalReason } from '../domain/evidence.ts';

/** Where a file came in (the citizen's form or API, the follow-up page, phone intake, a coordinator's form). */
export type EvidenceSource =
  | 'report'
  | 'follow_up'
  | 'api'
  | 'phone_intake'
  | 'staff'
  /** A village coordinator's photos: of their patrol report, or of a re-check on site. */
  | 'patrol'
  | 'recheck';

export interface EvidenceItem {
  id: string;
  caseNumber: string;
  kind: EvidenceKind;
  format: EvidenceFormat;
  /** Size of the stripped file, bytes. */
  size: number;
  at: string;
  /** Position within its submission: files sent together share `at` and keep the order given. */
  order?: number;
  source: EvidenceSource;
  width?: number;
  height?: number;
  pages?: number;
  hasThumbnail: boolean;
  /** Set when the retention sweep deleted the sealed blobs; the item stays as a record. */
  purgedAt?: string;
  /** Absent on files stored through the app (always ready); `ready` once a direct upload is stripped. */
  status?: 'ready';
}

/** A direct upload not (or not successfully) stripped yet: never shown to staff. */
export interface PendingEvidence {
  id: string;
  caseNumber: string;
  status: 'pending' | 'refused';
  /** The opaque id in the incoming object's key. */
  uploadId: string;
  at: string;
  order: number;
  source: EvidenceSource;
  refusedReason?: RefusalReason;
  /** Epoch seconds: a pending or refused item goes away by itself a day later. */
  [TTL]: number;
}

type StoredEvidence = EvidenceItem | PendingEvidence;
const isReady = (i: StoredEvidence): i is EvidenceItem => i.status === undefined || i.status === 'ready';

export class EvidenceRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The case's ready files in the order they came (a case holds at most a few dozen). */
  async list(caseNumber: string): Promise<EvidenceItem[]> {
    return (await this.listStored(caseNumber)).filter(isReady);
  }

  /** The case's direct uploads still pending or refused (expired ones are gone by TTL). */
  async listUploads(caseNumber: string, nowS: number): Promise<PendingEvidence[]> {
    return (await this.listStored(caseNumber)).filter(
      (i): i is PendingEvidence => !isReady(i) && i[TTL] > nowS,
    );
  }

  /** One stored item, ready or not, or null. */
  async get(caseNumber: string, id: string): Promise<StoredEvidence | null> {
    const raw = await getItem(this.db, this.tables.cases, evidenceKey(caseNumber, id), 'get evidence');
    if (!raw) return null;
    const { [PK]: _pk, [SK]: _sk, ...item } = raw;
    return item as unknown as StoredEvidence;
  }

  /** Records pending uploads and their pointers, all or none. */
  async addPending(items: PendingEvidence[]): Promise<void> {
    const absent = {
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': PK },
    };
    const writes: TransactWriteItem[] = items.flatMap((i) => [
      {
        Put: {
          TableName: this.tables.cases,
          Item: marshall({ ...evidenceKey(i.caseNumber, i.id), ...i }),
          ...absent,
        },
      },
      {
        Put: {
          TableName: this.tables.cases,
          Item: marshall({
            ...uploadKey(i.uploadId),
            caseNumber: i.caseNumber,
            evidenceId: i.id,
            [TTL]: i[TTL],
          }),
          ...absent,
        },
      },
    ]);
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: writes }));
    } catch (err) {
      throw translateDynamoError(err, 'record pending uploads');
    }
  }

  /** Which case and item an incoming object belongs to, or null (unknown or expired). */
  async pointer(uploadId: string): Promise<{ caseNumber: string; evidenceId: string } | null> {
    const raw = await getItem(this.db, this.tables.cases, uploadKey(uploadId), 'get upload pointer');
    if (!raw || typeof raw.caseNumber !== 'string' || typeof raw.evidenceId !== 'string') return null;
    return { caseNumber: raw.caseNumber, evidenceId: raw.evidenceId };
  }

  /** The Put that makes a pending upload a ready file, for the event's transaction; only if still pending. */
  readyInTransaction(item: EvidenceItem): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.cases,
        Item: marshall(
          { ...evidenceKey(item.caseNumber, item.id), ...item, status: 'ready' },
          { removeUndefinedValues: true },
        ),
        ConditionExpression: '#s = :pending',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: marshall({ ':pending': 'pending' }),
      },
    };
  }

  /** Marks a pending upload refused with its reason (a no-op if it is no longer pending). */
  async markRefused(caseNumber: string, id: string, reason: RefusalReason): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(evidenceKey(caseNumber, id)),
          UpdateExpression: 'SET #s = :refused, #r = :reason',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status', '#r': 'refusedReason' },
          ExpressionAttributeValues: marshall({
            ':refused': 'refused',
            ':reason': reason,
            ':pending': 'pending',
          }),
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return;
      throw translateDynamoError(err, 'mark upload refused');
    }
  }

  private async listStored(caseNumber: string): Promise<StoredEvidence[]> {
    const items: StoredEvidence[] = [];
    let startKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    try {
      do {
        const out = await this.db.send(
          new QueryCommand({
            TableName: this.tables.cases,
            KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :p)',
            ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
            ExpressionAttributeValues: marshall({ ':pk': caseKey(caseNumber)[PK], ':p': EVIDENCE_PREFIX }),
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const raw of out.Items ?? []) {
          const { [PK]: _pk, [SK]: _sk, ...item } = unmarshall(raw);
          items.push(item as StoredEvidence);
        }
        startKey = out.LastEvaluatedKey;
      } while (startKey);
    } catch (err) {
      throw translateDynamoError(err, 'list evidence');
    }
    return items.sort(
      (a, b) => a.at.localeCompare(b.at) || (a.order ?? 0) - (b.order ?? 0) || a.id.localeCompare(b.id),
    );
  }

  /** The Put of a new item, for the event's transaction; fails the transaction if it exists. */
  putInTransaction(item: EvidenceItem): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.cases,
        Item: marshall(
          { ...evidenceKey(item.caseNumber, item.id), ...item },
          { removeUndefinedValues: true },
        ),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      },
    };
  }

  /** Records that the sealed blobs were deleted (the item itself stays: what was there, not the file). */
  async markPurged(caseNumber: string, id: string, at: string): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(evidenceKey(caseNumber, id)),
          UpdateExpression: 'SET #p = :at',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#p': 'purgedAt', '#pk': PK },
          ExpressionAttributeValues: marshall({ ':at': at }),
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return;
      throw translateDynamoError(err, 'mark evidence purged');
    }
  }
}
