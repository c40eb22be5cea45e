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
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Input that is well-formed JSON but breaks a rule; carries one entry per bad field. */
export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super(`invalid fields: ${issues.map((i) => i.field).join(', ')}`);
  }
}

/** Credentials (case number + access key) did not match. Never says which part was wrong. */
export class UnauthorizedError extends DomainError {}

/** Too many failed attempts; `retryAfterSeconds` goes out as Retry-After. */
export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('too many attempts');
  }
}

export class NotFoundError extends DomainError {}

/** Optimistic-concurrency or uniqueness conflict (a conditional write lost). */
export class ConflictError extends DomainError {}

/** The same idempotency key was used with a different request body. */
export class IdempotencyMismatchError extends DomainError {}

/** A dependency (DynamoDB, KMS) is unreachable or throttling: the request was not acknowledged. */
export class UnavailableError extends DomainError {}
