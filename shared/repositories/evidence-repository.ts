/**
 * Evidence metadata in the cases table (key pattern 30): kind, format, size, time and whether the
 * sealed blobs still exist — never a file name, never the file. Items are written in the same
 * transaction as the `evidence_added` event (CaseRepository.appendEvent's `extra`), each only if
 * absent, so a retried upload cannot add a file twice.
 */
import {
  type DynamoDBClient,
  QueryCommand,
  type TransactWriteItem,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { translateDynamoError } from '../db/client.ts';
import { caseKey, EVIDENCE_PREFIX, evidenceKey, PK, SK, type TableNames } from '../db/keys.ts';
import type { EvidenceFormat, EvidenceKind } from '../domain/evidence.ts';

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
}

export class EvidenceRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The case's files in the order they came (a case holds at most a few dozen). */
  async list(caseNumber: string): Promise<EvidenceItem[]> {
    const items: EvidenceItem[] = [];
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
          items.push(item as EvidenceItem);
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
