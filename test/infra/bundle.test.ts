/**
 * Real bundling of the stateless stack with the local esbuild (what `cdk synth` ships): one ESM
 * file per function with the AWS SDK bundled in (one minified file loads far faster than the
 * runtime's copy spread over hundreds of files), and the assets function carrying every manifest
 * file under its flat name.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeAssetHrefs } from '../../functions/assets/hashed.ts';
import { ASSETS } from '../../functions/assets/manifest.ts';
import { assetCopies } from '../../infra/stateless-stack.ts';
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

describe('bundles', () => {
  it.each(names)('%s is a minified ES module with a source map and the SDK bundled in', (name) => {
    const dir = codeDir(name);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    expect(existsSync(join(dir, 'index.js'))).toBe(false);
    expect(code).toMatch(/export\s*\{[^}]*\bhandler\b/);
    expect(code.startsWith("import{createRequire as __houseRequire}from'node:module';")).toBe(true);
    // Minified: few, long lines (the SDK's template strings keep a few newlines of their own).
    const lines = code.split('\n').length;
    expect(lines).toBeLessThan(200);
    expect(code.length / lines).toBeGreaterThan(2000);
    // Nothing is left for the runtime to resolve: the SDK is in the file.
    expect(code).not.toMatch(/from\s*"@aws-sdk\//);
    // Class names survive minifying: domain errors name themselves after their class, and logs say which.
    if (name !== 'assets') expect(code).toContain('"UnavailableError"');
  });

  it('web and staff link the content-hashed asset names of the files the assets function carries', () => {
    const hrefs = computeAssetHrefs();
    for (const name of ['web', 'staff'] as const) {
      const code = readFileSync(join(codeDir(name), 'index.mjs'), 'utf8');
      for (const path of ['/assets/pico.min.css', '/assets/app.css'])
        expect(code, name).toContain(hrefs[path]);
    }
    expect(readFileSync(join(codeDir('web'), 'index.mjs'), 'utf8')).toContain(hrefs['/assets/app.js']);
  });

  it('api and web carry the DynamoDB and KMS clients they use (their wire protocols are in the file)', () => {
    for (const name of ['api', 'web'] as const) {
      const code = readFileSync(join(codeDir(name), 'index.mjs'), 'utf8');
      expect(code).toContain('DynamoDB_20120810');
      expect(code).toContain('TrentService');
    }
  });

  it('staff carries the DynamoDB client and its JWT verifier (jose) in the bundle', () => {
    const code = readFileSync(join(codeDir('staff'), 'index.mjs'), 'utf8');
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
    // With the SDK bundled in (about 400 KB of each), 2 MB still flags a dependency pulled in by mistake.
    expect(statSync(join(codeDir(name), 'index.mjs')).size).toBeLessThan(2 * 1024 * 1024);
  });
});
