/**
 * Builds the CDK app: the stateful stack (tables, keys, user pool), the stateless stack (functions, HTTP API)
 * and cdk-nag's AwsSolutions checks over both. `infra/app.ts` synthesises it for the CLI; the
 * template tests build the same app in-process.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { STAFF_SUBSCRIPTIONS_CONTEXT, staffSubscribersOf } from './constructs/staff-subscriptions.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface BuildAppOptions {
  /** Extra context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to skip bundling in tests. */
  readonly context?: Record<string, unknown>;
  readonly outdir?: string;
  /**
   * Run cdk-nag's AwsSolutions pack at synth (default true). Template tests may turn it off so a
   * broken property fails its own assertion instead of the whole synth; the checks add nothing
   * to the templates either way.
   */
  readonly checks?: boolean;
}

export interface ChuishaoApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

export function buildApp(options: BuildAppOptions = {}): ChuishaoApp {
  const props: AppProps = { context: options.context, outdir: options.outdir };
  const app = new App(props);
  // Env-agnostic stacks: synth needs no credentials; account and region come from the deploy.
  const stateful = new StatefulStack(app, 'ChuishaoStateful', {
    description: 'Chuishao: tables, keys and staff user pool (retained)',
    terminationProtection: true,
    authDomainPrefix: app.node.tryGetContext('chuishao:authDomainPrefix'),
    staffCallbackUrl: app.node.tryGetContext('chuishao:staffCallbackUrl'),
    staffSubscribers: staffSubscribersOf(app.node.tryGetContext(STAFF_SUBSCRIPTIONS_CONTEXT)),
    cognitoThreatProtection: !['false', false].includes(
      app.node.tryGetContext('chuishao:cognitoThreatProtection'),
    ),
  });
  const stateless = new StatelessStack(app, 'ChuishaoStateless', {
    description: 'Chuishao: functions and HTTP API',
    stateful,
    regionCode: app.node.tryGetContext('chuishao:regionCode') ?? '4110',
  });
  // cdk-nag 3 is a policy-validation plugin: any finding (warning or error) fails the synth. Each
  // acknowledgement and its reason is also written into the template metadata, as an audit trail.
  if (options.checks ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    );
  }
  return { app, stateful, stateless };
}
