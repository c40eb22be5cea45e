/**
 * Does DynamoDB Local keep what it acknowledged when it is killed with SIGKILL? No app involved:
 * bare SDK writes from a few concurrent clients to a persisted DynamoDB Local, kill -9 mid-stream,
 * restart on the same data, and count acknowledged writes that are gone.
 *
 * Why it exists: test/durability/kill9.test.ts tolerates the emulator rolling back a transaction it
 * had just acknowledged; this shows the behaviour without the app, so the allowance rests on a
 * measurement. `npx tsx bench/dynamodb-local-kill9.ts [runs]` (default 6 runs per write kind).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { freePort, startDynamoLocal } from '#functions/local/dynamodb-local.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const RUNS = Number(process.argv[2] ?? 6);
const CLIENTS = 4;
const WRITE_MS = 1_500;
const TABLE = 'probe';

type Kind = 'PutItem' | 'TransactWriteItems';

const client = (endpoint: string) =>
  new DynamoDBClient({
    region: 'local',
    endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

/** One run: returns the acknowledged writes that did not survive, with their ack time vs the kill. */
async function run(kind: Kind) {
  const dir = mkdtempSync(join(tmpdir(), 'chuishao-ddbl-kill9-'));
  const dbPath = join(dir, 'db');
  const port = await freePort();
  const first = await startDynamoLocal({ dbPath, port });
  let second: Awaited<ReturnType<typeof startDynamoLocal>> | undefined;
  const db = client(first.endpoint);
  try {
    await db.send(
      new CreateTableCommand({
        TableName: TABLE,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      }),
    );
    // A transaction writes four items, like an intake; a write is identified by its first key.
    const keysOf = (id: number) => (kind === 'PutItem' ? [`w${id}`] : [0, 1, 2, 3].map((j) => `w${id}-${j}`));
    const write = (id: number) => {
      const items = keysOf(id).map((pk) => ({ pk: { S: pk }, v: { S: 'x'.repeat(400) } }));
      return kind === 'PutItem'
        ? db.send(new PutItemCommand({ TableName: TABLE, Item: items[0]! }))
        : db.send(
            new TransactWriteItemsCommand({
              TransactItems: items.map((Item) => ({
                Put: { TableName: TABLE, Item, ConditionExpression: 'attribute_not_exists(pk)' },
              })),
            }),
          );
    };
    const acked: { id: number; at: number }[] = [];
    let next = 0;
    let killed = false;
    const writers = Array.from({ length: CLIENTS }, async () => {
      while (!killed) {
        const id = next++;
        try {
          await write(id);
          acked.push({ id, at: performance.now() });
        } catch {
          // refused or reset by the kill
        }
      }
    });
    await sleep(WRITE_MS);
    killed = true;
    process.kill(first.process.pid!, 'SIGKILL');
    const killAt = performance.now();
    await Promise.all(writers);

    second = await startDynamoLocal({ dbPath, port });
    const after = client(second.endpoint);
    const have = new Set<string>();
    let ExclusiveStartKey: Record<string, import('@aws-sdk/client-dynamodb').AttributeValue> | undefined;
    do {
      const page = await after.send(new ScanCommand({ TableName: TABLE, ExclusiveStartKey }));
      for (const item of page.Items ?? []) have.add(item.pk?.S ?? '');
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    after.destroy();
    const lost = acked.filter((a) => !keysOf(a.id).every((k) => have.has(k)));
    const partial = acked.filter((a) => keysOf(a.id).some((k) => have.has(k)) && lost.includes(a));
    return { acked: acked.length, lost: lost.map((a) => a.at - killAt), partial: partial.length };
  } finally {
    db.destroy();
    if (first.process.exitCode === null && first.process.signalCode === null) first.process.kill('SIGKILL');
    await second?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const kind of ['PutItem', 'TransactWriteItems'] as const) {
  let runsWithLoss = 0;
  const lostAt: number[] = [];
  let acked = 0;
  let partial = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await run(kind);
    acked += r.acked;
    partial += r.partial;
    lostAt.push(...r.lost);
    if (r.lost.length) runsWithLoss++;
  }
  const when = lostAt.map((ms) => `${ms.toFixed(1)} ms`).join(', ');
  console.log(
    `${kind.padEnd(18)} runs ${RUNS} · acknowledged ${acked} · lost after restart ${lostAt.length} in ${runsWithLoss} runs` +
      `${lostAt.length ? ` (acknowledged at ${when} relative to the kill)` : ''} · partially kept ${partial}`,
  );
}
