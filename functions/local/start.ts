/**
 * `npm start`: the whole hotline locally, nothing to configure. Data lives under .data/ (DynamoDB
 * Local's files and the master key standing in for KMS), so a restart keeps every case.
 */
import { resolve } from 'node:path';

// This machine runs Node 20; the SDK's upgrade notice is known and would only add noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { startLocalStack } from './stack.ts';

const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const port = Number(process.env.PORT ?? 3000);

const stack = await startLocalStack({ dataDir, persist: true, port });
console.log(`Chuishao 吹哨 is running:
  citizen pages   ${stack.url.replace('127.0.0.1', 'localhost')}/
  follow-up       ${stack.url.replace('127.0.0.1', 'localhost')}/follow-up
  API docs        ${stack.url.replace('127.0.0.1', 'localhost')}/api/docs
  DynamoDB Local  ${stack.dynamoEndpoint} (data in ${dataDir})
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    process.exit(0);
  });
}
