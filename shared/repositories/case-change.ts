/**
 * The one write path for changing an existing case. Every service that changes a case — a staff
 * transition, the place matcher, a reward step, an evidence upload, a message, a view, the
 * retention sweep — hands `change()` a pure `decide` and gets back the stored result:
 *
 *   read the case (and what `decide` needs: `load`) → check who may touch it (`authorize`) and the
 *   If-Match version → `decide` → chain its events onto the audit hash chain → ONE
 *   TransactWriteItems guarded by the chain head (and the version, when the state changes) → on a
 *   lost race read again and decide again, a bounded number of times.
 *
 * Refusals and conflicts become domain errors here and only here (`refusalError`), so every
 * service answers the same refusal the same way. Keys come from shared/db/keys.ts.
 */
import type { DynamoDBClient, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { cancellationCodes, translateDynamoError } from '../db/client.ts';
import {
  caseKey,
  dedupeMarkerKey,
  eventKey,
  PK,
  QUEUE_ATTRIBUTES,
  queueKeys,
  type TableNames,
} from '../db/keys.ts';
import { chainEvent } from '../domain/audit-chain.ts';
import type { CaseEvent, CaseRecord } from '../domain/case.ts';
import { isOpen } from '../domain/lifecycle/facts.ts';
import {
  ConflictError,
  type DomainError,
  ForbiddenError,
  NotFoundError,
  RefusedError,
  StaleVersionError,
  ValidationError,
} from '../errors.ts';

/** A timeline event before it is chained: sequence, time and hashes are added at the write. */
export type CaseEventDraft = Omit<CaseEvent, 'seq' | 'at' | 'prevHash' | 'hash'>;

/** What `decide` sees: the case as read, what `load` read with it, and the time of this attempt. */
export interface ChangeContext<L> {
  record: CaseRecord;
  loaded: L;
  now: Date;
}

/**
 * A refusal from any decision (lifecycle, reward workflow, a service's own rule). `code` picks the
 * error: not_found, stale_version, invalid (or a destination out_of_jurisdiction naming a field),
 * out_of_jurisdiction, role_not_allowed / separation_of_duties, anything else a RefusedError.
 */
export interface ChangeRefusal {
  ok: false;
  code: string;
  /** English, for logs and API clients. */
  message: string;
  /** The same in Chinese, as a person would say it. */
  zh?: string;
  /** English for a person (the field named as a form labels it); `message` when absent. */
  en?: string;
  /** The request field at fault. */
  field?: string;
  /** For `stale_version`: the version the thing is at now. */
  currentVersion?: number;
}

/** What to write: events in order, the whole next record, and writes that stand or fall with them. */
export interface ChangePlan<R> {
  ok: true;
  /** Events to append, in order. None: nothing is written and `result` is returned as it is. */
  events: CaseEventDraft[];
  /** The whole next case record; absent: only the chain head moves. */
  next?: CaseRecord;
  /** A change of the case's state: guarded by and bumping the version staff send as If-Match. */
  bumpVersion?: boolean;
  /** Other items of the same transaction (a reward's state, evidence items, a re-check task). */
  extra?: TransactWriteItem[];
  result: R;
}

export type ChangeDecision<R> = ChangeRefusal | ChangePlan<R>;

export interface ChangeOptions<L> {
  now: () => Date;
  /** The case's version the caller saw (If-Match); another version answers StaleVersionError. */
  expectedVersion?: number;
  /** A retried request finds its marker and writes nothing (`duplicate: true`). */
  dedupeKey?: string;
  /** Reads what `decide` needs besides the case, on every attempt (e.g. the case's reward). */
  load?: (record: CaseRecord) => Promise<L>;
  /** Who may touch this case at all, checked before the version so a stranger learns nothing. */
  authorize?: (record: CaseRecord) => ChangeRefusal | null;
  /** The deployment's city, for the queue keys of a case whose place or deadline changes. */
  regionCode?: string;
  /** Reads and decisions before giving up on a case that keeps changing (default 6). */
  attempts?: number;
}

export interface ChangeResult<R> {
  /** The case as stored afterwards (as read, when nothing was written). */
  record: CaseRecord;
  result: R;
  /** The request's dedupe marker was there: an earlier attempt already took effect. */
  duplicate: boolean;
  /** The events appended (empty when nothing was written). */
  events: CaseEvent[];
}

/** A retried request whose first attempt already took effect. */
export class DuplicateRequestError extends ConflictError {
  override name = 'DuplicateRequestError';
}

/** The domain error of a refusal: the one mapping every service shares. */
export function refusalError(r: ChangeRefusal): DomainError {
  const en = r.en ?? r.message;
  switch (r.code) {
    case 'not_found':
      return new NotFoundError(r.message);
    case 'stale_version':
      return new StaleVersionError(r.currentVersion ?? -1);
    case 'invalid':
      return new ValidationError([{ field: r.field ?? 'action', en, zh: r.zh ?? en }]);
    case 'out_of_jurisdiction':
      // A named destination outside the actor's reach is a field to correct; the case itself is "not found".
      return r.field
        ? new ValidationError([{ field: r.field, en, zh: r.zh ?? en }])
        : new NotFoundError('case not found');
    case 'role_not_allowed':
    case 'separation_of_duties':
    case 'forbidden':
      return new ForbiddenError(r.message, r.zh ? { zh: r.zh } : undefined);
    default:
      return new RefusedError(r.code, r.message, r.zh);
  }
}

/** Bookkeeping attributes the write itself maintains. */
const BOOKKEEPING = new Set(['caseNumber', 'version', 'lastEventSeq', 'lastEventHash', 'updatedAt']);
/** Attributes that decide which queue a case waits in. */
const PLACEMENT = ['status', 'due', 'location', 'townshipCode', 'objection'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The attributes to SET and REMOVE to turn `before` into `after`, queue keys included. */
function diff(before: CaseRecord, after: CaseRecord, regionCode: string | undefined) {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (BOOKKEEPING.has(key)) continue;
    if (a[key] === undefined) {
      if (b[key] !== undefined) remove.push(key);
    } else if (!same(a[key], b[key])) set[key] = a[key];
  }
  if (PLACEMENT.some((k) => !same(b[k], a[k]))) {
    if (isOpen(after) && after.due) {
      if (!regionCode) throw new Error('change(): a case that moves between queues needs regionCode');
      Object.assign(set, queueKeys({ ...after.location, regionCode }, after.due.dueAt, after.caseNumber));
    } else remove.push(...QUEUE_ATTRIBUTES);
  }
  return { set, remove };
}

/** Low-level write of one change: the chain head (and version), the events, the marker, the extras. */
export interface ChangeWrite {
  events: CaseEvent[];
  expectedVersion?: number;
  set?: Record<string, unknown>;
  remove?: string[];
  dedupeKey?: string;
  now: string;
  extra?: TransactWriteItem[];
}

/**
 * Writes a change in one transaction: the case item's chain head must still be the event before
 * the first new one (so concurrent writers cannot fork the chain) and, with `expectedVersion`, its
 * version unchanged (then bumped). Throws DuplicateRequestError when the dedupe marker exists and
 * ConflictError when the race was lost.
 */
export async function writeChange(
  db: DynamoDBClient,
  tables: TableNames,
  caseNumber: string,
  w: ChangeWrite,
): Promise<void> {
  const first = w.events[0];
  const last = w.events.at(-1);
  if (!first || !last) throw new Error('writeChange: no events');
  const names: Record<string, string> = { '#seq': 'lastEventSeq', '#h': 'lastEventHash', '#u': 'updatedAt' };
  const values: Record<string, unknown> = {
    ':prevSeq': first.seq - 1,
    ':seq': last.seq,
    ':h': last.hash,
    ':u': w.now,
  };
  const sets = ['#seq = :seq', '#h = :h', '#u = :u'];
  let condition = '#seq = :prevSeq';
  if (w.expectedVersion !== undefined) {
    names['#v'] = 'version';
    values[':expected'] = w.expectedVersion;
    values[':next'] = w.expectedVersion + 1;
    sets.push('#v = :next');
    condition += ' AND #v = :expected';
  }
  Object.entries(w.set ?? {}).forEach(([attr, value], i) => {
    names[`#a${i}`] = attr;
    values[`:a${i}`] = value;
    sets.push(`#a${i} = :a${i}`);
  });
  const removes = (w.remove ?? []).map((attr, i) => {
    names[`#r${i}`] = attr;
    return `#r${i}`;
  });
  const update = `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`;
  const notThere = {
    ConditionExpression: 'attribute_not_exists(#pk)',
    ExpressionAttributeNames: { '#pk': PK },
  };
  const items: TransactWriteItem[] = [
    {
      Update: {
        TableName: tables.cases,
        Key: marshall(caseKey(caseNumber)),
        UpdateExpression: update,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
      },
    },
    ...w.events.map((e) => ({
      Put: {
        TableName: tables.cases,
        Item: marshall({ ...eventKey(caseNumber, e.seq), ...e }, { removeUndefinedValues: true }),
        ...notThere,
      },
    })),
  ];
  const markerIndex = items.length;
  if (w.dedupeKey)
    items.push({
      Put: {
        TableName: tables.cases,
        Item: marshall({ ...dedupeMarkerKey(caseNumber, w.dedupeKey), seq: first.seq }),
        ...notThere,
      },
    });
  items.push(...(w.extra ?? []));
  try {
    await db.send(new TransactWriteItemsCommand({ TransactItems: items }));
  } catch (err) {
    const codes = cancellationCodes(err);
    if (codes && w.dedupeKey && codes[markerIndex] === 'ConditionalCheckFailed')
      throw new DuplicateRequestError('request already applied', { cause: err });
    // A lost race, either way: a condition failed, or a concurrent transaction held the items.
    if (codes?.some((c) => c === 'ConditionalCheckFailed' || c === 'TransactionConflict'))
      throw new ConflictError('case changed meanwhile', { cause: err });
    throw translateDynamoError(err, 'change case');
  }
}

/** What change() needs of the repository: a consistent read of the case, and the write. */
export interface CaseStore {
  get(caseNumber: string): Promise<{ record: CaseRecord } | null>;
  write(caseNumber: string, w: ChangeWrite): Promise<void>;
}

/** Reads, decides and writes one change to a case; see the module header. */
export async function changeCase<R, L = undefined>(
  store: CaseStore,
  caseNumber: string,
  decide: (ctx: ChangeContext<L>) => ChangeDecision<R>,
  opts: ChangeOptions<L>,
): Promise<ChangeResult<R>> {
  const attempts = opts.attempts ?? 6;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const stored = await store.get(caseNumber);
    if (!stored) throw new NotFoundError('case not found');
    const record = stored.record;
    const denied = opts.authorize?.(record);
    if (denied) throw refusalError(denied);
    if (opts.expectedVersion !== undefined && record.version !== opts.expectedVersion)
      throw new StaleVersionError(record.version);
    const loaded = (opts.load ? await opts.load(record) : undefined) as L;
    const now = opts.now();
    const plan = decide({ record, loaded, now });
    if (!plan.ok) throw refusalError(plan);
    if (!plan.events.length) return { record, result: plan.result, duplicate: false, events: [] };

    const at = now.toISOString();
    const events: CaseEvent[] = [];
    let head = { seq: record.lastEventSeq, hash: record.lastEventHash };
    for (const draft of plan.events) {
      const event = chainEvent({ ...draft, seq: head.seq + 1, at }, head.hash);
      events.push(event);
      head = { seq: event.seq, hash: event.hash };
    }
    const next = plan.next ?? record;
    const { set, remove } = diff(record, next, opts.regionCode);
    try {
      await store.write(caseNumber, {
        events,
        ...(plan.bumpVersion ? { expectedVersion: record.version } : {}),
        set,
        remove,
        now: at,
        ...(opts.dedupeKey ? { dedupeKey: opts.dedupeKey } : {}),
        ...(plan.extra?.length ? { extra: plan.extra } : {}),
      });
    } catch (err) {
      if (err instanceof DuplicateRequestError)
        return { record, result: plan.result, duplicate: true, events: [] };
      if (err instanceof ConflictError) continue;
      throw err;
    }
    return {
      record: {
        ...next,
        version: plan.bumpVersion ? record.version + 1 : record.version,
        lastEventSeq: head.seq,
        lastEventHash: head.hash,
        updatedAt: at,
      },
      result: plan.result,
      duplicate: false,
      events,
    };
  }
  throw new ConflictError('case kept changing');
}
