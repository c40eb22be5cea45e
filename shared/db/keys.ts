/**
 * The one DynamoDB key design. The CDK tables (infra/) and the local bootstrap
 * (shared/db/bootstrap.ts) are both built from `tableDefinitions`, and only the repositories build
 * keys, through the helpers below — so deployed and local tables cannot drift. Every access
 * pattern, one row each, is in the README ("DynamoDB key design"): every request path is a
 * GetItem, Query or transaction on a key; no Scan.
 *
 * The identity table holds everything that could identify a reporter or unlock a case (sealed
 * identity, the sealed access key of an idempotent intake). Staff-facing functions get no IAM
 * access to it.
 */
import { countyOf, levelOfCode } from '../domain/division-code.ts';

export const PK = 'pk';
export const SK = 'sk';
/** TTL attribute (epoch seconds) on every table that expires items. */
export const TTL = 'expiresAt';
/** Sparse GSI of open cases by queue and due date: only cases that someone must act on carry it. */
export const QUEUE_INDEX = 'byQueue';
export const QUEUE_PK = 'qpk';
export const QUEUE_SK = 'qsk';
/** Sparse GSI of the same open cases by county (county supervisors' and city-wide lists). */
export const COUNTY_INDEX = 'byCounty';
export const COUNTY_PK = 'cpk';
export const COUNTY_SK = 'csk';
/**
 * GSI of items listed newest first within a partition: each case's archive entry by county (every
 * state, final ones included) and the staff inbox by role and jurisdiction (patterns 37, 41).
 */
export const TIME_INDEX = 'byTime';
export const TIME_PK = 'tpk';
export const TIME_SK = 'tsk';

export type TableKey = 'cases' | 'identity' | 'directory';

export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDefinition {
  /** CDK construct id and suffix of the local table name. */
  id: string;
  partitionKey: string;
  sortKey: string;
  /** Global secondary indexes (string keys, all attributes projected). */
  indexes: IndexDefinition[];
  ttlAttribute?: string;
  /** Whether the table streams changes (outbox, notifications). */
  stream: boolean;
}

export const tableDefinitions: Record<TableKey, TableDefinition> = {
  cases: {
    id: 'Cases',
    partitionKey: PK,
    sortKey: SK,
    indexes: [
      { name: QUEUE_INDEX, partitionKey: QUEUE_PK, sortKey: QUEUE_SK },
      { name: COUNTY_INDEX, partitionKey: COUNTY_PK, sortKey: COUNTY_SK },
      { name: TIME_INDEX, partitionKey: TIME_PK, sortKey: TIME_SK },
    ],
    ttlAttribute: TTL,
    stream: true,
  },
  identity: { id: 'Identity', partitionKey: PK, sortKey: SK, indexes: [], ttlAttribute: TTL, stream: false },
  directory: { id: 'Directory', partitionKey: PK, sortKey: SK, indexes: [], stream: false },
};

export type TableNames = Record<TableKey, string>;

/** Local table names: `<prefix>-cases`, … */
export function localTableNames(prefix: string): TableNames {
  return { cases: `${prefix}-cases`, identity: `${prefix}-identity`, directory: `${prefix}-directory` };
}

/** Every item of one case (the case, its events, reward, reveal requests) shares this partition prefix. */
export const CASE_PK_PREFIX = 'CASE#';
export const caseKey = (caseNumber: string) => ({ [PK]: `${CASE_PK_PREFIX}${caseNumber}`, [SK]: CASE_SK });
const CASE_SK = 'CASE';
export const EVENT_PREFIX = 'EVT#';
/** Events sort by a zero-padded sequence number, so a Query returns them in order. */
export const eventKey = (caseNumber: string, seq: number) => ({
  [PK]: `${CASE_PK_PREFIX}${caseNumber}`,
  [SK]: `${EVENT_PREFIX}${String(seq).padStart(6, '0')}`,
});
/** The case number of an item of a case's partition (the case, an event, its reward …), else null. */
export function caseNumberOfItem(item: Record<string, unknown> | undefined): string | null {
  const pk = item?.[PK];
  return typeof pk === 'string' && pk.startsWith(CASE_PK_PREFIX) ? pk.slice(CASE_PK_PREFIX.length) : null;
}
/**
 * What an item of a case's partition is, from its keys (stream consumers tell images apart by it):
 * the case itself, a timeline event, its reward, an identity reveal request, or something else
 * beside it; null for an item outside every case's partition.
 */
