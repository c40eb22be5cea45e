/**
 * The front door: a CloudFront distribution in front of the HTTP API, with the WAF WebACL from the
 * us-east-1 stack (infra/edge-waf-stack.ts) and, when deployment context names one, a custom
 * domain with its ACM certificate (which CloudFront also requires in us-east-1).
 *
 * - `/assets/*`: cached at the edge as the assets function says (content-hashed names for a year,
 *   `immutable`; plain names 5 minutes), compressed (brotli/gzip in the cache key). Nothing else is
 *   cached: pages and the API carry case data, sessions and identities, so every other path goes
 *   to the origin with caching disabled, and the app's own `no-store` and security headers pass
 *   through untouched.
 * - Origin requests carry every viewer header except Host (API Gateway answers only to its own
 *   name) and CloudFront's, among them `CloudFront-Viewer-Address`; and a secret header
 *   (`X-Chuishao-Edge`) that tells the app the viewer address is CloudFront's to trust
 *   (functions/http/source.ts). The secret is generated in Secrets Manager and handed to both
 *   CloudFront and every function a browser reaches as a CloudFormation dynamic reference.
 * - A viewer-request CloudFront Function on the page and API behaviour copies the viewer's Host
 *   into `X-Chuishao-Viewer-Host` (overwriting any the client sent): with Host replaced by API
 *   Gateway's name, it is how the app learns the name the browser used, for the forged-form origin
 *   check. The app believes it only next to the origin secret.
 * - Viewers: HTTPS only (HTTP redirects), HTTP/2 and 3, TLS 1.2+ on a custom domain.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export const EDGE_SECRET_HEADER_NAME = 'X-Chuishao-Edge';
/** Must match functions/http/source.ts's VIEWER_HOST_HEADER (lower case: CloudFront Functions' header keys). */
export const VIEWER_HOST_HEADER_NAME = 'x-chuishao-viewer-host';

/** The viewer-request function: the viewer's Host, or no header at all (never one the client wrote). */
const VIEWER_HOST_CODE = `function handler(event) {
  var request = event.request;
  var host = request.headers.host;
  if (host && host.value) request.headers['${VIEWER_HOST_HEADER_NAME}'] = { value: host.value };
  else delete request.headers['${VIEWER_HOST_HEADER_NAME}'];
  return request;
}`;

export interface FrontDoorProps {
  /** The HTTP API's own host name (`<id>.execute-api.<region>.<suffix>`). */
  readonly apiDomain: string;
  /** The CloudFront-scoped WebACL's ARN (us-east-1). */
  readonly webAclArn: string;
  /** Optional custom domain (e.g. `jubao.example.gov.cn`) and its us-east-1 ACM certificate ARN. */
  readonly domainName?: string;
  readonly certificateArn?: string;
}

export class FrontDoor extends Construct {
  readonly distribution: Distribution;
  /** The origin secret the app checks before trusting `CloudFront-Viewer-Address`. */
  readonly originSecret: Secret;
  readonly assetsCachePolicy: CachePolicy;
  /** Copies the viewer's Host for the app (see the module comment). */
  readonly viewerHostFunction: EdgeFunction;
  /** The address people use, without a trailing slash: the custom domain, else the distribution's name. */
  readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: FrontDoorProps) {
    super(scope, id);
    if (Boolean(props.domainName) !== Boolean(props.certificateArn))
      throw new Error('front door: a custom domain needs its certificate ARN, and a certificate its domain');

    this.originSecret = new Secret(this, 'OriginSecret', {
      description: 'Chuishao: header CloudFront adds to origin requests so the app trusts its viewer address',
      generateSecretString: { passwordLength: 48, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The value is written into the distribution and the functions at deploy time (dynamic reference); a rotation ' +
        'Lambda could not update them. To rotate, put a new value and redeploy the stateless stack. It guards only ' +
        'which header names the viewer address for the intake budget, not data.',
    });

    const origin = new HttpOrigin(props.apiDomain, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      customHeaders: { [EDGE_SECRET_HEADER_NAME]: this.originSecret.secretValue.unsafeUnwrap() },
      readTimeout: Duration.seconds(30),
    });

    // Only what the assets function marks cacheable is kept; the origin's max-age decides how long.
    this.assetsCachePolicy = new CachePolicy(this, 'AssetsCache', {
      comment: 'Chuishao static assets: origin Cache-Control, compressed variants',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
    });

    const certificate = props.certificateArn
      ? Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn)
      : undefined;

    this.viewerHostFunction = new EdgeFunction(this, 'ViewerHost', {
      comment: 'Chuishao: tell the app which host name the browser used',
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(VIEWER_HOST_CODE),
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Chuishao front door',
      defaultBehavior: {
        origin,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
        functionAssociations: [
          { function: this.viewerHostFunction, eventType: FunctionEventType.VIEWER_REQUEST },
        ],
      },
      additionalBehaviors: {
        '/assets/*': {
          origin,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: this.assetsCachePolicy,
          compress: true,
        },
      },
      webAclId: props.webAclArn,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      ...(certificate && props.domainName
        ? {
            certificate,
            domainNames: [props.domainName],
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });

    this.publicUrl = `https://${props.domainName ?? this.distribution.distributionDomainName}`;

    const acknowledge = (rule: string, reason: string) =>
      Validations.of(this.distribution).acknowledge({ id: rule, reason });
    acknowledge(
      'AwsSolutions-CFR1',
      'No geo restriction: reporters may be travelling or working abroad, and a whistleblower reaching the hotline ' +
        'through a VPN appears elsewhere; the WAF rate rules and the app budgets bound abuse instead.',
    );
    acknowledge(
      'AwsSolutions-CFR3',
      "No CloudFront access logs: they would record every reporter's IP address and user agent next to the paths they " +
        'visited, which the hotline promises not to keep (SPEC §6). API Gateway keeps a log without them; WAF keeps metrics.',
    );
    if (!certificate)
      acknowledge(
        'AwsSolutions-CFR4',
        'Without a custom domain the distribution uses the default *.cloudfront.net certificate, whose minimum TLS ' +
          'version CloudFront fixes; with `chuishao:domainName` and `chuishao:certificateArn` it is TLS 1.2 (2021).',
      );
  }
}
