/**
 * Serves the files listed in the manifest from a resolver (local: node_modules; AWS: the bundle
 * dir). A content-hashed name (see hashed.ts) that matches the file is kept by browsers for a year
 * without revalidation; the plain name (Swagger UI's page, an old page naming an old hash) gets the
 * current file with a short cache. Each file is compressed once (brotli 11, gzip 9) and kept.
 */
import { readFile } from 'node:fs/promises';
import { Hono } from 'hono';
import { chooseEncoding, compressBody } from '#functions/http/compress.ts';
import { contentHash, parseAssetPath } from './hashed.ts';
import { ASSETS, type Asset } from './manifest.ts';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

interface Prepared {
  hash: string;
  identity: Uint8Array;
  br: Uint8Array;
  gzip: Uint8Array;
}

export function createAssetsApp(resolve: (asset: Asset) => string) {
  const app = new Hono();
  const cache = new Map<string, Promise<Prepared>>();
  const prepare = async (asset: Asset): Promise<Prepared> => {
    const identity = new Uint8Array(await readFile(resolve(asset)));
    return {
      hash: contentHash(identity),
      identity,
      br: new Uint8Array(compressBody(identity, 'br', 'static')),
      gzip: new Uint8Array(compressBody(identity, 'gzip', 'static')),
    };
  };
  app.get('/assets/:name', async (c) => {
    const { path, hash } = parseAssetPath(c.req.path);
    const asset = ASSETS[path];
    if (!asset) return c.notFound();
    let prepared = cache.get(asset.file);
    if (!prepared) {
      prepared = prepare(asset);
      cache.set(asset.file, prepared);
      prepared.catch(() => cache.delete(asset.file));
    }
    const file = await prepared;
    const encoding = chooseEncoding(c.req.header('accept-encoding'));
    const body = encoding ? file[encoding] : file.identity;
    return c.body(body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': asset.type,
      'Cache-Control': hash === file.hash ? IMMUTABLE : SHORT,
      'X-Content-Type-Options': 'nosniff',
      Vary: 'Accept-Encoding',
      ...(encoding ? { 'Content-Encoding': encoding } : {}),
    });
  });
  return app;
}
