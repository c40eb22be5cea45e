/**
 * The local-only routes (`npm start`: token issuer, demo sign-in, outbox with texted access keys,
 * SMS simulator) answer only requests addressed to a loopback host, so a DNS-rebinding page (its
 * own name resolving to 127.0.0.1) can neither mint a staff token nor read the outbox. The
 * simulator's inbound JSON is bounded: a body nested deeper than any gateway sends is a 400.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, postJson } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.cleanup();
});

/** A raw HTTP request to the running local server with this Host header (as a rebinding page sends). */
function viaHost(host: string, method: string, path: string, body?: string) {
  const url = new URL(h.url);
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { host, ...(body ? { 'content-type': 'application/json' } : {}) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const tokenBody = JSON.stringify({ role: 'township_officer', jurisdiction: '411003106' });

describe('local routes answer only loopback hosts', () => {
  it.each([
    'evil.example',
    'evil.example:3000',
    '127.0.0.1.nip.io',
    'localhost.evil.example',
    '192.168.1.20:3000',
  ])('Host %s: no token, no outbox, no simulator, no sign-in', async (host) => {
    const token = await viaHost(host, 'POST', '/local/token', tokenBody);
    expect(token.status).toBe(403);
    expect(token.text).not.toContain('"token"');
    expect((await viaHost(host, 'GET', '/local/outbox')).status).toBe(403);
    expect((await viaHost(host, 'GET', '/local/sms')).status).toBe(403);
    expect((await viaHost(host, 'GET', '/local/jwks.json')).status).toBe(403);
  });

  it.each(['localhost', 'localhost:3000', '127.0.0.1', `127.0.0.1:3000`, '[::1]:3000'])(
    'Host %s is served',
    async (host) => {
      const token = await viaHost(host, 'POST', '/local/token', tokenBody);
      expect(token.status).toBe(200);
      expect(token.text).toContain('"token"');
      expect((await viaHost(host, 'GET', '/local/outbox')).status).toBe(200);
    },
  );

  it('leaves the product routes alone (they do not depend on the host)', async () => {
    expect((await viaHost('evil.example', 'GET', '/health')).status).toBe(200);
  });
});

describe('the SMS simulator inbound JSON', () => {
  it.each([
    ['arrays', `${'['.repeat(20_000)}${']'.repeat(20_000)}`],
    ['objects', `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`],
    [
      'objects inside a real payload',
      `{"originationNumber":"+8613700000001","messageBody":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
    ],
  ])('refuses JSON nested deep as %s with a 400', async (_name, body) => {
    const res = await postJson(h.app, '/local/sms/inbound', body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('validation_failed');
  });

  // A real payload through the same route: test/integration/sms.test.ts.
  it('still drops a payload that is not JSON, as AWS does', async () => {
    const bad = await postJson(h.app, '/local/sms/inbound', '{not json');
    expect(bad.status).toBe(202);
    expect(((await bad.json()) as { outcome: string }).outcome).toBe('invalid_payload');
  });
});
