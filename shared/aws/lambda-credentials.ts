/**
 * What the function bundles use in place of the SDK's default credential chain
 * (infra/constructs/house-bundle.ts maps `@aws-sdk/credential-provider-node` here). In Lambda the
 * execution role's credentials are always in the environment; the full chain would add SSO,
 * profile files, web identity, processes and instance metadata, which no function uses, to every
 * cold start. `npm start` and the tests run unbundled and keep the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
