/**
 * Builds the CDK app in-process the way `cdk synth` does (same `cdk.json` context, same cdk-nag
 * plugin), with asset bundling skipped unless a test asks for it, and reads IAM statements out of a
 * template. A synth costs seconds, so the plain build is shared by every file a worker runs
 * (`sharedTestApp`, the infra project does not isolate files) and the really bundled stateless
 * stack is built once per source state (`bundledStateless`, in bundled-synth.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { buildApp, type ChuishaoApp } from '../../infra/build.ts';
import { REPO_ROOT } from '../../infra/constructs/house-function.ts';

export const cdkContext: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

export interface BuiltApp extends ChuishaoApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
}

/**
 * `bundle`: stack names to bundle for real (default none, for speed). `checks`: run cdk-nag at
 * synth (default off here, so a broken property fails its own assertion; nag.test.ts turns it on).
 * `context`: extra context over `cdk.json`'s, as `cdk synth -c key=value` would give.
 */
export function buildTestApp(
  options: { bundle?: string[]; outdir?: string; checks?: boolean; context?: Record<string, unknown> } = {},
): BuiltApp {
  const built = buildApp({
    context: { ...cdkContext, ...options.context, 'aws:cdk:bundling-stacks': options.bundle ?? [] },
    outdir: options.outdir,
    checks: options.checks ?? false,
  });
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
  };
}

let shared: BuiltApp | undefined;

/**
 * The app as `buildTestApp()` builds it, synthesised once per worker and shared: for tests that
 * only read it. A test that adds to the app or needs other context builds its own.
 */
export function sharedTestApp(): BuiltApp {
  shared ??= buildTestApp();
  return shared;
}

/** The CloudFormation logical id of a construct's default resource. */
export function logicalIdOf(construct: IConstruct): string {
  const child = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(child).getLogicalId(child);
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** Every statement of every inline policy attached to the role with this logical id. */
export function statementsOfRole(template: Template, roleLogicalId: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) =>
      (p.Properties.Roles as unknown[]).some(
        (r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** Whether an IAM action pattern (which may hold `*` / `?`) grants `action`. */
export function grants(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return re.test(action);
}

/** Statements that grant `action` (directly or through a wildcard). */
export const granting = (statements: Statement[], action: string) =>
  statements.filter((s) => s.Effect === 'Allow' && actionsOf(s).some((a) => grants(a, action)));

/**
 * Whether a statement's Resource points at a stateful-stack resource (a cross-stack import of its
 * ARN) or is a wildcard that would cover it.
 */
export function targets(s: Statement, statefulLogicalId: string): boolean {
  const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
  return resources.some(
    (r) =>
      (typeof r === 'string' && r.includes('*')) ||
      JSON.stringify(r).includes(`FnGetAtt${statefulLogicalId}Arn`),
  );
}
