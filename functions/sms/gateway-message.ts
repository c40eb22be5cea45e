/**
 * What the SMS gateway posts to the webhook, apart from the webhook's handler so the route table
 * documents the same schema without loading the SMS services.
 */
import * as z from 'zod/mini';

export const TIMESTAMP_HEADER = 'x-chuishao-timestamp';
export const SIGNATURE_HEADER = 'x-chuishao-signature';

export const GatewayMessage = z.object({
  from: z.string().check(z.minLength(3), z.maxLength(32)),
  to: z.string().check(z.minLength(1), z.maxLength(32)),
  body: z.string().check(z.maxLength(2000)),
  messageId: z.string().check(z.minLength(1), z.maxLength(200), z.regex(/^[\x21-\x7e]+$/)),
  sentAt: z.optional(z.string().check(z.maxLength(40))),
});

export const WebhookHeaders = z.object({
  [TIMESTAMP_HEADER]: z.string(),
  [SIGNATURE_HEADER]: z.string(),
});
