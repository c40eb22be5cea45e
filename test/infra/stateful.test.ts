/** The stateful stack: tables from the one key design, encrypted, recoverable, retained; keys rotate. */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TableKey, tableDefinitions } from '../../shared/db/keys.ts';
import { type BuiltApp, buildTestApp, logicalIdOf } from './support.ts';

let built: BuiltApp;
beforeAll(() => {
  built = buildTestApp();
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

  it('are three distinct symmetric keys (identity, tables, notifications)', () => {
    built.statefulTemplate.resourceCountIs('AWS::KMS::Key', 3);
    const ids = [built.stateful.identityKey, built.stateful.tableKey, built.stateful.notifyKey].map(
      logicalIdOf,
    );
    expect(new Set(ids).size).toBe(3);
    built.statefulTemplate.allResourcesProperties('AWS::KMS::Key', {
      KeySpec: Match.absent(),
      KeyUsage: Match.absent(),
    });
  });
});
