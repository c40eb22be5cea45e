/**
 * Starts one in-memory DynamoDB Local for the whole test run, and seeds one directory table that
 * every file shares (it holds only the division tree, which no test changes; seeding it costs
 * seconds). Each test file makes its own cases and identity tables.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '#functions/local/dynamodb-local.ts';
import { ensureTables } from '#shared/db/bootstrap.ts';
import { localTableNames } from '#shared/db/keys.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { loadSeeds } from '../../seeds/load.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** The seeded directory table every file reads (never write to it, never delete it). */
    directoryTable: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  const db = new DynamoDBClient({
    region: 'local',
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const tables = localTableNames('shared');
    await ensureTables(db, tables);
    await loadSeeds(new DirectoryRepository(db, tables));
    project.provide('directoryTable', tables.directory);
  } catch (err) {
    await dynamo.stop();
    throw err;
  } finally {
    db.destroy();
  }
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
