/**
 * Stateless resources: the house functions (JSON API, citizen pages, static assets, the staff app)
 * behind one API Gateway HTTP API. Nothing here holds data, so the stack can be replaced at will.
 *
 * Least privilege is written out as explicit IAM statements, per function, in
 * constructs/function-grants.ts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { OPENAPI_FILE } from '../functions/api/openapi-source.ts';
import { ASSETS } from '../functions/assets/manifest.ts';
import { CaseEvents } from './constructs/case-events.ts';
import {
  grantEvidenceDelete,
  grantEvidenceIntake,
  grantEvidenceRead,
  sharpLayer,
} from './constructs/evidence-grants.ts';
import { EvidenceIntake, grantDirectUploadSigning } from './constructs/evidence-intake.ts';
import { FrontDoor } from './constructs/front-door.ts';
import {
  grantClaimSealing,
  grantReporterAccess,
  grantRevealAccess,
  grantStaffAccess,
} from './constructs/function-grants.ts';
import { sessionEnd } from './constructs/grants.ts';
import { HouseFunction, REPO_ROOT } from './constructs/house-function.ts';
import { addTableRoutes } from './constructs/http-routes.ts';
import { SmsChannel, smsSenderEnvironment, WEBHOOK_ROUTE_REASON } from './constructs/sms-channel.ts';
import { Supervision } from './constructs/supervision.ts';
import { openApiFile } from './openapi-file.ts';
import type { StatefulResources } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly stateful: StatefulResources;
  /** The pilot region whose counties the forms offer (4-digit city code). @default '4110' */
  readonly regionCode?: string;
  /** Default-stage throttling, requests per second. @default 50 */
  readonly throttleRate?: number;
  /** Default-stage throttling, burst. @default 100 */
  readonly throttleBurst?: number;
  /**
   * CloudFront + WAF in front of the HTTP API (infra/constructs/front-door.ts), with the WebACL of
   * the us-east-1 stack and an optional custom domain. Absent: the API's own address is the door.
   */
  readonly frontDoor?: { webAclArn: string; domainName?: string; certificateArn?: string };
}

const PUBLIC_ROUTE_REASON =
  'Public citizen route by design: the reporter never signs in (SPEC §6) and follows a case with its ' +
  'case number and access key, which the app checks (slow hash, rate-limited per case). Staff routes ' +
  'must use the Cognito JWT authorizer; this acknowledgement covers only this route.';

const STAFF_CONSOLE_ROUTE_REASON =
  'Staff console route (server-rendered pages): the browser carries the Cognito ID token in an HttpOnly ' +
  'cookie, which the API Gateway JWT authorizer cannot read (it reads only the Authorization header). ' +
  "The staff app verifies that token against the user pool's JWKS (signature, issuer, audience, expiry, " +
  'token_use=id) on every request and checks role and jurisdiction again; without a valid token it ' +
  'serves only the sign-in flow (sign-in page, sign-out, code callback). This acknowledgement covers ' +
  'only this route.';

