/**
 * How every Lambda function's code is built: the local esbuild (never Docker), one ES module entry
 * `index.mjs` plus the chunks it loads only when a path needs them, minified, with source maps and
 * the AWS SDK v3 bundled in. `cdk synth` (house-function.ts), the bundle benchmark and the boot
 * test all build through here, so they measure and run exactly what ships.
 *
 * Why chunks: a cold start spends most of its time compiling the code it loads. Code reached only
 * through `import()` (the S3 client for evidence, KMS until an identity is sealed, the PDF and
 * image tools) goes into a chunk of its own that is read on first use, not at start.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** Repository root: esbuild's working directory and the base of every entry path. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundled ESM has no `require`; a CommonJS dependency that requires a Node built-in would fail at
 * load time without one.
 */
const REQUIRE_BANNER =
  "import{createRequire as __houseRequire}from'node:module';const require=__houseRequire(import.meta.url);";

/**
 * In Lambda the execution role's credentials are in the environment. The SDK's default chain also
 * carries SSO, profile files, web identity, processes and instance metadata, with the nested
 * clients they call: about 100 KB that every cold start would compile and no function uses.
 */
const LAMBDA_CREDENTIALS = join(REPO_ROOT, 'shared', 'aws', 'lambda-credentials.ts');

/**
 * The esbuild options every function is built with, in esbuild's own terms. Nothing is external:
 * the SDK is bundled (one minified module loads in a fraction of the time the runtime's copy,
 * spread over hundreds of files, takes).
 */
export const HOUSE_ESBUILD = {
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  // Function names are not kept: keeping them wraps every function and class of the bundle (the
  // AWS SDK's included) in a naming call at load time. Error classes name themselves in a string
  // instead (shared/errors.ts; test/unit/error-names.test.ts), so logs still say UnavailableError.
  keepNames: false,
  sourcemap: true,
  // Line mapping is enough for stack traces; embedding the sources would triple the map.
  sourcesContent: false,
  // Chinese page text stays UTF-8 instead of \uXXXX escapes (smaller bundle).
  charset: 'utf8',
  banner: { js: REQUIRE_BANNER },
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  alias: { '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS },
  external: [] as string[],
  tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  absWorkingDir: REPO_ROOT,
  logLevel: 'warning',
} as const satisfies BuildOptions;

/** The full esbuild options for one function: its entry, its output folder and its constants. */
export function houseBuildOptions(
  entry: string,
  outdir: string,
  opts: { define?: Record<string, string>; external?: string[] } = {},
): BuildOptions {
  return {
    ...HOUSE_ESBUILD,
    mainFields: [...HOUSE_ESBUILD.mainFields],
    alias: { ...HOUSE_ESBUILD.alias },
    external: opts.external ?? [...HOUSE_ESBUILD.external],
    entryPoints: [join(REPO_ROOT, entry)],
    outdir,
    define: { ...opts.define },
    metafile: true,
  };
}

/** A file shipped beside the bundle: `from` an absolute path, `to` relative to the bundle's folder. */
export interface BundleCopy {
  from: string;
  to: string;
}

export function copyIntoBundle(outdir: string, copies: readonly BundleCopy[]): void {
  for (const { from, to } of copies) {
    const target = join(outdir, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(from, target);
  }
}
