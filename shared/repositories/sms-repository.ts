/**
 * The SMS channel's state (identity table: it links a number's hash to its cases): the
 * conversation of each number, keyed by the number's HMAC, and the markers of handled inbound
 * messages, so a redelivered message takes effect once.
 *
 * The conversation item carries a `version`: every write is conditional on the version read, so
 * two texts from one number handled at once cannot overwrite each other's change (the loser gets
 * ConversationChangedError, reads again and reapplies its change). `casesOpened` counts the cases
 * the number has opened; the SMS service keys case creation on it, so two concurrent first texts
 * open one case, not two. (The number itself is sealed with its case, in the case's own
 * transaction: see intake.ts `SmsOpening`; `contact` reads it back for the sender.)
 */
import { DeleteItemCommand, type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Sealed } from '../crypto/envelope.ts';
import { getItem, translateDynamoError } from '../db/client.ts';
import { PK, smsContactKey, smsConversationKey, smsInboundKey, type TableNames, TTL } from '../db/keys.ts';
import type { ConversationState } from '../domain/sms/conversation.ts';
import { ConflictError } from '../errors.ts';

/** The inbound message was handled already (a redelivery). */
export class DuplicateInboundError extends ConflictError {
  override name = 'DuplicateInboundError';
}

/** The conversation was written by someone else since it was read: read it again. */
export class ConversationChangedError extends ConflictError {
  override name = 'ConversationChangedError';
}

/** How long a handled inbound id is remembered (SNS retries for hours at most). */
export const INBOUND_MARKER_TTL_S = 4 * 24 * 3600;

export interface StoredConversation extends ConversationState {
  updatedAt: string;
  /** Bumped by every write; 0 for a number that never wrote (or an item from before versions). */
  version: number;
  /** Cases this number has opened by SMS (the key of the next opening). */
  casesOpened: number;
}

export class SmsRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  /** The conversation of a number (by hash); a fresh state when the number never wrote. */
  async getConversation(numberHash: string): Promise<StoredConversation | null> {
    const item = await getItem(
      this.db,
      this.tables.identity,
      smsConversationKey(numberHash),
      'read sms conversation',
    );
    if (!item) return null;
    const state: StoredConversation = {
      optedOut: item.optedOut === true,
      reportsToday: Number(item.reportsToday ?? 0),
      updatedAt: String(item.updatedAt ?? ''),
      version: Number(item.version ?? 0),
      casesOpened: Number(item.casesOpened ?? 0),
    };
    if (typeof item.openCaseNumber === 'string') state.openCaseNumber = item.openCaseNumber;
    if (typeof item.awaitingTownshipFor === 'string') state.awaitingTownshipFor = item.awaitingTownshipFor;
    if (typeof item.reportsDay === 'string') state.reportsDay = item.reportsDay;
    const asked = item.pendingQuestion as Record<string, unknown> | undefined;
    if (typeof asked?.caseNumber === 'string' && typeof asked.questionId === 'string')
      state.pendingQuestion = { caseNumber: asked.caseNumber, questionId: asked.questionId };
    return state;
  }

  /**
   * Writes the conversation if it is still at `expectedVersion` (0: never written), as
   * `expectedVersion + 1`; ConversationChangedError when another write came first.
   */
  async putConversation(
    numberHash: string,
    state: ConversationState & { casesOpened: number },
    updatedAt: string,
    expectedVersion: number,
  ): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.identity,
          Item: marshall(
            {
              ...smsConversationKey(numberHash),
              openCaseNumber: state.openCaseNumber,
              awaitingTownshipFor: state.awaitingTownshipFor,
              pendingQuestion: state.pendingQuestion,
              optedOut: state.optedOut,
              reportsToday: state.reportsToday,
              reportsDay: state.reportsDay,
              casesOpened: state.casesOpened,
              version: expectedVersion + 1,
              updatedAt,
            },
            { removeUndefinedValues: true },
          ),
          ...(expectedVersion === 0
            ? {
                ConditionExpression: 'attribute_not_exists(#v)',
                ExpressionAttributeNames: { '#v': 'version' },
              }
            : {
                ConditionExpression: '#v = :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: marshall({ ':v': expectedVersion }),
              }),
        }),
      );
    } catch (err) {
      const translated = translateDynamoError(err, 'write sms conversation');
      if (translated instanceof ConflictError)
        throw new ConversationChangedError('sms conversation changed meanwhile', { cause: err });
      throw translated;
    }
  }

  /** Marks an inbound message as handled; DuplicateInboundError when it already was. */
  async markInbound(inboundMessageId: string, nowS: number): Promise<void> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.identity,
          Item: marshall({ ...smsInboundKey(inboundMessageId), [TTL]: nowS + INBOUND_MARKER_TTL_S }),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        }),
      );
    } catch (err) {
      const translated = translateDynamoError(err, 'mark inbound sms');
      if (translated instanceof ConflictError)
        throw new DuplicateInboundError('inbound sms already handled', { cause: err });
      throw translated;
    }
  }

  /** Forgets a marker, so a redelivery is handled again (after a failure midway). */
  async unmarkInbound(inboundMessageId: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteItemCommand({
          TableName: this.tables.identity,
          Key: marshall(smsInboundKey(inboundMessageId)),
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'unmark inbound sms');
    }
  }

  async contact(caseNumber: string): Promise<Sealed | null> {
    const item = await getItem(this.db, this.tables.identity, smsContactKey(caseNumber), 'read sms contact');
    return item ? (item.sealed as Sealed) : null;
  }
}
