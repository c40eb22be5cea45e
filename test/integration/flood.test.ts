/**
 * Flood resistance over real HTTP on loopback: one source (127.0.0.2) tries 300 reports in a
 * burst — every tenth with a solved proof-of-work, the rest without — while five other sources
 * (127.0.0.3–7) report at the same time. The budget is 5 new cases per source per hour with a
 * proof, 1 without (sized so that few access keys are hashed: each costs ~0.4 s of scrypt).
 *
 * Holds: the flooding source opens at most its budget; every other source's reports are accepted;
 * refused attempts get 429 with Retry-After and write nothing; a replayed, forged, unsolved or
 * expired proof is refused; a retry of an acknowledged report still replays after the budget is
 * spent; every acknowledged case is stored whole (case, first event, access key hash) and there is
 * no case that was not acknowledged.
 */
import { Agent, request } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventKey } from '#shared/db/keys.ts';
import { solve, solves } from '#shared/domain/proof-of-work.ts';
import { createHarness, type Harness } from '../support/harness.ts';

const BUDGET = 5;
const WITHOUT_PROOF = 1;
const FLOOD = 300;
const OTHERS = ['127.0.0.3', '127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7'];

let h: Harness;
const agents = new Map<string, Agent>();

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request from a chosen loopback address (the server sees it as the connection's source). */
function send(
  from: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<Answer> {
  let agent = agents.get(from);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: 8, localAddress: from });
    agents.set(from, agent);
  }
  return new Promise((ok, fail) => {
    const req = request(`${h.url}${path}`, { method, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        ok({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

const report = (n: number) =>
  JSON.stringify({
    category: 'major_hazard',
    description: `第 ${n} 号测试举报：车间消防通道被堵，灭火器过期。`,
    location: { townshipCode: '411003106', address: '灵井镇工业园' },
  });

async function proofFor(from: string): Promise<string> {
  const res = await send(from, 'GET', '/api/v1/challenge');
  expect(res.status).toBe(200);
  const { challenge, difficulty } = JSON.parse(res.body) as { challenge: string; difficulty: number };
  return `${challenge}:${solve(challenge, difficulty)}`;
}

function fileReport(from: string, n: number, opts: { proof?: string; key?: string } = {}) {
  return send(from, 'POST', '/api/v1/reports', report(n), {
    'content-type': 'application/json',
    'idempotency-key': opts.key ?? `flood-${from}-${n}`,
    ...(opts.proof ? { 'x-proof-of-work': opts.proof } : {}),
  });
}

/** Runs tasks with at most `width` in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

const acknowledged = new Map<string, string>();

beforeAll(async () => {
  h = await createHarness({
    intake: { INTAKE_SOURCE_BUDGET: String(BUDGET), INTAKE_POW_DIFFICULTY: '4' },
  });
});

afterAll(async () => {
  for (const agent of agents.values()) agent.destroy();
  await h?.cleanup();
});

describe('a flood from one source', () => {
  let flood: Answer[] = [];
  let others: Answer[] = [];
  let elapsedMs = 0;

  beforeAll(async () => {
    const started = Date.now();
    // Every tenth attempt with a solved proof (each needs a fresh challenge), the rest without.
    const floodTasks = Array.from({ length: FLOOD }, (_, n) => async () => {
      const proof = n % 10 === 0 ? await proofFor('127.0.0.2') : undefined;
      return fileReport('127.0.0.2', n, proof ? { proof } : {});
    });
    const otherTasks = OTHERS.flatMap((from) =>
      Array.from({ length: WITHOUT_PROOF }, (_, n) => () => fileReport(from, n)),
    );
    const [f, o] = await Promise.all([pool(floodTasks, 12), pool(otherTasks, 4)]);
    flood = f;
    others = o;
    elapsedMs = Date.now() - started;
    for (const answer of [...flood, ...others]) {
      if (answer.status !== 201) continue;
      const { caseNumber, accessKey } = JSON.parse(answer.body) as { caseNumber: string; accessKey: string };
      acknowledged.set(caseNumber, accessKey);
    }
  }, 120_000);

  it('opens at most the budget for the flooding source; the rest are 429 with Retry-After', () => {
    const accepted = flood.filter((a) => a.status === 201);
    const refused = flood.filter((a) => a.status === 429);
    // A proof solved for a challenge fetched before the source's count rose is too easy by the time
    // it arrives (the difficulty rises as the source files): refused as such, nothing written.
    const tooEasy = flood.filter((a) => a.status === 400);
    console.info(
      `flood: ${FLOOD} attempts in ${(elapsedMs / 1000).toFixed(1)} s → ${accepted.length} accepted, ` +
        `${refused.length} refused over budget (429), ${tooEasy.length} refused as too easy (400); ` +
        `${others.length} reports from ${OTHERS.length} other sources → ${others.filter((a) => a.status === 201).length} accepted`,
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted.length).toBeLessThanOrEqual(BUDGET);
    expect(accepted.length + refused.length + tooEasy.length).toBe(FLOOD);
    for (const r of tooEasy) expect(JSON.parse(r.body).error.code).toBe('proof_of_work_rejected');
    for (const r of refused) {
      const retryAfter = Number(r.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(JSON.parse(r.body).error.code).toBe('too_many_reports');
    }
    // Without a proof, a fifth of the budget.
    const acceptedWithout = flood.filter((a, n) => n % 10 !== 0 && a.status === 201);
    expect(acceptedWithout.length).toBeLessThanOrEqual(WITHOUT_PROOF);
  });

  it('accepts every report from the other sources in the same minute', () => {
    expect(others.map((a) => a.status)).toEqual(OTHERS.flatMap(() => Array(WITHOUT_PROOF).fill(201)));
  });

  it('still replays an acknowledged report to its retry, after the budget is spent', async () => {
    const n = flood.findIndex((a) => a.status === 201);
    const first = JSON.parse(flood[n]!.body) as { caseNumber: string; accessKey: string };
    const retry = await fileReport('127.0.0.2', n);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(retry.body)).toMatchObject(first);
  });

  it('stores every acknowledged report whole, and no other case', async () => {
    const items = (await h.db.send(new ScanCommand({ TableName: h.tables.cases }))).Items ?? [];
    const rows = items.map((i) => unmarshall(i) as Record<string, unknown>);
    const cases = rows.filter((r) => r.sk === 'CASE' && String(r.pk).startsWith('CASE#'));
    expect(new Set(cases.map((r) => String(r.pk).slice(5)))).toEqual(new Set(acknowledged.keys()));
    for (const caseNumber of acknowledged.keys()) {
      const stored = await h.deps.cases.get(caseNumber);
      expect(stored?.record.status).toBeDefined();
      const first = eventKey(caseNumber, 1);
      expect(rows.some((r) => r.pk === first.pk && r.sk === first.sk)).toBe(true);
    }
    // The budget is kept under a keyed hash, never the address.
    const counters = rows.filter((r) => String(r.pk).startsWith('FLOOD#'));
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(counters)).not.toContain('127.0.0');
  });
});

describe('proof-of-work', () => {
  it('refuses a replayed proof, and writes nothing', async () => {
    const from = '127.0.0.8';
    const proof = await proofFor(from);
    expect((await fileReport(from, 1, { proof })).status).toBe(201);
    const replay = await fileReport(from, 2, { proof });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).error.code).toBe('proof_of_work_rejected');
  });

  it('refuses a forged, an unsolved and a malformed proof', async () => {
    const from = '127.0.0.9';
    const proof = await proofFor(from);
    const [challenge, nonce] = proof.split(':') as [string, string];
    const forgedMac = challenge.replace(/\.[^.]+$/, `.${'A'.repeat(32)}`);
    // A challenge of our own making at difficulty 0 (trivially solved) but without the server's MAC.
    const ownChallenge = challenge.replace(/^v1\.([^.]+)\.\d+\./, 'v1.$1.0.');
    for (const bad of [
      `${forgedMac}:${nonce}`,
      `${ownChallenge}:0`,
      `${challenge}:${Number(nonce) + 1}x`,
      'not-a-proof',
    ]) {
      const res = await fileReport(from, 3, { proof: bad, key: `bad-${bad.length}-${bad.slice(-6)}` });
      expect(res.status, bad).toBe(400);
    }
    // A wrong nonce for a real challenge: unsolved (at difficulty 4 a random nonce rarely solves).
    let wrong = 0;
    while (solves(challenge, String(wrong), 4)) wrong++;
    const unsolved = await fileReport(from, 4, { proof: `${challenge}:${wrong}`, key: 'bad-unsolved' });
    expect(unsolved.status).toBe(400);
    // The genuine proof was not spent by any of the refusals.
    expect((await fileReport(from, 5, { proof })).status).toBe(201);
  });

  it('refuses an expired proof', async () => {
    const from = '127.0.0.10';
    const proof = await proofFor(from);
    h.setNow(new Date(Date.now() + 31 * 60_000).toISOString());
    try {
      const res = await fileReport(from, 6, { proof });
      expect(res.status).toBe(400);
    } finally {
      h.setNow(null);
    }
  });

  it('asks a source that files often for more work', async () => {
    const from = '127.0.0.11';
    const first = JSON.parse((await send(from, 'GET', '/api/v1/challenge')).body).difficulty as number;
    for (let n = 0; n < 4; n++)
      expect((await fileReport(from, n, { proof: await proofFor(from) })).status).toBe(201);
    const later = JSON.parse((await send(from, 'GET', '/api/v1/challenge')).body).difficulty as number;
    expect(first).toBe(4);
    expect(later).toBeGreaterThan(first);
  });
});

describe('the report form without JavaScript', () => {
  it('files under the tighter budget, then answers 429 with the form kept and when to come back', async () => {
    const from = '127.0.0.12';
    // The page first, as a browser would: it sets the pre-session cookie its form token is bound to.
    const home = await send(from, 'GET', '/');
    const cookie = ((home.headers['set-cookie'] as string[] | undefined) ?? [])
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(home.body)?.[1] ?? '';
    const form = (n: number) =>
      send(
        from,
        'POST',
        '/report',
        new URLSearchParams({
          _csrf: csrf,
          lang: 'zh',
          idempotencyKey: `form-${n}-${Date.now()}`,
          category: 'major_hazard',
          description: `无脚本表单第 ${n} 次：仓库堆放易燃物，没有消防设施。`,
          townshipCode: '411003106',
          address: '灵井镇',
          action: 'submit',
        }).toString(),
        { 'content-type': 'application/x-www-form-urlencoded', cookie },
      );
    for (let n = 0; n < WITHOUT_PROOF; n++) expect((await form(n)).status).toBe(201);
    const over = await form(WITHOUT_PROOF);
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.body).toContain('北京时间');
    expect(over.body).toMatch(/\d{2}:\d{2}/);
    // What the reporter typed is still in the form.
    expect(over.body).toContain(`无脚本表单第 ${WITHOUT_PROOF} 次`);
  });
});
