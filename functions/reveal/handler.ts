/**
 * Lambda entry for the reveal function (identity table read + identity-key decrypt, nothing more).
 * It is given only the stores and the key it uses, not the intake's composition (calendar,
 * questionnaire, intake budget, evidence), which it would carry and never run.
 */
import { handle } from 'hono/aws-lambda';
import { keyProviderOf, tableNamesOf } from '#functions/http/adapters.ts';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { createLogger } from '#shared/log.ts';
import { CaseRepository } from '#shared/repositories/case-repository.ts';
import { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { createRevealApp } from './app.tsx';

const config = loadConfig();
const { STAFF_JWKS_URL, STAFF_ISSUER, STAFF_AUDIENCE } = config;
if (!STAFF_JWKS_URL || !STAFF_ISSUER || !STAFF_AUDIENCE) {
  throw new Error('configuration invalid: STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE are required');
}
const db = createDynamoClient({ region: config.AWS_REGION });
const tables = tableNamesOf(config);
const cases = new CaseRepository(db, tables);
const deps = {
  cases,
  directory: new DirectoryRepository(db, tables),
  keys: keyProviderOf(config),
  now: () => new Date(),
  logger: createLogger(),
  regionCode: config.REGION_CODE,
  ...(config.EDGE_ORIGIN_SECRET ? { edgeSecret: config.EDGE_ORIGIN_SECRET } : {}),
  reveals: new RevealRepository(db, tables),
  rewards: new RewardRepository(db, tables, cases),
};

export const handler = handle(
  createRevealApp(
    deps,
    createStaffVerifier({ jwksUrl: () => STAFF_JWKS_URL, issuer: STAFF_ISSUER, audience: STAFF_AUDIENCE }),
  ),
);
