/**
 * The supervision (考核) figures' storage (cases table, shared/db/keys.ts patterns 30–35): counters
 * per county × month × place, a marker per case and tally (counted once; also the row listing the
 * case behind its figure), and the staff-action log the auditor reviews. Written by the stream
 * consumer and the backfill; read by the dashboard with Queries on keys — never a Scan.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { cancellationCodes, getItem, translateDynamoError } from '../db/client.ts';
import {
  ACCESS_PK_PREFIX,
  accessByStaffPk,
  accessLogKey,
  COUNTY_INDEX,
  COUNTY_PK,
  COUNTY_SK,
  caseKey,
  PK,
  QUEUE_INDEX,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  SUPERVISION_NOW,
  SUPERVISION_PK_PREFIX,
  supervisionCounterKey,
  supervisionListKeys,
  supervisionListPk,
  supervisionMarkerKey,
  supervisionMonthTotalKey,
  supervisionPartition,
  supervisionYearKey,
  type TableNames,
} from '../db/keys.ts';
import type { CaseStatus, Category, Channel } from '../domain/case.ts';
import type { Clock, CounterAdd, Counters, Tally } from '../domain/supervision.ts';
import { ValidationError } from '../errors.ts';

type Item = Record<string, AttributeValue>;

/** What the marker of a tally keeps about its case: enough to list it, nothing of the report. */
export interface TallyCase {
  caseNumber: string;
  category: Category;
  channel?: Channel;
}

/** A row of the case list behind a figure. */
export interface FigureCase {
  caseNumber: string;
  kind: string;
  place: string;
  month: string;
  at: string;
  category?: Category;
  channel?: Channel;
  clock?: Clock;
  met?: boolean;
}

/** What the case list adds from the case itself (never its text or anything about the reporter). */
export interface CaseSummary {
  caseNumber: string;
  status: CaseStatus;
  createdAt: string;
  acceptedAt?: string;
  closedAt?: string;
  townshipCode?: string;
}

/** One staff action on a case, as the access review lists it. */
export interface AccessEntry {
  at: string;
  staffId: string;
  caseNumber: string;
  /** The event type, or the lifecycle / reward action: viewed, accept, identity_viewed, approve … */
  action: string;
  /** Where the case was (township, county or city code). */
  place: string;
  seq: number | string;
}

/** Where an access-review page continues. */
export interface AccessCursor {
  month: string;
  key?: Record<string, unknown>;
}

const kindKey = (t: Pick<Tally, 'kind' | 'clock'>) => (t.clock ? `clock:${t.clock}` : t.kind);

/** The items one counter change lands on: its place's month, and the two roll-ups of that month. */
export function counterTargets(a: CounterAdd): { key: Record<string, string>; place: string; month: string }[] {
  if (a.month === 'NOW')
    return [{ key: supervisionCounterKey(a.place, SUPERVISION_NOW), place: a.place, month: a.month }];
  const partition = supervisionPartition(a.place);
  const year = a.month.slice(0, 4);
  return [
    { key: supervisionCounterKey(a.place, a.month), place: a.place, month: a.month },
    { key: supervisionYearKey(a.place, year), place: a.place, month: year },
    { key: supervisionMonthTotalKey(partition, a.month), place: partition, month: a.month },
  ];
}

/**
 * Groups counter changes per item, roll-ups included: one Update each, changes that cancel out
 * (a report moved between two places of one county leaves that county's month total) left out.
 */
function groupAdds(adds: CounterAdd[]) {
  const out = new Map<
    string,
    { key: Record<string, string>; place: string; month: string; metrics: Map<string, number> }
  >();
  for (const a of adds) {
    for (const t of counterTargets(a)) {
      const k = `${t.key[PK]}|${t.key[SK]}`;
      const g = out.get(k) ?? { ...t, metrics: new Map<string, number>() };
      g.metrics.set(a.metric, (g.metrics.get(a.metric) ?? 0) + a.delta);
      out.set(k, g);
    }
  }
  for (const [k, g] of out) {
    for (const [m, d] of g.metrics) if (d === 0) g.metrics.delete(m);
    if (g.metrics.size === 0) out.delete(k);
  }
  return out;
}

