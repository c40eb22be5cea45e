/** The staff JSON API: queues, the case page, messages, transitions. Handlers parse, call, shape. */
import { Hono } from 'hono';
import { ReportSchema } from '#functions/http/schemas.ts';
import { parseJsonBody, parseOrThrow } from '#functions/http/validation.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import type { CaseEvent, CaseRecord } from '#shared/domain/case.ts';
import { PreconditionRequiredError } from '#shared/errors.ts';
import { type EvidenceDeps, summarize } from '#shared/services/evidence.ts';
import type { IntakeDeps } from '#shared/services/intake.ts';
import {
  type ListDeps,
  openCase,
  phoneIntake,
  staffMessage,
  staffQueue,
  type TransitionDeps,
  transitionCase,
} from '#shared/services/staff-cases.ts';
import { requireStaff } from './auth.ts';
import { caseRecordView } from './case-record.ts';
import { QueueQuerySchema, StaffMessageSchema, TransitionSchema } from './schemas.ts';

export { QueueQuerySchema, StaffMessageSchema, TransitionSchema };

/** What staff see of a case: the record as stored (it never holds identity) without internals. */
export function staffCaseView(record: CaseRecord) {
  const { lastEventHash: _h, ...rest } = record;
  return rest;
}

export function staffEventView(e: CaseEvent) {
  return {
    seq: e.seq,
    type: e.type,
    at: e.at,
    actor: e.actor.kind === 'staff' ? { kind: 'staff', staffId: e.actor.staffId } : { kind: e.actor.kind },
    reporterVisible: e.reporterVisible,
    ...(e.status ? { status: e.status } : {}),
    ...(e.action ? { action: e.action } : {}),
    ...(e.text ? { text: e.text } : {}),
    // Staff-only texts of a step (findings, conclusion, order, notes); the reporter never sees them.
    ...(e.internalNote ? { internalNote: e.internalNote } : {}),
    hash: e.hash,
  };
}

/** `If-Match: "3"` (or `3`, or `W/"3"`) → 3; absent → 428. */
export function versionOf(ifMatch: string | undefined): number {
  const m = ifMatch ? /^(?:W\/)?"?(\d+)"?$/.exec(ifMatch.trim()) : null;
  if (!m) throw new PreconditionRequiredError('If-Match required');
  return Number(m[1]);
}

export function staffApi(
  deps: TransitionDeps & IntakeDeps & Pick<EvidenceDeps, 'evidence'> & ListDeps,
  verify: StaffVerifier,
) {
  const app = new Hono();
  app.use('/api/v1/cases', requireStaff(verify, { pages: false }));
  app.use('/api/v1/cases/*', requireStaff(verify, { pages: false }));

  app.get('/api/v1/cases', async (c) => {
    const q = parseOrThrow(QueueQuerySchema, c.req.query(), 'query');
    const page = await staffQueue(deps, c.get('staff'), {
      status: q.status,
      category: q.category,
      townshipCode: q.township,
      limit: q.limit ?? 25,
      cursor: q.cursor,
    });
    c.header('Cache-Control', 'no-store');
    return c.json({ cases: page.cases.map(staffCaseView), ...(page.cursor ? { cursor: page.cursor } : {}) });
  });

  app.get('/api/v1/cases/:caseNumber', async (c) => {
    const { record, events } = await openCase(deps, c.get('staff'), c.req.param('caseNumber'));
    c.header('Cache-Control', 'no-store');
    c.header('ETag', `"${record.version}"`);
    // Evidence: id, kind, size, time and a label (照片 1); never a file name. The file itself is at
    // …/evidence/{id} (functions/staff/evidence-routes.tsx).
    const evidence = summarize(await deps.evidence.list(record.caseNumber));
    return c.json({
      case: staffCaseView(record),
      record: caseRecordView(record, events),
      timeline: events.map(staffEventView),
      evidence,
    });
  });

  app.post('/api/v1/cases/:caseNumber/messages', async (c) => {
    const body = await parseJsonBody(c, StaffMessageSchema);
    const record = await staffMessage(
      deps,
      c.get('staff'),
      c.req.param('caseNumber'),
      body.text,
      body.internal ?? false,
      c.req.header('idempotency-key'),
    );
    return c.json({ caseNumber: record.caseNumber, lastEventSeq: record.lastEventSeq }, 201);
  });

  /** Phone intake by an operator (channel = phone): same body and validation as POST /api/v1/reports. */
  app.post('/api/v1/cases', async (c) => {
    const input = await parseJsonBody(c, ReportSchema);
    const { replayed, ...created } = await phoneIntake(
      deps,
      c.get('staff'),
      input,
      c.req.header('idempotency-key'),
    );
    c.header('Cache-Control', 'no-store');
    if (replayed) c.header('Idempotent-Replayed', 'true');
    return c.json(created, 201);
  });

  app.post('/api/v1/cases/:caseNumber/transitions', async (c) => {
    const expected = versionOf(c.req.header('if-match'));
    const request = await parseJsonBody(c, TransitionSchema);
    const { record, decision } = await transitionCase(
      deps,
      { staff: c.get('staff') },
      c.req.param('caseNumber'),
      request,
      expected,
    );
    c.header('ETag', `"${record.version}"`);
    return c.json({ case: staffCaseView(record), action: decision.action, late: decision.late }, 200);
  });

  return app;
}
