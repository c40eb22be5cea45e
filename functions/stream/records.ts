/**
 * Which records of the cases table's stream the consumer handles, and how a record becomes a
 * `CaseChange` — one definition for both places records arrive: Lambda's event source mapping in
 * AWS, where the filter runs at the source (FilterCriteria) so counter, throttle, session and
 * delivery writes never invoke the consumer, and `npm start`'s stream poller, which applies the
 * same pattern itself.
 *
 * The consumer reacts to case items only (pk CASE#<n>: the case, its events, its reward) being
 * written; removals of them change nothing it keeps.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CASE_PK_PREFIX, PK } from '#shared/db/keys.ts';
import type { CaseChange } from '#shared/services/case-changes.ts';

/** A stream record as Lambda and DynamoDB Streams both deliver it (the fields used here). */
export interface StreamRecord {
  eventID?: string;
  eventName?: string;
  dynamodb?: {
    SequenceNumber?: string;
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
  };
}

/** The Lambda event filter pattern (EventBridge pattern syntax), as data. */
export const CASE_STREAM_FILTER = {
  eventName: ['INSERT', 'MODIFY'],
  dynamodb: { Keys: { [PK]: { S: [{ prefix: CASE_PK_PREFIX }] } } },
} as const;

/** Whether a record passes CASE_STREAM_FILTER (the same test Lambda applies at the source). */
export function passesCaseStreamFilter(record: StreamRecord): boolean {
  if (!CASE_STREAM_FILTER.eventName.some((n) => n === record.eventName)) return false;
  const pk = (record.dynamodb?.Keys?.[PK] as { S?: unknown } | undefined)?.S;
  return typeof pk === 'string' && pk.startsWith(CASE_PK_PREFIX);
}

const image = (i: Record<string, unknown> | undefined) =>
  i ? unmarshall(i as Record<string, AttributeValue>) : undefined;

export function toCaseChange(r: StreamRecord): CaseChange {
  return {
    id: r.dynamodb?.SequenceNumber ?? r.eventID ?? '',
    eventName: (r.eventName ?? 'MODIFY') as CaseChange['eventName'],
    newImage: image(r.dynamodb?.NewImage),
    oldImage: image(r.dynamodb?.OldImage),
  };
}

/** The records the consumer handles, decoded, in stream order. */
export const caseChangesOf = (records: readonly StreamRecord[]): CaseChange[] =>
  records.filter(passesCaseStreamFilter).map(toCaseChange);
