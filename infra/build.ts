/**
 * Builds the CDK app: the stateful stack (tables, keys, user pool), the stateless stack (functions, HTTP API)
 * and cdk-nag's AwsSolutions checks over both. `infra/app.ts` synthesises it for the CLI; the
 * template tests build the same app in-process.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SMS_WEBHOOK_PATH } from './constructs/sms-channel.ts';
import { STAFF_SUBSCRIPTIONS_CONTEXT, staffSubscribersOf } from './constructs/staff-subscriptions.ts';
import { EdgeWafStack } from './edge-waf-stack.ts';
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
  /** The front door's WAF (us-east-1), when `chuishao:frontDoor` is on. */
  readonly edgeWaf?: EdgeWafStack;
}

/**
 * `-c chuishao:frontDoor=true` puts CloudFront + WAF in front (optionally `chuishao:domainName` and
 * `chuishao:certificateArn`, an ACM certificate in us-east-1). The WebACL must be in us-east-1, so
 * the stacks then need a concrete account and region (`chuishao:account` / `chuishao:region`, or
 * the CLI's CDK_DEFAULT_ACCOUNT / CDK_DEFAULT_REGION) for the cross-region reference.
 */
function frontDoorOf(app: App) {
  const on = app.node.tryGetContext('chuishao:frontDoor');
  if (on !== true && on !== 'true') return undefined;
  const account = app.node.tryGetContext('chuishao:account') ?? process.env.CDK_DEFAULT_ACCOUNT;
  const region = app.node.tryGetContext('chuishao:region') ?? process.env.CDK_DEFAULT_REGION;
  if (!account || !region)
    throw new Error('chuishao:frontDoor needs the account and region (chuishao:account, chuishao:region)');
  if (String(region).startsWith('cn-'))
    throw new Error(
      'chuishao:frontDoor builds a global CloudFront + WAF (us-east-1); China regions need CloudFront China with an ICP-filed domain instead (README, "Front door")',
    );
  return {
    env: { account: String(account), region: String(region) },
    domainName: app.node.tryGetContext('chuishao:domainName') as string | undefined,
    certificateArn: app.node.tryGetContext('chuishao:certificateArn') as string | undefined,
  };
}

export function buildApp(options: BuildAppOptions = {}): ChuishaoApp {
  const props: AppProps = { context: options.context, outdir: options.outdir };
  const app = new App(props);
  const front = frontDoorOf(app);
  // Env-agnostic stacks: synth needs no credentials; account and region come from the deploy
  // (unless the front door, whose us-east-1 WAF needs a cross-region reference, fixes them).
  const edgeWaf = front
    ? new EdgeWafStack(app, 'ChuishaoEdgeWaf', {
        description: 'Chuishao: WAF for the CloudFront front door (us-east-1)',
        env: { account: front.env.account, region: 'us-east-1' },
        crossRegionReferences: true,
        smsWebhookPath: SMS_WEBHOOK_PATH,
      })
    : undefined;
  const stateful = new StatefulStack(app, 'ChuishaoStateful', {
    ...(front ? { env: front.env } : {}),
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
    ...(front && edgeWaf
      ? {
          env: front.env,
          crossRegionReferences: true,
          frontDoor: {
            webAclArn: edgeWaf.webAcl.attrArn,
            ...(front.domainName ? { domainName: front.domainName } : {}),
            ...(front.certificateArn ? { certificateArn: front.certificateArn } : {}),
          },
        }
      : {}),
    regionCode: app.node.tryGetContext('chuishao:regionCode') ?? '4110',
  });
  // cdk-nag 3 is a policy-validation plugin: any finding (warning or error) fails the synth. Each
  // acknowledgement and its reason is also written into the template metadata, as an audit trail.
  if (options.checks ?? true) {
    Validations.of(app).addPlugins(
      new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
    );
  }
  return { app, stateful, stateless, ...(edgeWaf ? { edgeWaf } : {}) };
}
