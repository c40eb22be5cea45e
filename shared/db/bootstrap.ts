/** Creates the tables (from the shared key design) where they do not exist yet: local mode and tests. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableKey, type TableNames, tableDefinitions } from './keys.ts';

export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    (Object.keys(tableDefinitions) as TableKey[]).map(async (key) => {
      const def = tableDefinitions[key];
      const TableName = names[key];
      try {
        const existing = await client.send(new DescribeTableCommand({ TableName }));
        // Data kept under .data/ from an older version: add the indexes it lacks.
        const have = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
        for (const i of def.indexes.filter((x) => !have.has(x.name))) {
          await client.send(
            new UpdateTableCommand({
              TableName,
              AttributeDefinitions: [i.partitionKey, i.sortKey].map((AttributeName) => ({
                AttributeName,
                AttributeType: 'S',
              })),
              GlobalSecondaryIndexUpdates: [
                {
                  Create: {
                    IndexName: i.name,
                    KeySchema: [
                      { AttributeName: i.partitionKey, KeyType: 'HASH' },
                      { AttributeName: i.sortKey, KeyType: 'RANGE' },
                    ],
                    Projection: { ProjectionType: 'ALL' },
                  },
                },
              ],
            }),
          );
        }
        return;
      } catch (err) {
        if ((err as Error).name !== 'ResourceNotFoundException') throw err;
      }
      // On a loaded machine the SDK may retry a CreateTable whose first attempt did succeed; the
      // retry's "preexisting table" then means the table is there, which is what was asked.
      await createTolerant(
        client,
        () =>
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [
              ...new Set([
                def.partitionKey,
                def.sortKey,
                ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
              ]),
            ].map((AttributeName) => ({ AttributeName, AttributeType: 'S' as const })),
            KeySchema: [
              { AttributeName: def.partitionKey, KeyType: 'HASH' },
              { AttributeName: def.sortKey, KeyType: 'RANGE' },
            ],
            ...(def.indexes.length
              ? {
                  GlobalSecondaryIndexes: def.indexes.map((i) => ({
                    IndexName: i.name,
                    KeySchema: [
                      { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
                      { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
                    ],
                    Projection: { ProjectionType: 'ALL' as const },
                  })),
                }
              : {}),
            ...(def.stream
              ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }
              : {}),
          }),
      );
      if (def.ttlAttribute) {
        await client.send(
          new UpdateTimeToLiveCommand({
            TableName,
            TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
          }),
        );
      }
    }),
  );
}

async function createTolerant(client: DynamoDBClient, command: () => CreateTableCommand): Promise<void> {
  try {
    await client.send(command());
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException') throw err;
  }
}
