/**
 * Stateful resources: the three DynamoDB tables, the KMS keys, the staff notification topic, the SMS
 * inbound topic and gateway webhook secret, and the staff user pool. They live apart from the
 * functions so the stateless stack can be torn down and redeployed freely, and everything here is
 * RETAINed — a deleted table or key would destroy reports, or make retained ones unreadable; a
 * deleted pool would lock every officer out.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  type IUserPool,
  type IUserPoolClient,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
  type UserPoolDomain,
  type UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import {
  AttributeType,
  BillingMode,
  type ITable,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type IKey, Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Bucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { type ITopic, Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { STAFF_TOKEN_MAX_LIFETIME_S } from '../shared/auth/staff.ts';
import { type TableKey, tableDefinitions } from '../shared/db/keys.ts';
import { STAFF_ROLES, type StaffRole } from '../shared/domain/roles.ts';
import { EVIDENCE_MALWARE_CONTEXT, EvidenceStore } from './constructs/evidence-store.ts';
import { type StaffSubscriber, subscribeStaff } from './constructs/staff-subscriptions.ts';

/** The Cognito custom attribute holding a staff member's jurisdiction (claim `custom:jurisdiction`). */
export const JURISDICTION_ATTRIBUTE = 'jurisdiction';

/** One group per role; the group name is the role the app reads from `cognito:groups`. */
const ROLE_DESCRIPTIONS: Readonly<Record<StaffRole, string>> = {
  operator: 'Hotline operator (county 12350 centre): phone intake, triage of unrouted reports',
  township_officer: "Township officer (乡镇安监站): works the township's cases; scoped to one township",
  county_supervisor:
    'County supervisor (县应急管理局): oversees the townships of one county; extensions, reassignment',
  finance_officer: 'Finance officer: reviews, approves and pays computed rewards',
  identity_custodian: "Identity custodian: approves or refuses requests to reveal a reporter's identity",
  auditor: 'Auditor: reads the audit trail and statistics, read only',
  village_coordinator:
    'Village safety coordinator (安全生产协管员): patrol reports and on-site re-checks; scoped to one village (12 digits)',
};

export interface StatefulStackProps extends StackProps {
  /** Cognito hosted-UI domain prefix (`<prefix>.auth.<region>.amazoncognito.com`). @default 'chuishao-staff' */
  readonly authDomainPrefix?: string;
  /**
   * Where the hosted UI sends the authorization code: the staff app's callback on the deployed
   * site. The site's URL is known only after the stateless stack exists, so it comes from context.
   * @default 'http://localhost:3000/staff/auth/callback' (a placeholder that reaches no deployed site)
   */
  readonly staffCallbackUrl?: string;
  /** Who receives staff notifications, by role and place (infra/constructs/staff-subscriptions.ts). */
  readonly staffSubscribers?: StaffSubscriber[];
  /**
   * Cognito threat protection (compromised-credential checks, adaptive authentication, blocking
   * risky sign-ins; needs the Plus feature plan). Off only in a region that does not offer the Plus
   * plan (`-c chuishao:cognitoThreatProtection=false`): the pool then runs on Essentials, and TOTP
   * MFA, the password policy and the short token lifetimes still apply. @default true
   */
  readonly cognitoThreatProtection?: boolean;
}

/** What the stateless stack needs from this one. */
export interface StatefulResources {
  readonly tables: Readonly<Record<TableKey, ITable>>;
  /** Wraps the data keys that seal reporter identities (SPEC §6). */
  readonly identityKey: IKey;
  /** Encrypts the tables at rest. */
  readonly tableKey: IKey;
  /** Staff notifications (new assignments, triage, reminders, escalations); SMS replies later. */
  readonly staffTopic: ITopic;
  /** Encrypts the notification topics. */
  readonly notifyKey: IKey;
  /** Where AWS End User Messaging delivers inbound SMS (two-way SMS destination). */
  readonly inboundSmsTopic: ITopic;
  /** HMAC key that hashes reporters' phone numbers (never stored in clear). */
  readonly phoneHmacKey: IKey;
  /** HMAC key the request functions derive sub-keys from: signed page cursors, client-address hashes. */
  readonly serverHmacKey: IKey;
  /** The key shared with a domestic SMS gateway, which signs its webhook requests with it. */
  readonly smsWebhookSecret: ISecret;
  /** Staff accounts: groups are the roles, `custom:jurisdiction` the scope (SPEC §8). */
  readonly userPool: IUserPool;
  /** The staff consoles' app client: its id is the ID token's audience. */
  readonly userPoolClient: IUserPoolClient;
  /** The hosted UI's base URL (its /oauth2/authorize and /oauth2/token endpoints). */
  readonly staffAuthBaseUrl: string;
  /** The consoles' callback URL registered on the client. */
  readonly staffCallbackUrl: string;
  /** Sealed evidence files (photos, PDFs) and the key of their SSE-KMS encryption at rest. */
  readonly evidenceBucket: IBucket;
  readonly evidenceBucketKey: IKey;
}

