/**
 * The page-weight budget (bench/page-weight.ts prints the figures): the first visit to `/` —
 * page, stylesheets and script, as sent to a browser that accepts brotli — stays within 40 KB, and
 * a repeat visit fetches only the page (every asset it links is content-hashed and `immutable`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedAssets, pageWeight } from '../../bench/page-weight.ts';
import { createHarness, type Harness } from '../support/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.cleanup();
});

describe('page weight', () => {
  it('keeps the first visit to / within 40 KB compressed, and a repeat visit to the page alone', async () => {
    const weight = await pageWeight(h.url, '/', { 'accept-encoding': 'br, gzip' });
    expect(weight.first).toBeLessThanOrEqual(40 * 1024);
    expect(weight.repeat).toBe(weight.html);
    const gzipOnly = await pageWeight(h.url, '/', { 'accept-encoding': 'gzip' });
    expect(gzipOnly.first).toBeLessThanOrEqual(40 * 1024);
  });

  it('links only content-hashed assets, served immutable, compressed, and the same bytes by either name', async () => {
    const html = await (await h.app.request('/')).text();
    const assets = linkedAssets(html);
    // Pico, the app's stylesheet, its script and the evidence field's script.
    expect(assets.length).toBe(4);
    for (const href of assets) {
      expect(href).toMatch(/^\/assets\/[a-z.]+\.[0-9a-f]{10}\.(css|js)$/);
      const hashed = await h.app.request(href, { headers: { 'accept-encoding': 'br' } });
      expect(hashed.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(hashed.headers.get('content-encoding')).toBe('br');
      expect(hashed.headers.get('vary')).toBe('Accept-Encoding');
      const plainName = href.replace(/\.[0-9a-f]{10}\./, '.');
      const plain = await h.app.request(plainName);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
      expect(plain.headers.get('content-encoding')).toBeNull();
      // The hashed name's body is the plain file (fetch decompresses brotli transparently).
      const viaFetch = await fetch(`${h.url}${href}`).then((r) => r.text());
      expect(viaFetch).toBe(await plain.text());
    }
  });

  it('serves a stale hash with the current file and a short cache, never immutable', async () => {
    const res = await h.app.request('/assets/app.0000000000.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('compresses pages and keeps their no-store', async () => {
    const { caseNumber, accessKey } = (await (
      await h.app.request('/api/v1/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          category: 'major_hazard',
          description: '车间消防通道被堵，灭火器过期，工人多次反映无人处理。',
          location: { townshipCode: '411003106' },
        }),
      })
    ).json()) as { caseNumber: string; accessKey: string };
    const signIn = await h.app.request('/follow-up', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ caseNumber, accessKey }).toString(),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
    const page = await h.app.request('/follow-up', { headers: { cookie, 'accept-encoding': 'gzip, br' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
  });
});
