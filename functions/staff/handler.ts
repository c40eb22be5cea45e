/**
 * Lambda entry for the staff app: its own function, apart from the public intake functions, with
 * no access to the identity table. Tokens are Cognito ID tokens, verified against the pool's JWKS.
 */
import { handle } from 'hono/aws-lambda';
import { composeDeps } from '#functions/http/compose.ts';
import { createStaffVerifier } from '#shared/auth/staff.ts';
import { loadConfig } from '#shared/config.ts';
import { createStaffApp } from './app.tsx';

const config = loadConfig();
const { STAFF_JWKS_URL, STAFF_ISSUER, STAFF_AUDIENCE } = config;
if (!STAFF_JWKS_URL || !STAFF_ISSUER || !STAFF_AUDIENCE) {
  throw new Error('configuration invalid: STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE are required');
}

// The staff function never seals or opens identities: it gets no key provider (and no KMS grant).
const deps = composeDeps(config, { keys: { kind: 'none', generateDataKey: refuse, unwrapDataKey: refuse } });

async function refuse(): Promise<never> {
  throw new Error('the staff function has no access to reporter identities');
}

export const handler = handle(
  createStaffApp(deps, {
    verify: createStaffVerifier({
      jwksUrl: () => STAFF_JWKS_URL,
      issuer: STAFF_ISSUER,
      audience: STAFF_AUDIENCE,
    }),
    signInUrl: config.STAFF_SIGN_IN_URL,
  }),
);
