/**
 * The authorization matrix (issue: staff case work): every role × every staff route × cases in two
 * townships of different counties. Fails on any cross-jurisdiction read or write, and on any
 * answer that would tell a foreign case from a missing one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
const cases: Record<'lingjing' | 'shenhou', string> = { lingjing: '', shenhou: '' };
const TOWNSHIP = { lingjing: '411003106', shenhou: '411081103' } as const;

const PRINCIPALS: { role: StaffRole; jurisdiction: string }[] = [
  { role: 'operator', jurisdiction: '4110' },
  { role: 'operator', jurisdiction: '411003' },
  { role: 'township_officer', jurisdiction: '411003106' },
  { role: 'township_officer', jurisdiction: '411081103' },
  { role: 'county_supervisor', jurisdiction: '411003' },
  { role: 'county_supervisor', jurisdiction: '411081' },
  { role: 'finance_officer', jurisdiction: '4110' },
  { role: 'finance_officer', jurisdiction: '411081' },
  { role: 'identity_custodian', jurisdiction: '4110' },
  { role: 'auditor', jurisdiction: '4110' },
  { role: 'auditor', jurisdiction: '411003' },
  // A village of 灵井镇: inside the township of one case, yet never a reader of citizens' cases.
  { role: 'village_coordinator', jurisdiction: '411003106207' },
];
const READERS: StaffRole[] = [
  'operator',
  'township_officer',
  'county_supervisor',
  'finance_officer',
  'auditor',
];
const WRITERS: StaffRole[] = ['operator', 'township_officer', 'county_supervisor'];

beforeAll(async () => {
  h = await createHarness();
  for (const key of ['lingjing', 'shenhou'] as const) {
    const res = await postJson(
      h.app,
      '/api/v1/reports',
      reportBody({ occurredAt: undefined, location: { townshipCode: TOWNSHIP[key] } }),
    );
    cases[key] = ((await res.json()) as { caseNumber: string }).caseNumber;
  }
});
afterAll(async () => {
  await h.cleanup();
});

type Call = {
  name: string;
  write: boolean;
  run: (cn: string, headers: Record<string, string>) => Response | Promise<Response>;
};
const form = (body: Record<string, string>) => ({
  'content-type': 'application/x-www-form-urlencoded',
  _body: new URLSearchParams(body).toString(),
});
const ROUTES: Call[] = [
  {
    name: 'GET /api/v1/cases/{n}',
    write: false,
    run: (cn, headers) => h.app.request(`/api/v1/cases/${cn}`, { headers }),
  },
  {
    name: 'POST /api/v1/cases/{n}/messages',
    write: true,
    run: (cn, headers) =>
      h.app.request(`/api/v1/cases/${cn}/messages`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ text: '矩阵测试消息', internal: true }),
      }),
  },
  {
    name: 'POST /api/v1/cases/{n}/transitions',
    write: true,
    run: (cn, headers) =>
      h.app.request(`/api/v1/cases/${cn}/transitions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'if-match': '"1"' },
        body: JSON.stringify({ action: 'mark_duplicate', ofCaseNumber: '20000101-000001' }),
      }),
  },
  {
    name: 'GET /staff/cases/{n}',
    write: false,
    run: (cn, headers) => h.app.request(`/staff/cases/${cn}`, { headers }),
  },
  {
    name: 'POST /staff/cases/{n}/messages',
    write: true,
    run: (cn, headers) => {
      const f = form({ text: '矩阵测试', internal: 'on' });
      return h.app.request(`/staff/cases/${cn}/messages`, {
        method: 'POST',
        headers: { ...headers, 'content-type': f['content-type'] },
        body: f._body,
      });
    },
  },
  {
    name: 'POST /staff/cases/{n}/transitions',
    write: true,
    run: (cn, headers) => {
      const f = form({ action: 'mark_duplicate', ofCaseNumber: '20000101-000001', version: '1' });
      return h.app.request(`/staff/cases/${cn}/transitions`, {
        method: 'POST',
        headers: { ...headers, 'content-type': f['content-type'] },
        body: f._body,
      });
    },
  },
];

const label = (p: { role: string; jurisdiction: string }) => `${p.role}@${p.jurisdiction}`;

describe.each(PRINCIPALS)('$role@$jurisdiction', (principal) => {
  const headers = async () => ({
    authorization: `Bearer ${await h.tokenFor({ ...principal, id: label(principal) })}`,
  });

  it('lists no case outside the jurisdiction', async () => {
    const res = await h.app.request('/api/v1/cases', { headers: await headers() });
    if (!READERS.includes(principal.role)) {
      expect(res.status).toBe(403);
      return;
    }
    expect(res.status).toBe(200);
    const listed = ((await res.json()) as { cases: { caseNumber: string; townshipCode?: string }[] }).cases;
    for (const c of listed) expect(c.townshipCode ?? '').toMatch(new RegExp(`^${principal.jurisdiction}`));
  });

  it.each(ROUTES)('$name: no read or write outside the jurisdiction', async (route) => {
    for (const key of ['lingjing', 'shenhou'] as const) {
      const cn = cases[key];
      const inside = TOWNSHIP[key].startsWith(principal.jurisdiction);
      const allowedRole = route.write ? WRITERS.includes(principal.role) : READERS.includes(principal.role);
      const before = (await h.deps.cases.listEvents(cn)).length;
      const res = await route.run(cn, await headers());
      const after = await h.deps.cases.listEvents(cn);
      const byMe = after
        .slice(before)
        .filter((e) => e.actor.kind === 'staff' && e.actor.staffId === label(principal));
      if (!inside || !READERS.includes(principal.role)) {
        // Outside the jurisdiction (or a role that reads no cases): the same 404 as an unknown case,
        // and not a single event written.
        expect(res.status, `${label(principal)} ${route.name} ${key}`).toBe(404);
        expect(byMe, `${label(principal)} ${route.name} ${key}`).toEqual([]);
        const unknown = await route.run('20000101-000000', await headers());
        expect(unknown.status).toBe(404);
      } else if (!allowedRole) {
        expect([403, 404, 409]).toContain(res.status);
        expect(byMe.filter((e) => e.type !== 'staff_viewed')).toEqual([]);
      } else {
        expect(res.status, `${label(principal)} ${route.name} ${key}`).toBeLessThan(500);
      }
    }
  });
});