export function caseItemKind(
  item: Record<string, unknown> | undefined,
): 'case' | 'event' | 'reward' | 'reveal' | 'other' | null {
  if (caseNumberOfItem(item) === null) return null;
  const sk = String(item?.[SK]);
  if (sk === CASE_SK) return 'case';
  if (sk === REWARD_SK) return 'reward';
  if (sk.startsWith(EVENT_PREFIX)) return 'event';
  if (sk.startsWith(REVEAL_PREFIX)) return 'reveal';
  return 'other';
}
/** Marks a change as applied (shared/repositories/case-change.ts), so a retried request adds nothing. */
export const dedupeMarkerKey = (caseNumber: string, dedupeKey: string) => ({
  [PK]: `${CASE_PK_PREFIX}${caseNumber}`,
  [SK]: `DEDUPE#${dedupeKey}`,
});
export const throttleKey = (caseNumber: string, windowStart: number) => ({
  [PK]: `THROTTLE#${caseNumber}`,
  [SK]: `W#${windowStart}`,
});
/** Wrong access keys from one client address (its keyed hash, never the address) in a window. */
export const addressThrottleKey = (addressHash: string, windowStart: number) => ({
  [PK]: `THROTTLE#ADDR#${addressHash}`,
  [SK]: `W#${windowStart}`,
});
export const identityKey = (caseNumber: string) => ({ [PK]: `IDENT#${caseNumber}`, [SK]: 'IDENT' });
/** The idempotency key is hashed before use so the raw client value is never stored. */
export const idempotencyKey = (keyHash: string) => ({ [PK]: `IDEM#${keyHash}`, [SK]: 'IDEM' });
export const IDEMPOTENCY_PK_PREFIX = 'IDEM#';
export const placeKey = (parentCode: string, code: string) => ({ [PK]: `PLACE#${parentCode}`, [SK]: code });
export const placeChildrenPk = (parentCode: string) => `PLACE#${parentCode}`;
export const seedMarkerKey = (name: string) => ({ [PK]: 'SEED', [SK]: name });
/** Web follow-up sessions are keyed by a hash of the cookie token; the token itself is never stored. */
export const sessionKey = (tokenHash: string) => ({ [PK]: `SESSION#${tokenHash}`, [SK]: 'SESSION' });
/** The queue partitions: a township's open cases, a county's (or the city's) triage, a county's all. */
export const townshipQueuePk = (townshipCode: string) => `Q#T#${townshipCode}`;
export const triageQueuePk = (countyOrCity: string) => `Q#TRIAGE#${countyOrCity}`;
/** The township, county or city whose queue a queue partition is (null: not a case queue). */
export function placeOfQueuePk(pk: string): string | null {
  if (pk.startsWith('Q#T#')) return pk.slice('Q#T#'.length);
  if (pk.startsWith('Q#TRIAGE#')) return pk.slice('Q#TRIAGE#'.length);
  return null;
}
export const countyCasesPk = (countyOrCity: string) => `C#${countyOrCity}`;
/** Queue keys: a routed case waits in its township's queue, an unrouted one in its county's triage. */
export function queueKeys(
  c: { townshipCode?: string; countyCode?: string; regionCode: string },
  dueAt: string,
  caseNumber: string,
) {
  const pk = c.townshipCode ? townshipQueuePk(c.townshipCode) : triageQueuePk(c.countyCode ?? c.regionCode);
  const county = (c.townshipCode && countyOf(c.townshipCode)) ?? c.countyCode ?? c.regionCode;
  const sk = `${dueAt}#${caseNumber}`;
  return { [QUEUE_PK]: pk, [QUEUE_SK]: sk, [COUNTY_PK]: countyCasesPk(county), [COUNTY_SK]: sk };
}

