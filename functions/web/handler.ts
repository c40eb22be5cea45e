/** Lambda entry for the citizen pages: the same app as locally, built once per container. */
import { handle } from 'hono/aws-lambda';
import { composeDeps, tableNamesOf } from '#functions/http/compose.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { PublicRepository } from '#shared/repositories/public-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { createWebApp } from './app.tsx';

const config = loadConfig();
const db = createDynamoClient({ region: config.AWS_REGION });
const deps = composeDeps(config, { db });

export const handler = handle(
  createWebApp({
    ...deps,
    rewards: new RewardRepository(db, tableNamesOf(config), deps.cases),
    publicRecords: new PublicRepository(db, tableNamesOf(config)),
  }),
);
