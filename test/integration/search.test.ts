/**
 * Staff search and archive through the app on DynamoDB Local: a case number opens its case (or
 * "not found" alike for unknown and elsewhere), words find cases by unit and report (bigrams),
 * every state can be filtered (final ones from the archive), dates and township narrow, pages
 * continue without repeats, and no answer ever holds a case outside the asker's jurisdiction —
 * also when the stream consumer sees its records again.
 */

import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveKey } from '#shared/db/keys.ts';
import type { StaffRole } from '#shared/domain/roles.ts';
import { type CaseChange, handleCaseChanges } from '#shared/services/case-changes.ts';
import { backfillSearch } from '../../scripts/search-backfill.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
const LINGJING = '411003106'; // 灵井镇, 建安区
const XUYOU = '411003001'; // 许由街道, 建安区
const SHENHOU = '411081103'; // 神垕镇, 禹州市

const auth = async (role: StaffRole, jurisdiction: string) => ({
  authorization: `Bearer ${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});
const cookie = async (role: StaffRole, jurisdiction: string) => ({
  cookie: `chuishao_staff=${await h.tokenFor({ role, jurisdiction, id: `${role}@${jurisdiction}` })}`,
});

async function file(township: string, unitName: string, description: string, at: string) {
  h.setNow(at);
  const res = await postJson(
    h.app,
    '/api/v1/reports',
    reportBody({
      unitName,
      description,
      occurredAt: undefined,
      location: { countyCode: township.slice(0, 6), townshipCode: township },
    }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { caseNumber: string }).caseNumber;
}

async function act(headers: Record<string, string>, cn: string, body: Record<string, unknown>) {
  const current = await h.app.request(`/api/v1/cases/${cn}`, { headers });
  const etag = current.headers.get('etag') ?? '';
  const res = await h.app.request(`/api/v1/cases/${cn}/transitions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'if-match': etag },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

type Listed = { cases: { caseNumber: string; status: string; townshipCode?: string }[]; cursor?: string };
async function search(headers: Record<string, string>, query: Record<string, string>) {
  const res = await h.app.request(`/api/v1/cases?${new URLSearchParams(query)}`, { headers });
  return { status: res.status, body: (await res.json()) as Listed };
}
const numbers = (l: Listed) => l.cases.map((c) => c.caseNumber);

const n: Record<string, string> = {};
let jianan: Record<string, string>;
let yuzhou: Record<string, string>;
let lingjingOfficer: Record<string, string>;
let shenhouOfficer: Record<string, string>;
let cityAuditor: Record<string, string>;

beforeAll(async () => {
  h = await createHarness();
  jianan = await auth('county_supervisor', '411003');
  yuzhou = await auth('county_supervisor', '411081');
  lingjingOfficer = await auth('township_officer', LINGJING);
  shenhouOfficer = await auth('township_officer', SHENHOU);
  cityAuditor = await auth('auditor', '4110');
  n.fireworks = await file(
    LINGJING,
    '许昌灵井鞭炮厂',
    '仓库里违规存放大量黑火药，无人看管。',
    '2026-11-02T02:00:00Z',
  );
  n.brick = await file(LINGJING, '灵井砖瓦厂', '粉尘严重超标，工人没有任何防护。', '2026-11-10T02:00:00Z');
  n.xuyou = await file(
    XUYOU,
    '许由机械加工厂',
    '冲床没有安全防护装置，已有工人受伤。',
    '2026-11-15T02:00:00Z',
  );
  n.shenhou = await file(SHENHOU, '神垕鞭炮作坊', '作坊夜间生产，存放黑火药。', '2026-11-20T02:00:00Z');
  h.setNow('2026-11-21T02:00:00Z');
  // The brick works is worked to 办结 (closed): accepted, verified, not substantiated, closed.
  await act(lingjingOfficer, n.brick, { action: 'accept' });
  await act(lingjingOfficer, n.brick, { action: 'start_verification' });
  await act(lingjingOfficer, n.brick, { action: 'unsubstantiate', conclusion: '现场未发现所述情况。' });
  await act(lingjingOfficer, n.brick, { action: 'close', feedback: '经核查，未发现您反映的问题。' });
  await h.drainStream();
  await h.drainStream();
});

afterAll(async () => {
  await h.cleanup();
});

describe('search by case number', () => {
  it('finds a case of the jurisdiction and answers "nothing" alike for elsewhere and unknown', async () => {
    expect(numbers((await search(jianan, { q: n.fireworks! })).body)).toEqual([n.fireworks]);
    expect(numbers((await search(jianan, { q: n.fireworks!.replace('-', '') })).body)).toEqual([n.fireworks]);
    const elsewhere = await search(jianan, { q: n.shenhou! });
    const unknown = await search(jianan, { q: '20261102-000000' });
    expect(elsewhere).toEqual(unknown);
    expect(elsewhere.body.cases).toEqual([]);
  });

  it('the page jumps to the case, or says not found the same way', async () => {
    const jump = await h.app.request(`/staff/search?q=${n.fireworks}`, {
      headers: await cookie('county_supervisor', '411003'),
    });
    expect(jump.status).toBe(303);
    expect(jump.headers.get('location')).toContain(`/staff/cases/${n.fireworks}`);
    const headers = await cookie('county_supervisor', '411003');
    const pageOf = async (q: string) => {
      const res = await h.app.request(`/staff/search?q=${q}`, { headers });
      return { status: res.status, text: (await res.text()).replaceAll(q, 'N') };
    };
    const elsewhere = await pageOf(n.shenhou!);
    const unknown = await pageOf('20261120-999999');
    expect(elsewhere.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(elsewhere.text).toContain('没有找到编号为 N 的案件');
    expect(elsewhere.text).toEqual(unknown.text);
  });
});

describe('search by words (unit name and report)', () => {
  it('finds by words of the report and the unit, within the county only', async () => {
    expect(numbers((await search(jianan, { q: '黑火药' })).body)).toEqual([n.fireworks]);
    expect(numbers((await search(yuzhou, { q: '黑火药' })).body)).toEqual([n.shenhou]);
    expect(numbers((await search(cityAuditor, { q: '黑火药' })).body)).toEqual([n.shenhou, n.fireworks]);
    expect(numbers((await search(jianan, { q: '鞭炮' })).body)).toEqual([n.fireworks]);
    expect(numbers((await search(jianan, { q: '安全防护' })).body)).toEqual([n.xuyou]);
    // Every word must be there; a closed case is found like any other.
    expect(numbers((await search(jianan, { q: '灵井 粉尘' })).body)).toEqual([n.brick]);
    expect(numbers((await search(jianan, { q: '灵井 冲床' })).body)).toEqual([]);
    // Both bigrams occur, but not as the word asked for.
    expect(numbers((await search(jianan, { q: '火药仓' })).body)).toEqual([]);
  });

  it('a township officer finds only their township', async () => {
    expect(numbers((await search(lingjingOfficer, { q: '防护' })).body)).toEqual([n.brick]);
    expect(numbers((await search(shenhouOfficer, { q: '防护' })).body)).toEqual([]);
    expect(numbers((await search(shenhouOfficer, { q: '黑火药' })).body)).toEqual([n.shenhou]);
  });

  it('refuses a one-character word and bad filters with the field named', async () => {
    const one = await h.app.request('/api/v1/cases?q=厂', { headers: jianan });
    expect(one.status).toBe(400);
    const body = (await one.json()) as { error: { fields: { field: string; zh: string }[] } };
    expect(body.error.fields[0]?.field).toBe('q');
    expect(body.error.fields[0]?.zh).toContain('至少两个字');
    for (const q of [
      { from: '2026-13-01' },
      { status: 'nope', q: '灵井' },
      { cursor: 'bm9wZQ', q: '灵井' },
    ] as Record<string, string>[])
      expect((await search(jianan, q)).status).toBe(400);
    const page = await h.app.request('/staff/search?q=厂', {
      headers: await cookie('county_supervisor', '411003'),
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('每个搜索词至少两个字');
    expect(html).not.toMatch(/\(q\)|field/);
  });
});

describe('filters: every state, dates, township', () => {
  it('lists closed cases by status, from the queue filter too', async () => {
    expect(numbers((await search(jianan, { status: 'closed' })).body)).toEqual([n.brick]);
    expect(numbers((await search(lingjingOfficer, { status: 'closed' })).body)).toEqual([n.brick]);
    expect(numbers((await search(yuzhou, { status: 'closed' })).body)).toEqual([]);
    const headers = await cookie('county_supervisor', '411003');
    const queue = await h.app.request('/staff?status=closed', { headers });
    expect(queue.status).toBe(303);
    const results = await h.app.request(queue.headers.get('location')!, { headers });
    const html = await results.text();
    expect(html).toContain(n.brick);
    expect(html).not.toContain(n.fireworks);
    expect(html).not.toContain('没有待办案件');
    // Open states still come from the queue, as before.
    expect(numbers((await search(jianan, { status: 'assigned' })).body).sort()).toEqual(
      [n.fireworks, n.xuyou].sort(),
    );
  });

  it('narrows by dates (Shanghai calendar days, inclusive) and township', async () => {
    expect(numbers((await search(jianan, { from: '2026-11-10', to: '2026-11-15' })).body)).toEqual([
      n.xuyou,
      n.brick,
    ]);
    expect(numbers((await search(jianan, { from: '2026-11-11' })).body)).toEqual([n.xuyou]);
    expect(numbers((await search(jianan, { to: '2026-11-02' })).body)).toEqual([n.fireworks]);
    expect(numbers((await search(jianan, { q: '工人', to: '2026-11-12' })).body)).toEqual([n.brick]);
    expect(numbers((await search(jianan, { q: '工人', township: XUYOU })).body)).toEqual([n.xuyou]);
    expect(numbers((await search(jianan, { from: '2026-11-01', township: LINGJING })).body)).toEqual([
      n.brick,
      n.fireworks,
    ]);
    // A township outside the jurisdiction narrows nothing and shows nothing of it.
    const outside = await search(jianan, { from: '2026-11-01', township: SHENHOU });
    expect(numbers(outside.body)).not.toContain(n.shenhou);
  });

  it('pages newest first without repeats or gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(cityAuditor, {
        from: '2026-11-01',
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      seen.push(...numbers(page.body));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual([n.shenhou, n.xuyou, n.brick, n.fireworks]);
  });
});

describe('isolation and redelivery', () => {
  it('never answers a case outside the jurisdiction, whatever is asked', async () => {
    const queries: Record<string, string>[] = [
      { q: '黑火药' },
      { q: '作坊' },
      { status: 'closed' },
      { status: 'assigned' },
      { from: '2026-01-01' },
      { q: '工人', township: SHENHOU },
      { q: n.shenhou! },
    ];
    for (const [headers, county] of [
      [jianan, '411003'],
      [yuzhou, '411081'],
      [lingjingOfficer, LINGJING],
      [shenhouOfficer, SHENHOU],
    ] as const)
      for (const q of queries) {
        const { body } = await search(headers, q);
        for (const c of body.cases) expect(c.townshipCode?.startsWith(county)).toBe(true);
      }
  });

  it('roles that do not read cases cannot search', async () => {
    const res = await h.app.request('/api/v1/cases?q=黑火药', {
      headers: await auth('identity_custodian', '4110'),
    });
    expect(res.status).toBe(403);
  });

  it('stream records seen again change nothing: one result per case', async () => {
    const item = async (cn: string) => {
      const stored = (await h.deps.cases.get(cn))!.record;
      return { pk: `CASE#${cn}`, sk: 'CASE', ...stored } as Record<string, unknown>;
    };
    const replay: CaseChange[] = [
      { id: '1', eventName: 'INSERT', newImage: await item(n.fireworks!) },
      { id: '2', eventName: 'INSERT', newImage: await item(n.brick!) },
      // An older image of the closed case, delivered late: the archive keeps the newer state.
      {
        id: '3',
        eventName: 'MODIFY',
        newImage: { ...(await item(n.brick!)), status: 'accepted', lastEventSeq: 2 },
      },
    ];
    expect(await handleCaseChanges(h.streamDeps, replay)).toEqual([]);
    expect(await handleCaseChanges(h.streamDeps, replay)).toEqual([]);
    expect(numbers((await search(jianan, { q: '灵井' })).body)).toEqual([n.brick, n.fireworks]);
    expect(numbers((await search(jianan, { status: 'closed' })).body)).toEqual([n.brick]);
    expect(numbers((await search(jianan, { status: 'accepted' })).body)).toEqual([]);
  });

  it('the backfill tool indexes a case stored before the search existed', async () => {
    await h.db.send(
      new DeleteItemCommand({ TableName: h.tables.cases, Key: marshall(archiveKey(n.xuyou!)) }),
    );
    expect(numbers((await search(jianan, { from: '2026-11-15', to: '2026-11-15' })).body)).toEqual([]);
    expect(await backfillSearch(h.db, h.tables, '4110')).toBe(4);
    expect(numbers((await search(jianan, { from: '2026-11-15', to: '2026-11-15' })).body)).toEqual([n.xuyou]);
  });
});
