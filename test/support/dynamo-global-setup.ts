/** Starts one in-memory DynamoDB Local for the whole test run; each test file makes its own tables. */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '#functions/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
