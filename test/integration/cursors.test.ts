/**
 * Page cursors are opaque and authenticated: a malformed, forged or altered cursor, or one replayed
 * by another caller or with another query, is a 400 naming `cursor` — on every paginated list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  for (let i = 0; i < 3; i++) await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined }));
});
afterAll(async () => {
  await h.cleanup();
});

const auth = async (role: StaffRole, jurisdiction: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});

const forged = Buffer.from(JSON.stringify({ 'C#411081': { pk: { S: 'CASE#1' } } })).toString('base64url');
const BAD = ['garbage!!', forged, `${forged}.${'A'.repeat(43)}`, 'e30', '%00', 'a'.repeat(5000)];

describe('cursors', () => {
  it('a real cursor pages on; a bad one is a 400 naming cursor, on the API and the pages', async () => {
    const supervisor = await auth('county_supervisor', '411081');
    const first = await h.app.request('/api/v1/cases?limit=1', { headers: supervisor });
    const { cursor } = (await first.json()) as { cursor: string };
    expect(cursor).toMatch(/\./);
    const second = await h.app.request(`/api/v1/cases?limit=1&cursor=${encodeURIComponent(cursor)}`, {
      headers: supervisor,
    });
    expect(second.status).toBe(200);

    const finance = await auth('finance_officer', '4110');
    for (const bad of BAD) {
      const q = encodeURIComponent(bad);
      for (const [path, who] of [
        [`/api/v1/cases?cursor=${q}`, supervisor],
        [`/api/v1/rewards?stage=approve&cursor=${q}`, finance],
      ] as const) {
        const res = await h.app.request(path, { headers: who });
        expect(res.status, `${path}`).toBe(400);
        const body = (await res.json()) as { error: { fields: { field: string }[]; messageZh: string } };
        expect(body.error.fields[0]?.field).toBe('cursor');
        expect(body.error.messageZh).not.toMatch(/cursor/);
      }
      for (const [path, who] of [
        [`/staff?cursor=${q}`, supervisor],
        [`/staff/rewards?stage=approve&cursor=${q}`, finance],
      ] as const) {
        const res = await h.app.request(path, { headers: who });
        expect(res.status, path).toBeGreaterThanOrEqual(400);
        expect(res.status, path).toBeLessThan(500);
      }
    }
  });

  it('is bound to the caller and the query', async () => {
    const supervisor = await auth('county_supervisor', '411081');
    const { cursor } = (await (
      await h.app.request('/api/v1/cases?limit=1', { headers: supervisor })
    ).json()) as {
      cursor: string;
    };
    const q = encodeURIComponent(cursor);
    const other = await auth('county_supervisor', '411003');
    expect((await h.app.request(`/api/v1/cases?limit=1&cursor=${q}`, { headers: other })).status).toBe(400);
    const filtered = `/api/v1/cases?limit=1&status=accepted&cursor=${q}`;
    expect((await h.app.request(filtered, { headers: supervisor })).status).toBe(400);
    // One character changed in the position: refused.
    const [body, mac] = cursor.split('.') as [string, string];
    const flipped = `${body.slice(0, -1)}${body.endsWith('A') ? 'B' : 'A'}.${mac}`;
    expect(
      (await h.app.request(`/api/v1/cases?cursor=${encodeURIComponent(flipped)}`, { headers: supervisor }))
        .status,
    ).toBe(400);
  });
});
