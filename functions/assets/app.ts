/** Serves the files listed in the manifest from a resolver (local: node_modules; AWS: the bundle dir). */
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { ASSETS, type Asset } from './manifest.ts';

export function createAssetsApp(resolve: (asset: Asset) => string) {
  const app = new Hono();
  const cache = new Map<string, Uint8Array>();
  app.get('/assets/:name', async (c) => {
    const asset = ASSETS[c.req.path];
    if (!asset) return c.notFound();
    let body = cache.get(asset.file);
    if (!body) {
      body = new Uint8Array(await readFile(resolve(asset)));
      cache.set(asset.file, body);
    }
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=86400',
      'X-Content-Type-Options': 'nosniff',
    });
  });
  return app;
}
