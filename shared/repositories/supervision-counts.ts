/**
 * The write side of the supervision (考核) counters (cases table, shared/db/keys.ts patterns 30–35):
 * a tally counted once — its marker and its counter ADDs, with the year and month-total roll-ups, in
 * one transaction — a report's count moved to the township it was first routed to, and the
 * staff-action log lines. The stream consumer and the backfill write through this; the dashboards
 * read through SupervisionRepository (supervision-repository.ts), which extends it.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { cancellationCodes, getItem, translateDynamoError } from '../db/client.ts';
import {
  PK,
  QUEUE_PK,
  QUEUE_SK,
  SK,
  SUPERVISION_NOW,
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
import { type AccessEntry, recordAccess } from './access-log-repository.ts';

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

export class SupervisionCounts {
  constructor(
    protected readonly db: DynamoDBClient,
    protected readonly tables: TableNames,
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

  /** Records a staff action (access-log-repository.ts). */
  recordAccess(e: AccessEntry): Promise<void> {
    return recordAccess(this.db, this.tables, e);
  }
}
