/**
 * Environment, parsed once at start with zod; a missing or bad variable fails the start naming it.
 * The same code runs in AWS and locally: only the adapters chosen in functions/http/compose.ts differ.
 */
import * as z from 'zod/mini';

const text = () => z.string().check(z.minLength(1));

const ConfigSchema = z
  .object({
    MODE: z._default(z.enum(['aws', 'local']), 'aws'),
    AWS_REGION: z._default(text(), 'cn-north-1'),
    CASES_TABLE: text(),
    IDENTITY_TABLE: text(),
    DIRECTORY_TABLE: text(),
    /** DynamoDB Local endpoint (local mode only). */
    DYNAMODB_ENDPOINT: z.optional(z.url()),
    /** KMS key for identity envelope encryption (AWS mode). */
    IDENTITY_KEY_ID: z.optional(text()),
    /** Local master key file standing in for KMS (local mode). */
    MASTER_KEY_FILE: z.optional(text()),
    /** SNS topic for staff notifications (AWS mode, stream and sweep functions). */
    NOTIFY_TOPIC_ARN: z.optional(text()),
    /** Base URL of the site, for links in notifications. */
    PUBLIC_URL: z._default(z.url(), 'http://localhost:3000'),
    /** Staff tokens: JWKS URL, issuer and audience (Cognito's in AWS; the local issuer's locally). */
    STAFF_JWKS_URL: z.optional(z.url()),
    STAFF_ISSUER: z.optional(text()),
    STAFF_AUDIENCE: z.optional(text()),
    /** The Cognito hosted UI's base URL and this app's registered callback (AWS mode sign-in). */
    STAFF_AUTH_BASE_URL: z.optional(z.url()),
    STAFF_CALLBACK_URL: z.optional(z.url()),
    /** KMS HMAC key that hashes reporters' phone numbers (AWS mode, SMS function). */
    PHONE_HMAC_KEY_ID: z.optional(text()),
    /** KMS HMAC key for signed page cursors and client-address hashes (AWS mode, request functions). */
    SERVER_HMAC_KEY_ID: z.optional(text()),
    /** Sender id shown on outgoing SMS, where the destination country allows one. */
    SMS_SENDER_ID: z.optional(text()),
    /** The two-way number SMS are sent from (E.164), so replies come back to the hotline. */
    SMS_ORIGINATION_NUMBER: z.optional(z.string().check(z.regex(/^\+[1-9]\d{6,14}$/))),
    /** Secrets Manager secret holding the SMS gateway webhook's HMAC key (AWS mode, webhook function). */
    SMS_WEBHOOK_SECRET_ARN: z.optional(text()),
    /** Days a final case keeps its reporter's identity, SMS number and reward payee (SPEC §6). */
    IDENTITY_RETENTION_DAYS: z._default(
      z.pipe(
        z.string().check(z.regex(/^[1-9]\d{0,4}$/)),
        z.transform((v: string) => Number(v)),
      ),
      730,
    ),
    /** Folder of the local evidence blob store (local mode; default: `evidence/` beside the master key). */
    EVIDENCE_DIR: z.optional(text()),
    /** S3 bucket of sealed evidence files (AWS mode, the functions that store or read them). */
    EVIDENCE_BUCKET: z.optional(text()),
    /**
     * New cases one source (IP address; an IPv6 /64) may open per hour with a solved proof-of-work
     * (web form with JavaScript, API with the header); without one a fifth of it (at least 1).
     * `0` turns the budget and the proof-of-work off. Phone intake is never counted. See README.
     */
    INTAKE_SOURCE_BUDGET: z._default(
      z.pipe(
        z.string().check(z.regex(/^\d{1,6}$/)),
        z.transform((v: string) => Number(v)),
      ),
      30,
    ),
    /** Leading zero bits of the proof-of-work hash (15 ≈ 33,000 hashes on average: about a second on a cheap phone). */
    INTAKE_POW_DIFFICULTY: z._default(
      z.pipe(
        z.string().check(z.regex(/^([0-9]|[12][0-9]|30)$/)),
        z.transform((v: string) => Number(v)),
      ),
      15,
    ),
    /**
     * Shared with the CloudFront distribution, which sends it as `X-Chuishao-Edge`: only a request
     * carrying it may name its viewer's address in `CloudFront-Viewer-Address`.
     */
    EDGE_ORIGIN_SECRET: z.optional(z.string().check(z.minLength(16))),
    /** The pilot region whose counties the forms offer (4-digit city code). */
    REGION_CODE: z._default(z.string().check(z.regex(/^\d{4}$/)), '4110'),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.MODE === 'local' && !c.MASTER_KEY_FILE)
        ctx.addIssue({ code: 'custom', path: ['MASTER_KEY_FILE'], message: 'required in local mode' });
    }),
  );

export type Config = z.output<typeof ConfigSchema>;

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const names = result.error.issues.map((i) => `${i.path.join('.')} (${i.code})`).join('; ');
    throw new Error(`configuration invalid: ${names}`);
  }
  return result.data;
}
