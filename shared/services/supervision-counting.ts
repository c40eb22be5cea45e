/**
 * Supervision (考核): keeping the counters and the staff-action log after each committed write
 * (the stream consumer), and rebuilding both from the cases table (the backfill). Both offer the
 * same tallies to the same once-only markers, so they agree and never count twice. Apart from the
 * dashboards and reviews that read them (supervision.ts), which run on requests.
 */
import { caseItemKind, caseNumberOfItem } from '../db/keys.ts';
import type { CaseEvent, CaseRecord } from '../domain/case.ts';
import type { RewardRecord } from '../domain/reward-record.ts';
import { caseTallies, rewardTallies } from '../domain/supervision.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';
import type { SupervisionCounts } from '../repositories/supervision-counts.ts';

export interface SupervisionRecordDeps {
  supervision?: SupervisionCounts;
  cases: CaseRepository;
  regionCode: string;
}

interface Change {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

const isCase = (i?: Record<string, unknown>) => caseItemKind(i) === 'case';
const isReward = (i?: Record<string, unknown>) => caseItemKind(i) === 'reward';
const isEvent = (i?: Record<string, unknown>) => caseItemKind(i) === 'event';

/** The access-review name of a staff event: the lifecycle or reward action, else its type. */
export function accessActionOf(e: Pick<CaseEvent, 'type' | 'action'>): string {
  if ((e.type === 'transition' || e.type === 'reward') && e.action) return e.action;
  if (e.type === 'staff_viewed') return 'viewed';
  return e.type;
}

/** Where a case is now, for the access log: its township, else its county, else the region. */
export const placeOfCase = (r: Pick<CaseRecord, 'townshipCode' | 'location'>, regionCode: string) =>
  r.townshipCode ?? r.location.countyCode ?? regionCode;

/**
 * Counts what one committed write changed: the tallies of the events a case write appended, the
 * stages a reward reached, and a staff event into the access log. Idempotent (markers, same-key
 * puts), so redelivered records change nothing.
 */
export async function recordSupervisionChange(deps: SupervisionRecordDeps, change: Change): Promise<void> {
  const store = deps.supervision;
  if (!store || change.eventName === 'REMOVE' || !change.newImage) return;
  const image = change.newImage;
  if (isCase(image)) {
    const after = image as unknown as CaseRecord;
    const before = change.oldImage as unknown as CaseRecord | undefined;
    const since = change.eventName === 'INSERT' ? 0 : (before?.lastEventSeq ?? 0);
    if (after.lastEventSeq <= since) return;
    // Only the events up to this write: later ones are counted with their own records.
    const events = (await deps.cases.listEvents(after.caseNumber)).filter((e) => e.seq <= after.lastEventSeq);
    const fresh = caseTallies(after, events, deps.regionCode).filter((t) => t.seq > since);
    for (const t of fresh)
      await store.countOnce(
        { caseNumber: after.caseNumber, category: after.category, channel: after.channel },
        t,
      );
    return;
  }
  if (isReward(image)) {
    const after = image as unknown as RewardRecord;
    const known = new Set(
      change.oldImage && isReward(change.oldImage)
        ? rewardTallies(change.oldImage as unknown as RewardRecord).map((t) => t.id)
        : [],
    );
    const stored = await deps.cases.get(after.caseNumber);
    const category = stored?.record.category ?? 'major_hazard';
    for (const t of rewardTallies(after))
      if (!known.has(t.id)) await store.countOnce({ caseNumber: after.caseNumber, category }, t);
    return;
  }
  if (change.eventName === 'INSERT' && isEvent(image)) {
    const e = image as unknown as CaseEvent;
    if (e.actor?.kind !== 'staff') return;
    const caseNumber = caseNumberOfItem(image) as string;
    const stored = await deps.cases.get(caseNumber);
    if (!stored) return;
    await store.recordAccess({
      at: e.at,
      staffId: e.actor.staffId,
      caseNumber,
      action: accessActionOf(e),
      place: placeOfCase(stored.record, deps.regionCode),
      seq: e.seq,
    });
  }
}

/**
 * Rebuilds the counters and the access log of one case from its record, timeline and reward (the
 * backfill): every tally is offered, and the markers skip what is counted already.
 */
export async function backfillCase(
  deps: SupervisionRecordDeps & { supervision: SupervisionCounts },
  record: CaseRecord,
  reward: RewardRecord | null,
): Promise<{ counted: number; accessEntries: number }> {
  const events = await deps.cases.listEvents(record.caseNumber);
  let counted = 0;
  const facts = { caseNumber: record.caseNumber, category: record.category, channel: record.channel };
  for (const t of caseTallies(record, events, deps.regionCode))
    if (await deps.supervision.countOnce(facts, t)) counted++;
  if (reward)
    for (const t of rewardTallies(reward))
      if (await deps.supervision.countOnce({ caseNumber: record.caseNumber, category: record.category }, t))
        counted++;
  let accessEntries = 0;
  for (const e of events) {
    if (e.actor.kind !== 'staff') continue;
    await deps.supervision.recordAccess({
      at: e.at,
      staffId: e.actor.staffId,
      caseNumber: record.caseNumber,
      action: accessActionOf(e),
      place: placeOfCase(record, deps.regionCode),
      seq: e.seq,
    });
    accessEntries++;
  }
  return { counted, accessEntries };
}

/**
 * Rebuilds the supervision counters and the access log from the cases table (`npm run
 * backfill:counters`): every case with its timeline and reward, counted through the same tallies
 * and markers as the live path, so running it on a live table, or twice, counts nothing twice.
 */
export async function backfillCounters(
  deps: SupervisionRecordDeps & { supervision: SupervisionCounts },
  items: AsyncIterable<{ kind: 'case' | 'reward'; item: Record<string, unknown> }>,
  progress?: (done: number) => void,
): Promise<{ cases: number; counted: number; accessEntries: number }> {
  const rewards = new Map<string, RewardRecord>();
  const records: CaseRecord[] = [];
  for await (const { kind, item } of items) {
    if (kind === 'reward') rewards.set(String(item.caseNumber), item as unknown as RewardRecord);
    else records.push(item as unknown as CaseRecord);
  }
  let counted = 0;
  let accessEntries = 0;
  for (const [i, record] of records.entries()) {
    const r = await backfillCase(deps, record, rewards.get(record.caseNumber) ?? null);
    counted += r.counted;
    accessEntries += r.accessEntries;
    progress?.(i + 1);
  }
  return { cases: records.length, counted, accessEntries };
}
