/** The OpenAPI routes' validation hook: zod failures become one bilingual, field-level 400. */
import { ValidationError } from '#shared/errors.ts';
import { toFieldIssues } from './validation.ts';

export const validationHook = (result: { success: boolean; error?: unknown; target?: string }) => {
  if (!result.success) {
    // Header and path problems are named by their source (e.g. `header.idempotency-key`).
    const prefix = result.target === 'json' || result.target === 'form' ? '' : (result.target ?? '');
    throw new ValidationError(toFieldIssues(result.error as import('zod').ZodError, prefix));
  }
};
