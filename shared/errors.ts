/**
 * The domain error hierarchy. Repositories and services throw these; the API maps them to HTTP in
 * one place (functions/http/errors.ts). SDK exceptions never cross a repository boundary.
 */

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `location.townshipCode`. */
  field: string;
  en: string;
  zh: string;
}

export class DomainError extends Error {
  // Every error class names itself in a string, not from its constructor: the bundles are
  // minified without keeping function names (smaller and faster to load), and logs carry the name.
  override name = 'DomainError';
  /** The message in Simplified Chinese, when the error is meant for the user as it is. */
  readonly zh?: string;
  constructor(message: string, options?: { cause?: unknown; zh?: string }) {
    super(message, options);
    if (options?.zh) this.zh = options.zh;
  }
}

/** Input that is well-formed JSON but breaks a rule; carries one entry per bad field. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid fields: ${issues.map((i) => i.field).join(', ')}`);
  }
}

/** Credentials (case number + access key) did not match. Never says which part was wrong. */
export class UnauthorizedError extends DomainError {
  override name = 'UnauthorizedError';
}

/** Too many failed attempts; `retryAfterSeconds` goes out as Retry-After. */
export class TooManyAttemptsError extends DomainError {
  override name = 'TooManyAttemptsError';
  constructor(readonly retryAfterSeconds: number) {
    super('too many attempts');
  }
}

export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** The caller's role may not do this at all (a case outside their jurisdiction is NotFound instead). */
export class ForbiddenError extends DomainError {
  override name = 'ForbiddenError';
}

/** A rule refused the request in the case's current state (wrong state, already done, too late …). */
export class RefusedError extends DomainError {
  override name = 'RefusedError';
  constructor(
    readonly code: string,
    message: string,
    zh?: string,
  ) {
    super(message, zh ? { zh } : undefined);
  }
}

/** A state change was sent without the If-Match version it applies to. */
export class PreconditionRequiredError extends DomainError {
  override name = 'PreconditionRequiredError';
}

/** The If-Match version is not the case's current version: someone else changed it first. */
export class StaleVersionError extends DomainError {
  override name = 'StaleVersionError';
  constructor(readonly currentVersion: number) {
    super('stale version');
  }
}

/** Optimistic-concurrency or uniqueness conflict (a conditional write lost). */
export class ConflictError extends DomainError {
  override name = 'ConflictError';
}

/** The same idempotency key was used with a different request body. */
export class IdempotencyMismatchError extends DomainError {
  override name = 'IdempotencyMismatchError';
}

/** A dependency (DynamoDB, KMS) is unreachable or throttling: the request was not acknowledged. */
export class UnavailableError extends DomainError {
  override name = 'UnavailableError';
}

/** Over budget: 429 with Retry-After; the page says when to try again. */
export class IntakeBudgetError extends TooManyAttemptsError {
  override name = 'IntakeBudgetError';
  constructor(
    retryAfterSeconds: number,
    /** When the budget opens again (ISO 8601). */
    readonly retryAt: string,
  ) {
    super(retryAfterSeconds);
    this.message = 'too many new reports from this source';
  }
}

/** A proof-of-work that is forged, expired, too easy, unsolved or already used. */
export class ProofRejectedError extends DomainError {
  override name = 'ProofRejectedError';
  constructor(readonly reason: 'malformed' | 'forged' | 'expired' | 'too_easy' | 'unsolved' | 'replayed') {
    super(`proof-of-work rejected: ${reason}`);
  }
}
