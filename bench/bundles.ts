/**
 * Function bundles and cold start (`npm run bench:bundles`; also part of `npm run bench:intake`).
 *
 * Builds every Lambda entry exactly as `cdk synth` does (infra/constructs/house-bundle.ts) and
 * prints, per function, the bundle size and the part of it that is the project's own code and
 * libraries (everything but the AWS SDK, target ≤ 150 KB), in all and in what a cold start loads
 * (the entry and the chunks it imports statically; the rest is read on first use).
 *
 * Cold init of the API function, measured in fresh `node` processes with the environment the
 * function gets in AWS: the time to import the bundle *plus every SDK client a report with an
 * identity needs* (DynamoDB and KMS), so that loading KMS lazily on the first request cannot hide
 * its cost (target ≤ 60 ms). The baseline is measured in the same run: the same code built and run
 * the old way, with the SDK left to the runtime's node_modules, KMS loaded eagerly and Node's
 * source-map support on.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { houseBuildOptions } from '../infra/constructs/house-bundle.ts';
import { assetHrefs } from '../infra/constructs/house-function.ts';

const REPO = resolve(import.meta.dirname, '..');
const OUT = join(REPO, '.bench', 'bundles');
export const TARGET_INIT_MS = 60;
export const TARGET_OWN_KB = 150;
const RUNS = 11;
/** CPU (ms) the measuring `node` processes reported, so a caller can tell its own load from others'. */
export let spawnedCpuMs = 0;

/** The environment the API function gets in AWS (infra/stateless-stack.ts), with dummy values. */
export const LAMBDA_ENV = {
  MODE: 'aws',
  CASES_TABLE: 'x',
  IDENTITY_TABLE: 'y',
  DIRECTORY_TABLE: 'z',
  IDENTITY_KEY_ID: 'k',
  PHONE_HMAC_KEY_ID: 'h',
  NOTIFY_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:000000000000:staff',
  AWS_REGION: 'cn-north-1',
  // What the other functions require at start (staff token checks, the webhook's secret, evidence).
  STAFF_JWKS_URL: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/pool/.well-known/jwks.json',
  STAFF_ISSUER: 'https://cognito-idp.cn-north-1.amazonaws.com.cn/pool',
  STAFF_AUDIENCE: 'client',
  SMS_WEBHOOK_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:webhook',
  INBOUND_SMS_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:000000000000:inbound-sms',
  EVIDENCE_BUCKET: 'evidence',
  SERVER_HMAC_KEY_ID: 's',
};

/** What the AWS SDK brings into a bundle: its packages and the few libraries only it uses. */
export const SDK_INPUT =
  /node_modules\/(@aws-sdk|@smithy|@aws-crypto|@aws|fast-xml-parser|strnum|bowser|tslib|uuid|mnemonist|obliterator)\//;

/** Every Lambda entry under functions/ (`handler.ts`, `*-handler.ts`). */
export function functionEntries(): string[] {
  const entries: string[] = [];
  for (const dir of readdirSync(join(REPO, 'functions'), { withFileTypes: true })) {
    if (!dir.isDirectory() || dir.name === 'local') continue;
    for (const f of readdirSync(join(REPO, 'functions', dir.name)))
      if (f === 'handler.ts' || f.endsWith('-handler.ts')) entries.push(`functions/${dir.name}/${f}`);
  }
  return entries.sort();
}

export interface BundleFigure {
  entry: string;
  /** Every file of the bundle (entry and chunks). */
  kb: number;
  ownKb: number;
  sdkKb: number;
  /** What a cold start loads: the entry and every chunk it imports statically. */
  startKb: number;
  startOwnKb: number;
  chunks: number;
}

/** Builds one function as `cdk synth` does into `outdir` (index.mjs and its chunks). */
export async function bundle(
  entry: string,
  outdir: string,
  opts: { external?: string[]; single?: boolean } = {},
): Promise<Metafile> {
  const options = houseBuildOptions(entry, outdir, {
    define: assetHrefs(),
    ...(opts.external ? { external: opts.external } : {}),
  });
  // `single`: as the functions were built before, one file with the SDK's full credential chain.
  const before = opts.single ? { splitting: false, alias: {} } : {};
  const result = await build({ ...options, ...before, logLevel: 'silent' });
  if (!result.metafile) throw new Error('esbuild gave no metafile');
  return result.metafile;
}

type Output = Metafile['outputs'][string];
const isCode = (path: string) => path.endsWith('.mjs');

