/**
 * Rewards (cases table, beside their case) and reporters' sealed claims (identity table). A reward
 * is written whole, conditional on its version, in the same transaction as the case event that
 * records the step (CaseRepository.appendEvent `extra`), so the audit trail and the state never
 * disagree. Its queue keys (which stage waits for whom) are derived from the state on every write.
 */
import { type DynamoDBClient, PutItemCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Sealed } from '../crypto/envelope.ts';
import { getItem, translateDynamoError } from '../db/client.ts';
import {
  claimKey,
  PK,
  QUEUE_PK,
  QUEUE_SK,
  REWARD_CLAIM_QUEUE,
  rewardKey,
  rewardQueueKeys,
  rewardQueuePk,
  SK,
  type TableNames,
} from '../db/keys.ts';
import { type RewardRecord, stageOf } from '../domain/reward-record.ts';
import { ConflictError } from '../errors.ts';
import type { CaseRepository } from './case-repository.ts';

const strip = (item: Record<string, unknown>): RewardRecord => {
  const { [PK]: _p, [SK]: _s, [QUEUE_PK]: _q, [QUEUE_SK]: _qs, ...rest } = item;
  return rest as unknown as RewardRecord;
};

export type ListStage = 'facts' | 'approve' | 'release' | 'pay';

export class RewardRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
    private readonly cases: CaseRepository,
  ) {}

  private item(r: RewardRecord) {
    const stage = stageOf(r);
    return marshall(
      { ...rewardKey(r.caseNumber), ...r, ...(stage ? rewardQueueKeys(stage, r) : {}) },
      { removeUndefinedValues: true },
    );
  }

  async get(caseNumber: string): Promise<RewardRecord | null> {
    const item = await getItem(this.db, this.tables.cases, rewardKey(caseNumber), 'read reward');
    return item ? strip(item) : null;
  }

  /** Opens the reward of a substantiated case; false when it already exists (stream redelivery). */
  async open(r: RewardRecord): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: this.item(r),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
      return true;
    } catch (err) {
      const e = translateDynamoError(err, 'open reward');
      if (e instanceof ConflictError) return false;
      throw e;
    }
  }

  /** The write of a reward's next state, for the transaction of its case event. */
  putIfVersion(next: RewardRecord, expectedVersion: number): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.cases,
        Item: this.item(next),
        ConditionExpression: '#v = :v',
        ExpressionAttributeNames: { '#v': 'version' },
        ExpressionAttributeValues: marshall({ ':v': expectedVersion }),
      },
    };
  }

  /** The sealed payee details of a claim, written once with the claim. */
  putClaim(caseNumber: string, sealed: Sealed): TransactWriteItem {
    return {
      Put: {
        TableName: this.tables.identity,
        Item: marshall({ ...claimKey(caseNumber), sealed }, { removeUndefinedValues: true }),
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': PK },
      },
    };
  }

  /** The sealed payee details (reveal function only; no other function has the grant). */
  async sealedClaim(caseNumber: string): Promise<Sealed | null> {
    const item = await getItem(this.db, this.tables.identity, claimKey(caseNumber), 'read claim');
    return item ? (item.sealed as Sealed) : null;
  }

  /** Rewards waiting at a stage in some counties, oldest change first. */
  async list(
    stage: ListStage,
    counties: string[],
    limit: number,
    cursor?: string,
  ): Promise<{ rewards: RewardRecord[]; cursor?: string }> {
    const page = await this.cases.listOpen({
      index: 'queue',
      partitions: counties.map((c) => rewardQueuePk(stage, c)),
      limit,
      cursor,
    });
    return {
      rewards: page.cases.map((r) => strip(r as unknown as Record<string, unknown>)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  /** Notified rewards whose claim window ended at or before `untilIso` (the lapse sweep). */
  async claimWindowsEnded(
    untilIso: string,
    limit: number,
    cursor?: string,
  ): Promise<{ rewards: RewardRecord[]; cursor?: string }> {
    const page = await this.cases.dueInQueue(REWARD_CLAIM_QUEUE, untilIso, limit, cursor);
    return {
      rewards: page.cases.map((r) => strip(r as unknown as Record<string, unknown>)),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }
}
