/** Creates the tables (from the shared key design) where they do not exist yet: local mode and tests. */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableKey, type TableNames, tableDefinitions } from './keys.ts';

export async function ensureTables(client: DynamoDBClient, names: TableNames): Promise<void> {
  await Promise.all(
    (Object.keys(tableDefinitions) as TableKey[]).map(async (key) => {
      const def = tableDefinitions[key];
      const TableName = names[key];
      try {
        await client.send(new DescribeTableCommand({ TableName }));
        return;
      } catch (err) {
        if ((err as Error).name !== 'ResourceNotFoundException') throw err;
      }
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: def.partitionKey, AttributeType: 'S' },
            { AttributeName: def.sortKey, AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: def.partitionKey, KeyType: 'HASH' },
            { AttributeName: def.sortKey, KeyType: 'RANGE' },
          ],
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
