/**
 * The supervision function (考核 dashboards, their CSV/XLSX exports, the case list behind a figure,
 * the auditor's chain view and access review) and its console routes. Its own function keeps the
 * spreadsheet writer and the charts out of the citizen and case-work bundles, and its role reads
 * only: case records and timelines, the supervision counters and case-list markers, the county
 * index (what is overdue now) and the directory; the one write is an access-log line (`ACCESS#`)
 * when an auditor opens a chain. No identity table, no identity key, no Scan.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { type HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { COUNTY_INDEX, caseKey, PK, QUEUE_INDEX, SUPERVISION_PK_PREFIX } from '../../shared/db/keys.ts';
import type { StatefulResources } from '../stateful-stack.ts';
import { directoryRead, tableKeyViaDynamoDb } from './grants.ts';
import { HouseFunction } from './house-function.ts';

export interface SupervisionProps {
  readonly stateful: StatefulResources;
  readonly httpApi: HttpApi;
  readonly regionCode: string;
  /** Why console routes carry no API Gateway authorizer (the app verifies the cookie's token). */
  readonly consoleRouteReason: string;
  /** The staff JWT authorizer of the staff JSON API, for the dashboard's JSON route. */
  readonly staffAuthorizer: IHttpRouteAuthorizer;
}

/** The dashboard's JSON route (bearer token, checked by API Gateway and again by the app). */
export const SUPERVISION_API_ROUTES = ['/api/v1/dashboard'];

/** The console paths this function serves; API Gateway prefers them over `/staff/{proxy+}`. */
export const SUPERVISION_ROUTES = [
  '/staff/dashboard',
  '/staff/dashboard/{proxy+}',
  '/staff/access-review',
  '/staff/cases/{caseNumber}/audit',
];

const leading = (...prefixes: string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((p) => `${p}*`) },
});

export class Supervision extends Construct {
  readonly fn: HouseFunction;

  constructor(scope: Construct, id: string, props: SupervisionProps) {
    super(scope, id);
    const { stateful } = props;
    const { cases, directory } = stateful.tables;
    const stack = Stack.of(this);
    const issuer = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${stateful.userPool.userPoolId}`;
    this.fn = new HouseFunction(this, 'Function', {
      entry: 'functions/supervision/handler.ts',
      description: 'Chuishao supervision: dashboards, exports, audit view and access review',
      memorySize: 1024,
      timeout: Duration.seconds(20),
      environment: {
        MODE: 'aws',
        CASES_TABLE: cases.tableName,
        IDENTITY_TABLE: stateful.tables.identity.tableName,
        DIRECTORY_TABLE: directory.tableName,
        REGION_CODE: props.regionCode,
        STAFF_JWKS_URL: `${issuer}/.well-known/jwks.json`,
        STAFF_ISSUER: issuer,
        STAFF_AUDIENCE: stateful.userPoolClient.userPoolClientId,
      },
    });
    const caseLeading = caseKey('')[PK];
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'CasesAndFiguresRead',
        effect: Effect.ALLOW,
        actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'],
        resources: [cases.tableArn],
        conditions: leading(caseLeading, SUPERVISION_PK_PREFIX, 'ACCESS#'),
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'AccessLogWrite',
        effect: Effect.ALLOW,
        actions: ['dynamodb:PutItem'],
        resources: [cases.tableArn],
        conditions: leading('ACCESS#'),
      }),
    );
    this.fn.addToRolePolicy(
      new PolicyStatement({
        sid: 'FigureIndexesQuery',
        effect: Effect.ALLOW,
        actions: ['dynamodb:Query'],
        resources: [`${cases.tableArn}/index/${QUEUE_INDEX}`, `${cases.tableArn}/index/${COUNTY_INDEX}`],
      }),
    );
    this.fn.addToRolePolicy(directoryRead(directory));
    this.fn.addToRolePolicy(tableKeyViaDynamoDb(stack, stateful));

    const integration = new HttpLambdaIntegration('SupervisionIntegration', this.fn.function);
    for (const path of SUPERVISION_ROUTES) {
      for (const route of props.httpApi.addRoutes({ path, methods: [HttpMethod.GET], integration })) {
        Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: props.consoleRouteReason });
      }
    }
    for (const path of SUPERVISION_API_ROUTES)
      props.httpApi.addRoutes({
        path,
        methods: [HttpMethod.GET],
        integration,
        authorizer: props.staffAuthorizer,
      });
  }
}