export class SupervisionRepository {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tables: TableNames,
  ) {}

  private counterUpdates(adds: CounterAdd[]): TransactWriteItem[] {
    return [...groupAdds(adds).values()].map((g) => {
      const names: Record<string, string> = { '#place': 'place', '#month': 'month' };
      const values: Record<string, unknown> = { ':place': g.place, ':month': g.month };
      const parts: string[] = [];
      [...g.metrics.entries()].forEach(([m, d], i) => {
        names[`#m${i}`] = m;
        values[`:d${i}`] = d;
        parts.push(`#m${i} :d${i}`);
      });
      return {
        Update: {
          TableName: this.tables.cases,
          Key: marshall(g.key),
          UpdateExpression: `SET #place = :place, #month = :month ADD ${parts.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
        },
      };
    });
  }

  private markerItem(c: TallyCase, t: Tally, extra: Record<string, unknown> = {}): Item {
    return marshall(
      {
        ...supervisionMarkerKey(c.caseNumber, t.id),
        ...supervisionListKeys(t.place, t.month, kindKey(t), c.caseNumber, t.id),
        caseNumber: c.caseNumber,
        kind: t.kind,
        place: t.place,
        month: t.month,
        at: t.at,
        category: c.category,
        channel: c.channel,
        clock: t.clock,
        met: t.met,
        metrics: t.adds.filter((a) => a.month !== 'NOW').map((a) => a.metric),
        ...extra,
      },
      { removeUndefinedValues: true },
    );
  }

  /**
   * Counts a tally once: its marker and its counter ADDs are one transaction. Returns false when
   * the marker already exists (a redelivered record, the backfill after the live path).
   */
  async countOnce(c: TallyCase, t: Tally): Promise<boolean> {
    if (t.move) return this.moveOnce(c, t);
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tables.cases,
          Item: this.markerItem(c, t),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      },
      ...this.counterUpdates(t.adds),
    ];
    return this.transact(items, 'count a supervision figure');
  }

  /**
   * Moves a report's received count from where it was counted (its marker says) to the township
   * it was first routed to, once: the move's own marker, the received marker's new place and the
   * −1/+1 are one transaction, guarded by the received marker's place.
   */
  private async moveOnce(c: TallyCase, t: Tally): Promise<boolean> {
    const from = await getItem(
      this.db,
      this.tables.cases,
      supervisionMarkerKey(c.caseNumber, t.move!),
      'read a supervision marker',
    );
    // Not counted yet: nothing to move (the received tally, when counted, is where it belongs).
    if (!from) return false;
    const oldPlace = String(from.place);
    const metrics = (from.metrics as string[] | undefined) ?? [];
    const month = String(from.month);
    const items: TransactWriteItem[] = [
      {
        Put: {
          TableName: this.tables.cases,
          Item: marshall(
            {
              ...supervisionMarkerKey(c.caseNumber, t.id),
              caseNumber: c.caseNumber,
              from: oldPlace,
              to: t.place,
            },
            { removeUndefinedValues: true },
          ),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
        },
      },
    ];
    if (oldPlace !== t.place) {
      const list = supervisionListKeys(t.place, month, t.move!, c.caseNumber, t.move!);
      items.push({
        Update: {
          TableName: this.tables.cases,
          Key: marshall(supervisionMarkerKey(c.caseNumber, t.move!)),
          UpdateExpression: 'SET #place = :to, #qpk = :qpk, #qsk = :qsk',
          ConditionExpression: '#place = :from',
          ExpressionAttributeNames: { '#place': 'place', '#qpk': QUEUE_PK, '#qsk': QUEUE_SK },
          ExpressionAttributeValues: marshall({
            ':to': t.place,
            ':from': oldPlace,
            ':qpk': list[QUEUE_PK],
            ':qsk': list[QUEUE_SK],
          }),
        },
      });
      items.push(
        ...this.counterUpdates([
          ...metrics.map((m) => ({ place: oldPlace, month, metric: m, delta: -1 })),
          ...metrics.map((m) => ({ place: t.place, month, metric: m, delta: 1 })),
        ]),
      );
    }
    return this.transact(items, 'move a supervision figure');
  }

  private async transact(items: TransactWriteItem[], what: string): Promise<boolean> {
    try {
      await this.db.send(new TransactWriteItemsCommand({ TransactItems: items }));
      return true;
    } catch (err) {
      const codes = cancellationCodes(err);
      if (codes?.[0] === 'ConditionalCheckFailed') return false;
      throw translateDynamoError(err, what);
    }
  }

  private async queryAll(
    input: QueryCommandInput,
    what: string,
    max = 100_000,
  ): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    let start: Item | undefined;
    try {
      do {
        const page = await this.db.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
        for (const i of page.Items ?? []) out.push(unmarshall(i));
        start = page.LastEvaluatedKey;
      } while (start && out.length < max);
      return out;
    } catch (err) {
      throw translateDynamoError(err, what);
    }
  }

  /**
   * The counters of a county (or the city's own, for `partition` of 4 digits) for months
   * from…to, one row per month and place; `place` keeps only that township's rows.
   */
  async counters(
    partition: string,
    from: string,
    to: string,
    place?: string,
  ): Promise<{ month: string; place: string; counters: Counters }[]> {
    const items = await this.queryAll(
      {
        TableName: this.tables.cases,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ...(place ? { FilterExpression: '#place = :place' } : {}),
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK, ...(place ? { '#place': 'place' } : {}) },
        ExpressionAttributeValues: marshall({
          ':pk': `${SUPERVISION_PK_PREFIX}${partition}`,
          ':from': `${from}#`,
          ':to': `${to}#~`,
          ...(place ? { ':place': place } : {}),
        }),
      },
      'read supervision counters',
    );
    return items.map(rowOf);
  }

  /** A place's year roll-ups in one partition (a county, or the city's own): one row per place. */
  async yearCounters(partition: string, year: string): Promise<{ place: string; counters: Counters }[]> {
    const items = await this.queryAll(
      {
        TableName: this.tables.cases,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :y)',
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
        ExpressionAttributeValues: marshall({
          ':pk': `${SUPERVISION_PK_PREFIX}${partition}`,
          ':y': `Y#${year}#`,
        }),
      },
      'read supervision year counters',
    );
    return items.map((i) => ({ place: String(i.place), counters: rowOf(i).counters }));
  }

  /** A partition's month totals (every place of it together) for months from…to. */
  async monthTotals(
    partition: string,
    from: string,
    to: string,
  ): Promise<{ month: string; counters: Counters }[]> {
    const items = await this.queryAll(
      {
        TableName: this.tables.cases,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
        ExpressionAttributeValues: marshall({
          ':pk': `${SUPERVISION_PK_PREFIX}${partition}`,
          ':from': `T#${from}`,
          ':to': `T#${to}`,
        }),
      },
      'read supervision month totals',
    );
    return items.map((i) => ({ month: String(i.month), counters: rowOf(i).counters }));
  }

  /** The present-time gauges of a county's places. */
  async gauges(partition: string, place?: string): Promise<{ place: string; counters: Counters }[]> {
    const items = await this.queryAll(
      {
        TableName: this.tables.cases,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :now)',
        ...(place ? { FilterExpression: '#place = :place' } : {}),
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK, ...(place ? { '#place': 'place' } : {}) },
        ExpressionAttributeValues: marshall({
          ':pk': `${SUPERVISION_PK_PREFIX}${partition}`,
          ':now': `${SUPERVISION_NOW}#`,
          ...(place ? { ':place': place } : {}),
        }),
      },
      'read supervision gauges',
    );
    return items.map((i) => ({ place: String(i.place), counters: rowOf(i).counters }));
  }

  /**
   * Open cases past their deadline now, per queue (township `Q#T#…` or triage `Q#TRIAGE#…`), in
   * the given counties: the county index, only the overdue part (due before `nowIso`).
   */
  async overdueByQueue(counties: string[], nowIso: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(
      counties.map(async (county) => {
        const items = await this.queryAll(
          {
            TableName: this.tables.cases,
            IndexName: COUNTY_INDEX,
            KeyConditionExpression: '#cpk = :cpk AND #csk < :now',
            ExpressionAttributeNames: { '#cpk': COUNTY_PK, '#csk': COUNTY_SK, '#qpk': QUEUE_PK },
            ExpressionAttributeValues: marshall({ ':cpk': `C#${county}`, ':now': nowIso }),
            ProjectionExpression: '#qpk',
          },
          'count overdue cases',
        );
        for (const i of items) {
          const q = String(i[QUEUE_PK] ?? '');
          out.set(q, (out.get(q) ?? 0) + 1);
        }
      }),
    );
    return out;
  }

  /**
   * The cases behind a figure: the markers of `kind` (or `clock:<name>`) whose place starts with
   * `placePrefix`, in the given months of one counter partition. At most `max` rows.
   */
  async figureCases(
    partition: string,
    months: string[],
    kind: string,
    placePrefix: string,
    max: number,
  ): Promise<{ rows: FigureCase[]; truncated: boolean }> {
    const rows: FigureCase[] = [];
    let truncated = false;
    for (const month of months) {
      const items = await this.queryAll(
        {
          TableName: this.tables.cases,
          IndexName: QUEUE_INDEX,
          KeyConditionExpression: '#qpk = :qpk AND begins_with(#qsk, :prefix)',
          ExpressionAttributeNames: { '#qpk': QUEUE_PK, '#qsk': QUEUE_SK },
          ExpressionAttributeValues: marshall({
            ':qpk': supervisionListPk(partition, month),
            ':prefix': `${kind}#${placePrefix}`,
          }),
        },
        'list the cases behind a figure',
        max - rows.length + 1,
      );
      for (const i of items) {
        if (rows.length >= max) {
          truncated = true;
          break;
        }
        rows.push({
          caseNumber: String(i.caseNumber),
          kind: String(i.kind),
          place: String(i.place),
          month: String(i.month),
          at: String(i.at),
          ...(i.category ? { category: i.category as Category } : {}),
          ...(i.channel ? { channel: i.channel as Channel } : {}),
          ...(i.clock ? { clock: i.clock as Clock } : {}),
          ...(typeof i.met === 'boolean' ? { met: i.met } : {}),
        });
      }
      if (truncated) break;
    }
    return { rows, truncated };
  }

  /** Status and dates of cases (BatchGetItem of the listed attributes only). */
  async caseSummaries(caseNumbers: string[]): Promise<Map<string, CaseSummary>> {
    const out = new Map<string, CaseSummary>();
    const unique = [...new Set(caseNumbers)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Item[] | undefined = unique.slice(i, i + 100).map((n) => marshall(caseKey(n)));
      try {
        while (keys?.length) {
          const res = await this.db.send(
            new BatchGetItemCommand({
              RequestItems: {
                [this.tables.cases]: {
                  Keys: keys,
                  ProjectionExpression: 'caseNumber, #s, createdAt, acceptedAt, closedAt, townshipCode',
                  ExpressionAttributeNames: { '#s': 'status' },
                },
              },
            }),
          );
          for (const item of res.Responses?.[this.tables.cases] ?? []) {
            const c = unmarshall(item) as CaseSummary;
            out.set(c.caseNumber, c);
          }
          keys = res.UnprocessedKeys?.[this.tables.cases]?.Keys as Item[] | undefined;
        }
      } catch (err) {
        throw translateDynamoError(err, 'read case summaries');
      }
    }
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Access review

  /** Records a staff action (idempotent: the same event writes the same item). */
  async recordAccess(e: AccessEntry): Promise<void> {
    const month = e.at.slice(0, 7);
    const key = accessLogKey(month, e.at, e.caseNumber, e.seq);
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tables.cases,
          Item: marshall(
            {
              ...key,
              [QUEUE_PK]: accessByStaffPk(e.staffId),
              [QUEUE_SK]: key[SK],
              at: e.at,
              staffId: e.staffId,
              caseNumber: e.caseNumber,
              action: e.action,
              place: e.place,
              seq: e.seq,
            },
            { removeUndefinedValues: true },
          ),
        }),
      );
    } catch (err) {
      throw translateDynamoError(err, 'record a staff action');
    }
  }

  /**
   * Staff actions from…to (ISO instants, `to` exclusive), newest first, on cases whose place
   * starts with `placePrefix`; by one staff member (their index) or by month partitions. Returns
   * up to `limit` entries and where the next page starts.
   */
  async accessLog(q: {
    from: string;
    to: string;
    placePrefix: string;
    staffId?: string;
    action?: string[];
    limit: number;
    cursor?: AccessCursor;
  }): Promise<{ entries: AccessEntry[]; next?: AccessCursor }> {
    const filters: string[] = ['begins_with(#place, :place)'];
    const names: Record<string, string> = { '#place': 'place' };
    const values: Record<string, unknown> = { ':place': q.placePrefix, ':from': q.from, ':to': q.to };
    if (q.action?.length) {
      names['#action'] = 'action';
      filters.push(`#action IN (${q.action.map((_, i) => `:a${i}`).join(', ')})`);
      q.action.forEach((a, i) => {
        values[`:a${i}`] = a;
      });
    }
    const partitions: { month: string; pk: string; index?: string }[] = [];
    if (q.staffId) partitions.push({ month: 'staff', pk: accessByStaffPk(q.staffId), index: QUEUE_INDEX });
    else {
      // Month partitions newest first.
      let m = q.to.slice(0, 7);
      const first = q.from.slice(0, 7);
      while (m >= first) {
        partitions.push({ month: m, pk: `${ACCESS_PK_PREFIX}${m}` });
        const [y, mm] = m.split('-').map(Number) as [number, number];
        m = mm === 1 ? `${y - 1}-12` : `${y}-${String(mm - 1).padStart(2, '0')}`;
      }
    }
    let startAt = 0;
    if (q.cursor) {
      startAt = partitions.findIndex((p) => p.month === q.cursor!.month);
      if (startAt < 0)
        throw new ValidationError([
          { field: 'cursor', en: 'cursor does not fit the filters', zh: '翻页参数与筛选条件不符' },
        ]);
    }
    const entries: AccessEntry[] = [];
    for (let i = startAt; i < partitions.length; i++) {
      const p = partitions[i]!;
      const pkName = p.index ? QUEUE_PK : PK;
      const skName = p.index ? QUEUE_SK : SK;
      let start: Item | undefined = i === startAt && q.cursor?.key ? marshall(q.cursor.key) : undefined;
      do {
        let page: QueryCommandOutput;
        try {
          page = await this.db.send(
            new QueryCommand({
              TableName: this.tables.cases,
              ...(p.index ? { IndexName: p.index } : {}),
              KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
              FilterExpression: filters.join(' AND '),
              ExpressionAttributeNames: { ...names, '#pk': pkName, '#sk': skName },
              ExpressionAttributeValues: marshall({ ...values, ':pk': p.pk }),
              ScanIndexForward: false,
              Limit: q.limit - entries.length,
              ExclusiveStartKey: start,
            }),
          );
        } catch (err) {
          throw translateDynamoError(err, 'read the access log');
        }
        for (const item of page.Items ?? []) {
          const e = unmarshall(item);
          entries.push({
            at: String(e.at),
            staffId: String(e.staffId),
            caseNumber: String(e.caseNumber),
            action: String(e.action),
            place: String(e.place),
            seq: e.seq as number | string,
          });
        }
        start = page.LastEvaluatedKey;
        if (entries.length >= q.limit) {
          if (start) return { entries, next: { month: p.month, key: unmarshall(start) } };
          const following = partitions[i + 1];
          return following ? { entries, next: { month: following.month } } : { entries };
        }
      } while (start);
    }
    return { entries };
  }
}

function rowOf(item: Record<string, unknown>): { month: string; place: string; counters: Counters } {
  const counters: Counters = {};
  for (const [k, v] of Object.entries(item)) {
    if (k === PK || k === SK || k === 'place' || k === 'month') continue;
    if (typeof v === 'number') counters[k] = v;
  }
  return { month: String(item.month), place: String(item.place), counters };
}

export { supervisionPartition };
