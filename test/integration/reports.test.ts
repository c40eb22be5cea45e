import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function file(body = reportBody(), headers: Record<string, string> = {}) {
  const res = await postJson(h.app, '/api/v1/reports', body, headers);
  return { res, json: (await res.json()) as Record<string, unknown> };
}

describe('POST /api/v1/reports', () => {
  it('creates a case routed to the chosen township and answers once with number and key', async () => {
    const { res, json } = await file();
    expect(res.status).toBe(201);
    expect(json.caseNumber).toMatch(/^\d{8}-\d{6}$/);
    expect(json.accessKey).toMatch(/^\d{16}$/);
    expect(json.status).toBe('assigned');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('sends a report with only an address to triage', async () => {
    const { json } = await file(reportBody({ location: { address: '许昌市某工业园东门' } }));
    expect(json.status).toBe('triage');
  });

  it('derives the township from a village code', async () => {
    const { res, json } = await file(reportBody({ location: { villageCode: '411081001001' } }));
    expect(res.status).toBe(201);
    const view = await h.app.request(`/api/v1/reports/${json.caseNumber}`, {
      headers: { 'x-access-key': json.accessKey as string },
    });
    expect(((await view.json()) as { status: string }).status).toBe('assigned');
    const stored = await h.deps.cases.get(json.caseNumber as string);
    expect(stored?.record.townshipCode).toBe('411081001');
    expect(stored?.record.location.countyCode).toBe('411081');
  });

  it('names every bad field in English and Chinese', async () => {
    const { res, json } = await file({
      category: 'nonsense',
      description: 'short',
      location: {},
      reporter: { phone: '12345', idNumber: '410000000000000000' },
    });
    expect(res.status).toBe(400);
    const fields = (json.error as { fields: { field: string; en: string; zh: string }[] }).fields;
    expect(fields.map((f) => f.field).sort()).toEqual(
      ['category', 'description', 'location.townshipCode', 'reporter.idNumber', 'reporter.phone'].sort(),
    );
    for (const f of fields) {
      expect(f.en.length).toBeGreaterThan(3);
      expect(f.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('rejects unknown place codes and places that do not nest, writing nothing', async () => {
    const unknown = await file(reportBody({ location: { townshipCode: '411081999' } }));
    expect(unknown.res.status).toBe(400);
    expect(JSON.stringify(unknown.json)).toContain('location.townshipCode');
    const wrongCounty = await file(
      reportBody({ location: { countyCode: '411002', townshipCode: '411081001' } }),
    );
    expect(wrongCounty.res.status).toBe(400);
    expect(JSON.stringify(wrongCounty.json)).toContain('location.townshipCode');
    const wrongVillage = await file(
      reportBody({ location: { townshipCode: '411081002', villageCode: '411081001001' } }),
    );
    expect(wrongVillage.res.status).toBe(400);
    expect(JSON.stringify(wrongVillage.json)).toContain('location.villageCode');
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    expect((await postJson(h.app, '/api/v1/reports', '{"category":')).status).toBe(400);
    const huge = await postJson(h.app, '/api/v1/reports', reportBody({ description: 'x'.repeat(70_000) }));
    expect(huge.status).toBe(413);
  });

  it('rejects a date in the future', async () => {
    const { res, json } = await file(reportBody({ occurredAt: '2999-01-01' }));
    expect(res.status).toBe(400);
    expect(JSON.stringify(json)).toContain('occurredAt');
  });

  it('replays the same case for a retried Idempotency-Key and refuses the key for another body', async () => {
    const headers = { 'Idempotency-Key': 'retry-test-0001' };
    const first = await file(reportBody(), headers);
    const second = await file(reportBody(), headers);
    expect(first.res.status).toBe(201);
    expect(second.res.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.res.headers.get('idempotent-replayed')).toBe('true');
    const other = await file(reportBody({ description: '另一件完全不同的事情，描述也不同。' }), headers);
    expect(other.res.status).toBe(422);
  });

  it('never creates two cases for concurrent requests with one Idempotency-Key', async () => {
    const headers = { 'Idempotency-Key': 'concurrent-0001' };
    const results = await Promise.all(Array.from({ length: 8 }, () => file(reportBody(), headers)));
    const numbers = new Set(results.map((r) => r.json.caseNumber));
    expect(results.every((r) => r.res.status === 201)).toBe(true);
    expect(numbers.size).toBe(1);
  });
});

describe('follow-up with case number and access key', () => {
  it('shows the reporter view and accepts added information', async () => {
    const { json } = await file();
    const key = json.accessKey as string;
    const cn = json.caseNumber as string;
    const view = await h.app.request(`/api/v1/reports/${cn}`, { headers: { 'x-access-key': key } });
    expect(view.status).toBe(200);
    const body = (await view.json()) as { timeline: { type: string }[]; messages: unknown[] };
    expect(body.timeline.map((e) => e.type)).toEqual(['received']);
    expect(body.messages).toEqual([]);

    const msg = await postJson(
      h.app,
      `/api/v1/reports/${cn}/messages`,
      { text: '补充：现场有三桶汽油。' },
      {
        'x-access-key': key,
        'Idempotency-Key': 'msg-retry-001',
      },
    );
    expect(msg.status).toBe(201);
    const again = await postJson(
      h.app,
      `/api/v1/reports/${cn}/messages`,
      { text: '补充：现场有三桶汽油。' },
      {
        'x-access-key': key,
        'Idempotency-Key': 'msg-retry-001',
      },
    );
    const after = (await again.json()) as { messages: { from: string; text: string }[] };
    expect(after.messages).toEqual([
      expect.objectContaining({ from: 'reporter', text: '补充：现场有三桶汽油。' }),
    ]);
  });

  it('keeps the timeline hash chain intact across concurrent messages', async () => {
    const { json } = await file();
    const cn = json.caseNumber as string;
    const key = json.accessKey as string;
    const sends = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        postJson(
          h.app,
          `/api/v1/reports/${cn}/messages`,
          { text: `第 ${i} 条补充` },
          { 'x-access-key': key },
        ),
      ),
    );
    expect(sends.map((s) => s.status)).toEqual([201, 201, 201, 201]);
    const { firstBrokenLink } = await import('#shared/domain/audit-chain.ts');
    const events = await h.deps.cases.listEvents(cn);
    expect(events).toHaveLength(5);
    expect(firstBrokenLink(events)).toBeNull();
  });

  it('answers a wrong key and an unknown case the same way, then throttles', async () => {
    const { json } = await file();
    const cn = json.caseNumber as string;
    const wrong = await h.app.request(`/api/v1/reports/${cn}`, {
      headers: { 'x-access-key': '0000000000000000' },
    });
    const missing = await h.app.request('/api/v1/reports/20000101-000000', {
      headers: { 'x-access-key': '0000000000000000' },
    });
    const none = await h.app.request(`/api/v1/reports/${cn}`);
    expect([wrong.status, missing.status, none.status]).toEqual([401, 401, 401]);
    const w = (await wrong.json()) as { error: { message: string } };
    const m = (await missing.json()) as { error: { message: string } };
    expect(w.error.message).toBe(m.error.message);

    for (let i = 0; i < 3; i++) {
      await h.app.request(`/api/v1/reports/${cn}`, { headers: { 'x-access-key': '1111111111111111' } });
    }
    // The case's wrong-key budget is spent: wrong keys get 429 …
    const throttled = await h.app.request(`/api/v1/reports/${cn}`, {
      headers: { 'x-access-key': '2222222222222222' },
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    // … but a stranger's guesses never lock the reporter out: the right key still opens the case.
    const rightful = await h.app.request(`/api/v1/reports/${cn}`, {
      headers: { 'x-access-key': json.accessKey as string },
    });
    expect(rightful.status).toBe(200);
  });
});

describe('service endpoints', () => {
  it('GET /health', async () => {
    expect((await h.app.request('/health')).status).toBe(200);
  });

  it('lists the townships of a county for the cascading lists', async () => {
    const res = await h.app.request('/api/v1/places?parent=411081');
    const body = (await res.json()) as { places: { code: string; name: string }[] };
    expect(body.places.length).toBeGreaterThan(10);
    expect(body.places.every((p) => p.code.startsWith('411081') && p.code.length === 9)).toBe(true);
    expect((await h.app.request('/api/v1/places?parent=abc')).status).toBe(400);
  });

  it('publishes an OpenAPI document generated from the schemas', async () => {
    const doc = (await (await h.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/reports',
        '/api/v1/reports/{caseNumber}',
        '/api/v1/reports/{caseNumber}/messages',
      ]),
    );
    expect((await h.app.request('/api/docs')).status).toBe(200);
  });
});
