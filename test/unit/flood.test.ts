/** The flood rules (budget windows, difficulty, hashcash), response compression and source addresses. */
import { createHash } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { contentHash, hashedPath, parseAssetPath } from '#functions/assets/hashed.ts';
import { chooseEncoding, compressResponses } from '#functions/http/compress.ts';
import { sourceAddress, viewerAddressOf } from '#functions/http/source.ts';
import {
  budgetLimit,
  leadingZeroBits,
  parseProof,
  requiredDifficulty,
  retryAfterOf,
  solve,
  solves,
  sourceKeyOf,
  windowStartOf,
} from '#shared/domain/proof-of-work.ts';

describe('budget rules', () => {
  it('counts per clock hour and says how long until the next', () => {
    const now = Date.parse('2026-12-06T20:45:10Z') / 1000;
    expect(windowStartOf(now)).toBe(Date.parse('2026-12-06T20:00:00Z') / 1000);
    expect(retryAfterOf(windowStartOf(now), now)).toBe(14 * 60 + 50);
  });

  it('gives a fifth (at least one) without a proof', () => {
    expect(budgetLimit(30, true)).toBe(30);
    expect(budgetLimit(30, false)).toBe(6);
    expect(budgetLimit(3, false)).toBe(1);
  });

  it('raises the difficulty a bit per sixth of the budget used, capped', () => {
    expect(requiredDifficulty(15, 0, 30)).toBe(15);
    expect(requiredDifficulty(15, 4, 30)).toBe(15);
    expect(requiredDifficulty(15, 5, 30)).toBe(16);
    expect(requiredDifficulty(15, 29, 30)).toBe(20);
    expect(requiredDifficulty(15, 1000, 30)).toBe(21);
    expect(requiredDifficulty(0, 1000, 30)).toBe(0);
  });
});

describe('hashcash', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0x10, 0xff]))).toBe(11);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('finds and checks a nonce (SHA-256 of `<challenge>:<nonce>`)', () => {
    const challenge = 'v1.abcdefghijkl.10.1796000000.AAAAAAAAAAAAAAAAAAAAAA';
    const nonce = solve(challenge, 10);
    expect(solves(challenge, nonce, 10)).toBe(true);
    const digest = createHash('sha256').update(`${challenge}:${nonce}`).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
    // Every smaller nonce fails (solve returns the first).
    for (let n = 0; n < Number(nonce); n++) expect(solves(challenge, String(n), 10)).toBe(false);
  });

  it('parses proofs strictly', () => {
    const p = parseProof('v1.abcdefghijkl.15.1796000000.AAAAAAAAAAAAAAAAAAAAAA:42');
    expect(p).toMatchObject({
      challenge: { salt: 'abcdefghijkl', difficulty: 15, expiresAt: 1796000000 },
      nonce: '42',
    });
    expect(parseProof('v1.abcdefghijkl.15.1796000000.AAAAAAAAAAAAAAAAAAAAAA')?.nonce).toBeUndefined();
    for (const bad of [
      '',
      'v2.abcdefghijkl.15.1.AAAAAAAAAAAAAAAAAAAAAA:1',
      'v1.short.15.1.AAAAAAAAAAAAAAAAAAAAAA:1',
      'v1.abcdefghijkl.15.1.AAAAAAAAAAAAAAAAAAAAAA:-1',
    ])
      expect(parseProof(bad), bad).toBeNull();
  });

  it('the page script computes the same SHA-256 as Node', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('../../functions/assets/public/app.js', import.meta.url), 'utf8');
    const body = src.slice(src.indexOf('const K = new Uint32Array'), src.indexOf('  const solve = async'));
    const first32 = new Function(`${body}; return sha256First;`)() as (s: string) => number;
    for (const text of [
      '',
      'abc',
      'x'.repeat(55),
      'x'.repeat(56),
      'x'.repeat(64),
      'y'.repeat(120),
      'v1.a.15.1.b:123',
    ]) {
      expect(first32(text) >>> 0, String(text.length)).toBe(
        createHash('sha256').update(text).digest().readUInt32BE(0),
      );
    }
  });
});

describe('sources', () => {
  it('keys IPv4 as it is and IPv6 by its /64', () => {
    expect(sourceKeyOf('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKeyOf('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKeyOf('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOf('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKeyOf(undefined)).toBeNull();
    expect(sourceKeyOf('not an address')).toBeNull();
  });

  it('reads the viewer address from CloudFront only with the origin secret', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text(sourceAddress(c, 'a-very-long-origin-secret') ?? 'none'));
    const lambda = { event: { requestContext: { http: { sourceIp: '198.51.100.7' } } } };
    const viewer = { 'cloudfront-viewer-address': '203.0.113.9:46532' };
    const ask = (headers: Record<string, string>) =>
      Promise.resolve(app.request('/', { headers }, lambda)).then((r) => r.text());
    expect(await ask({})).toBe('198.51.100.7');
    expect(await ask(viewer)).toBe('198.51.100.7');
    expect(await ask({ ...viewer, 'x-chuishao-edge': 'wrong-secret-of-some-length' })).toBe('198.51.100.7');
    expect(await ask({ ...viewer, 'x-chuishao-edge': 'a-very-long-origin-secret' })).toBe('203.0.113.9');
    expect(await ask({ 'x-forwarded-for': '192.0.2.1' })).toBe('198.51.100.7');
    expect(viewerAddressOf('2001:db8::1:46532')).toBe('2001:db8::1');
  });
});

describe('compression', () => {
  it('prefers brotli, honours q=0, and falls back to gzip', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br');
    expect(chooseEncoding('gzip, br;q=0')).toBe('gzip');
    expect(chooseEncoding('identity')).toBeNull();
    expect(chooseEncoding('*')).toBe('br');
    expect(chooseEncoding(undefined)).toBeNull();
  });

  it('compresses text bodies of 1 KB or more, keeps headers, and leaves small ones alone', async () => {
    const app = new Hono();
    app.use(compressResponses());
    app.get('/big', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html(`<p>${'举报'.repeat(2000)}</p>`);
    });
    app.get('/small', (c) => c.json({ ok: true }));
    const br = await app.request('/big', { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe('no-store');
    expect(br.headers.get('vary')).toMatch(/Accept-Encoding/);
    expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString()).toContain('举报举报');
    const gz = await app.request('/big', { headers: { 'accept-encoding': 'gzip' } });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toContain('举报举报');
    const plain = await app.request('/big');
    expect(plain.headers.get('content-encoding')).toBeNull();
    const small = await app.request('/small', { headers: { 'accept-encoding': 'br' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(await small.json()).toEqual({ ok: true });
  });
});

describe('hashed asset names', () => {
  it('puts the content hash before the extension and reads it back', () => {
    const hash = contentHash(new TextEncoder().encode('body{}'));
    expect(hash).toMatch(/^[0-9a-f]{10}$/);
    const path = hashedPath('/assets/pico.min.css', hash);
    expect(path).toBe(`/assets/pico.min.${hash}.css`);
    expect(parseAssetPath(path)).toEqual({ path: '/assets/pico.min.css', hash });
    expect(parseAssetPath('/assets/app.css')).toEqual({ path: '/assets/app.css' });
    expect(parseAssetPath('/assets/nothing.0123456789.css')).toEqual({
      path: '/assets/nothing.0123456789.css',
    });
  });
});