/** The outputs a cold start loads: the entry and, transitively, the chunks it imports statically. */
export function startOutputs(meta: Metafile): [string, Output][] {
  const code = Object.entries(meta.outputs).filter(([path]) => isCode(path));
  const entry = code.find(([, o]) => o.entryPoint !== undefined);
  if (!entry) return [];
  const seen = new Map<string, Output>([entry]);
  const todo = [entry[1]];
  for (let out = todo.pop(); out; out = todo.pop())
    for (const imp of out.imports) {
      const next = meta.outputs[imp.path];
      if (imp.kind !== 'import-statement' || !next || seen.has(imp.path)) continue;
      seen.set(imp.path, next);
      todo.push(next);
    }
  return [...seen];
}

/** Sizes of some outputs: in all, and the part that is the project's code and libraries. */
function sizes(outputs: [string, Output][]): { kb: number; ownKb: number; sdkKb: number } {
  let bytes = 0;
  let own = 0;
  let sdk = 0;
  for (const [, out] of outputs) {
    bytes += out.bytes;
    for (const [path, input] of Object.entries(out.inputs))
      if (SDK_INPUT.test(path)) sdk += input.bytesInOutput;
      else own += input.bytesInOutput;
  }
  return { kb: bytes / 1024, ownKb: own / 1024, sdkKb: sdk / 1024 };
}

