/**
 * Real bundling of the stateless stack with the local esbuild (what `cdk synth` ships): per
 * function an ES module entry and the chunks it loads on demand, with the AWS SDK bundled in (a few
 * minified files load far faster than the runtime's copy spread over hundreds of files), and the
 * assets function carrying every manifest file under its flat name.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAssetHrefs } from '../../functions/assets/hashed.ts';
import { ASSETS } from '../../functions/assets/manifest.ts';
import { assetCopies } from '../../infra/stateless-stack.ts';
import { decodeStack } from '../../scripts/decode-stack.ts';
import { bundledStateless } from './bundled-synth.ts';
import { type BuiltApp, logicalIdOf } from './support.ts';

let built: BuiltApp;
let outdir: string;
beforeAll(async () => {
  const bundled = await bundledStateless();
  outdir = bundled.outdir;
  built = bundled.built;
});

const names = ['api', 'web', 'assets', 'staff'] as const;
/** The staged asset directory of a function's code. */
function codeDir(name: (typeof names)[number]): string {
  const fn =
    built.statelessTemplate.findResources('AWS::Lambda::Function')[
      logicalIdOf(built.stateless[name].function)
    ];
  const key: string = fn?.Properties.Code.S3Key;
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

/** The chunks a module imports statically (`import … from "./chunks/…"`), as paths in the folder. */
function staticChunks(dir: string, file: string): string[] {
  const code = readFileSync(join(dir, file), 'utf8');
  const here = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  return [...code.matchAll(/(?:^|[;}\s])import\s*(?:[\w${}\s,*]+from\s*)?"(\.\.?\/[^"]+)"/g)].map(([, rel]) =>
    join(here, rel as string).replace(/^\.\//, ''),
  );
}

/** The entry and every chunk it loads at start, transitively: what a cold start reads. */
function startFiles(dir: string): string[] {
  const seen = new Set(['index.mjs']);
  const todo = ['index.mjs'];
  for (let file = todo.pop(); file; file = todo.pop())
    for (const chunk of staticChunks(dir, file))
      if (!seen.has(chunk)) {
        seen.add(chunk);
        todo.push(chunk);
      }
  return [...seen];
}

/** Every code file of a function's bundle: the entry and all its chunks. */
function allFiles(dir: string): string[] {
  const chunks = existsSync(join(dir, 'chunks')) ? readdirSync(join(dir, 'chunks')) : [];
  return ['index.mjs', ...chunks.filter((f) => f.endsWith('.mjs')).map((f) => `chunks/${f}`)];
}

const codeOf = (dir: string, files: string[]) =>
  files.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');

describe('bundles', () => {
  it.each(names)('%s is a minified ES module with a source map and the SDK bundled in', (name) => {
    const dir = codeDir(name);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    for (const chunk of allFiles(dir)) expect(existsSync(join(dir, `${chunk}.map`)), chunk).toBe(true);
    expect(existsSync(join(dir, 'index.js'))).toBe(false);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    expect(code.startsWith("import{createRequire as __houseRequire}from'node:module';")).toBe(true);
    // Minified: few, long lines (the SDK's template strings keep a few newlines of their own).
    const lines = code.split('\n').length;
    expect(lines).toBeLessThan(200);
    expect(code.length / lines).toBeGreaterThan(2000);
    // Nothing is left for the runtime to resolve: the SDK is in the bundle, and every chunk a file
    // imports is in the folder.
    const all = codeOf(dir, allFiles(dir));
    expect(all).not.toMatch(/from\s*"@aws-sdk\//);
    for (const file of allFiles(dir))
      for (const chunk of staticChunks(dir, file))
        expect(existsSync(join(dir, chunk)), `${file} → ${chunk}`).toBe(true);
    // Class names survive minifying: domain errors name themselves after their class, and logs say which.
    if (name !== 'assets') expect(all).toContain('"UnavailableError"');
  });

  it('a cold start of api and web does not read the KMS, SNS or S3 clients: they are chunks read on first use', () => {
    for (const name of ['api', 'web'] as const) {
      const dir = codeDir(name);
      const start = codeOf(dir, startFiles(dir));
      expect(start, name).toContain('DynamoDB_20120810');
      expect(start, name).not.toContain('TrentService');
      expect(start, name).not.toContain('AmazonSimpleNotificationService');
      expect(start, name).not.toMatch(/"PutObject"|x-amz-checksum-mode/);
      // …and the default credential chain's profile-file and SSO providers are not carried at all.
      expect(codeOf(dir, allFiles(dir)), name).not.toContain('sso_start_url');
    }
  });

  it("a stack from the bundle decodes to the source lines with the maps shipped beside it (the runtime's report of an uncaught error)", () => {
    const dir = codeDir('api');
    // Imported without its configuration, the API throws at start, as a misconfigured deploy would.
    const stack = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `try { await import(${JSON.stringify(join(dir, 'index.mjs'))}) } catch (e) { console.log(e.stack) }`,
      ],
      { env: { PATH: process.env.PATH, AWS_REGION: 'cn-north-1' }, encoding: 'utf8' },
    );
    expect(stack).toMatch(/configuration invalid/);
    expect(stack).toMatch(/index\.mjs:\d+:\d+/);
    const decoded = decodeStack(stack, dir);
    expect(decoded).toMatch(/shared\/config\.ts:\d+:\d+/);
    expect(decoded).toMatch(/functions\/api\/handler\.ts:\d+:\d+/);
    expect(decoded).not.toMatch(/index\.mjs:\d+:\d+/);
  });

  it('web and staff link the content-hashed asset names of the files the assets function carries', () => {
    const hrefs = computeAssetHrefs();
    for (const name of ['web', 'staff'] as const) {
      const code = codeOf(codeDir(name), allFiles(codeDir(name)));
      for (const path of ['/assets/pico.min.css', '/assets/app.css'])
        expect(code, name).toContain(hrefs[path]);
    }
    expect(codeOf(codeDir('web'), allFiles(codeDir('web')))).toContain(hrefs['/assets/app.js']);
  });

  it('api and web carry the DynamoDB and KMS clients they use (their wire protocols are in the file)', () => {
    for (const name of ['api', 'web'] as const) {
      const code = codeOf(codeDir(name), allFiles(codeDir(name)));
      expect(code).toContain('DynamoDB_20120810');
      expect(code).toContain('TrentService');
    }
  });

  it('staff carries the DynamoDB client and its JWT verifier (jose) in the bundle', () => {
    const code = codeOf(codeDir('staff'), allFiles(codeDir('staff')));
    expect(code).toContain('DynamoDB_20120810');
    expect(code).not.toMatch(/from\s*"jose"/);
    expect(code).toContain('ERR_JWKS_NO_MATCHING_KEY');
  });

  it('assets carries every manifest file, byte for byte, under its flat name', () => {
    const dir = codeDir('assets');
    for (const { from, file } of assetCopies()) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(from)), file).toBe(true);
    }
    expect(assetCopies()).toHaveLength(Object.keys(ASSETS).length);
  });

  it.each(names)('%s stays small (well under the 50 MB zipped limit; a regression guard)', (name) => {
    // With the SDK bundled in (about 450 KB of each), 2 MB still flags a dependency pulled in by mistake.
    const dir = codeDir(name);
    const bytes = allFiles(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(bytes).toBeLessThan(2 * 1024 * 1024);
  });
});
