/**
 * Wrong access keys are limited without locking the reporter out: the per-case budget is spent
 * atomically (concurrent guesses cannot overspend it), the right key is accepted however many
 * wrong keys a stranger sent, and one client address gets a budget across all case numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADDRESS_MAX_FAILED, authenticateReporter, MAX_FAILED_ATTEMPTS } from '#shared/services/follow-up.ts';
import { postForm } from '../support/browser-form.ts';
import { createHarness, type Harness, postJson, reportBody } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

async function file() {
  const res = await postJson(h.app, '/api/v1/reports', reportBody({ occurredAt: undefined }));
  return (await res.json()) as { caseNumber: string; accessKey: string };
}

/** The env @hono/node-server passes: the socket's peer is the client address. */
const from = (address: string) => ({ incoming: { socket: { remoteAddress: address } } });
const view = (cn: string, key: string, env?: object) =>
  h.app.request(`/api/v1/reports/${cn}`, { headers: { 'x-access-key': key } }, env);

describe('per-case wrong-key budget', () => {
  it('is spent atomically: 8 concurrent wrong keys at a budget of 5 give five 401 and three 429', async () => {
    const c = await file();
    const statuses = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await view(c.caseNumber, String(i).repeat(16))).status),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILED_ATTEMPTS);
    expect(statuses.filter((s) => s === 429)).toHaveLength(8 - MAX_FAILED_ATTEMPTS);
  });

  it('never locks the reporter out: API, web sign-in and the SMS path accept the right key', async () => {
    const c = await file();
    for (let i = 0; i < MAX_FAILED_ATTEMPTS + 2; i++) await view(c.caseNumber, '9999999999999999');
    expect((await view(c.caseNumber, '9999999999999998')).status).toBe(429);
    expect((await view(c.caseNumber, c.accessKey)).status).toBe(200);
    const signIn = await postForm(h.app, '/follow-up', { caseNumber: c.caseNumber, accessKey: c.accessKey });
    expect(signIn.status).toBe(303);
    // The SMS channel (status, claims) authenticates a typed key through the same function.
    const record = await authenticateReporter(h.smsDeps, c.caseNumber, c.accessKey);
    expect(record.caseNumber).toBe(c.caseNumber);
  });
});

describe('per-address budget', () => {
  it('refuses an address that guessed too often across case numbers, and only that address', async () => {
    const guesser = from('203.0.113.7');
    const cases = await Promise.all([file(), file(), file()]);
    for (let i = 0; i < ADDRESS_MAX_FAILED; i++) {
      // Spread over case numbers (real and unknown), so no per-case budget is what stops them.
      const cn = i % 4 === 3 ? `20000101-${String(i).padStart(6, '0')}` : cases[i % 3]!.caseNumber;
      const res = await view(cn, '1234123412341234', guesser);
      expect([401, 429]).toContain(res.status);
    }
    const blocked = await view(cases[0]!.caseNumber, cases[0]!.accessKey, guesser);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await view(cases[0]!.caseNumber, cases[0]!.accessKey, from('198.51.100.4'))).status).toBe(200);
    // The address itself is stored nowhere; only its keyed hash names the counter.
    const { ScanCommand } = await import('@aws-sdk/client-dynamodb');
    const all = await h.db.send(new ScanCommand({ TableName: h.tables.cases }));
    expect(JSON.stringify(all.Items)).not.toContain('203.0.113.7');
    expect(JSON.stringify(all.Items)).toContain('THROTTLE#ADDR#');
  });

  it('gives a right key its reservation back', async () => {
    const c = await file();
    const reporter = from('192.0.2.55');
    for (let i = 0; i < ADDRESS_MAX_FAILED + 1; i++) {
      expect((await view(c.caseNumber, c.accessKey, reporter)).status).toBe(200);
    }
  });
});
