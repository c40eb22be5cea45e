/**
 * Content-hashed asset names (`/assets/app.css` → `/assets/app.3f2a9c1b7d.css`), so a page can let
 * the browser keep its stylesheets and scripts for a year without asking (`immutable`) and a
 * changed file still reaches everyone at once: its name changes with its bytes.
 *
 * The pages ask `assetHref(path)` for the name to link. In a Lambda bundle the names are fixed at
 * build time (esbuild `define` of ASSET_HREFS_DEFINE, computed by the CDK app from the same files
 * the assets function carries); locally they are computed once from the files themselves.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ASSETS, type Asset } from './manifest.ts';

/** The global esbuild replaces with the href table in Lambda bundles. */
export const ASSET_HREFS_DEFINE = '__CHUISHAO_ASSET_HREFS__';
declare const __CHUISHAO_ASSET_HREFS__: Record<string, string> | undefined;

const HASH_LENGTH = 10;
const HASHED = new RegExp(`^(.*)\\.([0-9a-f]{${HASH_LENGTH}})(\\.[a-z]+)$`);

/** First hex digits of the SHA-256 of a file's bytes. */
export const contentHash = (bytes: Uint8Array) =>
  createHash('sha256').update(bytes).digest('hex').slice(0, HASH_LENGTH);

/** `/assets/pico.min.css` + hash → `/assets/pico.min.<hash>.css`. */
export function hashedPath(path: string, hash: string): string {
  const dot = path.lastIndexOf('.');
  return `${path.slice(0, dot)}.${hash}${path.slice(dot)}`;
}

/** A requested path → the manifest path it names and the hash it carries (if any). */
export function parseAssetPath(path: string): { path: string; hash?: string } {
  const m = HASHED.exec(path);
  if (m && ASSETS[`${m[1]}${m[3]}`]) return { path: `${m[1]}${m[3]}`, hash: m[2] };
  return { path };
}

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Where a manifest file is in this checkout (node_modules, or the repository). */
export function resolveAssetSource(source: string): string {
  return source.startsWith('./') ? join(repoRoot, source) : createRequire(import.meta.url).resolve(source);
}

/** Every manifest path → its hashed href, from the files in this checkout (CDK app, local mode). */
export function computeAssetHrefs(
  read: (asset: Asset) => Uint8Array = (a) => readFileSync(resolveAssetSource(a.source)),
) {
  return Object.fromEntries(
    Object.entries(ASSETS).map(([path, asset]) => [path, hashedPath(path, contentHash(read(asset)))]),
  );
}

let hrefs: Record<string, string> | undefined;

/** From the files here; where they are not (a bundle built without the define), the plain names. */
function localHrefs(): Record<string, string> {
  try {
    return computeAssetHrefs();
  } catch {
    return {};
  }
}

/** The href a page links for a manifest path; unknown paths are returned as given. */
export function assetHref(path: string): string {
  hrefs ??= typeof __CHUISHAO_ASSET_HREFS__ !== 'undefined' ? __CHUISHAO_ASSET_HREFS__ : localHrefs();
  return hrefs[path] ?? path;
}