export class StatelessStack extends Stack {
  readonly api: HouseFunction;
  readonly web: HouseFunction;
  readonly assets: HouseFunction;
  /** The staff app: the staff JSON API (`/api/v1/cases…`) and the consoles (`/staff…`). */
  readonly staff: HouseFunction;
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly events: CaseEvents;
  readonly reveal: HouseFunction;
  readonly sms: SmsChannel;
  readonly frontDoor?: FrontDoor;
  /** Direct evidence uploads: the strip function run by S3 events (infra/constructs/evidence-intake.ts). */
  readonly evidenceIntake: EvidenceIntake;
  /** Dashboards, exports and the auditor's views (infra/constructs/supervision.ts). */
  readonly supervision: HouseFunction;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stateful } = props;

    const dataEnvironment = {
      MODE: 'aws',
      CASES_TABLE: stateful.tables.cases.tableName,
      IDENTITY_TABLE: stateful.tables.identity.tableName,
      DIRECTORY_TABLE: stateful.tables.directory.tableName,
      IDENTITY_KEY_ID: stateful.identityKey.keyArn,
      SERVER_HMAC_KEY_ID: stateful.serverHmacKey.keyArn,
      REGION_CODE: props.regionCode ?? '4110',
    };

    this.api = new HouseFunction(this, 'Api', {
      entry: 'functions/api/handler.ts',
      description: 'Chuishao JSON API (/api/*, /health)',
      environment: dataEnvironment,
      // The OpenAPI document, generated now from the route table, ships as a file beside the bundle.
      copies: () => [{ from: openApiFile(), to: OPENAPI_FILE }],
    });
    this.web = new HouseFunction(this, 'Web', {
      entry: 'functions/web/handler.ts',
      description: 'Chuishao citizen pages (server-rendered)',
      environment: dataEnvironment,
    });
    grantReporterAccess(this.api, stateful);
    grantReporterAccess(this.web, stateful);
    grantClaimSealing(this.web, stateful);
    // Evidence files: stripped with sharp (a layer), sealed, put into the evidence bucket.
    const sharp = sharpLayer(this);
    grantEvidenceIntake(this.api, stateful, sharp);
    grantEvidenceIntake(this.web, stateful, sharp);
    // In AWS files go straight to S3 (a request body cannot carry them): these two sign the POSTs,
    // and the strip function seals each file before anyone can see it.
    grantDirectUploadSigning(this.api);
    grantDirectUploadSigning(this.web);
    this.evidenceIntake = new EvidenceIntake(this, 'EvidenceIntake', {
      stateful,
      layer: sharp,
      regionCode: props.regionCode ?? '4110',
    });
    // The intake budget keys each source by an HMAC under the server key (SERVER_HMAC_KEY_ID, like
    // the cursors and the address throttle), never the address and never the phone-hash key.
    this.web.addToRolePolicy(sessionEnd(stateful.tables.cases));

    // Static files only: no environment, no data access at all.
    const copies = assetCopies();
    this.assets = new HouseFunction(this, 'Assets', {
      entry: 'functions/assets/handler.ts',
      description: 'Chuishao static assets (/assets/*)',
      memorySize: 512,
      copies: () => copies.map(({ from, file }) => ({ from, to: file })),
    });

    // The access log records what happened, never who: no source IP, no user agent, no raw path
    // (a path can carry a case number) — only the matched route key.
    const accessLog = new LogGroup(this, 'AccessLog', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Chuishao public HTTP API (citizen pages, JSON API, assets)',
      createDefaultStage: false,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttleRate ?? 50, burstLimit: props.throttleBurst ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLog),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integrationStatus',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });

    // Built before the functions that send links, so notifications point where people sign in.
    this.frontDoor = props.frontDoor
      ? new FrontDoor(this, 'FrontDoor', {
          apiDomain: `${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`,
          ...props.frontDoor,
        })
      : undefined;
    const publicUrl = this.frontDoor?.publicUrl ?? this.httpApi.apiEndpoint;

    this.events = new CaseEvents(this, 'CaseEvents', {
      stateful,
      environment: {
        MODE: 'aws',
        CASES_TABLE: stateful.tables.cases.tableName,
        IDENTITY_TABLE: stateful.tables.identity.tableName,
        DIRECTORY_TABLE: stateful.tables.directory.tableName,
        REGION_CODE: props.regionCode ?? '4110',
        PUBLIC_URL: publicUrl,
        ...smsSenderEnvironment(this),
      },
    });

    // The staff app: its own function and role, apart from the reporter-facing ones. Like them it
    // may seal an identity (phone intake) but never read or unwrap one — only the reveal function opens one.
    const { userPool, userPoolClient } = stateful;
    const cognitoIssuer = `https://cognito-idp.${this.region}.${this.urlSuffix}/${userPool.userPoolId}`;
    this.staff = new HouseFunction(this, 'Staff', {
      entry: 'functions/staff/handler.ts',
      description: 'Chuishao staff app (staff JSON API /api/v1/cases*, consoles /staff*)',
      environment: {
        MODE: 'aws',
        CASES_TABLE: stateful.tables.cases.tableName,
        IDENTITY_TABLE: stateful.tables.identity.tableName,
        IDENTITY_KEY_ID: stateful.identityKey.keyArn,
        SERVER_HMAC_KEY_ID: stateful.serverHmacKey.keyArn,
        DIRECTORY_TABLE: stateful.tables.directory.tableName,
        REGION_CODE: props.regionCode ?? '4110',
        PUBLIC_URL: publicUrl,
        STAFF_JWKS_URL: `${cognitoIssuer}/.well-known/jwks.json`,
        STAFF_ISSUER: cognitoIssuer,
        STAFF_AUDIENCE: userPoolClient.userPoolClientId,
        STAFF_AUTH_BASE_URL: stateful.staffAuthBaseUrl,
        STAFF_CALLBACK_URL: stateful.staffCallbackUrl,
      },
    });
    grantStaffAccess(this.staff, stateful);
    grantEvidenceIntake(this.staff, stateful, sharp);
    grantEvidenceRead(this.staff, stateful);
    grantEvidenceDelete(this.events.sweep, stateful);

    // API clients send the ID token as a bearer token: API Gateway checks it before the function
    // runs (signature, issuer, audience = the consoles' client, expiry); the app checks it again.
    const staffAuthorizer = new HttpJwtAuthorizer('StaffJwtAuthorizer', cognitoIssuer, {
      jwtAudience: [userPoolClient.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });

    // The one function that can open a sealed identity, for the requester of an approved request.
    this.reveal = new HouseFunction(this, 'Reveal', {
      entry: 'functions/reveal/handler.ts',
      description: 'Chuishao identity reveal (custodian-approved requests) and payment batches',
      environment: revealEnvironment(this, stateful, props),
    });
    grantRevealAccess(this.reveal, stateful);

    this.supervision = new Supervision(this, 'Supervision', {
      stateful,
      regionCode: props.regionCode ?? '4110',
    }).fn;

    this.sms = new SmsChannel(this, 'Sms', {
      stateful,
      environment: dataEnvironment,
      grantIntake: (fn) => grantReporterAccess(fn, stateful),
      grantClaimSealing: (fn) => grantClaimSealing(fn, stateful),
    });

    // Every route, generated from the route table: each function's own integration, the JWT
    // authorizer on the staff API, and per open route the reason it has none (acknowledged per
    // route, not on the API: a staff route added later without an authorizer must still fail).
    addTableRoutes(this, {
      httpApi: this.httpApi,
      functions: {
        api: this.api.function,
        web: this.web.function,
        assets: this.assets.function,
        staff: this.staff.function,
        reveal: this.reveal.function,
        supervision: this.supervision.function,
        sms: this.sms.webhook.function,
      },
      staffAuthorizer,
      openReasons: {
        public: PUBLIC_ROUTE_REASON,
        console: STAFF_CONSOLE_ROUTE_REASON,
        webhook: WEBHOOK_ROUTE_REASON,
      },
    });

    if (this.frontDoor) {
      // Only requests carrying this value may name their viewer's address and host
      // (functions/http/source.ts): every function a browser reaches through the front door.
      const secret = this.frontDoor.originSecret.secretValue.unsafeUnwrap();
      for (const fn of this.browserFacing()) fn.function.addEnvironment('EDGE_ORIGIN_SECRET', secret);
      new CfnOutput(this, 'FrontDoorUrl', {
        value: `${this.frontDoor.publicUrl}/`,
        description: 'Public endpoint through CloudFront and WAF',
      });
    }

    new CfnOutput(this, 'Url', { value: this.stage.url, description: 'Public endpoint' });
  }

  /** The functions that answer a browser's form posts or API calls (the static assets need nothing). */
  browserFacing(): HouseFunction[] {
    return [this.api, this.web, this.staff, this.supervision, this.reveal];
  }
}

