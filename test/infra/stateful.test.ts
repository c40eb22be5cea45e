import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { STAFF_TOKEN_MAX_LIFETIME_S } from '../../shared/auth/staff.ts';
import { type TableKey, tableDefinitions } from '../../shared/db/keys.ts';
import { type BuiltApp, buildTestApp, logicalIdOf, sharedTestApp } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = sharedTestApp();
});

const tableKeys = Object.keys(tableDefinitions) as TableKey[];

describe('tables', () => {
  it('are exactly the ones in tableDefinitions', () => {
    const tables = built.statefulTemplate.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables).sort()).toEqual(
      tableKeys.map((k) => logicalIdOf(built.stateful.tables[k])).sort(),
    );
  });

  it.each(tableKeys)(
    '%s: string pk/sk keys, on demand, point-in-time recovery, deletion protection',
    (key) => {
      const def = tableDefinitions[key];
      const table =
        built.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalIdOf(built.stateful.tables[key])];
      expect(table?.Properties).toMatchObject({
        KeySchema: [
          { AttributeName: def.partitionKey, KeyType: 'HASH' },
          { AttributeName: def.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: expect.arrayContaining([
          { AttributeName: def.partitionKey, AttributeType: 'S' },
          { AttributeName: def.sortKey, AttributeType: 'S' },
        ]),
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
    },
  );

  it.each(tableKeys)('%s: global secondary indexes exactly as tableDefinitions says', (key) => {
    const props =
      built.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalIdOf(built.stateful.tables[key])]
        ?.Properties;
    const expected = tableDefinitions[key].indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' },
        { AttributeName: i.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));
    expect(props.GlobalSecondaryIndexes ?? []).toEqual(expected);
    for (const i of tableDefinitions[key].indexes) {
      for (const name of [i.partitionKey, i.sortKey]) {
        expect(props.AttributeDefinitions).toContainEqual({ AttributeName: name, AttributeType: 'S' });
      }
    }
  });

  it.each(tableKeys)('%s: encrypted with the customer-managed table key', (key) => {
    const table =
      built.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalIdOf(built.stateful.tables[key])];
    expect(table?.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [logicalIdOf(built.stateful.tableKey), 'Arn'] },
    });
  });

  it.each(tableKeys)('%s: retained on stack deletion and replacement', (key) => {
    const table =
      built.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalIdOf(built.stateful.tables[key])];
    expect(table).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it.each(tableKeys)('%s: TTL and stream exactly as tableDefinitions says', (key) => {
    const def = tableDefinitions[key];
    const props =
      built.statefulTemplate.findResources('AWS::DynamoDB::Table')[logicalIdOf(built.stateful.tables[key])]
        ?.Properties;
    if (def.ttlAttribute) {
      expect(props.TimeToLiveSpecification).toEqual({ AttributeName: def.ttlAttribute, Enabled: true });
    } else {
      expect(props.TimeToLiveSpecification).toBeUndefined();
    }
    if (def.stream) {
      expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    } else {
      expect(props.StreamSpecification).toBeUndefined();
    }
  });
});

