/**
 * Supervision (考核) tallies: what each committed case or reward write counts, as counter changes.
 * Pure: records and events come in. The counters' names are in supervision-counters.ts; the
 * dashboard's periods and the figures read from the counters are in supervision-period.ts and
 * supervision-figures.ts.
 *
 * A case's tallies are a function of its timeline (the hash-chained events) and its record, so the
 * stream consumer (which counts the tallies of the events a write appended) and the backfill
 * (which counts every tally of every case) agree by construction. Each tally has an id unique
 * within its case; the repository keeps one marker per case and tally id, so a redelivered
 * stream record never counts twice.
 *
 * Where a tally is counted (its place): the township the case was with when it happened (9
 * digits), or its county (6) or the city (4) while it waits in triage. Months are Shanghai calendar
 * months of the instant it happened. A report received in triage is counted where it waits and
 * moved to its township when it is first routed (a `move` tally), so a township's received count
 * includes late-routed reports.
 *
 * Statutory clocks (their names and rules are listed with CLOCKS in supervision-counters.ts) are
 * counted when an action discharges them (lifecycle DISCHARGES), met or missed by the `late` flag
 * the state machine stamped on that event.
 */
import type { CaseEvent, CaseRecord } from './case.ts';
import { countyOf, levelOfCode } from './division-code.ts';
import type { RewardRecord } from './reward-record.ts';
import { shanghaiDate, shanghaiMonth } from './shanghai-time.ts';
import { type Clock, type CounterAdd, metric, type Tally, type TallyKind } from './supervision-counters.ts';

export {
  CLOCKS,
  CLOSE_DAYS_BANDS,
  CLOSE_DAYS_CAP,
  type Clock,
  type CounterAdd,
  metric,
  TALLY_KINDS,
  type Tally,
  type TallyKind,
} from './supervision-counters.ts';

/** The clock an action discharges from the period the case is under (lifecycle DISCHARGES). */
const DISCHARGING: Record<string, Partial<Record<Period, true>>> = {
  assign_township: { triage: true },
  accept: { acceptance: true },
  reject: { acceptance: true },
  transfer: { triage: true, acceptance: true },
  substantiate: { verification: true },
  unsubstantiate: { verification: true },
  confirm_rectification: { rectification: true },
  close: { feedback: true },
  review_objection: { objectionReview: true },
};

type Period = 'acceptance' | 'triage' | 'verification' | 'feedback' | 'rectification' | 'objectionReview';

/** The part of a case record the tallies read. */
export type TallySource = Pick<
  CaseRecord,
  'caseNumber' | 'category' | 'channel' | 'createdAt' | 'townshipCode' | 'location' | 'status'
>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Where a place-changing event took the case, and where from (undefined: from triage). */
function placeChange(e: CaseEvent): { to: string; from?: string } | null {
  const d = e.detail ?? {};
  if (e.type === 'routed') {
    const to = str(d.townshipCode);
    return { to: to ?? '?' };
  }
  if (e.type !== 'transition') return null;
  if (e.action === 'assign_township' && str(d.townshipCode))
    return {
      to: str(d.townshipCode)!,
      ...(str(d.fromTownshipCode) ? { from: str(d.fromTownshipCode) } : {}),
    };
  if (e.action === 'transfer' && str(d.toTownshipCode))
    return {
      to: str(d.toTownshipCode)!,
      ...(str(d.fromTownshipCode) ? { from: str(d.fromTownshipCode) } : {}),
    };
  return null;
}

/**
 * The case's place before and after each event, walking back from where the record is now:
 * every place change names where it came from (or came from triage). A routing event written
 * without its township (older place-matcher events) takes it from the next change or the record.
 */
function placesOf(record: TallySource, events: CaseEvent[], regionCode: string) {
  const current = record.townshipCode ?? record.location.countyCode ?? regionCode;
  const n = events.length;
  const after: string[] = new Array(n);
  const before: string[] = new Array(n);
  let cur = current;
  let firstTownship: string | undefined = record.townshipCode;
  const triageAt: boolean[] = new Array(n).fill(false);
  for (let i = n - 1; i >= 0; i--) {
    const e = events[i]!;
    const change = placeChange(e);
    after[i] = change && change.to !== '?' ? change.to : cur;
    if (change) {
      if (levelOfCode(after[i]!) === 'township') firstTownship = after[i];
      if (change.from) cur = change.from;
      else {
        triageAt[i] = true;
        cur = '';
      }
    }
    before[i] = cur;
  }
  // Before the first routing the report waited in triage: in its county, or the city.
  const triageBucket = (firstTownship && countyOf(firstTownship)) ?? record.location.countyCode ?? regionCode;
  for (let i = 0; i < n; i++) {
    if (before[i] === '') before[i] = triageBucket;
    if (after[i] === '') after[i] = triageBucket;
  }
  return { before, after, triageAt, firstTownship, triageBucket };
}

