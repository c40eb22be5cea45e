/**
 * Lambda entry for the signed gateway webhook (`POST /api/v1/sms/webhook`, functions/sms/webhook.ts):
 * the same SMS handler as the SNS function, with the HMAC secret read from Secrets Manager (its ARN
 * in SMS_WEBHOOK_SECRET_ARN) at the first request and cached. Like every entry it never logs the
 * request: it carries a phone number and the reporter's words.
 */
import { handle } from 'hono/aws-lambda';
import { loadConfig } from '#shared/config.ts';
import { awsSmsDeps } from './aws.ts';
import { createSmsWebhookApp } from './webhook.ts';
import { secretsManagerSecret } from './webhook-secret.ts';

const config = loadConfig();
if (!config.SMS_WEBHOOK_SECRET_ARN)
  throw new Error('configuration invalid: SMS_WEBHOOK_SECRET_ARN is required');

export const handler = handle(
  createSmsWebhookApp(awsSmsDeps(config), secretsManagerSecret(config.SMS_WEBHOOK_SECRET_ARN)),
);