describe('keys', () => {
  it.each(['identityKey', 'tableKey'] as const)('%s rotates and is retained', (name) => {
    const key = built.statefulTemplate.findResources('AWS::KMS::Key')[logicalIdOf(built.stateful[name])];
    expect(key).toMatchObject({
      Properties: { EnableKeyRotation: true },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  it('are four distinct symmetric keys (identity, tables, notifications, evidence bucket) and HMAC keys for phones and the server', () => {
    built.statefulTemplate.resourceCountIs('AWS::KMS::Key', 6);
    const symmetric = [
      built.stateful.identityKey,
      built.stateful.tableKey,
      built.stateful.notifyKey,
      built.stateful.evidenceBucketKey,
    ].map(logicalIdOf);
    expect(new Set(symmetric).size).toBe(4);
    const keys = built.statefulTemplate.findResources('AWS::KMS::Key');
    for (const id of symmetric) {
      expect(keys[id]?.Properties.KeySpec).toBeUndefined();
      expect(keys[id]?.Properties.EnableKeyRotation).toBe(true);
    }
    for (const hmac of [built.stateful.phoneHmacKey, built.stateful.serverHmacKey])
      expect(keys[logicalIdOf(hmac)]?.Properties).toMatchObject({
        KeySpec: 'HMAC_256',
        KeyUsage: 'GENERATE_VERIFY_MAC',
      });
    expect(logicalIdOf(built.stateful.phoneHmacKey)).not.toBe(logicalIdOf(built.stateful.serverHmacKey));
  });
});

describe('staff user pool', () => {
  const pool = () => {
    const pools = built.statefulTemplate.findResources('AWS::Cognito::UserPool');
    expect(Object.keys(pools)).toEqual([logicalIdOf(built.stateful.userPool)]);
    return pools[logicalIdOf(built.stateful.userPool)];
  };
  const client = () => {
    const clients = built.statefulTemplate.findResources('AWS::Cognito::UserPoolClient');
    expect(Object.keys(clients)).toEqual([logicalIdOf(built.stateful.userPoolClient)]);
    return clients[logicalIdOf(built.stateful.userPoolClient)]?.Properties;
  };

  it('is retained and deletion-protected; only administrators create accounts', () => {
    expect(pool()).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE', AdminCreateUserConfig: { AllowAdminCreateUserOnly: true } },
    });
  });

  it('requires an authenticator-app second factor (no SMS) and a strong password', () => {
    const props = pool()?.Properties;
    expect(props.MfaConfiguration).toBe('ON');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(props.SmsConfiguration).toBeUndefined();
    expect(props.Policies.PasswordPolicy).toMatchObject({
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(props.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
  });

  it('is on the Plus plan with threat protection enforced, and recovery is by an administrator only', () => {
    const props = pool()?.Properties;
    expect(props.UserPoolTier).toBe('PLUS');
    expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(props.AccountRecoverySetting).toEqual({
      RecoveryMechanisms: [{ Name: 'admin_only', Priority: 1 }],
    });
  });

  it('turns threat protection off only when told (a region without the Plus plan): MFA stays, COG8 acknowledged', () => {
    const other = buildTestApp({ context: { 'chuishao:cognitoThreatProtection': 'false' } });
    const props = Object.values(other.statefulTemplate.findResources('AWS::Cognito::UserPool'))[0]
      ?.Properties;
    expect(props.UserPoolTier).toBe('ESSENTIALS');
    expect(props.UserPoolAddOns).toBeUndefined();
    expect(props.MfaConfiguration).toBe('ON');
    expect(props.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    const errors = new AwsSolutionsChecks(undefined, { verbose: true })
      .validateScope(other.stateful)
      .violations.filter((v) => v.severity === 'error');
    expect(errors).toEqual([]);
    const acknowledged = other.stateful.userPool.node.metadata.filter(
      (m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY,
    );
    expect(JSON.stringify(acknowledged.map((m) => m.data))).toContain('AwsSolutions-COG8');
  });

  it('issues ID and access tokens that live exactly as long as the app accepts a staff token', () => {
    const props = Object.values(built.statefulTemplate.findResources('AWS::Cognito::UserPoolClient'))[0]
      ?.Properties;
    expect(props.IdTokenValidity * 60).toBe(STAFF_TOKEN_MAX_LIFETIME_S);
    expect(props.AccessTokenValidity * 60).toBe(STAFF_TOKEN_MAX_LIFETIME_S);
    expect(props.TokenValidityUnits).toMatchObject({ IdToken: 'minutes', AccessToken: 'minutes' });
  });

  it('has one group per role, named exactly as the app reads them, each described', () => {
    const groups = Object.values(built.statefulTemplate.findResources('AWS::Cognito::UserPoolGroup'));
    expect(groups.map((g) => g.Properties.GroupName).sort()).toEqual(
      [
        'operator',
        'township_officer',
        'county_supervisor',
        'finance_officer',
        'identity_custodian',
        'auditor',
        'village_coordinator',
      ].sort(),
    );
    for (const g of groups) {
      expect(g.Properties.UserPoolId).toEqual({ Ref: logicalIdOf(built.stateful.userPool) });
      expect(g.Properties.Description?.length, g.Properties.GroupName).toBeGreaterThan(20);
    }
    expect(new Set(groups.map((g) => g.Properties.Description)).size).toBe(groups.length);
  });

  it('holds the jurisdiction in a mutable custom string attribute (4, 6, 9 or 12 digits)', () => {
    expect(pool()?.Properties.Schema).toContainEqual({
      Name: 'jurisdiction',
      AttributeDataType: 'String',
      Mutable: true,
      // 12: a village safety coordinator's village.
      StringAttributeConstraints: { MinLength: '4', MaxLength: '12' },
    });
  });

  it('lets the consoles client read the jurisdiction but never write it', () => {
    const props = client();
    expect(props.ReadAttributes).toContain('custom:jurisdiction');
    // An empty WriteAttributes list counts as "not set" in Cognito, which then lets the client write
    // every attribute: the list must be present, non-empty, and without any custom attribute.
    expect(props.WriteAttributes).toEqual(expect.any(Array));
    expect(props.WriteAttributes.length).toBeGreaterThan(0);
    for (const a of props.WriteAttributes) expect(a).not.toMatch(/^custom:/);
    // Nor may a hosted-UI token call UpdateUserAttributes at all.
    expect(props.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
  });

  it('is a public client on the authorization code grant, with one-hour ID tokens', () => {
    const props = client();
    expect(props).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      SupportedIdentityProviders: ['COGNITO'],
      IdTokenValidity: 60,
      TokenValidityUnits: { IdToken: 'minutes' },
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
    expect(props.AllowedOAuthScopes).toContain('openid');
    expect(props.ExplicitAuthFlows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(props.ExplicitAuthFlows).not.toContain('ALLOW_ADMIN_USER_PASSWORD_AUTH');
    expect(props.CallbackURLs).toEqual(['http://localhost:3000/staff/auth/callback']);
  });

  it('has a hosted-UI domain, chuishao-staff unless context says otherwise', () => {
    built.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
      Domain: 'chuishao-staff',
      UserPoolId: { Ref: logicalIdOf(built.stateful.userPool) },
    });
    const other = buildTestApp({
      context: {
        'chuishao:authDomainPrefix': 'xuchang-staff',
        'chuishao:staffCallbackUrl': 'https://hotline.example.cn/staff/auth/callback',
      },
    });
    other.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'xuchang-staff' });
    other.statefulTemplate.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      CallbackURLs: ['https://hotline.example.cn/staff/auth/callback'],
      LogoutURLs: ['https://hotline.example.cn/staff/sign-in'],
    });
  });
});