/** Whole days between two instants, on the Shanghai calendar (same day = 0). */
export function calendarDaysBetween(fromIso: string, toIso: string): number {
  return Math.round(
    (Date.parse(`${shanghaiDate(toIso)}T00:00:00Z`) - Date.parse(`${shanghaiDate(fromIso)}T00:00:00Z`)) /
      86_400_000,
  );
}

/**
 * Every tally of a case, in timeline order, each with the seq of the event it comes from.
 * @example caseTallies(record, events, '4110').filter((t) => t.seq > before.lastEventSeq)
 */
export function caseTallies(
  record: TallySource,
  events: CaseEvent[],
  regionCode: string,
): (Tally & { seq: number })[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const { before, after, triageAt, triageBucket } = placesOf(record, sorted, regionCode);
  const out: (Tally & { seq: number })[] = [];
  const cat = record.category;
  const once = new Set<string>();
  const push = (
    seq: number,
    kind: TallyKind,
    place: string,
    at: string,
    metrics: string[],
    extra: Partial<Tally> & { id?: string } = {},
  ) => {
    const id = extra.id ?? kind;
    if (!extra.id) {
      if (once.has(id)) return;
      once.add(id);
    }
    const month = shanghaiMonth(at);
    out.push({
      seq,
      kind,
      place,
      month,
      at,
      adds: metrics.map((m) => ({ place, month, metric: m, delta: 1 })),
      ...extra,
      id,
    });
  };

  let period: Period | null = null;
  let extended = false;
  let listed = false;
  let routedOnce = false;
  let acceptedAt: string | undefined;
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i]!;
    const placeBefore = before[i]!;
    const placeAfter = after[i]!;
    if (e.type === 'received') {
      // Counted where it is at intake; a report in triage moves to its township when routed.
      const place = e.status === 'triage' ? triageBucket : placeAfter;
      push(e.seq, 'received', place, record.createdAt, [
        metric.received,
        metric.receivedBy('ch', record.channel),
        metric.receivedBy('k', cat),
      ]);
      period = e.status === 'triage' ? 'triage' : 'acceptance';
      continue;
    }
    if (e.type === 'routed') {
      if (!routedOnce && levelOfCode(placeAfter) === 'township') {
        routedOnce = true;
        push(e.seq, 'received', placeAfter, record.createdAt, [], {
          id: 'received_routed',
          move: 'received',
        });
      }
      period = 'acceptance';
      continue;
    }
    if (e.type !== 'transition' || !e.action) continue;
    const d = e.detail ?? {};
    const action = e.action;
    // A clock discharged by this action: met unless the state machine stamped it late.
    const discharged = period && DISCHARGING[action]?.[period] ? period : null;
    if (discharged) {
      const clock: Clock =
        discharged === 'verification' && extended ? 'verificationExtended' : (discharged as Clock);
      const met = d.late !== true;
      const place = discharged === 'triage' ? countyOf(placeAfter) || placeBefore : placeBefore;
      push(e.seq, 'clock', place, e.at, [metric.clock(clock, met)], {
        id: `clock:${clock}@${e.seq}`,
        clock,
        met,
      });
    }
    const change = placeChange(e);
    if (change && triageAt[i] && !routedOnce && levelOfCode(placeAfter) === 'township') {
      routedOnce = true;
      push(e.seq, 'received', placeAfter, record.createdAt, [], { id: 'received_routed', move: 'received' });
    }
    switch (action) {
      case 'assign_township':
        if (change?.from && change.from !== placeAfter) {
          push(e.seq, 'transferred_out', placeBefore, e.at, ['transferred_out'], {
            id: `transferred_out@${e.seq}`,
          });
          push(e.seq, 'transferred_in', placeAfter, e.at, ['transferred_in'], {
            id: `transferred_in@${e.seq}`,
          });
        }
        period = 'acceptance';
        break;
      case 'accept':
        push(e.seq, 'accepted', placeBefore, e.at, ['accepted']);
        acceptedAt ??= e.at;
        period = 'verification';
        extended = false;
        break;
      case 'reject':
        push(e.seq, 'rejected', placeBefore, e.at, ['rejected']);
        period = null;
        break;
      case 'transfer':
        push(e.seq, 'transferred_out', placeBefore, e.at, ['transferred_out'], {
          id: `transferred_out@${e.seq}`,
        });
        if (str(d.toTownshipCode)) {
          push(e.seq, 'transferred_in', placeAfter, e.at, ['transferred_in'], {
            id: `transferred_in@${e.seq}`,
          });
          period = 'acceptance';
        } else period = null;
        extended = false;
        break;
      case 'substantiate':
      case 'unsubstantiate': {
        const kind = action === 'substantiate' ? 'substantiated' : 'unsubstantiated';
        push(e.seq, kind, placeBefore, e.at, [kind, metric.outcomeByCategory(kind, cat)]);
        period = 'feedback';
        break;
      }
      case 'order_rectification':
        period = 'rectification';
        break;
      case 'confirm_rectification':
        if (listed) push(e.seq, 'listed_rectified', placeBefore, e.at, ['listed_rectified']);
        period = 'feedback';
        break;
      case 'close': {
        const metrics = ['closed', metric.outcomeByCategory('closed', cat)];
        if (acceptedAt && !once.has('closed'))
          metrics.push(metric.closeDays(calendarDaysBetween(acceptedAt, e.at)));
        push(e.seq, 'closed', placeBefore, e.at, metrics);
        period = null;
        break;
      }
      case 'mark_duplicate':
        push(e.seq, 'duplicate', placeBefore, e.at, ['duplicate']);
        push(e.seq, 'closed', placeBefore, e.at, ['closed', metric.outcomeByCategory('closed', cat)]);
        period = null;
        break;
      case 'approve_extension':
        extended = true;
        period = 'verification';
        break;
      case 'list_for_supervision':
        listed = true;
        push(e.seq, 'listed', placeBefore, e.at, ['listed']);
        break;
      case 'object':
        push(e.seq, 'objection', placeBefore, e.at, ['objections'], { id: `objection@${e.seq}` });
        period = 'objectionReview';
        break;
      case 'review_objection':
        if (d.upheld === true) {
          push(e.seq, 'reopened', placeBefore, e.at, ['reopened'], { id: `reopened@${e.seq}` });
          period = 'verification';
          extended = false;
        } else period = null;
        break;
    }
  }
  return out;
}

