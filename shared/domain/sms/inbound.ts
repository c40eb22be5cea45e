/**
 * The inbound SMS as the transport hands it over. `parseInboundSns` takes the SNS notification's
 * `Message` (the AWS End User Messaging two-way SMS JSON) and returns a typed value or a typed
 * error, never throwing. Errors never carry input values (the number must not reach a log). The
 * origination number comes back in E.164 and, for a +86 mobile, in the 11-digit mainland form.
 * The value holds the number in clear: the caller keys a hash from it and seals it, and keeps
 * neither. `sentTimeOf` says when a text was sent, which orders a case's texts (timeline.ts).
 */
import * as z from 'zod/mini';
import { normalizeMobile } from '../id-number.ts';

/** SNS caps a message at 256 KiB; anything longer is not from SNS. */
export const MAX_SNS_MESSAGE = 256 * 1024;
/** A concatenated SMS is at most about 1,600 characters; this leaves room for any gateway. */
export const MAX_INBOUND_BODY = 10_000;

const idString = z.string().check(z.minLength(1), z.maxLength(256), z.regex(/^[\x21-\x7e]+$/));

const InboundSchema = z.object({
  originationNumber: z.string().check(z.minLength(1), z.maxLength(40)),
  destinationNumber: z.string().check(z.minLength(1), z.maxLength(40)),
  messageKeyword: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
  messageBody: z.string().check(z.maxLength(MAX_INBOUND_BODY)),
  inboundMessageId: idString,
  previousPublishedMessageId: z.optional(z.nullable(z.string().check(z.maxLength(256)))),
});

export interface InboundSms {
  /** Idempotency key: one case, one append per id. */
  inboundMessageId: string;
  /** The sender in E.164 (`+8613800138000`). Personal data: hash and seal it, never store it. */
  originationNumber: string;
  /** The sender's 11-digit mainland mobile form, when it is a +86 mobile. */
  mainlandMobile?: string;
  /** The number the text was sent to (E.164 when it is one, else as given, e.g. a short code). */
  destinationNumber: string;
  /** The keyword the gateway matched, if any (informational: `parseCommand` decides). */
  messageKeyword: string;
  /** As received; `parseCommand` cleans it. */
  messageBody: string;
  /** The outbound message this one answers, when the gateway knows it. */
  previousPublishedMessageId?: string;
}

export type InboundSmsError =
  | { code: 'too_large' }
  | { code: 'not_json' }
  /** `issues` name fields and zod codes only, never values. */
  | { code: 'invalid_payload'; issues: string[] }
  | { code: 'invalid_origination' };

export type InboundSmsResult = { ok: true; value: InboundSms } | { ok: false; error: InboundSmsError };

const PHONE_NOISE = /[\s\-().·/\u2010-\u2015\u200b-\u200d\u2060\ufeff]/g;

/**
 * A phone number in E.164, or null. Accepts `+…`, `00…`, and mainland mobiles written without the
 * country code (`13800138000`, `8613800138000`); full-width digits, spaces, dashes, brackets.
 */
export function normalizeE164(input: string): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const s = input.normalize('NFKC').replace(PHONE_NOISE, '');
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else if (s.startsWith('00')) digits = s.slice(2);
  else if (/^1[3-9]\d{9}$/.test(s)) digits = `86${s}`;
  else if (/^861[3-9]\d{9}$/.test(s)) digits = s;
  else return null;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The two-way SMS payload of an SNS notification's `Message`. Also accepts the SNS envelope itself
 * (`{"Type":"Notification","Message":"…"}`, as an HTTP subscription delivers it). Never throws.
 */
export function parseInboundSns(snsMessage: string): InboundSmsResult {
  if (typeof snsMessage !== 'string') return { ok: false, error: { code: 'not_json' } };
  if (snsMessage.length > MAX_SNS_MESSAGE) return { ok: false, error: { code: 'too_large' } };
  let data: unknown;
  try {
    data = JSON.parse(snsMessage);
    if (isRecord(data) && data.Type === 'Notification' && typeof data.Message === 'string')
      data = JSON.parse(data.Message);
  } catch {
    return { ok: false, error: { code: 'not_json' } };
  }
  const parsed = InboundSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.code}`);
    return { ok: false, error: { code: 'invalid_payload', issues: [...new Set(issues)] } };
  }
  const p = parsed.data;
  const origination = normalizeE164(p.originationNumber);
  if (!origination) return { ok: false, error: { code: 'invalid_origination' } };
  const value: InboundSms = {
    inboundMessageId: p.inboundMessageId,
    originationNumber: origination,
    destinationNumber:
      normalizeE164(p.destinationNumber) ?? p.destinationNumber.normalize('NFKC').replace(PHONE_NOISE, ''),
    messageKeyword: p.messageKeyword ?? '',
    messageBody: p.messageBody,
  };
  const mainland = origination.startsWith('+86') ? normalizeMobile(origination) : null;
  if (mainland) value.mainlandMobile = mainland;
  if (p.previousPublishedMessageId) value.previousPublishedMessageId = p.previousPublishedMessageId;
  return { ok: true, value };
}

/** How far ahead of our clock a gateway's time may be and still be taken as the sent time. */
export const MAX_SENT_SKEW_MS = 5 * 60_000;
/** A sent time older than this is not believed (a redelivery is never that late). */
export const MAX_SENT_AGE_MS = 30 * 24 * 3600_000;

/**
 * When a text was sent, as ISO 8601: the gateway's time when it is a valid date no more than
 * MAX_SENT_SKEW_MS ahead of `now` and no more than MAX_SENT_AGE_MS behind it, else `now`.
 *
 * @example sentTimeOf('2026-11-20T08:00:01.000Z', now) // '2026-11-20T08:00:01.000Z'
 */
export function sentTimeOf(candidate: unknown, now: Date): string {
  const nowMs = now.getTime();
  const at = typeof candidate === 'string' && candidate.length <= 64 ? Date.parse(candidate) : Number.NaN;
  if (Number.isFinite(at) && at <= nowMs + MAX_SENT_SKEW_MS && at >= nowMs - MAX_SENT_AGE_MS)
    return new Date(at).toISOString();
  return now.toISOString();
}
