/**
 * Identity reveal requests (SPEC §6) and the one read of a sealed identity. The requests live with
 * the case; pending ones also sit in the custodian's queue. Reading the sealed identity is done
 * only by the reveal function, the one function with that grant.
 */
import {
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Sealed } from '../crypto/envelope.ts';
import { getItem, translateDynamoError } from '../db/client.ts';
import {
  identityKey,
  PK,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  REVEAL_PENDING_QUEUE,
  revealKey,
  SK,
  type TableNames,
} from '../db/keys.ts';
import { ConflictError } from '../errors.ts';

export interface RevealRequest {
  requestId: string;
  caseNumber: string;
  /** The case's jurisdiction code, so a custodian sees only requests inside theirs. */
  jurisdiction: string;
  requesterId: string;
  requesterRole: string;
  reason: string;
  status: 'pending' | 'approved' | 'refused';
  createdAt: string;
  decidedBy?: string;
  decisionReason?: string;
  decidedAt?: string;
  /** An approval lets the requester view the identity until then. */
  validUntil?: string;
}

const strip = (item: Record<string, unknown>) => {
  const { [PK]: _p, [SK]: _s, [QUEUE_PK]: _q, [QUEUE_SK]: _qs, ...rest } = item;
  return rest as unknown as RevealRequest;
};

export class RevealRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  async create(r: RevealRequest): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall({
            ...revealKey(r.caseNumber, r.requestId),
            ...r,
            [QUEUE_PK]: REVEAL_PENDING_QUEUE,
            [QUEUE_SK]: `${r.createdAt}#${r.caseNumber}#${r.requestId}`,
          }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'create reveal request');
    }
  }

  async get(caseNumber: string, requestId: string): Promise<RevealRequest | null> {
    const item = await getItem(
      this.db,
      this.tables.cases,
      revealKey(caseNumber, requestId),
      'read reveal request',
    );
    return item ? strip(item) : null;
  }

  /** Records the custodian's decision once: a second decision loses the condition. */
  async decide(
    caseNumber: string,
    requestId: string,
    d: Pick<RevealRequest, 'status' | 'decidedBy' | 'decisionReason' | 'decidedAt' | 'validUntil'>,
  ): Promise<void> {
    try {
      await this.db.send(
        new UpdateItemCommand({
          TableName: this.tables.cases,
          Key: marshall(revealKey(caseNumber, requestId)),
          UpdateExpression:
            'SET #st = :st, decidedBy = :by, decisionReason = :why, decidedAt = :at, validUntil = :until REMOVE #q, #qs',
          ConditionExpression: '#st = :pending',
          ExpressionAttributeNames: { '#st': 'status', '#q': QUEUE_PK, '#qs': QUEUE_SK },
          ExpressionAttributeValues: marshall({
            ':st': d.status,
            ':by': d.decidedBy,
            ':why': d.decisionReason,
            ':at': d.decidedAt,
            ':until': d.validUntil ?? '',
            ':pending': 'pending',
          }),
        }),
      );
    } catch (err) {
      const e = translateDynamoError(err, 'decide reveal request');
      throw e instanceof ConflictError ? new ConflictError('request already decided', { cause: err }) : e;
    }
  }

  async pending(limit: number): Promise<RevealRequest[]> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          IndexName: QUEUE_INDEX,
          KeyConditionExpression: '#q = :q',
          ExpressionAttributeNames: { '#q': QUEUE_PK },
          ExpressionAttributeValues: marshall({ ':q': REVEAL_PENDING_QUEUE }),
          Limit: limit,
        }),
      );
      return (out.Items ?? []).map((i) => strip(unmarshall(i)));
    } catch (err) {
      throw translateDynamoError(err, 'list reveal requests');
    }
  }

  async forCase(caseNumber: string): Promise<RevealRequest[]> {
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :r)',
          ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
          ExpressionAttributeValues: marshall({ ':pk': revealKey(caseNumber, '')[PK], ':r': 'REVEAL#' }),
          ConsistentRead: true,
        }),
      );
      return (out.Items ?? []).map((i) => strip(unmarshall(i)));
    } catch (err) {
      throw translateDynamoError(err, 'list reveal requests of a case');
    }
  }

  /** The sealed identity of a case (reveal function only; every other function lacks the grant). */
  async sealedIdentity(caseNumber: string): Promise<Sealed | null> {
    const item = await getItem(
      this.db,
      this.tables.identity,
      identityKey(caseNumber),
      'read sealed identity',
    );
    return item ? (item.sealed as Sealed) : null;
  }
}
