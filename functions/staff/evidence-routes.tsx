/**
 * Staff access to evidence files, for the console (cookie) and the JSON API (Bearer): the file and
 * its thumbnail, only for a case the staff member may read (404 otherwise, like the case). Opening
 * the full file is an audit event. Files are served with no-store, nosniff and a sandboxing CSP,
 * and named by their label (照片-1.jpg), never by their original name.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { parseOrThrow } from '#functions/http/validation.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import type { StaffDeps } from '#shared/services/case-access.ts';
import { type EvidenceDeps, openEvidence, staffEvidenceList } from '#shared/services/evidence.ts';
import { requireStaff } from './auth.ts';
import { EvidenceParamsSchema as Params } from './schemas.ts';

export function evidenceStaffRoutes(deps: StaffDeps & EvidenceDeps, verify: StaffVerifier) {
  const app = new Hono();
  const api = requireStaff(verify, { pages: false });
  const pages = requireStaff(verify, { pages: true });

  const send = async (c: Context, variant: 'file' | 'thumb') => {
    const { caseNumber, id } = parseOrThrow(Params, c.req.param(), 'path');
    const file = await openEvidence(deps, c.get('staff'), caseNumber, id, variant);
    c.header('Content-Type', file.mimeType);
    c.header('Cache-Control', 'no-store, private');
    c.header('X-Content-Type-Options', 'nosniff');
    // A file is shown, never run: no scripts, no forms, no plugins, even if a PDF viewer tried.
    c.header(
      'Content-Security-Policy',
      "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
    );
    c.header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    return c.body(new Uint8Array(file.bytes), 200);
  };

  app.get('/api/v1/cases/:caseNumber/evidence', api, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ evidence: await staffEvidenceList(deps, c.get('staff'), c.req.param('caseNumber')) });
  });
  app.get('/api/v1/cases/:caseNumber/evidence/:id', api, (c) => send(c, 'file'));
  app.get('/api/v1/cases/:caseNumber/evidence/:id/thumbnail', api, (c) => send(c, 'thumb'));
  app.get('/staff/cases/:caseNumber/evidence/:id', pages, (c) => send(c, 'file'));
  app.get('/staff/cases/:caseNumber/evidence/:id/thumbnail', pages, (c) => send(c, 'thumb'));
  return app;
}
