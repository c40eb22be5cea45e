/**
 * What makes one function's own code big, and why a module is in it
 * (`npm run -s bench:bundle-why -- functions/web/handler.ts [module]`).
 *
 * Builds the entry exactly as bench/bundles.ts does (the options `cdk synth` uses) and prints its
 * own code (everything but the AWS SDK) by package or folder and by file, largest first. With a
 * module (any part of its path), it also prints one import chain from the entry to it and every
 * module that imports it: the place to cut when a function carries code it never runs. Files a
 * cold start does not load (they are in chunks read on first use) are marked "later".
 */
import { join, resolve } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundle, SDK_INPUT, startOutputs } from './bundles.ts';

const REPO = resolve(import.meta.dirname, '..');
const [entry, wanted] = process.argv.slice(2);
if (!entry) {
  console.error('usage: bench:bundle-why -- <entry, e.g. functions/web/handler.ts> [module path part]');
  process.exit(2);
}

const meta: Metafile = await bundle(entry, join(REPO, '.bench', 'bundle-why'));
const atStart = new Set(startOutputs(meta).flatMap(([, out]) => Object.keys(out.inputs)));
const own = Object.entries(meta.outputs)
  .filter(([path]) => path.endsWith('.mjs'))
  .flatMap(([, out]) => Object.entries(out.inputs))
  .filter(([path]) => !SDK_INPUT.test(path))
  .map(([path, input]) => ({ path, kb: input.bytesInOutput / 1024, later: !atStart.has(path) }))
  .sort((a, b) => b.kb - a.kb);
const kb = (n: number) => n.toFixed(1).padStart(7);

/** `node_modules/<package>` or the first two folders of a project path. */
const groupOf = (path: string) =>
  /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
const groups = new Map<string, number>();
for (const { path, kb: size } of own) groups.set(groupOf(path), (groups.get(groupOf(path)) ?? 0) + size);

const total = (files: typeof own) => kb(files.reduce((sum, f) => sum + f.kb, 0));
console.log(`${entry}: own ${total(own)} KB, at start ${total(own.filter((f) => !f.later))} KB`);
console.log('by package or folder:');
for (const [group, size] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20))
  console.log(`${kb(size)}  ${group}`);
console.log('largest files:');
for (const { path, kb: size, later } of own.slice(0, Number(process.env.WHY_TOP ?? 30)))
  console.log(`${kb(size)}  ${path}${later ? '  (later)' : ''}`);

if (wanted) {
  // Breadth first from the entry: the shortest chain of imports to the first matching module.
  const parent = new Map<string, string>();
  const queue = [entry];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const at = queue.shift() as string;
    for (const { path } of meta.inputs[at]?.imports ?? [])
      if (!seen.has(path)) {
        seen.add(path);
        parent.set(path, at);
        queue.push(path);
      }
  }
  const target = [...seen].find((p) => p.includes(wanted));
  if (!target) console.log(`${wanted}: not in the bundle`);
  else {
    const chain = [target];
    for (let p = parent.get(target); p; p = parent.get(p)) chain.unshift(p);
    console.log(`why ${target}:\n  ${chain.join('\n  → ')}`);
    console.log('imported by:');
    for (const [path, input] of Object.entries(meta.inputs))
      if (input.imports.some((i) => i.path === target)) console.log(`  ${path}`);
  }
}
