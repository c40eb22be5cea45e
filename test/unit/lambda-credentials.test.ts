/**
 * The credential provider the function bundles use instead of the SDK's default chain: the
 * execution role's keys from the environment, and a clear refusal when they are missing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultProvider } from '#shared/aws/lambda-credentials.ts';

afterEach(() => vi.unstubAllEnvs());

describe('lambda credentials', () => {
  it('reads the role session the Lambda runtime puts in the environment', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIAEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'token');
    await expect(defaultProvider()()).resolves.toMatchObject({
      accessKeyId: 'ASIAEXAMPLE',
      secretAccessKey: 'secret',
      sessionToken: 'token',
    });
  });

  it('refuses, naming the source, when there are none (no profile file or SSO fallback)', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', '');
    await expect(defaultProvider()()).rejects.toThrow(/environment variable credentials/);
  });
});
