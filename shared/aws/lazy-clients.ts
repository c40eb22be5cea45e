/**
 * SDK clients that only some requests need — KMS to seal or open an identity, SNS to publish —
 * built on first use, their package imported then. A cold start that serves a page or a list never
 * evaluates the KMS or SNS code; the first request that seals pays for it once per container.
 * Adapters take a `ClientSource`: a ready client (tests, with aws-sdk-client-mock) or a lazy one.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SNSClient } from '@aws-sdk/client-sns';

/** A client, or a function that builds it on first call (memoised). */
export type ClientSource<T> = T | (() => Promise<T>);

export function clientOf<T>(source: ClientSource<T>): Promise<T> {
  return typeof source === 'function' ? (source as () => Promise<T>)() : Promise.resolve(source);
}

/** Memoises `make`; a failed build (e.g. a module that failed to load) is tried again next time. */
export function lazyClient<T>(make: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= make().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

export const lazyKms = (region: string): (() => Promise<KMSClient>) =>
  lazyClient(async () => new (await import('./kms.ts')).KMSClient({ region }));

export const lazySns = (region: string): (() => Promise<SNSClient>) =>
  lazyClient(async () => new (await import('./sns.ts')).SNSClient({ region }));
