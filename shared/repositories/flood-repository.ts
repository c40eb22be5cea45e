/**
 * Flood counters and spent proof-of-work challenges (items 36 and 37 of shared/db/keys.ts), in the
 * cases table, expiring by TTL. Counting is one conditional `ADD`, so concurrent requests from a
 * source can never open more cases than its limit, whatever the interleaving.
 */
import { type DynamoDBClient, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { getItem, translateDynamoError } from '../db/client.ts';
import { floodKey, PK, proofKey, type TableNames, TTL } from '../db/keys.ts';
import { ConflictError } from '../errors.ts';

/** The source has used its budget for the window. */
export class BudgetSpentError extends ConflictError {
  override name = 'BudgetSpentError';
}
/** The challenge was used before. */
export class ProofSpentError extends ConflictError {
  override name = 'ProofSpentError';
}

export class FloodRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: Pick<TableNames, 'cases'>,
  ) {}

  /** Cases counted for the source in the window (0 when none). */
  async count(sourceHash: string, windowStart: number): Promise<number> {
    const item = await getItem(this.db, this.tables.cases, floodKey(sourceHash, windowStart), 'read budget');
    return item ? Number(item.count ?? 0) : 0;
  }

  /** Counts one more case if the count is below `limit`; BudgetSpentError otherwise. */
  async take(sourceHash: string, windowStart: number, limit: number, expiresAt: number): Promise<number> {
    try {
      const out = await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(floodKey(sourceHash, windowStart)),
          UpdateExpression: 'ADD #c :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#c) OR #c < :limit',
          ExpressionAttributeNames: { '#c': 'count', '#ttl': TTL },
          ExpressionAttributeValues: marshall({ ':one': 1, ':ttl': expiresAt, ':limit': limit }),
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return Number(out.Attributes?.count?.N ?? limit);
    } catch (err) {
      const e = translateDynamoError(err, 'take budget');
      if (e instanceof ConflictError) throw new BudgetSpentError('budget spent', { cause: err });
      throw e;
    }
  }

  /** Gives one back (the case was not opened after all); never below zero. */
  async giveBack(sourceHash: string, windowStart: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(floodKey(sourceHash, windowStart)),
          UpdateExpression: 'ADD #c :minus',
          ConditionExpression: '#c > :zero',
          ExpressionAttributeNames: { '#c': 'count' },
          ExpressionAttributeValues: marshall({ ':minus': -1, ':zero': 0 }),
        }),
      );
    } catch (err) {
      const e = translateDynamoError(err, 'give back budget');
      if (!(e instanceof ConflictError)) throw e;
    }
  }

  /** Marks a challenge spent; ProofSpentError when it already was. */
  async spendProof(salt: string, expiresAt: number): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({ ...proofKey(salt), [TTL]: expiresAt }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (err) {
      const e = translateDynamoError(err, 'spend proof');
      if (e instanceof ConflictError) throw new ProofSpentError('proof already used', { cause: err });
      throw e;
    }
  }
}