/** Attributes to REMOVE when a case leaves every queue (closed, rejected, transferred out). */
export const QUEUE_ATTRIBUTES = [QUEUE_PK, QUEUE_SK, COUNTY_PK, COUNTY_SK];
export const deliveryKey = (id: string) => ({ [PK]: `NOTIFIED#${id}`, [SK]: 'NOTIFIED' });
export const OUTBOX_PK = 'OUTBOX';
export const outboxKey = (at: string, id: string) => ({ [PK]: OUTBOX_PK, [SK]: `${at}#${id}` });
const REVEAL_PREFIX = 'REVEAL#';
export const revealKey = (caseNumber: string, requestId: string) => ({
  [PK]: `${CASE_PK_PREFIX}${caseNumber}`,
  [SK]: `${REVEAL_PREFIX}${requestId}`,
});
export const REVEAL_PENDING_QUEUE = 'REVEAL#PENDING';
/** An SMS conversation, keyed by the HMAC of the number (shared/crypto/phone-hash.ts), never the number. */
export const smsConversationKey = (numberHash: string) => ({ [PK]: `SMSNUM#${numberHash}`, [SK]: 'CONV' });
/** Marks an inbound SMS (the gateway's message id) as handled: at-least-once delivery, once in effect. */
export const smsInboundKey = (inboundMessageId: string) => ({
  [PK]: `SMSIN#${inboundMessageId}`,
  [SK]: 'SMSIN',
});
/** The sealed SMS number of a case's reporter, opened only to send them an SMS. */
export const smsContactKey = (caseNumber: string) => ({ [PK]: `SMSTO#${caseNumber}`, [SK]: 'SMSTO' });

/** The reward of a substantiated case lives beside it (shared/domain/reward-record.ts). */
const REWARD_SK = 'REWARD';
export const rewardKey = (caseNumber: string) => ({
  [PK]: `${CASE_PK_PREFIX}${caseNumber}`,
  [SK]: REWARD_SK,
});
/** Queue keys of a reward waiting for someone; notified rewards wait region-wide by window end. */
export function rewardQueueKeys(
  stage: 'facts' | 'approve' | 'claim' | 'release' | 'pay',
  r: { countyCode: string; caseNumber: string; updatedAt: string; claimWindowEndsAt?: string },
) {
  if (stage === 'claim')
    return { [QUEUE_PK]: REWARD_CLAIM_QUEUE, [QUEUE_SK]: `${r.claimWindowEndsAt}#${r.caseNumber}` };
  return { [QUEUE_PK]: rewardQueuePk(stage, r.countyCode), [QUEUE_SK]: `${r.updatedAt}#${r.caseNumber}` };
}
export const rewardQueuePk = (stage: 'facts' | 'approve' | 'release' | 'pay', countyCode: string) =>
  `RWD#${stage.toUpperCase()}#${countyCode}`;
export const REWARD_CLAIM_QUEUE = 'RWD#CLAIM';
/** The payee details a reporter gives when claiming a reward (sealed, purpose `reward_claim`). */
export const claimKey = (caseNumber: string) => ({ [PK]: `CLAIM#${caseNumber}`, [SK]: 'CLAIM' });

/** One marker per final case: when its identity may be deleted (shared/domain/retention.ts). */
export const retentionKey = (caseNumber: string) => ({ [PK]: `RETAIN#${caseNumber}`, [SK]: 'RETAIN' });
export const RETENTION_QUEUE = 'RETAIN';
export const retentionQueueKeys = (finalAt: string, caseNumber: string) => ({
  [QUEUE_PK]: RETENTION_QUEUE,
  [QUEUE_SK]: `${finalAt}#${caseNumber}`,
});

/**
 * Public page (patterns 27–29, shared/domain/public-record.ts): one item per case listed for supervision (挂牌督办),
 * ordered by listing time. The case number sits only in the key, so updates find the item; it is
 * never read out to the page.
 */
