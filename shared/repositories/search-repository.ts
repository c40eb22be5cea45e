/**
 * The staff search's items in the cases table (shared/db/keys.ts patterns 36–39): the archive entry
 * of each case (listed by county and time on byTime, by county, state and time on byQueue) and the
 * word postings by county and token. Written only by the stream consumer; read by the staff app.
 *
 * Lists are read newest first with a single boundary as cursor (`<receivedAt>#<caseNumber>`,
 * exclusive): every partition of a page is read below the boundary, and only what lies above the
 * lowest point every unfinished partition has reached is complete — so merging partitions, and
 * intersecting the postings of several tokens, stay exact across pages whatever the filters.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { batchWriteAll, getItem, translateDynamoError } from '../db/client.ts';
import {
  archiveIndexKeys,
  archiveKey,
  archivePartition,
  archiveStatusPartition,
  caseKey,
  PK,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  type TableNames,
  TIME_INDEX,
  TIME_PK,
  TIME_SK,
  wordPartition,
} from '../db/keys.ts';
import type { CaseRecord } from '../domain/case.ts';
import { ConflictError } from '../errors.ts';

/** What the archive keeps of a case: state, place, category and dates — no text, no reporter. */
export interface ArchiveEntry {
  caseNumber: string;
  status: string;
  category: string;
  countyCode: string;
  townshipCode?: string;
  receivedAt: string;
  /** The case's lastEventSeq when this entry was written: older stream records never win. */
  seq: number;
  /** The county whose word postings hold this case (postings move when the county changes). */
  postedCounty?: string;
}

export interface ArchiveFilter {
  status?: string;
  category?: string;
  townshipCode?: string;
}