export class StatefulStack extends Stack implements StatefulResources {
  readonly tables: Readonly<Record<TableKey, Table>>;
  readonly identityKey: Key;
  readonly tableKey: Key;
  readonly notifyKey: Key;
  readonly staffTopic: Topic;
  readonly inboundSmsTopic: Topic;
  readonly phoneHmacKey: Key;
  readonly serverHmacKey: Key;
  readonly smsWebhookSecret: Secret;
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  readonly userPoolDomain: UserPoolDomain;
  readonly staffGroups: Readonly<Record<StaffRole, UserPoolGroup>>;
  /** The redirect URI registered on the app client (the staff app's code callback). */
  readonly staffCallbackUrl: string;
  readonly staffAuthBaseUrl: string;
  readonly evidence: EvidenceStore;
  readonly evidenceBucket: Bucket;
  readonly evidenceBucketKey: Key;

  constructor(scope: Construct, id: string, props: StatefulStackProps = {}) {
    super(scope, id, props);

    this.evidence = new EvidenceStore(this, 'Evidence', {
      malwareProtection: ['true', true].includes(this.node.tryGetContext(EVIDENCE_MALWARE_CONTEXT)),
    });
    this.evidenceBucket = this.evidence.bucket;
    this.evidenceBucketKey = this.evidence.key;

    this.identityKey = new Key(this, 'IdentityKey', {
      description: 'Chuishao: envelope encryption of reporter identities and idempotent-intake access keys',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.tableKey = new Key(this, 'TableKey', {
      description: 'Chuishao: DynamoDB encryption at rest',
      enableKeyRotation: true,
      // Retained tables stay encrypted with this key; deleting it would make them unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.notifyKey = new Key(this, 'NotifyKey', {
      description: 'Chuishao: encryption of staff notification topics',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Subscribers filter on the `audience` (role) and `jurisdiction` / `county` message attributes,
    // so each township's officers receive only their township's notifications.
    this.staffTopic = new Topic(this, 'StaffTopic', {
      displayName: 'Chuishao staff notifications',
      masterKey: this.notifyKey,
      enforceSSL: true,
    });
    this.staffTopic.applyRemovalPolicy(RemovalPolicy.RETAIN);
    subscribeStaff(this.staffTopic, props.staffSubscribers ?? []);

    // Two-way SMS: End User Messaging publishes each inbound text here (configure the phone
    // number's two-way destination to this topic; see README).
    this.inboundSmsTopic = new Topic(this, 'InboundSmsTopic', {
      displayName: 'Chuishao inbound SMS',
      masterKey: this.notifyKey,
      enforceSSL: true,
    });
    this.inboundSmsTopic.applyRemovalPolicy(RemovalPolicy.RETAIN);
    // End User Messaging publishes to the topic as the service itself (no two-way channel role), so
    // the topic lets it publish and the topic's key lets it encrypt — for this account's SMS
    // resources only (confused deputy).
    const fromEndUserMessaging = {
      StringEquals: { 'aws:SourceAccount': this.account },
      ArnLike: { 'aws:SourceArn': `arn:${this.partition}:sms-voice:${this.region}:${this.account}:*` },
    };
    this.inboundSmsTopic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EndUserMessagingPublishesInboundSms',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundSmsTopic.topicArn],
        conditions: fromEndUserMessaging,
      }),
    );
    this.notifyKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'EndUserMessagingEncryptsInboundSms',
        effect: Effect.ALLOW,
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromEndUserMessaging,
      }),
    );
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.inboundSmsTopic.topicArn,
      description:
        "Two-way SMS destination: set it on the End User Messaging phone number's two-way settings",
    });
    this.phoneHmacKey = new Key(this, 'PhoneHmacKey', {
      description: "Chuishao: HMAC of reporters' phone numbers (SMS threading and rate limits)",
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      // Hashes must stay stable to find a number's conversation; KMS cannot rotate HMAC keys.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.phoneHmacKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        "HMAC keys (HMAC_256) cannot have automatic rotation in KMS, and the phone-number hashes must stay stable to find a number's conversation.",
    });
    // Its own key, not the phone hash's: the request functions that sign cursors and hash client
    // addresses must not be able to compute phone-number hashes.
    this.serverHmacKey = new Key(this, 'ServerHmacKey', {
      description: 'Chuishao: signed page cursors and keyed hashes of client addresses (rate limits)',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.serverHmacKey).acknowledge({
      id: 'AwsSolutions-KMS5',
      reason:
        'HMAC keys (HMAC_256) cannot have automatic rotation in KMS; replacing the key only invalidates open page cursors and resets address rate-limit windows.',
    });
    // A domestic gateway signs each webhook request with this (functions/sms/webhook.ts; README).
    this.smsWebhookSecret = new Secret(this, 'SmsWebhookSecret', {
      description: 'Chuishao: HMAC key of the SMS gateway webhook (shared with the gateway)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.smsWebhookSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret is shared with a third-party SMS gateway, which must be given each new value: rotation is a ' +
        'coordinated manual step (README: put a new value, hand it to the gateway; the function picks it up ' +
        'within its 5-minute cache), which an automatic rotation Lambda cannot perform.',
    });
    new CfnOutput(this, 'SmsWebhookSecretArn', {
      value: this.smsWebhookSecret.secretArn,
      description: 'The SMS gateway webhook key (give its value to the gateway; never print it in logs)',
    });

    const build = (key: TableKey): Table => {
      const def = tableDefinitions[key];
      const table = new Table(this, def.id, {
        partitionKey: { name: def.partitionKey, type: AttributeType.STRING },
        sortKey: { name: def.sortKey, type: AttributeType.STRING },
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: this.tableKey,
        timeToLiveAttribute: def.ttlAttribute,
        stream: def.stream ? StreamViewType.NEW_AND_OLD_IMAGES : undefined,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of def.indexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
          sortKey: { name: index.sortKey, type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        });
      }
      return table;
    };
    this.tables = { cases: build('cases'), identity: build('identity'), directory: build('directory') };

    const threatProtection = props.cognitoThreatProtection ?? true;
    this.userPool = new UserPool(this, 'StaffUserPool', {
      // Staff accounts are created by an administrator, never by sign-up.
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      signInCaseSensitive: false,
      // Every sign-in needs an authenticator app (TOTP); no SMS, whose codes can be intercepted.
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // No self-service recovery: a mailbox or phone taken over must not become a way into case
      // data. An administrator resets the password (and the authenticator) after checking who asks.
      accountRecovery: AccountRecovery.NONE,
      customAttributes: {
        // 12 digits: a village (safety coordinators); 9: a township; 6: a county; 4: the city.
        // Mutable so an officer can be moved, but only by an administrator: the app client below
        // may not write it.
        [JURISDICTION_ATTRIBUTE]: new StringAttribute({ minLen: 4, maxLen: 12, mutable: true }),
      },
      // Plus: threat protection blocks compromised credentials and risky sign-ins (cdk-nag COG8),
      // where the region offers it (props.cognitoThreatProtection).
      ...(threatProtection
        ? {
            featurePlan: FeaturePlan.PLUS,
            standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
          }
        : { featurePlan: FeaturePlan.ESSENTIALS }),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    if (!threatProtection) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection (Plus plan) was turned off for a region that does not offer it ' +
          '(chuishao:cognitoThreatProtection=false); TOTP MFA stays required and tokens stay short-lived.',
      });
    }

    const groups: Partial<Record<StaffRole, UserPoolGroup>> = {};
    for (const role of STAFF_ROLES) {
      groups[role] = this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        description: ROLE_DESCRIPTIONS[role],
      });
    }
    this.staffGroups = groups as Record<StaffRole, UserPoolGroup>;

    this.userPoolDomain = this.userPool.addDomain('StaffDomain', {
      cognitoDomain: { domainPrefix: props.authDomainPrefix ?? 'chuishao-staff' },
    });

    this.staffCallbackUrl = props.staffCallbackUrl ?? 'http://localhost:3000/staff/auth/callback';
    this.userPoolClient = this.userPool.addClient('StaffConsoleClient', {
      // A public client: the consoles run the authorization code grant; no secret to leak.
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      // SRP for API clients (the password never crosses the wire); no plain-password flow.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        // No aws.cognito.signin.user.admin: a hosted-UI token cannot change its own attributes.
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [this.staffCallbackUrl],
        logoutUrls: [new URL('/staff/sign-in', this.staffCallbackUrl).href],
      },
      // The ID token carries the name, the jurisdiction and the groups, nothing else.
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ fullname: true, locale: true })
        .withCustomAttributes(JURISDICTION_ATTRIBUTE),
      // Only the preferred language. The list must not be empty: Cognito treats an empty list as
      // "not set" and then lets the client write every attribute, the jurisdiction included.
      writeAttributes: new ClientAttributes().withStandardAttributes({ locale: true }),
      // The app refuses any staff token that lives longer (shared/auth/staff.ts).
      idTokenValidity: Duration.seconds(STAFF_TOKEN_MAX_LIFETIME_S),
      accessTokenValidity: Duration.seconds(STAFF_TOKEN_MAX_LIFETIME_S),
      refreshTokenValidity: Duration.hours(12),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    this.staffAuthBaseUrl = this.userPoolDomain.baseUrl();
  }
}
