/**
 * The HTTP API's routes, generated from the route table (functions/route-table/gateway.ts): one
 * Lambda integration per function, the Cognito JWT authorizer on exactly the staff API's routes,
 * and cdk-nag's acknowledgement on each open route with the reason it has no authorizer. A route
 * added to the table reaches its function here without anyone listing it again.
 */
import { Validations } from 'aws-cdk-lib';
import {
  type HttpApi,
  type HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  type DeployedFunction,
  type GatewayRoute,
  gatewayRoutes,
  type OpenReason,
} from '../../functions/route-table/gateway.ts';

/** The construct id of each function's integration (kept from before the table, so ids stay). */
const INTEGRATION_IDS: Record<DeployedFunction, string> = {
  api: 'ApiIntegration',
  web: 'WebIntegration',
  assets: 'AssetsIntegration',
  staff: 'StaffIntegration',
  reveal: 'RevealIntegration',
  supervision: 'SupervisionIntegration',
  sms: 'SmsWebhookIntegration',
};

export interface HttpRoutesProps {
  readonly httpApi: HttpApi;
  readonly functions: Record<DeployedFunction, IFunction>;
  readonly staffAuthorizer: IHttpRouteAuthorizer;
  /** Why each kind of open route carries no authorizer (cdk-nag AwsSolutions-APIG4). */
  readonly openReasons: Record<OpenReason, string>;
}

/** Adds every route of the table's gateway to the API; returns them with their keys. */
export function addTableRoutes(
  scope: Construct,
  props: HttpRoutesProps,
): { key: string; route: HttpRoute }[] {
  const integrations = new Map<DeployedFunction, HttpLambdaIntegration>();
  const integrationOf = (fn: DeployedFunction) => {
    let i = integrations.get(fn);
    if (!i) {
      i = new HttpLambdaIntegration(INTEGRATION_IDS[fn], props.functions[fn]);
      integrations.set(fn, i);
    }
    return i;
  };
  const out: { key: string; route: HttpRoute }[] = [];
  for (const g of gatewayRoutes()) {
    const route = addRoute(scope, props, g, integrationOf(g.fn));
    if (g.authorizer !== 'jwt')
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason: props.openReasons[g.authorizer],
      });
    out.push({ key: g.key, route });
  }
  return out;
}

function addRoute(
  scope: Construct,
  props: HttpRoutesProps,
  g: GatewayRoute,
  integration: HttpLambdaIntegration,
): HttpRoute {
  if (g.key === '$default')
    return new HttpRoute(scope, 'DefaultRoute', {
      httpApi: props.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration,
    });
  const [method = '', path = ''] = g.key.split(' ');
  const [route] = props.httpApi.addRoutes({
    path,
    methods: [method as HttpMethod],
    integration,
    ...(g.authorizer === 'jwt' ? { authorizer: props.staffAuthorizer } : {}),
  });
  if (!route) throw new Error(`no route made for ${g.key}`);
  return route;
}