export const PUBLIC_LISTED_PK = 'PUBLIC#LISTED';
export const publicListingKey = (listedAt: string, caseNumber: string) => ({
  [PK]: PUBLIC_LISTED_PK,
  [SK]: `${listedAt}#${caseNumber}`,
});
/** Public counters: one item per Shanghai month under one key, so a year is one Query. */
export const STATS_PK = 'STATS';
export const STATS_MONTH_PREFIX = 'MONTH#';
export const statsMonthKey = (month: string) => ({ [PK]: STATS_PK, [SK]: `${STATS_MONTH_PREFIX}${month}` });
/** Marks a case as counted for one kind (received, substantiated, closed): counted once, ever. */
export const publicCountMarkerKey = (caseNumber: string, kind: string) => ({
  [PK]: `PUBCOUNT#${caseNumber}`,
  [SK]: kind,
});

/**
 * Evidence files (patterns 36–37, shared/services/evidence.ts): one item per file beside the case,
 * holding only kind, size and time — never a name or the file; the sealed bytes live in the blob
 * store under evidenceBlobKey().
 */
export const EVIDENCE_PREFIX = 'EVIDENCE#';
export const evidenceKey = (caseNumber: string, id: string) => ({
  [PK]: `CASE#${caseNumber}`,
  [SK]: `${EVIDENCE_PREFIX}${id}`,
});
/** Every evidence blob key starts with this (the S3 grants are scoped to it). */
export const EVIDENCE_BLOB_PREFIX = 'evidence/';
export const evidenceBlobKey = (caseNumber: string, id: string, variant: 'file' | 'thumb') =>
  `${EVIDENCE_BLOB_PREFIX}${caseNumber}/${id}${variant === 'thumb' ? '.thumb' : ''}`;
/**
 * Direct uploads (patterns 49–50, shared/services/direct-uploads.ts): the browser posts a file
 * straight to S3 under `incoming/<upload id>` — an opaque random id, never the case number or the
 * file's name — and the strip function finds the case through the pointer item.
 */
export const INCOMING_BLOB_PREFIX = 'incoming/';
export const incomingBlobKey = (uploadId: string) => `${INCOMING_BLOB_PREFIX}${uploadId}`;
export const uploadKey = (uploadId: string) => ({ [PK]: `UPLOAD#${uploadId}`, [SK]: 'UPLOAD' });

/**
 * Supervision (考核) counters (patterns 30–35, shared/domain/supervision.ts): one item per county
 * (or the city, for reports not yet in a county), month and place (township, county or city),
 * holding a number per metric; a county's year is one Query whatever the number of cases.
 */
export const SUPERVISION_PK_PREFIX = 'SUP#';
/** The counter partition of a place: its county, or the city for a 4-digit place. */
export const supervisionPartition = (place: string) =>
  levelOfCode(place) === 'city' ? place : countyOf(place);
export const supervisionCounterKey = (place: string, month: string) => ({
  [PK]: `${SUPERVISION_PK_PREFIX}${supervisionPartition(place)}`,
  [SK]: `${month}#${place}`,
});
/**
 * Roll-ups kept beside the month counters by the same ADDs, so a year's dashboard reads one item
 * per place and one per month instead of one per place and month: `Y#<year>#<place>` (a place's
 * year) and `T#<month>` (the whole partition's month). Both sort after every month key.
 */
export const supervisionYearKey = (place: string, year: string) => ({
  [PK]: `${SUPERVISION_PK_PREFIX}${supervisionPartition(place)}`,
  [SK]: `Y#${year}#${place}`,
});
export const supervisionMonthTotalKey = (partition: string, month: string) => ({
  [PK]: `${SUPERVISION_PK_PREFIX}${partition}`,
  [SK]: `T#${month}`,
});
/** Gauges of the present (claims pending) sort after every month: `NOW#<place>`. */
export const SUPERVISION_NOW = 'NOW';
/** One marker per case and tally: the tally is counted once, and lists the case behind its figure. */
export const supervisionMarkerKey = (caseNumber: string, tallyId: string) => ({
  [PK]: `SUPMARK#${caseNumber}`,
  [SK]: tallyId,
});
export const supervisionListKeys = (
  place: string,
  month: string,
  kind: string,
  caseNumber: string,
  id: string,
) => ({
  [QUEUE_PK]: supervisionListPk(place, month),
  [QUEUE_SK]: `${kind}#${place}#${caseNumber}#${id}`,
});
export const supervisionListPk = (place: string, month: string) =>
  `SUPLIST#${supervisionPartition(place)}#${month}`;
