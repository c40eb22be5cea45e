/**
 * The front door's web application firewall. A WebACL for CloudFront must live in us-east-1
 * whatever region the hotline runs in, so it has a stack of its own there; the stateless stack
 * (which holds the distribution) reads its ARN through CDK's cross-region references.
 *
 * Rules, in order:
 * 1. AWS managed: IP reputation (botnets, scanners), known bad inputs, the common rule set — with
 *    its 8 KB body-size rule only counted, since a report may be up to 64 KB (the app refuses more
 *    with 413). The anonymous-IP list is deliberately not used: a whistleblower may well reach the
 *    hotline through a VPN or Tor, and the app's budgets already bound what one address can do.
 * 2. Rate-based rules per source address (the viewer's, as CloudFront sees it), over 5 minutes:
 *    opening reports (`POST /report`, `POST /api/v1/reports`), follow-up sign-in and the reporter
 *    API that checks access keys, and the SMS webhook (one gateway posts every text, so its limit
 *    is high: it only stops a runaway or forged sender, whose requests the signature check refuses
 *    anyway). Above a limit WAF answers 429 until the rate falls.
 * 3. A blanket per-address ceiling for everything else.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/** Requests per source address per 5 minutes. Named so tests and README quote the same numbers. */
export const WAF_RATE_LIMITS = {
  /** New reports (web form and API): far above the app's hourly budget, below a script's pace. */
  intake: 60,
  /** Follow-up sign-in and the reporter API that checks an access key (the app also limits per case). */
  followUp: 120,
  /** The SMS gateway's webhook (all texts come from the gateway's few addresses). */
  smsWebhook: 6000,
  /** Anything from one address. */
  overall: 3000,
} as const;

const WINDOW_S = 300;

export interface EdgeWafStackProps extends StackProps {
  /** The SMS gateway webhook path (functions/sms/webhook.ts). */
  readonly smsWebhookPath: string;
}

const visibility = (metricName: string) => ({
  cloudWatchMetricsEnabled: true,
  metricName,
  sampledRequestsEnabled: false,
});

/** A path (exact or prefix) with a method, as a WAF match statement. */
function pathStatement(
  path: string,
  match: 'EXACTLY' | 'STARTS_WITH',
  method?: string,
): CfnWebACL.StatementProperty {
  const byPath: CfnWebACL.StatementProperty = {
    byteMatchStatement: {
      fieldToMatch: { uriPath: {} },
      positionalConstraint: match,
      searchString: path,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
  if (!method) return byPath;
  return {
    andStatement: {
      statements: [
        byPath,
        {
          byteMatchStatement: {
            fieldToMatch: { method: {} },
            positionalConstraint: 'EXACTLY',
            searchString: method,
            textTransformations: [{ priority: 0, type: 'NONE' }],
          },
        },
      ],
    },
  };
}

const anyOf = (statements: CfnWebACL.StatementProperty[]): CfnWebACL.StatementProperty =>
  statements.length === 1 ? statements[0]! : { orStatement: { statements } };

function rateRule(
  name: string,
  priority: number,
  limit: number,
  scope?: CfnWebACL.StatementProperty,
): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action: { block: { customResponse: { responseCode: 429 } } },
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        evaluationWindowSec: WINDOW_S,
        limit,
        ...(scope ? { scopeDownStatement: scope } : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

function managed(name: string, priority: number, countOnly: string[] = []): CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name,
        ...(countOnly.length
          ? { ruleActionOverrides: countOnly.map((rule) => ({ name: rule, actionToUse: { count: {} } })) }
          : {}),
      },
    },
    visibilityConfig: visibility(name),
  };
}

export class EdgeWafStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeWafStackProps) {
    super(scope, id, props);
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: 'chuishao-front-door',
      description: 'Chuishao front door: managed rules and per-address rates for intake, follow-up and SMS',
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('chuishao-front-door'),
      rules: [
        managed('AWSManagedRulesAmazonIpReputationList', 0),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        managed('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY']),
        rateRule(
          'intake-per-address',
          10,
          WAF_RATE_LIMITS.intake,
          anyOf([
            pathStatement('/report', 'EXACTLY', 'POST'),
            pathStatement('/api/v1/reports', 'EXACTLY', 'POST'),
          ]),
        ),
        rateRule(
          'follow-up-per-address',
          11,
          WAF_RATE_LIMITS.followUp,
          anyOf([
            pathStatement('/follow-up', 'STARTS_WITH', 'POST'),
            pathStatement('/api/v1/reports/', 'STARTS_WITH'),
          ]),
        ),
        rateRule(
          'sms-webhook-per-address',
          12,
          WAF_RATE_LIMITS.smsWebhook,
          pathStatement(props.smsWebhookPath, 'EXACTLY'),
        ),
        rateRule('overall-per-address', 20, WAF_RATE_LIMITS.overall),
      ],
    });
  }
}
