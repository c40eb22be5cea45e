/**
 * Identity retention (SPEC §6): a marker per final case on the queue index, and the deletion of
 * everything in the identity table that belongs to a case — the sealed identity, the sealed SMS
 * number and a reward claim's payee. Only the sweep deletes (IAM: DeleteItem on those prefixes).
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { translateDynamoError } from '../db/client.ts';
import {
  claimKey,
  identityKey,
  RETENTION_QUEUE,
  retentionKey,
  retentionQueueKeys,
  smsContactKey,
  type TableNames,
} from '../db/keys.ts';
import type { CaseRepository } from './case-repository.ts';

export class RetentionRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
    private readonly cases: CaseRepository,
  ) {}

  /** Marks a final case (idempotent: the same case and instant write the same item). */
  async mark(caseNumber: string, finalAt: string): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({
            ...retentionKey(caseNumber),
            ...retentionQueueKeys(finalAt, caseNumber),
            caseNumber,
            finalAt,
          }),
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'mark retention');
    }
  }

  /** Markers of cases final at or before `untilIso`, oldest first. */
  async due(untilIso: string, limit: number, cursor?: string) {
    const page = await this.cases.dueInQueue(RETENTION_QUEUE, untilIso, limit, cursor);
    return {
      markers: page.cases.map((m) => ({ caseNumber: m.caseNumber })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    };
  }

  async unmark(caseNumber: string): Promise<void> {
    await this.delete(this.tables.cases, retentionKey(caseNumber), 'unmark retention');
  }

  /** Deletes the case's sealed identity, sealed SMS number and reward payee (absent ones are fine). */
  async purgeIdentity(caseNumber: string): Promise<void> {
    for (const key of [identityKey(caseNumber), smsContactKey(caseNumber), claimKey(caseNumber)]) {
      await this.delete(this.tables.identity, key, 'purge identity');
    }
  }

  private async delete(TableName: string, key: Record<string, string>, what: string): Promise<void> {
    try {
      await this.db.send(new DeleteItemCommand({ TableName, Key: marshall(key) }));
    } catch (err) {
      throw translateDynamoError(err, what);
    }
  }
}
