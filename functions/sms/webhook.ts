/**
 * The other-gateway seam (issue: mainland numbers usually go through a domestic SMS gateway, not
 * AWS two-way SMS): a signed HTTP webhook, `POST /api/v1/sms/webhook`, served by its own function
 * in AWS (functions/sms/webhook-handler.ts) and by the local stack.
 *
 * The gateway posts JSON `{ from, to, body, messageId, sentAt? }` with `X-Chuishao-Timestamp`
 * (epoch seconds) and `X-Chuishao-Signature` = lower-case hex HMAC-SHA256 of `<timestamp>.<raw
 * body>` under the shared secret. A request more than 5 minutes from our clock or with a wrong
 * signature is refused (401) before its body is read; a replayed `messageId` is a duplicate (the
 * same idempotency as SNS), so a captured request replayed within the window changes nothing.
 * `sentAt` (ISO 8601, when the gateway received the text) orders a case's texts; without it the
 * signed timestamp does. The message is translated into the End User Messaging shape and handed
 * on (hand-off.ts): in AWS to the inbound SMS topic, answered 202 `queued`; locally handled at
 * once. Bad fields → 400 naming them; the secret or the topic unavailable → 503 (fails closed).
 * Never logs the body, the number or the signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import { normalizeE164 } from '#shared/domain/sms/inbound.ts';
import { ValidationError } from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import { GatewayMessage, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './gateway-message.ts';
import type { InboundHandOff } from './hand-off.ts';
import { cachedSecret, type SecretLoader } from './webhook-secret.ts';

export const WEBHOOK_PATH = '/api/v1/sms/webhook';
export const REPLAY_WINDOW_S = 300;
export { SIGNATURE_HEADER, TIMESTAMP_HEADER };

export function signWebhook(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

export function verifyWebhook(
  secret: string,
  headers: { timestamp?: string | undefined; signature?: string | undefined },
  rawBody: string,
  nowS: number,
): boolean {
  const ts = Number(headers.timestamp);
  if (!secret || !Number.isInteger(ts) || Math.abs(nowS - ts) > REPLAY_WINDOW_S || !headers.signature)
    return false;
  const expected = Buffer.from(signWebhook(secret, ts, rawBody), 'hex');
  const given = Buffer.from(headers.signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `loadSecret`: the shared secret (cached here; see webhook-secret.ts for AWS and local).
 * `handOff`: where a verified text goes (hand-off.ts).
 */
export function createSmsWebhookApp(
  deps: { now: () => Date; logger: Logger },
  loadSecret: SecretLoader,
  handOff: InboundHandOff,
) {
  const secret = cachedSecret(loadSecret);
  const app = new Hono();
  // No browser session reaches this app (no cookie authenticates anything here).
  useCommonMiddleware(app, deps.logger, { csrf: false });
  app.post(WEBHOOK_PATH, async (c) => {
    const raw = await c.req.text();
    const nowS = Math.floor(deps.now().getTime() / 1000);
    const timestamp = c.req.header(TIMESTAMP_HEADER);
    const ok = verifyWebhook(
      await secret(),
      { timestamp, signature: c.req.header(SIGNATURE_HEADER) },
      raw,
      nowS,
    );
    if (!ok)
      return c.json(
        {
          error: {
            code: 'bad_signature',
            message: `Headers ${TIMESTAMP_HEADER} / ${SIGNATURE_HEADER} missing, stale or not valid.`,
            requestId: c.get('requestId'),
          },
        },
        401,
      );
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch {
      throw new ValidationError([{ field: '(body)', en: 'Not valid JSON', zh: '不是有效的 JSON' }]);
    }
    const message = parseOrThrow(GatewayMessage, data);
    if (!normalizeE164(message.from))
      throw new ValidationError([{ field: 'from', en: 'Not a phone number', zh: '不是有效的电话号码' }]);
    if (message.sentAt !== undefined && !Number.isFinite(Date.parse(message.sentAt)))
      throw new ValidationError([{ field: 'sentAt', en: 'Not an ISO 8601 time', zh: '不是有效的时间' }]);
    const outcome = await handOff(
      JSON.stringify({
        originationNumber: message.from,
        destinationNumber: message.to,
        messageKeyword: '',
        messageBody: message.body,
        inboundMessageId: `gw:${message.messageId}`,
        previousPublishedMessageId: null,
      }),
      message.sentAt ?? new Date(Number(timestamp) * 1000).toISOString(),
    );
    return c.json({ outcome }, 202);
  });
  useErrorHandling(app, deps.logger);
  return app;
}
