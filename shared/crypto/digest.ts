/**
 * The hex SHA-256 of a string: idempotency keys and dedupe keys are stored as their digest. Its own
 * module so that code needing a digest does not load the intake service to get one.
 */
import { createHash } from 'node:crypto';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
