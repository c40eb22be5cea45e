/**
 * The complete record of what staff wrote on a case, in one shape for the case page and for
 * `GET /api/v1/cases/{n}` (`record`): the facts the lifecycle keeps on the case (conclusion,
 * rectification order, extension, objection …) joined with the texts only the timeline holds
 * (findings, feedback, notes of each step). Staff-only: it never holds identity.
 */
import type { CaseEvent, CaseRecord } from '#shared/domain/case.ts';

export interface RecordedText {
  at: string;
  /** Staff id ('reporter' for the reporter's objection). */
  by: string;
  text: string;
}

export interface CaseRecordView {
  acceptance?: { at: string; by: string; note?: string };
  rejection?: { at: string; by: string; reason: string };
  transfers: {
    at: string;
    by: string;
    fromTownshipCode?: string;
    toTownshipCode?: string;
    toDepartment?: string;
    reason: string;
  }[];
  /** Every "record findings" entry, oldest first. */
  findings: RecordedText[];
  conclusion?: { outcome: 'substantiated' | 'unsubstantiated'; text: string; at: string; by: string };
  rectification?: {
    order: string;
    deadline: string;
    orderedAt: string;
    orderedBy: string;
    confirmedAt?: string;
    confirmedBy?: string;
    note?: string;
  };
  extension?: {
    status: 'requested' | 'approved' | 'refused' | 'withdrawn';
    reason: string;
    requestedAt: string;
    requestedBy: string;
    days?: number;
    decisionReason?: string;
    decidedAt?: string;
    decidedBy?: string;
  };
  supervision?: { deadline: string; listedAt: string; listedBy: string; publicName?: string; note?: string };
  duplicateOf?: string;
  /** The feedback sent to the reporter at each close (a reopened case is closed again). */
  feedback: RecordedText[];
  objection?: {
    status: 'pending' | 'upheld' | 'dismissed';
    raisedAt: string;
    reason: string;
    reviewedAt?: string;
    reviewedBy?: string;
    reviewReason?: string;
  };
  /** Notes staff added to a step (accept, start verification, assign …) and internal notes. */
  notes: (RecordedText & { action?: string })[];
}

const by = (e: CaseEvent) =>
  e.actor.kind === 'staff' ? e.actor.staffId : e.actor.kind === 'reporter' ? 'reporter' : 'system';

/** Actions whose internal note is the step's own text, kept under its own heading. */
const OWN_TEXT = new Set(['record_findings', 'substantiate', 'unsubstantiate', 'order_rectification']);
const KEPT_WITH_FACTS = new Set([
  'request_extension',
  'refuse_extension',
  'list_for_supervision',
  'confirm_rectification',
]);

export function caseRecordView(record: CaseRecord, events: CaseEvent[]): CaseRecordView {
  const findings: RecordedText[] = [];
  const feedback: RecordedText[] = [];
  const notes: CaseRecordView['notes'] = [];
  for (const e of events) {
    if (e.type === 'transition' && e.action === 'record_findings' && e.internalNote)
      findings.push({ at: e.at, by: by(e), text: e.internalNote });
    else if (e.type === 'transition' && e.action === 'close' && e.text)
      feedback.push({ at: e.at, by: by(e), text: e.text });
    else if (e.type === 'internal_note' && e.text) notes.push({ at: e.at, by: by(e), text: e.text });
    else if (
      e.type === 'transition' &&
      e.internalNote &&
      !OWN_TEXT.has(e.action ?? '') &&
      // These steps' notes are kept with their own facts (extension, supervision, rectification).
      !KEPT_WITH_FACTS.has(e.action ?? '')
    )
      notes.push({ at: e.at, by: by(e), text: e.internalNote, ...(e.action ? { action: e.action } : {}) });
  }
  const acceptNote = events.find((e) => e.type === 'transition' && e.action === 'accept')?.internalNote;
  return {
    ...(record.acceptedAt
      ? {
          acceptance: {
            at: record.acceptedAt,
            by: record.acceptedBy ?? '',
            ...(acceptNote ? { note: acceptNote } : {}),
          },
        }
      : {}),
    ...(record.rejection ? { rejection: record.rejection } : {}),
    transfers: record.transfers ?? [],
    findings,
    ...(record.conclusion ? { conclusion: record.conclusion } : {}),
    ...(record.rectification ? { rectification: record.rectification } : {}),
    ...(record.extension ? { extension: record.extension } : {}),
    ...(record.supervision ? { supervision: record.supervision } : {}),
    ...(record.duplicateOf ? { duplicateOf: record.duplicateOf } : {}),
    feedback,
    ...(record.objection ? { objection: record.objection } : {}),
    notes: notes.filter((n) => n.action !== 'accept'),
  };
}