export function figureOf(entry: string, meta: Metafile): BundleFigure {
  const code = Object.entries(meta.outputs).filter(([path]) => isCode(path));
  const all = sizes(code);
  const start = sizes(startOutputs(meta));
  return {
    entry,
    kb: all.kb,
    sdkKb: all.sdkKb,
    ownKb: all.ownKb,
    startKb: start.kb,
    startOwnKb: start.ownKb,
    chunks: code.length - 1,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

type Timing = { ms: number; cpuMs: number };

/**
 * One module to import, and how: `before` runs it as the functions used to run, with Node's
 * source-map support on (NODE_OPTIONS=--enable-source-maps); the shipped functions run without.
 */
type Spec = { url: string; before?: boolean };

/** Wall and CPU time of importing one module in a fresh node process (cwd = the repository). */
function importOnce({ url, before }: Spec): { ms: number; cpu: number } {
  const script = `const c0=process.cpuUsage();const t=performance.now();await import(${JSON.stringify(url)});const ms=performance.now()-t;const c=process.cpuUsage(c0);process.stdout.write(JSON.stringify({ms,cpu:(c.user+c.system)/1000}));`;
  const flags = before ? ['--enable-source-maps'] : [];
  const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], {
    cwd: REPO,
    env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...LAMBDA_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const r = JSON.parse(out) as { ms: number; cpu: number };
  spawnedCpuMs += r.cpu;
  return r;
}

/**
 * Median import times of several modules, taken in turns (one process each per round), so that
 * anything else running on the machine slows every variant alike.
 */
function importTimes(specs: Spec[]): Timing[] {
  const wall = specs.map(() => [] as number[]);
  const cpu = specs.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++)
    specs.forEach((spec, k) => {
      const r = importOnce(spec);
      wall[k]?.push(r.ms);
      cpu[k]?.push(r.cpu);
    });
  return specs.map((_, k) => ({ ms: median(wall[k] ?? []), cpuMs: median(cpu[k] ?? []) }));
}

/** One function's import time as shipped, and built as before (one file, the full credential chain). */
export interface FunctionStart {
  entry: string;
  before: { ms: number; cpuMs: number };
  after: { ms: number; cpuMs: number };
}

export interface ColdStart {
  bundles: BundleFigure[];
  functions: FunctionStart[];
  /** The API bundle as shipped (KMS not yet loaded). */
  apiShipped: { ms: number; cpuMs: number };
  /** The API bundle with DynamoDB and KMS loaded: the figure held to the target. */
  apiWithIdentityClients: { ms: number; cpuMs: number };
  /** Baseline, same run: SDK from node_modules, KMS eager (how the functions were built before). */
  baseline: { ms: number; cpuMs: number };
  /** The DynamoDB and KMS clients alone, bundled the same way: what no change of ours can remove. */
  sdkFloor: { ms: number; cpuMs: number };
  runs: number;
}

export async function measureColdStart(): Promise<ColdStart> {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const bundles: BundleFigure[] = [];
  const names = new Map<string, string>();
  for (const entry of functionEntries()) {
    const name = entry
      .replace(/^functions\//, '')
      .replace(/\.ts$/, '')
      .replace(/\//g, '-');
    names.set(entry, name);
    bundles.push(figureOf(entry, await bundle(entry, join(OUT, name))));
    await bundle(entry, join(OUT, `${name}-single`), { single: true });
  }
  // The API with the clients an identity report needs loaded at import: a tiny entry beside the
  // real one, built with the same options, that re-exports them (a bare `import` of an SDK package
  // would be dropped: they declare no side effects), so they are in what the entry loads.
  const eager = join(OUT, 'api-eager-entry.ts');
  writeFileSync(
    eager,
    `export * from ${JSON.stringify(join(REPO, 'functions/api/handler.ts'))};\nexport { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\n`,
  );
  await bundle(relative(REPO, eager), join(OUT, 'api-eager'));
  await bundle(relative(REPO, eager), join(OUT, 'api-baseline'), { external: ['@aws-sdk/*'] });
  // The floor: the same two SDK clients, bundled the same way, with none of the project's code.
  const floor = join(OUT, 'sdk-floor-entry.ts');
  writeFileSync(
    floor,
    `export { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';\nexport { KMSClient, GenerateDataKeyCommand } from '@aws-sdk/client-kms';\n`,
  );
  await bundle(relative(REPO, floor), join(OUT, 'sdk-floor'));
  // The baseline resolves @aws-sdk/* from node_modules: its folder must sit inside the repository.
  const url = (dir: string) => pathToFileURL(join(OUT, dir, 'index.mjs')).href;
  const functions: FunctionStart[] = [];
  for (const [entry, name] of names) {
    const [before, after] = importTimes([
      { url: url(`${name}-single`), before: true },
      { url: url(name) },
    ]) as [Timing, Timing];
    functions.push({ entry, before, after });
  }
  const [apiShipped, apiWithIdentityClients, baseline, sdkFloor] = importTimes([
    { url: url('api-handler') },
    { url: url('api-eager') },
    { url: url('api-baseline'), before: true },
    { url: url('sdk-floor') },
  ]) as [Timing, Timing, Timing, Timing];
  return {
    bundles,
    functions,
    apiShipped,
    apiWithIdentityClients,
    baseline,
    sdkFloor,
    runs: RUNS,
  };
}

export function coldStartLines(c: ColdStart): string[] {
  const mark = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const k = (n: number) => n.toFixed(1).padStart(6);
  const rows = c.bundles.map(
    (b) =>
      `  ${b.entry.padEnd(36)}${k(b.kb)} KB  own ${k(b.ownKb)} KB ${mark(b.ownKb <= TARGET_OWN_KB).padEnd(6)}  SDK ${k(b.sdkKb)} KB  │ at start ${k(b.startKb)} KB, own ${k(b.startOwnKb)} KB  (${b.chunks} chunks)`,
  );
  const t = (x: { ms: number; cpuMs: number }) =>
    `${x.ms.toFixed(1).padStart(7)} ms (cpu ${x.cpuMs.toFixed(1)})`;
  return [
    `bundles (SDK bundled in; own = everything but the AWS SDK, target ≤ ${TARGET_OWN_KB} KB; at start = the entry and the chunks it imports statically):`,
    ...rows,
    `import time of every function as shipped, against the same code built and run as before (one file, the SDK's full credential chain, Node's source-map support on), median of ${c.runs} fresh processes:`,
    ...c.functions.map(
      (f) =>
        `  ${f.entry.padEnd(36)} before ${t(f.before)}   now ${t(f.after)}   ratio ${(f.after.ms / f.before.ms).toFixed(2)}`,
    ),
    `cold init of the API function, median of ${c.runs} fresh processes:`,
    `  baseline  SDK from node_modules, KMS eager, maps  ${t(c.baseline)}`,
    `  shipped   import(bundle), KMS not yet loaded      ${t(c.apiShipped)}`,
    `  measured  import(bundle) + DynamoDB + KMS loaded  ${t(c.apiWithIdentityClients)}   target ≤ ${TARGET_INIT_MS} ms: ${mark(c.apiWithIdentityClients.ms <= TARGET_INIT_MS)}`,
    `  ratio     measured ÷ baseline                     ${(c.apiWithIdentityClients.ms / c.baseline.ms).toFixed(2).padStart(7)}`,
    `  floor     the two SDK clients alone, bundled      ${t(c.sdkFloor)}`,
    `  ours      measured − floor                        ${(c.apiWithIdentityClients.ms - c.sdkFloor.ms).toFixed(1).padStart(7)} ms`,
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const c = await measureColdStart();
  console.log(coldStartLines(c).join('\n'));
  console.log(`(bundles in ${relative(REPO, OUT)})`);
}
