/**
 * Delivery records of staff notifications (so a retried stream record is not published twice) and
 * the local outbox that stands in for SNS in `npm start`. Cases table, own key prefixes.
 */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { getItem, translateDynamoError } from '../db/client.ts';
import { deliveryKey, OUTBOX_PK, outboxKey, PK, SK, type TableNames, TTL } from '../db/keys.ts';

export interface OutboxEntry {
  id: string;
  kind: string;
  caseNumber: string;
  jurisdiction: string;
  /** The role it is for, when not the case's officers. */
  audience?: string;
  subject: string;
  body: string;
  at: string;
}

export class DeliveryRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  async delivered(id: string): Promise<boolean> {
    return (await getItem(this.db, this.tables.cases, deliveryKey(id), 'read delivery record')) !== null;
  }

  async markDelivered(id: string, at: string, expiresAt: number): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({ ...deliveryKey(id), at, [TTL]: expiresAt }),
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'write delivery record');
    }
  }

  async addToOutbox(entry: OutboxEntry): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({ ...outboxKey(entry.at, entry.id), ...entry }, { removeUndefinedValues: true }),
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'write outbox');
    }
  }

  /** Newest first. */
  async outbox(limit = 100): Promise<OutboxEntry[]> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': PK },
          ExpressionAttributeValues: marshall({ ':pk': OUTBOX_PK }),
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => {
        const { [PK]: _p, [SK]: _s, ...rest } = unmarshall(i);
        return rest as OutboxEntry;
      });
    } catch (err) {
      throw translateDynamoError(err, 'read outbox');
    }
  }
}
