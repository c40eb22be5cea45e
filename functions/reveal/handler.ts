/** Lambda entry for the reveal function (identity table read + identity-key decrypt, nothing more). */
import { handle } from 'hono/aws-lambda';
import { composeDeps, tableNamesOf } from '#functions/http/compose.ts';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { createRevealApp } from './app.tsx';

const config = loadConfig();
const { STAFF_JWKS_URL, STAFF_ISSUER, STAFF_AUDIENCE } = config;
if (!STAFF_JWKS_URL || !STAFF_ISSUER || !STAFF_AUDIENCE) {
  throw new Error('configuration invalid: STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE are required');
}
const db = createDynamoClient({ region: config.AWS_REGION });
const base = composeDeps(config, { db });
const deps = {
  ...base,
  reveals: new RevealRepository(db, tableNamesOf(config)),
  rewards: new RewardRepository(db, tableNamesOf(config), base.cases),
};

export const handler = handle(
  createRevealApp(
    deps,
    createStaffVerifier({ jwksUrl: () => STAFF_JWKS_URL, issuer: STAFF_ISSUER, audience: STAFF_AUDIENCE }),
  ),
);