/** A boundary `<ISO instant>#<case number>` (or an instant alone for a date range). */
export const BOUNDARY = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z(#\d{8}-\d{6})?$/;

export interface TimeRange {
  /** Inclusive lower bound (ISO instant). */
  from?: string;
  /** Exclusive upper bound (ISO instant or a boundary). */
  before?: string;
}

interface Stream {
  group: string;
  query: (before: string | undefined, limit: number) => Promise<{ sks: string[]; more: boolean }>;
}

/** Rounds of reads a page may take, and items read per partition and round. */
const MAX_ROUNDS = 4;
const READ_PER_ROUND = 100;

export class SearchRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  async archiveEntry(caseNumber: string): Promise<ArchiveEntry | null> {
    const item = await getItem(this.db, this.tables.cases, archiveKey(caseNumber), 'read archive entry');
    return item ? (item as unknown as ArchiveEntry) : null;
  }

  /** Writes the entry unless a newer one (higher seq) is stored; false when it lost. */
  async putArchiveEntry(e: ArchiveEntry): Promise<boolean> {
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall(
            {
              ...archiveKey(e.caseNumber),
              ...e,
              ...archiveIndexKeys(e.countyCode, e.status, e.receivedAt, e.caseNumber),
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(#pk) OR #seq <= :seq',
          ExpressionAttributeNames: { '#pk': PK, '#seq': 'seq' },
          ExpressionAttributeValues: marshall({ ':seq': e.seq }),
        }),
      );
      return true;
    } catch (err) {
      const e2 = translateDynamoError(err, 'write archive entry');
      if (e2 instanceof ConflictError) return false;
      throw e2;
    }
  }

  /** Puts (or deletes) the postings of a case's tokens in a county; idempotent. */
  async writePostings(
    countyCode: string,
    tokens: string[],
    receivedAt: string,
    caseNumber: string,
    op: 'put' | 'delete',
  ): Promise<void> {
    const requests: WriteRequest[] = tokens.map((token) => {
      const key = { [PK]: wordPartition(countyCode, token), [SK]: `${receivedAt}#${caseNumber}` };
      return op === 'put'
        ? { PutRequest: { Item: marshall(key) } }
        : { DeleteRequest: { Key: marshall(key) } };
    });
    await batchWriteAll(this.db, this.tables.cases, requests, 'write postings');
  }

  /**
   * Case numbers of the archive, newest first, from county partitions (by state when `status` is
   * given), narrowed by category and township, below `range.before`. Returns up to `limit` and
   * the boundary to continue from.
   */
  archivePage(opts: {
    counties: string[];
    filter: ArchiveFilter;
    range: TimeRange;
    limit: number;
  }): Promise<{ sks: string[]; next?: string }> {
    const { status, category, townshipCode } = opts.filter;
    const filters: string[] = [];
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    if (category) {
      filters.push('#cat = :cat');
      names['#cat'] = 'category';
      values[':cat'] = category;
    }
    if (townshipCode) {
      filters.push('#tw = :tw');
      names['#tw'] = 'townshipCode';
      values[':tw'] = townshipCode;
    }
    const [indexName, pkAttr, skAttr] = status
      ? [QUEUE_INDEX, QUEUE_PK, QUEUE_SK]
      : [TIME_INDEX, TIME_PK, TIME_SK];
    const streams: Stream[] = opts.counties.map((county) => ({
      group: 'archive',
      query: (before, limit) =>
        this.queryDesc({
          indexName,
          pkAttr,
          skAttr,
          partition: status ? archiveStatusPartition(county, status) : archivePartition(county),
          from: opts.range.from,
          before,
          limit,
          filter: filters.length ? { expression: filters.join(' AND '), names, values } : undefined,
        }),
    }));
    return this.page(streams, opts.range.before, opts.limit, 'union');
  }

  /** Case numbers whose postings hold every token, in the given counties, newest first. */
  wordPage(opts: {
    counties: string[];
    tokens: string[];
    range: TimeRange;
    limit: number;
  }): Promise<{ sks: string[]; next?: string }> {
    const streams: Stream[] = opts.tokens.flatMap((token) =>
      opts.counties.map((county) => ({
        group: token,
        query: (before: string | undefined, limit: number) =>
          this.queryDesc({
            pkAttr: PK,
            skAttr: SK,
            partition: wordPartition(county, token),
            from: opts.range.from,
            before,
            limit,
          }),
      })),
    );
    return this.page(streams, opts.range.before, opts.limit, 'intersection');
  }

  /** The case records of these case numbers (BatchGetItem), in the order given; missing ones dropped. */
  async casesByNumber(caseNumbers: string[]): Promise<CaseRecord[]> {
    const found = new Map<string, CaseRecord>();
    for (let i = 0; i < caseNumbers.length; i += 100) {
      let keys: Record<string, AttributeValue>[] = caseNumbers
        .slice(i, i + 100)
        .map((n) => marshall(caseKey(n)));
      for (let attempt = 0; keys.length; attempt++) {
        if (attempt > 8) throw translateDynamoError(new Error('unprocessed keys'), 'read cases');
        if (attempt) await new Promise((ok) => setTimeout(ok, 20 * 2 ** attempt));
        try {
          const out = await this.db.send(
            new BatchGetItemCommand({ RequestItems: { [this.tables.cases]: { Keys: keys } } }),
          );
          for (const item of out.Responses?.[this.tables.cases] ?? []) {
            const record = unmarshall(item);
            for (const a of CASE_INTERNAL) delete record[a];
            found.set(record.caseNumber as string, record as CaseRecord);
          }
          keys = (out.UnprocessedKeys?.[this.tables.cases]?.Keys ?? []) as Record<string, AttributeValue>[];
        } catch (err) {
          throw translateDynamoError(err, 'read cases');
        }
      }
    }
    return caseNumbers.map((n) => found.get(n)).filter((c): c is CaseRecord => Boolean(c));
  }

  private async queryDesc(q: {
    indexName?: string;
    pkAttr: string;
    skAttr: string;
    partition: string;
    from?: string;
    before?: string;
    limit: number;
    filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> };
  }): Promise<{ sks: string[]; more: boolean }> {
    const names: Record<string, string> = { '#p': q.pkAttr, ...(q.filter?.names ?? {}) };
    if (q.from || q.before) names['#s'] = q.skAttr;
    const values: Record<string, unknown> = { ':p': q.partition, ...(q.filter?.values ?? {}) };
    let condition = '#p = :p';
    if (q.from && q.before) {
      condition += ' AND #s BETWEEN :from AND :before';
      values[':from'] = q.from;
      values[':before'] = q.before;
    } else if (q.from) {
      condition += ' AND #s >= :from';
      values[':from'] = q.from;
    } else if (q.before) {
      condition += ' AND #s < :before';
      values[':before'] = q.before;
    }
    try {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tables.cases,
          ...(q.indexName ? { IndexName: q.indexName } : {}),
          KeyConditionExpression: condition,
          ...(q.filter ? { FilterExpression: q.filter.expression } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          ScanIndexForward: false,
          Limit: q.limit,
        }),
      );
      // BETWEEN is inclusive: the boundary item itself was the last one of the previous page.
      const sks = (out.Items ?? [])
        .map((i) => i[q.skAttr]?.S ?? '')
        .filter((sk) => sk && (!q.before || sk < q.before));
      const last = out.LastEvaluatedKey?.[q.skAttr]?.S;
      return { sks: last && !sks.includes(last) ? [...sks, `\u0000${last}`] : sks, more: Boolean(last) };
    } catch (err) {
      throw translateDynamoError(err, 'search');
    }
  }

  /**
   * Reads the streams newest first below `before`, in rounds of `limit`, and keeps what is complete:
   * above the horizon (the highest of the points where unfinished streams stopped), a union keeps
   * every item and an intersection those found in every group. At most MAX_ROUNDS rounds a page.
   */
  private async page(
    streams: Stream[],
    before: string | undefined,
    limit: number,
    mode: 'union' | 'intersection',
  ): Promise<{ sks: string[]; next?: string }> {
    const taken: string[] = [];
    let boundary = before;
    const groups = new Set(streams.map((s) => s.group));
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const readLimit = Math.max(limit, READ_PER_ROUND);
      const results = await Promise.all(streams.map((s) => s.query(boundary, readLimit)));
      // Where each unfinished stream stopped (its last evaluated key, marked with \0, or last item).
      let horizon = '';
      const seen = new Map<string, Set<string>>();
      results.forEach((r, i) => {
        const group = streams[i]!.group;
        const real = r.sks.filter((sk) => !sk.startsWith('\u0000'));
        const stop = r.sks.at(-1)?.replace('\u0000', '') ?? '';
        if (r.more && stop > horizon) horizon = stop;
        const set = seen.get(group) ?? new Set<string>();
        for (const sk of real) set.add(sk);
        seen.set(group, set);
      });
      const union = new Set<string>();
      for (const set of seen.values()) for (const sk of set) union.add(sk);
      const complete = [...union]
        .filter((sk) => sk >= horizon)
        .filter((sk) => mode === 'union' || [...groups].every((g) => seen.get(g)?.has(sk)))
        .sort()
        .reverse();
      for (const sk of complete) {
        if (taken.length === limit) return { sks: taken, next: taken.at(-1) };
        taken.push(sk);
      }
      if (!horizon) return { sks: taken };
      boundary = horizon;
      if (taken.length === limit) return { sks: taken, next: boundary };
    }
    return { sks: taken, ...(boundary ? { next: boundary } : {}) };
  }
}

/** Case attributes that are keys or secrets, never handed on. */
const CASE_INTERNAL = [
  PK,
  SK,
  QUEUE_PK,
  QUEUE_SK,
  'cpk',
  'csk',
  'accessKeySalt',
  'accessKeyHash',
  'lastEventHash',
];

/** The case number in a list boundary `<instant>#<case number>`. */
export const caseNumberOf = (sk: string) => sk.slice(sk.lastIndexOf('#') + 1);
