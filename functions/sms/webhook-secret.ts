/**
 * Where the webhook's HMAC secret comes from. The webhook app takes a `SecretLoader` (any
 * `() => Promise<string>`), so the same app runs locally (SMS_WEBHOOK_SECRET or the local default)
 * and in AWS (the generated secret in Secrets Manager, read at the first request and cached).
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UnavailableError } from '#shared/errors.ts';

export type SecretLoader = () => Promise<string>;

/** How long a loaded secret is kept: a rotated secret is picked up within this time. */
export const SECRET_CACHE_MS = 5 * 60_000;

/**
 * `load` once, then the cached value for `ttlMs`; a failed load is not cached (the next request
 * tries again), and concurrent requests share one load. An empty secret is a failure: a webhook
 * keyed with '' would accept anyone's signature.
 */
export function cachedSecret(
  load: SecretLoader,
  opts: { ttlMs?: number; now?: () => number } = {},
): SecretLoader {
  const ttlMs = opts.ttlMs ?? SECRET_CACHE_MS;
  const now = opts.now ?? Date.now;
  let cached: { value: Promise<string>; at: number } | null = null;
  return () => {
    if (cached && now() - cached.at < ttlMs) return cached.value;
    const value = load().then((secret) => {
      if (typeof secret !== 'string' || secret.length === 0)
        throw new UnavailableError('sms webhook secret is empty');
      return secret;
    });
    const entry = { value, at: now() };
    cached = entry;
    value.catch(() => {
      if (cached === entry) cached = null;
    });
    return value;
  };
}

/**
 * The secret in AWS Secrets Manager (its ARN in SMS_WEBHOOK_SECRET_ARN; the function may only
 * GetSecretValue on it). A failed read is an outage (503): the webhook fails closed, never
 * accepting an unsigned request.
 */
export function secretsManagerSecret(secretArn: string, client = new SecretsManagerClient({})): SecretLoader {
  return async () => {
    try {
      const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
      return out.SecretString ?? '';
    } catch (err) {
      throw new UnavailableError('sms webhook secret not readable', { cause: err });
    }
  };
}
