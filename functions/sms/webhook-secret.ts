/**
 * Where the webhook's HMAC secret comes from. The webhook app takes a `SecretLoader` (any
 * `() => Promise<string>`), so the same app runs locally (SMS_WEBHOOK_SECRET or the local default)
 * and in AWS (the generated secret in Secrets Manager, read at the first request and cached).
 */
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
 * GetSecretValue on it). Not wired yet: `@aws-sdk/client-secrets-manager` is not a dependency of
 * the project, so until it is, this loader fails and the webhook answers 503 — it fails closed,
 * never accepting an unsigned request. With the package added, the body becomes:
 *
 * ```ts
 * const client = new SecretsManagerClient({});
 * return async () => {
 *   const out = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
 *   return out.SecretString ?? '';
 * };
 * ```
 */
export function secretsManagerSecret(_secretArn: string): SecretLoader {
  return async () => {
    throw new UnavailableError('sms webhook secret not readable: no Secrets Manager client installed');
  };
}
