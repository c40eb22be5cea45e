/**
 * `npm start`: the whole hotline locally, nothing to configure. Data lives under .data/ (DynamoDB
 * Local's files and the master key standing in for KMS), so a restart keeps every case.
 */

// This machine runs Node 20; the SDK's upgrade notice is known and would only add noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { startLocalStack } from './stack.ts';
import { advertiseEndpoint, defaultDataDir, LOCAL_TABLE_PREFIX } from './store.ts';

const dataDir = defaultDataDir();
const port = Number(process.env.PORT ?? 3000);

const stack = await startLocalStack({
  dataDir,
  persist: true,
  port,
  tablePrefix: LOCAL_TABLE_PREFIX,
  intake: {
    INTAKE_SOURCE_BUDGET: process.env.INTAKE_SOURCE_BUDGET,
    INTAKE_POW_DIFFICULTY: process.env.INTAKE_POW_DIFFICULTY,
  },
});
const unadvertise = advertiseEndpoint(dataDir, stack.dynamoEndpoint);
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
    unadvertise();
    // A hung shutdown must not keep the terminal: exiting also takes DynamoDB Local down.
    setTimeout(() => process.exit(1), 10_000).unref();
    await stack.stop();
    process.exit(0);
  });
}