/** Staff actions on cases (the auditor's access review), by month and by staff member. */
export const ACCESS_PK_PREFIX = 'ACCESS#';
export const accessLogKey = (month: string, at: string, caseNumber: string, seq: number | string) => ({
  [PK]: `${ACCESS_PK_PREFIX}${month}`,
  [SK]: `${at}#${caseNumber}#${seq}`,
});
export const accessByStaffPk = (staffId: string) => `ACCESSBY#${staffId}`;

/** New cases opened by one source (keyed hash of an address or a phone number) in one hour. */
export const floodKey = (sourceHash: string, windowStart: number) => ({
  [PK]: `FLOOD#${sourceHash}`,
  [SK]: `W#${windowStart}`,
});
/** A spent proof-of-work challenge (single use), kept until the challenge expires. */
export const proofKey = (salt: string) => ({ [PK]: `POW#${salt}`, [SK]: 'POW' });
/**
 * Search and archive (patterns 40–43, shared/services/case-search.ts): one archive entry per case,
 * kept by the stream consumer, listed by county and time (byTime) and by county, state and time
 * (byQueue); word postings by county and token. None holds report text or anything about the
 * reporter: a posting is only a key, the archive entry the case's state, place, category and dates.
 */
export const archiveKey = (caseNumber: string) => ({ [PK]: `ARCHIVE#${caseNumber}`, [SK]: 'ARCHIVE' });
export const archiveIndexKeys = (
  countyCode: string,
  status: string,
  receivedAt: string,
  caseNumber: string,
) => ({
  [TIME_PK]: archivePartition(countyCode),
  [TIME_SK]: `${receivedAt}#${caseNumber}`,
  [QUEUE_PK]: archiveStatusPartition(countyCode, status),
  [QUEUE_SK]: `${receivedAt}#${caseNumber}`,
});
export const archivePartition = (countyCode: string) => `A#${countyCode}`;
export const archiveStatusPartition = (countyCode: string, status: string) => `AS#${countyCode}#${status}`;
/** A word posting: the partition names county and token, the sort key when the case came in. */
export const wordPostingKey = (countyAndToken: string, receivedAt = '', caseNumber = '') => ({
  [PK]: `W#${countyAndToken}`,
  [SK]: receivedAt ? `${receivedAt}#${caseNumber}` : '',
});
export const wordPartition = (countyCode: string, token: string) => `W#${countyCode}#${token}`;

/** The staff inbox (patterns 44–46, shared/services/inbox.ts). */
export const inboxEntryKey = (notificationId: string) => ({ [PK]: `NOTE#${notificationId}`, [SK]: 'NOTE' });
export const inboxPartition = (role: string, jurisdiction: string) => `IN#${role}#${jurisdiction}`;
export const readMarkKey = (staffId: string, entrySk = 'SEEN') => ({
  [PK]: `READ#${staffId}`,
  [SK]: entrySk,
});
export const READ_WATERMARK_SK = 'SEEN';

/**
 * Village safety coordinators (patterns 47–48). A patrol report is indexed under the coordinator
 * who filed it, in the intake transaction; a re-check task (复查) handed to a village holds only
 * what the officer wrote for it (summary, unit, deadline) — never the report, channel or messages.
 */
export const coordinatorReportsPk = (staffId: string) => `COORD#${staffId}`;
export const coordinatorReportKey = (staffId: string, createdAt: string, caseNumber: string) => ({
  [PK]: coordinatorReportsPk(staffId),
  [SK]: `${createdAt}#${caseNumber}`,
});
export const recheckTasksPk = (villageCode: string) => `RECHECK#${villageCode}`;
export const recheckTaskKey = (villageCode: string, taskId: string) => ({
  [PK]: recheckTasksPk(villageCode),
  [SK]: taskId,
});
