/**
 * `npm run -s search:backfill`: writes the staff search's archive entry and word postings for every
 * case of the local store (the running `npm start`, or its data folder) — for data kept from before
 * the search existed; afterwards the stream consumer keeps them. An admin tool, run by hand: the one
 * place that scans the cases table (only `CASE#…/CASE` items are used). Idempotent: the same writes
 * as the consumer's, guarded the same way. Prints how many cases it saw.
 */
import { pathToFileURL } from 'node:url';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { openLocalStore } from '#functions/local/store.ts';
import type { TableNames } from '#shared/db/keys.ts';
import { SearchRepository } from '#shared/repositories/search-repository.ts';
import { recordSearchChange } from '#shared/services/case-search.ts';

/** Indexes every stored case; returns how many. */
export async function backfillSearch(db: DynamoDBClient, tables: TableNames, regionCode: string) {
  const deps = { search: new SearchRepository(db, tables), regionCode };
  let seen = 0;
  let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
  do {
    const out = await db.send(
      new ScanCommand({
        TableName: tables.cases,
        FilterExpression: 'sk = :case AND begins_with(pk, :p)',
        ExpressionAttributeValues: { ':case': { S: 'CASE' }, ':p': { S: 'CASE#' } },
        ExclusiveStartKey,
      }),
    );
    for (const item of out.Items ?? []) {
      await recordSearchChange(deps, { eventName: 'INSERT', newImage: unmarshall(item) });
      seen++;
    }
    ExclusiveStartKey = out.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return seen;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const store = await openLocalStore();
  try {
    const seen = await backfillSearch(store.db, store.tables, process.env.REGION_CODE ?? '4110');
    process.stdout.write(`${seen} cases indexed\n`);
  } finally {
    await store.close();
  }
}
