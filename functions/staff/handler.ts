/**
 * Lambda entry for the staff app: its own function, apart from the public intake functions; it
 * may write sealed identities (phone intake) but never read one. Tokens are Cognito ID tokens,
 * verified against the pool's JWKS.
 */
import { handle } from 'hono/aws-lambda';
import { composeDeps, tableNamesOf } from '#functions/http/compose.ts';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { createDynamoClient } from '#shared/db/client.ts';
import { InboxRepository } from '#shared/repositories/inbox-repository.ts';
import { RevealRepository } from '#shared/repositories/reveal-repository.ts';
import { RewardRepository } from '#shared/repositories/reward-repository.ts';
import { SearchRepository } from '#shared/repositories/search-repository.ts';
import { createStaffApp } from './app.tsx';

const config = loadConfig();
const { STAFF_JWKS_URL, STAFF_ISSUER, STAFF_AUDIENCE } = config;
if (!STAFF_JWKS_URL || !STAFF_ISSUER || !STAFF_AUDIENCE) {
  throw new Error('configuration invalid: STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE are required');
}

// Operators key in phone reports, so the staff function seals identities (KMS GenerateDataKey)
// but, like the intake functions, can never unwrap an identity data key or read a sealed identity.
const db = createDynamoClient({ region: config.AWS_REGION });
const deps = composeDeps(config, { db });

const { STAFF_AUTH_BASE_URL, STAFF_CALLBACK_URL } = config;

export const handler = handle(
  createStaffApp(deps, {
    verify: createStaffVerifier({
      jwksUrl: () => STAFF_JWKS_URL,
      issuer: STAFF_ISSUER,
      audience: STAFF_AUDIENCE,
    }),
    reveals: new RevealRepository(db, tableNamesOf(config)),
    rewards: new RewardRepository(db, tableNamesOf(config), deps.cases),
    searchInbox: {
      search: new SearchRepository(db, tableNamesOf(config)),
      inbox: new InboxRepository(db, tableNamesOf(config)),
    },
    ...(STAFF_AUTH_BASE_URL && STAFF_CALLBACK_URL
      ? {
          hostedUi: {
            authorizeUrl: `${STAFF_AUTH_BASE_URL}/oauth2/authorize`,
            tokenUrl: `${STAFF_AUTH_BASE_URL}/oauth2/token`,
            clientId: STAFF_AUDIENCE,
            callbackUrl: STAFF_CALLBACK_URL,
          },
        }
      : {}),
  }),
);