/**
 * The tallies of a reward, from the instants the record keeps: computed (with yuan) or not
 * eligible, approved (the award notice, with yuan), refused, claimed, paid (with yuan), lapsed; and
 * the claims-pending gauge, up when notified and down when claimed or lapsed.
 */
export function rewardTallies(r: RewardRecord): Tally[] {
  const place = r.jurisdiction;
  const out: Tally[] = [];
  const add = (kind: TallyKind, at: string | undefined, yuan?: number, gauge?: number) => {
    if (!at) return;
    const month = shanghaiMonth(at);
    const adds: CounterAdd[] = [{ place, month, metric: kind, delta: 1 }];
    if (yuan !== undefined) adds.push({ place, month, metric: metric.yuan(kind), delta: yuan });
    if (gauge) adds.push({ place, month: 'NOW', metric: metric.claimsPending, delta: gauge });
    out.push({ id: kind, kind, place, month, at, adds });
  };
  const computed = r.answer ? r.factsRecordedAt : undefined;
  if (r.status === 'not_eligible') add('reward_not_eligible', r.factsRecordedAt ?? r.updatedAt);
  else if (computed && r.amountYuan !== undefined) add('reward_computed', computed, r.amountYuan);
  else if (computed && r.status !== 'awaiting_facts') add('reward_computed', computed, 0);
  if (r.notifiedAt) add('reward_approved', r.notifiedAt, r.amountYuan ?? 0, 1);
  if (r.refusal) add('reward_refused', r.refusal.at);
  if (r.claimedAt) add('reward_claimed', r.claimedAt, undefined, r.notifiedAt ? -1 : undefined);
  if (r.paidAt) add('reward_paid', r.paidAt, r.amountYuan ?? 0);
  if (r.expiredAt) add('reward_expired', r.expiredAt, undefined, r.notifiedAt ? -1 : undefined);
  return out;
}
