/**
 * The supervision (考核) counters as the dashboards read them (cases table, shared/db/keys.ts patterns
 * 30–35): counters per county × month × place with their year and month-total roll-ups, the
 * present-time gauges and the overdue count, read with Queries on keys — never a Scan. The writes
 * (a tally counted once, a count moved, an action logged) are the base class, SupervisionCounts
 * (supervision-counts.ts), which the stream consumer uses alone. The case lists behind the figures
 * and the staff-action log live in their own modules (supervision-figure-cases.ts,
 * access-log-repository.ts); this class delegates to them so that one repository object serves the
 * services.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { queryAll } from '../db/client.ts';
import {
  COUNTY_INDEX,
  COUNTY_PK,
  COUNTY_SK,
  PK,
  QUEUE_PK,
  SK,
  SUPERVISION_NOW,
  SUPERVISION_PK_PREFIX,
  supervisionPartition,
} from '../db/keys.ts';
import type { Counters } from '../domain/supervision-figures.ts';
import {
  type AccessCursor,
  type AccessEntry,
  type AccessLogQuery,
  readAccessLog,
} from './access-log-repository.ts';
import { SupervisionCounts } from './supervision-counts.ts';
import { type CaseSummary, caseSummaries, type FigureCase, figureCases } from './supervision-figure-cases.ts';

export { counterTargets, type TallyCase } from './supervision-counts.ts';

export class SupervisionRepository extends SupervisionCounts {
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
