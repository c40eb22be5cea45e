/**
 * The small checks every action shares: refusals, dates not in the past, whether an actor's
 * jurisdiction covers a case, and the facts several actions end the same way (a pending extension
 * withdrawn, a re-check closed).
 */
import { addDays } from '../calendar.ts';
import type { DestinationRefusal } from '../destinations.ts';
import { fieldLabel } from '../lifecycle-labels.ts';
import { SCOPE_LENGTHS, type StaffActor } from '../roles.ts';
import { endOfShanghaiDay, shanghaiDate } from '../shanghai-time.ts';
import type { CaseFacts } from './facts.ts';
import type { LifecycleActor, SystemActor } from './requests.ts';
import type { Checked, NextDue, Refusal, RefusalCode } from './spec.ts';

export const refuse = (code: RefusalCode, message: string, messageZh: string, field?: string): Refusal =>
  field ? { ok: false, code, message, messageZh, field } : { ok: false, code, message, messageZh };

/** A named destination refused by shared/domain/destinations.ts, as a lifecycle refusal. */
export const refuseDestination = (r: DestinationRefusal): Refusal => ({
  ok: false,
  code: r.kind === 'outside' ? 'out_of_jurisdiction' : 'invalid',
  message: r.en,
  field: r.field,
  messageZh: r.zh,
});

/** The case's place code: township, else county, else region; '' when none is known. */
export function placeOf(state: CaseFacts): string {
  return state.townshipCode ?? state.countyCode ?? state.regionCode ?? '';
}

/**
 * Whether a staff member's jurisdiction fits their role and covers the place code. A village
 * coordinator covers no place: only a re-check handed to their village (`coversRecheck`). The
 * system acts for the whole city.
 */
export function covers(actor: StaffActor | SystemActor, place: string): boolean {
  const j = actor.jurisdiction;
  if (actor.kind === 'system') return /^\d{4}$/.test(j) && (place === '' || place.startsWith(j));
  if (!/^\d+$/.test(j) || !SCOPE_LENGTHS[actor.role].includes(j.length)) return false;
  if (actor.role === 'village_coordinator') return false;
  // A case with no known place at all is city business.
  return place === '' ? j.length === 4 : place.startsWith(j);
}

/** A village coordinator acts on a case only through a re-check handed to their own village. */
export function coversRecheck(actor: StaffActor, state: CaseFacts): boolean {
  const j = actor.jurisdiction;
  return (
    /^\d{12}$/.test(j) &&
    state.recheck?.villageCode === j &&
    Boolean(state.townshipCode && j.startsWith(state.townshipCode))
  );
}

/** The end of the objection window: stored at close, else 10 calendar days (no holiday calendar). */
export function objectionWindowEnd(state: CaseFacts): number | null {
  if (state.objectionWindowEndsAt) return Date.parse(state.objectionWindowEndsAt);
  if (!state.conclusionSentAt) return null;
  return Date.parse(endOfShanghaiDay(addDays(shanghaiDate(new Date(state.conclusionSentAt)), 10)));
}

/** A request's date (its format checked by request-schema.ts) not before today in Shanghai. */
export function notPast(value: string, field: string, now: Date): Checked<string> {
  if (value < shanghaiDate(now))
    return refuse('invalid', `${field} is in the past`, `${fieldLabel(field).zh}不能早于今天`, field);
  return value;
}

export const withId = (ids: string[] | undefined, id: string): string[] =>
  ids?.includes(id) ? ids : [...(ids ?? []), id];

/** A pending extension request ends when the case leaves the township's verification. */
export const withdrawPending = (state: CaseFacts): Partial<CaseFacts> =>
  state.extension?.status === 'requested' ? { extension: { ...state.extension, status: 'withdrawn' } } : {};

/** A decision on the rectification ends the re-check: recorded → confirmed/rejected, pending → withdrawn. */
export function recheckEnded(state: CaseFacts, outcome: 'confirmed' | 'rejected'): Partial<CaseFacts> {
  const r = state.recheck;
  if (!r || (r.status !== 'requested' && r.status !== 'recorded')) return {};
  return { recheck: { ...r, status: r.status === 'recorded' ? outcome : 'withdrawn' } };
}

export function acceptanceDue(state: CaseFacts): NextDue {
  return { period: state.imminentDanger ? 'acceptanceImminent' : 'acceptance', from: 'now' };
}

/** Whether the actor is a person on staff (not the reporter, not the system). */
export const isStaff = (actor: LifecycleActor): actor is StaffActor =>
  actor.kind !== 'reporter' && actor.kind !== 'system';

/** Whether the case is under one of `discharges` and it has passed. */
export function isLate(state: CaseFacts, discharges: readonly string[], now: Date): boolean {
  const due = state.due;
  return !!due && discharges.includes(due.period) && now.getTime() > Date.parse(due.dueAt);
}
