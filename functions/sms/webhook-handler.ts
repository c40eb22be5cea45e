/**
 * Lambda entry for the signed gateway webhook (`POST /api/v1/sms/webhook`, functions/sms/webhook.ts):
 * it checks the signature with the HMAC secret read from Secrets Manager (its ARN in
 * SMS_WEBHOOK_SECRET_ARN) at the first request and cached, and publishes the text to the inbound
 * SMS topic (INBOUND_SMS_TOPIC_ARN), where the SMS function handles it like a text from End User
 * Messaging. It reads no table and holds no key. Like every entry it never logs the request: it
 * carries a phone number and the reporter's words.
 */
import { handle } from 'hono/aws-lambda';
import * as z from 'zod/mini';
import { lazySns } from '#shared/aws/lazy-clients.ts';
import { createLogger } from '#shared/log.ts';
import { publishToInboundTopic } from './hand-off.ts';
import { createSmsWebhookApp } from './webhook.ts';
import { secretsManagerSecret } from './webhook-secret.ts';

const Env = z.object({
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-north-1'),
  SMS_WEBHOOK_SECRET_ARN: z.string().check(z.minLength(1)),
  INBOUND_SMS_TOPIC_ARN: z.string().check(z.minLength(1)),
});
const parsed = Env.safeParse(process.env);
if (!parsed.success)
  throw new Error(`configuration invalid: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
const env = parsed.data;

export const handler = handle(
  createSmsWebhookApp(
    { now: () => new Date(), logger: createLogger() },
    secretsManagerSecret(env.SMS_WEBHOOK_SECRET_ARN),
    publishToInboundTopic(lazySns(env.AWS_REGION), env.INBOUND_SMS_TOPIC_ARN),
  ),
);
