/**
 * The house Lambda function: ARM64, the current Node.js runtime, its code built by house-bundle.ts
 * (the local esbuild, never Docker: an ES module entry and the chunks it loads on demand, the AWS
 * SDK v3 bundled in, source maps shipped beside it), and its own log group with a retention period.
 *
 * Least privilege by construction: the function gets a role of its own that may only write to its
 * own log group — no AWSLambdaBasicExecutionRole, no wildcard. Every data permission is added by
 * the caller with `addToRolePolicy`, statement by statement.
 */

import {
  AssetHashType,
  DockerImage,
  Duration,
  type ILocalBundling,
  RemovalPolicy,
  Validations,
} from 'aws-cdk-lib';
import { type IRole, type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { ASSET_HREFS_DEFINE, computeAssetHrefs } from '../../functions/assets/hashed.ts';
import { type BundleCopy, copyIntoBundle, houseBuildOptions, REPO_ROOT } from './house-bundle.ts';

export { REPO_ROOT } from './house-bundle.ts';

/**
 * Every bundle knows the content-hashed asset names (functions/assets/hashed.ts), fixed at build
 * time from the files the assets function carries: any function that renders a page links them.
 */
let assetHrefsDefine: Record<string, string> | undefined;
export const assetHrefs = () =>
  (assetHrefsDefine ??= { [ASSET_HREFS_DEFINE]: JSON.stringify(computeAssetHrefs()) });

/** The newest Node.js runtime the CDK knows (cdk-nag AwsSolutions-L1 checks for exactly this). */
export const HOUSE_RUNTIME = Runtime.NODEJS_24_X;

/**
 * The local build of one function. Its entry and constants are fields, not closure variables: the
 * CDK reuses a bundle for assets whose source folder and options serialise alike, and every function
 * is built from the repository root, so these fields are what tell two functions apart.
 */
class LocalBuild implements ILocalBundling {
  constructor(
    readonly entry: string,
    readonly define: Record<string, string>,
    private readonly copies?: () => readonly BundleCopy[],
  ) {}

  tryBundle(outputDir: string): boolean {
    buildSync(houseBuildOptions(this.entry, outputDir, { define: this.define }));
    copyIntoBundle(outputDir, this.copies?.() ?? []);
    return true;
  }
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
  /** Files shipped beside index.mjs, e.g. the static assets or the OpenAPI document. */
  readonly copies?: () => readonly BundleCopy[];
}

export class HouseFunction extends Construct {
  readonly function: LambdaFunction;
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

    const code = Code.fromAsset(REPO_ROOT, {
      // The asset is named after what was built, so an unchanged function is not uploaded again.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never used: the local build always succeeds or throws.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:24'),
        local: new LocalBuild(props.entry, { ...assetHrefs(), ...props.define }, props.copies),
      },
    });

    this.function = new LambdaFunction(this, 'Function', {
      code,
      handler: 'index.handler',
      description: props.description,
      runtime: HOUSE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      // No --enable-source-maps: Node would parse every loaded file's map at each cold start (about
      // a third of the API's import time), and no stack is ever logged (the logger takes error
      // class names only). The maps ship beside the code; `npm run decode-stack` reads the runtime's
      // report of an uncaught error with them.
      ...(props.environment && Object.keys(props.environment).length > 0
        ? { environment: props.environment }
        : {}),
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
