/**
 * Tamper-evident timeline: each event's hash covers its content and the previous event's hash, so
 * rewriting or removing an event breaks every hash after it (SPEC §6).
 */
import { createHash } from 'node:crypto';
import type { CaseEvent } from './case.ts';

export type UnhashedEvent = Omit<CaseEvent, 'hash' | 'prevHash'>;

function canonical(e: UnhashedEvent, prevHash: string): string {
  // Staff-only transition details are covered too; appended only when present. A stored map's keys
  // come back in any order, so the details are hashed with their keys sorted.
  const detail =
    e.detail && Object.fromEntries(Object.entries(e.detail).sort(([a], [b]) => (a < b ? -1 : 1)));
  const extra =
    e.internalNote !== undefined || e.detail !== undefined ? [e.internalNote ?? null, detail ?? null] : [];
  return JSON.stringify([
    e.seq,
    e.type,
    e.at,
    e.actor,
    e.reporterVisible,
    e.status ?? null,
    e.text ?? null,
    e.action ?? null,
    prevHash,
    ...extra,
  ]);
}

export function chainEvent(e: UnhashedEvent, prevHash: string): CaseEvent {
  const hash = createHash('sha256').update(canonical(e, prevHash)).digest('hex');
  return { ...e, prevHash, hash };
}

/** Returns the seq of the first event whose hash or link does not verify, or null if intact. */
export function firstBrokenLink(events: CaseEvent[]): number | null {
  let prev = '';
  for (const e of events) {
    const { hash, prevHash, ...rest } = e;
    if (prevHash !== prev || chainEvent(rest, prev).hash !== hash) return e.seq;
    prev = hash;
  }
  return null;
}
