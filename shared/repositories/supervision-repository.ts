/**
 * The supervision (考核) counters' storage (cases table, shared/db/keys.ts patterns 30–35): counters
 * per county × month × place with their year and month-total roll-ups, a marker per case and tally
 * (counted once; also the row listing the case behind its figure), the present-time gauges and the
 * overdue count. Written by the stream consumer and the backfill; read by the dashboard with Queries
 * on keys — never a Scan. The case lists behind the figures and the staff-action log live in their
 * own modules (supervision-figure-cases.ts, access-log-repository.ts); this class delegates to them
 * so that one repository object serves the services.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { cancellationCodes, getItem, queryAll, translateDynamoError } from '../db/client.ts';
import {
  COUNTY_INDEX,
  COUNTY_PK,
  COUNTY_SK,
  PK,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  SUPERVISION_NOW,
  SUPERVISION_PK_PREFIX,
  supervisionCounterKey,
  supervisionListKeys,
  supervisionMarkerKey,
  supervisionMonthTotalKey,
  supervisionPartition,
  supervisionYearKey,
  type TableNames,
} from '../db/keys.ts';
import type { Category, Channel } from '../domain/case.ts';
import type { CounterAdd, Tally } from '../domain/supervision.ts';
import type { Counters } from '../domain/supervision-figures.ts';
import {
  type AccessCursor,
  type AccessEntry,
  type AccessLogQuery,
  readAccessLog,
  recordAccess,
} from './access-log-repository.ts';
import { type CaseSummary, caseSummaries, type FigureCase, figureCases } from './supervision-figure-cases.ts';

type Item = Record<string, AttributeValue>;

/** What the marker of a tally keeps about its case: enough to list it, nothing of the report. */
export interface TallyCase {
  caseNumber: string;
  category: Category;
  channel?: Channel;
}

const kindKey = (t: Pick<Tally, 'kind' | 'clock'>) => (t.clock ? `clock:${t.clock}` : t.kind);

/** The items one counter change lands on: its place's month, and the two roll-ups of that month. */
export function counterTargets(
  a: CounterAdd,
): { key: Record<string, string>; place: string; month: string }[] {
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
    const items = await queryAll(
      this.db,
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
    const items = await queryAll(
      this.db,
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
    const items = await queryAll(
      this.db,
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
    const items = await queryAll(
      this.db,
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
        const items = await queryAll(
          this.db,
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

  /** The cases behind a figure (supervision-figure-cases.ts). */
  figureCases(
    partition: string,
    months: string[],
    kind: string,
    placePrefix: string,
    max: number,
  ): Promise<{ rows: FigureCase[]; truncated: boolean }> {
    return figureCases(this.db, this.tables, partition, months, kind, placePrefix, max);
  }

  /** Status and dates of cases (supervision-figure-cases.ts). */
  caseSummaries(caseNumbers: string[]): Promise<Map<string, CaseSummary>> {
    return caseSummaries(this.db, this.tables, caseNumbers);
  }

  /** Records a staff action (access-log-repository.ts). */
  recordAccess(e: AccessEntry): Promise<void> {
    return recordAccess(this.db, this.tables, e);
  }

  /** Staff actions for the access review, newest first (access-log-repository.ts). */
  accessLog(q: AccessLogQuery): Promise<{ entries: AccessEntry[]; next?: AccessCursor }> {
    return readAccessLog(this.db, this.tables, q);
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
