/**
 * The other-gateway seam (issue: mainland numbers usually go through a domestic SMS gateway, not
 * AWS two-way SMS): a signed HTTP webhook. The gateway posts `{ from, to, body, messageId }` with
 * `X-Chuishao-Timestamp` (epoch seconds) and `X-Chuishao-Signature` = hex HMAC-SHA256 of
 * `<timestamp>.<raw body>` under the shared secret. Requests outside a 5-minute window or with a
 * wrong signature are refused; a replayed messageId is a duplicate (the same idempotency as SNS).
 * The message is translated into the End User Messaging shape and handled by the same service.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import * as z from 'zod/mini';
import { handleInboundSms, type SmsInboundDeps } from '#shared/services/sms-inbound.ts';

export const WEBHOOK_PATH = '/api/v1/sms/webhook';
export const REPLAY_WINDOW_S = 300;

const GatewayMessage = z.object({
  from: z.string().check(z.minLength(3), z.maxLength(32)),
  to: z.string().check(z.minLength(1), z.maxLength(32)),
  body: z.string().check(z.maxLength(2000)),
  messageId: z.string().check(z.minLength(1), z.maxLength(200)),
});

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string; signature?: string },
  rawBody: string,
  nowS: number,
): boolean {
  const ts = Number(headers.timestamp);
  if (!Number.isInteger(ts) || Math.abs(nowS - ts) > REPLAY_WINDOW_S || !headers.signature) return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody), 'hex');
  const given = Buffer.from(headers.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function createSmsWebhookApp(deps: SmsInboundDeps, secret: string) {
  const app = new Hono();
  app.post(WEBHOOK_PATH, async (c) => {
    const raw = await c.req.text();
    const nowS = Math.floor(deps.now().getTime() / 1000);
    const ok = verifyWebhook(
      secret,
      { timestamp: c.req.header('x-chuishao-timestamp'), signature: c.req.header('x-chuishao-signature') },
      raw,
      nowS,
    );
    if (!ok)
      return c.json({ error: { code: 'bad_signature', message: 'Signature or timestamp not valid.' } }, 401);
    let parsed: z.output<typeof GatewayMessage>;
    try {
      parsed = z.parse(GatewayMessage, JSON.parse(raw));
    } catch {
      return c.json(
        { error: { code: 'bad_request', message: 'Expected { from, to, body, messageId }.' } },
        400,
      );
    }
    const outcome = await handleInboundSms(
      deps,
      JSON.stringify({
        originationNumber: parsed.from,
        destinationNumber: parsed.to,
        messageKeyword: '',
        messageBody: parsed.body,
        inboundMessageId: `gw:${parsed.messageId}`,
        previousPublishedMessageId: null,
      }),
    );
    return c.json({ outcome }, 202);
  });
  return app;
}
