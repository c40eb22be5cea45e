/**
 * The stateless stack bundled for real (what `cdk synth` ships), built once per source state and
 * shared. Bundling every function with esbuild is the slowest step of the whole test run, and the
 * bundle test and the boot test need the very same assembly: it is kept under node_modules/.cache,
 * keyed by a hash of every file that goes into it, so one run builds it once (a lock keeps two
 * workers from building it side by side) and a re-run with nothing changed builds nothing.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '../../infra/constructs/house-function.ts';
import { type BuiltApp, buildTestApp, sharedTestApp } from './support.ts';

export const STATELESS = 'ChuishaoStateless';
const CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'chuishao-bundled-synth');
/** Everything a bundle or the template is made from (node_modules through the lockfile). */
const INPUTS = ['functions', 'shared', 'infra', 'seeds', 'package-lock.json', 'tsconfig.json', 'cdk.json'];
/** A lock older than this belongs to a run that died mid-build. */
const STALE_LOCK_MS = 10 * 60_000;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => filesUnder(join(path, e.name)));
}

/** A hash of every input file's path and bytes (and of this module and the build options). */
export function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [
    ...INPUTS.flatMap((p) => filesUnder(join(REPO_ROOT, p))),
    join(REPO_ROOT, 'test', 'infra', 'support.ts'),
    join(REPO_ROOT, 'test', 'infra', 'bundled-synth.ts'),
  ];
  for (const file of files) hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file));
  return hash.digest('hex').slice(0, 24);
}

export interface BundledStateless {
  /** The cloud assembly folder: templates and one `asset.<hash>` folder per function (read only). */
  outdir: string;
  /**
   * The shared plain build's construct tree (logical ids are the same as the bundled build's) with
   * the stateless template as synthesised with bundling (its S3 keys name the asset folders).
   */
  built: BuiltApp;
}

/** The bundled stateless assembly for the current sources, built now only if not yet cached. */
export async function bundledStateless(): Promise<BundledStateless> {
  const key = sourceHash();
  const outdir = join(CACHE, key);
  const lock = `${outdir}.lock`;
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(join(outdir, 'manifest.json'))) break;
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building it: wait, unless its lock is left from a run that died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(500);
      continue;
    }
    try {
      // Older builds are of other sources: drop them so the cache stays one assembly big.
      for (const old of readdirSync(CACHE))
        if (!old.startsWith(key)) rmSync(join(CACHE, old), { recursive: true, force: true });
      const building = `${outdir}.building`;
      rmSync(building, { recursive: true, force: true });
      buildTestApp({ bundle: [STATELESS], outdir: building });
      writeFileSync(join(building, 'source-hash'), `${key}\n`);
      renameSync(building, outdir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  const template = JSON.parse(readFileSync(join(outdir, `${STATELESS}.template.json`), 'utf8'));
  return { outdir, built: { ...sharedTestApp(), statelessTemplate: Template.fromJSON(template) } };
}