function revealEnvironment(stack: StatelessStack, stateful: StatefulResources, props: StatelessStackProps) {
  const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${stateful.userPool.userPoolId}`;
  return {
    MODE: 'aws',
    CASES_TABLE: stateful.tables.cases.tableName,
    IDENTITY_TABLE: stateful.tables.identity.tableName,
    IDENTITY_KEY_ID: stateful.identityKey.keyArn,
    DIRECTORY_TABLE: stateful.tables.directory.tableName,
    REGION_CODE: props.regionCode ?? '4110',
    STAFF_JWKS_URL: `${issuer}/.well-known/jwks.json`,
    STAFF_ISSUER: issuer,
    STAFF_AUDIENCE: stateful.userPoolClient.userPoolClientId,
  };
}

/** Where each manifest asset comes from at synth time, and its flat name in the bundle. */
export function assetCopies(): { from: string; file: string }[] {
  const require = createRequire(import.meta.url);
  return Object.values(ASSETS).map(({ source, file }) => {
    const from = source.startsWith('./') ? join(REPO_ROOT, source) : require.resolve(source);
    if (!isAbsolute(from) || !existsSync(from)) throw new Error(`asset source not found: ${source}`);
    if (file.includes('/') || file.startsWith('.'))
      throw new Error(`asset file must be a flat name: ${file}`);
    return { from, file };
  });
}
