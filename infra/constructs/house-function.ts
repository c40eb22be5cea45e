/**
 * The house Lambda function: ARM64, the current Node.js runtime, one ESM file bundled and minified by
 * the local esbuild (never Docker), source maps on, the AWS SDK v3 bundled in (one minified file
 * loads in a fraction of the time the runtime's copy, spread over hundreds of files, takes: that
 * is most of a cold start), and its own log group with a retention period.
 *
 * Least privilege by construction: the function gets a role of its own that may only write to its
 * own log group — no AWSLambdaBasicExecutionRole, no wildcard. Every data permission is added by
 * the caller with `addToRolePolicy`, statement by statement.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IRole, type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ASSET_HREFS_DEFINE, computeAssetHrefs } from '../../functions/assets/hashed.ts';

/**
 * Every bundle knows the content-hashed asset names (functions/assets/hashed.ts), fixed at build
 * time from the files the assets function carries: any function that renders a page links them.
 */
let assetHrefsDefine: Record<string, string> | undefined;
const assetHrefs = () => (assetHrefsDefine ??= { [ASSET_HREFS_DEFINE]: JSON.stringify(computeAssetHrefs()) });

/** Repository root: esbuild's working directory and the base of every entry path. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The newest Node.js runtime the CDK knows (cdk-nag AwsSolutions-L1 checks for exactly this). */
export const HOUSE_RUNTIME = Runtime.NODEJS_24_X;

/**
 * Bundled ESM has no `require`; a CommonJS dependency that requires a Node built-in would fail at
 * load time without one.
 */
const REQUIRE_BANNER =
  "import{createRequire as __houseRequire}from'node:module';const require=__houseRequire(import.meta.url);";

/**
 * The esbuild options every function is built with, in esbuild's own terms, so the benchmarks and
 * the boot test build exactly what `cdk synth` ships. Nothing is external: the SDK is bundled.
 */
export const HOUSE_ESBUILD = {
  bundle: true,
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
  external: [] as string[],
} as const;

/** A shell command for `afterBundling` that copies one file into the bundle's folder. */
export function copyCommand(from: string, to: string): string {
  const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
  return `cp ${quote(from)} ${quote(to)}`;
}

export interface HouseFunctionProps {
  /** Entry module, relative to the repository root (e.g. `functions/api/handler.ts`). */
  readonly entry: string;
  readonly description: string;
  readonly environment?: Record<string, string>;
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** X-Ray active tracing. Off by default: it needs `xray:Put*` on `*`. @default false */
  readonly tracing?: boolean;
  /** @default one year */
  readonly logRetention?: RetentionDays;
  /** Build-time constants for esbuild (`define`), e.g. the content-hashed asset names. */
  readonly define?: Record<string, string>;
  /** Extra bundling steps, e.g. copying static files next to index.mjs. */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

export class HouseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
      // Logs are kept for their retention period even if the stateless stack is replaced.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    const commandHooks: ICommandHooks = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: props.afterBundling ?? (() => []),
    };

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: HOUSE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      // SDK v3 reuses connections by default; the v2-era variable is not needed.
      awsSdkConnectionReuse: false,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: {
        format: OutputFormat.ESM,
        target: HOUSE_ESBUILD.target,
        mainFields: [...HOUSE_ESBUILD.mainFields],
        minify: HOUSE_ESBUILD.minify,
        keepNames: HOUSE_ESBUILD.keepNames,
        sourceMap: HOUSE_ESBUILD.sourcemap,
        sourcesContent: HOUSE_ESBUILD.sourcesContent,
        charset: Charset.UTF8,
        banner: HOUSE_ESBUILD.banner.js,
        tsconfig: join(REPO_ROOT, 'tsconfig.json'),
        externalModules: [...HOUSE_ESBUILD.external],
        forceDockerBundling: false,
        commandHooks,
        define: { ...assetHrefs(), ...props.define },
      },
    });

    if (props.tracing) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.',
      });
    }
  }

  /** Adds one explicit statement to the function's own role. */
  addToRolePolicy(statement: PolicyStatement): void {
    this.function.addToRolePolicy(statement);
  }
}
