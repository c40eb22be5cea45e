/**
 * Every code a transition names is looked up: a transfer to a township that does not exist, lies in
 * another city, or lies outside what the actor may send to is a 400 naming the field and changes
 * nothing; a duplicate's first case must exist within the actor's reach; the reporter of a
 * duplicate is told and may object. Cases an earlier version stranded are found and returned to
 * triage by `npm run repair:orphans`.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StaffRole } from '#shared/auth/staff.ts';
import { queueKeys } from '#shared/db/keys.ts';
import { chainEvent, firstBrokenLink } from '#shared/domain/audit-chain.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

const LINGJING = '411003106';
const ZHANGPAN = '411003105';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function file(location: Record<string, string> = { townshipCode: LINGJING }) {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined, location }));
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

const auth = async (role: StaffRole, jurisdiction: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});

async function act(headers: Record<string, string>, cn: string, version: number, body: unknown) {
  return h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify(body),
  });
}

type ErrorBody = { error: { code: string; messageZh: string; fields: { field: string; zh: string }[] } };

describe('transfer destinations are looked up', () => {
  it('refuses a township that does not exist, one of another city, and all zeros; nothing changes', async () => {
    const c = await file();
    const officer = await auth('township_officer', LINGJING);
    const supervisor = await auth('county_supervisor', '411003');
    const before = await h.deps.cases.get(c.caseNumber);
    const tries: [Record<string, string>, string][] = [
      [officer, '999999999'],
      [officer, '410102001'],
      [supervisor, '000000000'],
      [officer, '411081103'], // real, but in another county of the city
    ];
    for (const [who, code] of tries) {
      const res = await act(who, c.caseNumber, 1, {
        action: 'transfer',
        toTownshipCode: code,
        reason: '移交',
      });
      expect(res.status, code).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.fields[0]?.field).toBe('toTownshipCode');
      expect(body.error.messageZh).not.toMatch(/[a-zA-Z]/);
    }
    const after = await h.deps.cases.get(c.caseNumber);
    expect(after?.record).toEqual(before?.record);
    // Still in the officer's queue and readable by them.
    const queue = (await (await h.app.request('/api/v1/cases', { headers: officer })).json()) as {
      cases: { caseNumber: string }[];
    };
    expect(queue.cases.map((x) => x.caseNumber)).toContain(c.caseNumber);
  });

  it('allows a real township of the county, and back to the city triage', async () => {
    const c = await file();
    const officer = await auth('township_officer', LINGJING);
    const ok = await act(officer, c.caseNumber, 1, {
      action: 'transfer',
      toTownshipCode: ZHANGPAN,
      reason: '属张潘镇',
    });
    expect(ok.status).toBe(200);
    const supervisor = await auth('county_supervisor', '411003');
    const back = await act(supervisor, c.caseNumber, 2, {
      action: 'transfer',
      toTriage: true,
      reason: '事发地在禹州市',
    });
    expect(back.status).toBe(200);
    const cityOperator = await auth('operator', '4110');
    const triage = (await (await h.app.request('/api/v1/cases', { headers: cityOperator })).json()) as {
      cases: { caseNumber: string; status: string }[];
    };
    expect(triage.cases.find((x) => x.caseNumber === c.caseNumber)?.status).toBe('triage');
    const route = await act(cityOperator, c.caseNumber, 3, {
      action: 'assign_township',
      townshipCode: '411081103',
    });
    expect(route.status).toBe(200);
    const bogus = await act(cityOperator, c.caseNumber, 4, {
      action: 'assign_township',
      townshipCode: '411081999',
    });
    expect(bogus.status).toBe(400);
  });
});

describe('duplicates', () => {
  it('needs a first case that exists and is within reach; the reporter is told and may object', async () => {
    const first = await file();
    const later = await file();
    const elsewhere = await file({ townshipCode: '411081103' });
    const officer = await auth('township_officer', LINGJING);
    const dup = (of: string) =>
      act(officer, later.caseNumber, 1, { action: 'mark_duplicate', ofCaseNumber: of });
    for (const of of ['19990101-000000', later.caseNumber, elsewhere.caseNumber]) {
      const res = await dup(of);
      expect(res.status, of).toBe(400);
      expect(((await res.json()) as ErrorBody).error.fields[0]?.field).toBe('ofCaseNumber');
    }
    expect((await h.deps.cases.get(later.caseNumber))?.record.status).toBe('assigned');
    expect((await dup(first.caseNumber)).status).toBe(200);
    // The first case cannot now be marked a duplicate of the later one.
    const loop = await act(officer, first.caseNumber, 1, {
      action: 'mark_duplicate',
      ofCaseNumber: later.caseNumber,
    });
    expect(loop.status).toBe(400);

    const view = (await (
      await h.app.request(`/api/v1/reports/${later.caseNumber}`, {
        headers: { 'x-access-key': later.accessKey },
      })
    ).json()) as { status: string; timeline: { text?: string }[] };
    expect(view.status).toBe('closed');
    expect(JSON.stringify(view.timeline)).toContain('并入');
    expect(JSON.stringify(view)).not.toContain(first.caseNumber);
    const objection = await postJson(
      h.app,
      `/api/v1/reports/${later.caseNumber}/objection`,
      { reason: '这不是同一件事，地点不同。' },
      { 'x-access-key': later.accessKey },
    );
    expect(objection.status).toBeLessThan(300);
    const reopened = (await h.deps.cases.get(later.caseNumber))?.record;
    expect(reopened?.objection?.status).toBe('pending');
  });
});

describe('npm run repair:orphans', () => {
  it('returns cases stranded under a nonexistent code to their county triage', async () => {
    const c = await file();
    // What the old code did: a transfer to 999999999 accepted as it was.
    const stored = (await h.deps.cases.get(c.caseNumber))!;
    const r = stored.record;
    const at = new Date().toISOString();
    const event = chainEvent(
      {
        seq: r.lastEventSeq + 1,
        type: 'transition',
        action: 'transfer',
        at,
        actor: { kind: 'staff', staffId: 'old-code' },
        reporterVisible: true,
        status: 'assigned',
      },
      r.lastEventHash,
    );
    const location = { ...r.location, townshipCode: '999999999', countyCode: '999999' };
    await h.deps.cases.appendEvent(c.caseNumber, event, {
      now: at,
      expectedVersion: r.version,
      set: {
        townshipCode: '999999999',
        location,
        transfers: [
          { at, by: 'old-code', fromTownshipCode: LINGJING, toTownshipCode: '999999999', reason: 'x' },
        ],
        ...queueKeys({ ...location, regionCode: '4110' }, r.due!.dueAt, c.caseNumber),
      },
    });
    const countyOperator = await auth('operator', '411003');
    const open = (n: string) => h.app.request(`/api/v1/cases/${n}`, { headers: countyOperator });
    expect((await open(c.caseNumber)).status).toBe(404);

    const dataDir = mkdtempSync(join(tmpdir(), 'repair-cli-'));
    writeFileSync(join(dataDir, 'endpoint.json'), JSON.stringify({ endpoint: inject('dynamoEndpoint') }));
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      TABLE_PREFIX: h.tables.cases.replace(/-cases$/, ''),
      DIRECTORY_TABLE: h.tables.directory,
    };
    try {
      const run = (...args: string[]) =>
        promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/repair-orphans.ts', ...args], {
          env,
        });
      const dry = await run('--dry-run');
      expect(dry.stdout).toContain(c.caseNumber);
      expect((await h.deps.cases.get(c.caseNumber))?.record.townshipCode).toBe('999999999');
      const done = await run();
      const line = done.stdout.split('\n').find((l) => l.includes(c.caseNumber));
      expect(JSON.parse(line!)).toMatchObject({
        unreachableCode: '999999999',
        returnedTo: '411003',
        repaired: true,
      });
      expect((await run()).stdout).not.toContain(c.caseNumber);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const repaired = (await h.deps.cases.get(c.caseNumber))!.record;
    expect(repaired).toMatchObject({ status: 'triage', location: { countyCode: '411003' } });
    expect(repaired.townshipCode).toBeUndefined();
    expect((await open(c.caseNumber)).status).toBe(200);
    const triage = (await (await h.app.request('/api/v1/cases', { headers: countyOperator })).json()) as {
      cases: { caseNumber: string }[];
    };
    expect(triage.cases.map((x) => x.caseNumber)).toContain(c.caseNumber);
    expect(firstBrokenLink(await h.deps.cases.listEvents(c.caseNumber))).toBeNull();
  });
});
