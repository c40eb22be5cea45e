/**
 * The staff inbox through the app on DynamoDB Local: the notifications the stream consumer and the
 * sweep publish are kept once each (also when the topic fails and the record is delivered again),
 * addressed by role and jurisdiction, newest first, unread marked per staff member and counted in
 * the console header; opening one marks it read and leads to its case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '#shared/domain/roles.ts';
import { UnavailableError } from '#shared/errors.ts';
import type { Notification } from '#shared/notify.ts';
import { sweepDeadlines } from '#shared/services/deadline-sweep.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
const LINGJING = '411003106';
const SHENHOU = '411081103';
/** The staff topic is down for the first publish of every assignment and of the first escalation. */
const published: Notification[] = [];
const failedOnce = new Set<string>();
const failsOnce = (n: Notification) =>
  !failedOnce.has(n.id) &&
  (n.kind === 'case_assigned' ||
    (n.kind === 'deadline_escalation' &&
      ![...failedOnce].some((id) => id.startsWith('deadline_escalation'))));

const bearer = async (role: StaffRole, jurisdiction: string, id = `${role}@${jurisdiction}`) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id })}`,
});
const cookie = async (role: StaffRole, jurisdiction: string, id = `${role}@${jurisdiction}`) => ({
  cookie: `chuishao_staff=${await h.tokenFor({ role, jurisdiction, id })}`,
});

interface InboxBody {
  unread: number;
  items: { id: string; kind: string; caseNumber: string; unread: boolean; at: string; link: string }[];
  cursor?: string;
}
async function inbox(headers: Record<string, string>, query = '') {
  const res = await h.app.request(`/api/v1/inbox${query}`, { headers });
  expect(res.status).toBe(200);
  return (await res.json()) as InboxBody;
}

async function file(township: string, at: string) {
  h.setNow(at);
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      occurredAt: undefined,
      reporter: { name: '钱七', phone: '13700001111' },
      location: { countyCode: township.slice(0, 6), townshipCode: township },
    }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

let first: string;
let second: string;
let elsewhere: string;

beforeAll(async () => {
  h = await createHarness(
    {},
    {
      notifier: {
        publish: async (n) => {
          if (failsOnce(n)) {
            failedOnce.add(n.id);
            throw new UnavailableError('topic down');
          }
          published.push(n);
        },
      },
    },
  );
  // Each report's stream records are handled before the next comes in (entries ordered by time);
  // the first delivery of each assignment fails at the topic and the record comes again.
  const settle = async () => {
    for (let i = 0; i < 3; i++) await h.drainStream();
  };
  first = await file(LINGJING, '2026-11-02T01:00:00Z');
  await settle();
  second = await file(LINGJING, '2026-11-02T03:00:00Z');
  await settle();
  elsewhere = await file(SHENHOU, '2026-11-02T04:00:00Z');
  await settle();
  h.setNow('2026-11-02T05:00:00Z');
});

afterAll(async () => {
  await h.cleanup();
});

describe('what the inbox holds', () => {
  it('keeps one entry per notification, though its stream record came twice', async () => {
    const officer = await inbox(await bearer('township_officer', LINGJING));
    expect(officer.items.map((e) => [e.kind, e.caseNumber])).toEqual([
      ['case_assigned', second],
      ['case_assigned', first],
    ]);
    expect(officer.items.every((e) => e.unread)).toBe(true);
    expect(officer.unread).toBe(2);
    expect(officer.items[0]?.link).toBe(`/staff/cases/${second}`);
    // The topic got each notification once too (after its failure), and it matches the inbox.
    const mine = published.filter((n) => n.jurisdiction === LINGJING).map((n) => n.id);
    expect(mine.sort()).toEqual(officer.items.map((e) => e.id).sort());
    // Nothing about the reporter, nothing of the report's text.
    const text = JSON.stringify(officer);
    for (const secret of ['钱七', '13700001111', '化工']) expect(text).not.toContain(secret);
  });

  it('addresses role and jurisdiction: another township, another role see nothing of it', async () => {
    const shenhou = await inbox(await bearer('township_officer', SHENHOU));
    expect(shenhou.items.map((e) => e.caseNumber)).toEqual([elsewhere]);
    expect((await inbox(await bearer('county_supervisor', '411003'))).items).toEqual([]);
    expect((await inbox(await bearer('finance_officer', '4110'))).items).toEqual([]);
  });

  it('escalations from the sweep reach the county supervisor, once each', async () => {
    // The acceptance deadline (5 working days) has passed for every case.
    h.setNow('2026-11-20T02:00:00Z');
    // Each failure at the topic stops the sweep (entry kept, nothing marked sent); it runs again.
    let failures = 0;
    for (;;) {
      try {
        await sweepDeadlines(h.streamDeps);
        break;
      } catch {
        expect(++failures).toBeLessThan(20);
      }
    }
    expect(failures).toBeGreaterThan(0);
    await sweepDeadlines(h.streamDeps);
    const supervisor = await inbox(await bearer('county_supervisor', '411003'));
    expect(supervisor.items.map((e) => [e.kind, e.caseNumber]).sort()).toEqual(
      [
        ['deadline_escalation', first],
        ['deadline_escalation', second],
      ].sort(),
    );
  });
});

describe('reading', () => {
  it('marks an opened entry read for that staff member only, and leads to the case', async () => {
    const me = await cookie('township_officer', LINGJING, 'officer-a');
    const colleague = await bearer('township_officer', LINGJING, 'officer-b');
    const before = await inbox(await bearer('township_officer', LINGJING, 'officer-a'));
    const entry = before.items.find((e) => e.caseNumber === first)!;
    const open = await h.app.request(`/staff/inbox/open?id=${encodeURIComponent(entry.id)}`, { headers: me });
    expect(open.status).toBe(303);
    expect(open.headers.get('location')).toContain(`/staff/cases/${first}`);
    const after = await inbox(await bearer('township_officer', LINGJING, 'officer-a'));
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.find((e) => e.id === entry.id)?.unread).toBe(false);
    expect((await inbox(colleague)).unread).toBe(before.unread);
  });

  it('shows the unread count in the header of every console page, and clears it', async () => {
    const me = await cookie('county_supervisor', '411003', 'supervisor-x');
    for (const path of ['/staff', '/staff/search', '/staff/inbox']) {
      const html = await (await h.app.request(path, { headers: me })).text();
      expect(html).toMatch(/id="inbox-unread">2</);
    }
    const page = await (await h.app.request('/staff/inbox', { headers: me })).text();
    expect(page).toContain('逾期督办');
    expect(page).toContain(first);
    expect(page.match(/class="unread"/g)?.length).toBe(2);
    const all = await postForm(h.app, '/staff/inbox/read-all', { lang: 'zh' }, me.cookie);
    expect(all.status).toBe(303);
    const cleared = await (await h.app.request('/staff', { headers: me })).text();
    expect(cleared).not.toContain('id="inbox-unread"');
  });

  it('an entry of another jurisdiction cannot be opened, like an unknown one', async () => {
    const shenhou = await inbox(await bearer('township_officer', SHENHOU));
    const theirs = shenhou.items[0]!.id;
    const me = await cookie('township_officer', LINGJING);
    const other = await h.app.request(`/staff/inbox/open?id=${encodeURIComponent(theirs)}`, { headers: me });
    const unknown = await h.app.request('/staff/inbox/open?id=nothing', { headers: me });
    expect(other.status).toBe(404);
    expect(unknown.status).toBe(404);
    const api = await h.app.request(`/api/v1/inbox/${encodeURIComponent(theirs)}/read`, {
      method: 'POST',
      headers: await bearer('township_officer', LINGJING),
    });
    expect(api.status).toBe(404);
  });

  it('pages newest first', async () => {
    const headers = await bearer('township_officer', LINGJING);
    const one = await inbox(headers, '?limit=1');
    expect(one.items).toHaveLength(1);
    const two = await inbox(headers, `?limit=1&cursor=${one.cursor}`);
    expect(two.cursor).toBeUndefined();
    const all = [...one.items, ...two.items];
    expect(all.map((e) => e.caseNumber)).toEqual([second, first]);
  });
});
