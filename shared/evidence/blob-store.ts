/**
 * Where sealed evidence blobs live: a port with two adapters — a folder under `.data/` locally
 * (npm start) and the evidence S3 bucket in AWS (s3-blob-store.ts). Only sealed bytes ever pass
 * through it (shared/services/evidence.ts seals before `put`), so neither holds a readable image.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

export interface BlobStore {
  put(key: string, sealed: Uint8Array): Promise<void>;
  /** The sealed bytes, or null when there is no such blob. */
  get(key: string): Promise<Uint8Array | null>;
  /** Deletes the blobs; a missing one is not an error (the retention sweep may repeat). */
  delete(keys: string[]): Promise<void>;
}

/** Blob keys are built only by evidenceBlobKey(): letters, digits, `/`, `.`, `-`. */
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9/._-]{0,200}$/;

/** Local adapter: one file per blob under `root`, written to a temporary name then renamed. */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!SAFE_KEY.test(key) || key.includes('..') || !path.startsWith(this.root + sep))
      throw new Error('invalid blob key');
    return path;
  }

  async put(key: string, sealed: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, sealed, { mode: 0o600 });
    await rename(tmp, path);
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((k) => rm(this.pathOf(k), { force: true })));
  }
}
