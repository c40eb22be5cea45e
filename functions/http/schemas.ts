/**
 * Request and response schemas of the public API (zod/mini: tree-shakable, so the Lambda bundles
 * stay small). They validate input, for the JSON API and the web forms alike, and generate the
 * OpenAPI document (functions/api/openapi.ts), so docs and behaviour cannot disagree. A new
 * report's schema (report-schemas.ts) and the registry (schema-registry.ts) have modules of their
 * own and are re-exported here, so every route imports the public API's schemas from one place.
 */
import * as z from 'zod/mini';
import { CATEGORIES, STATUSES } from '#shared/domain/case.ts';
import { MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';
import {
  isValidBankAccount,
  isValidPayeeIdNumber,
  normalizeBankAccount,
  normalizePayeeIdNumber,
  PAYEE_BANK_NAME,
  PAYEE_NAME,
} from '#shared/domain/payee.ts';
import { doc } from './schema-registry.ts';

export { LocationSchema, type ReportBody, ReporterSchema, ReportSchema } from './report-schemas.ts';
export { type SchemaMeta, schemaRegistry } from './schema-registry.ts';

export const CreatedSchema = doc(
  z.object({
    caseNumber: doc(z.string(), { examples: ['20261127-482913'] }),
    accessKey: doc(z.string(), {
      description: 'Shown once. Only its hash is stored.',
      examples: ['4829130572816634'],
    }),
    status: z.enum(STATUSES),
    createdAt: z.string(),
  }),
  { id: 'Created' },
);

export const ReporterViewSchema = doc(
  z.object({
    caseNumber: z.string(),
    status: z.enum(STATUSES),
    category: z.enum(CATEGORIES),
    createdAt: z.string(),
    updatedAt: z.string(),
    nextDeadline: z.optional(
      doc(z.object({ period: z.string(), dueDate: z.string(), provisional: z.boolean() }), {
        description:
          'The statutory deadline the case is under now (e.g. acceptance within 5 working days); provisional when a year without a published holiday arrangement is involved.',
      }),
    ),
    timeline: z.array(
      z.object({
        at: z.string(),
        type: z.string(),
        action: z.optional(z.string()),
        status: z.optional(z.enum(STATUSES)),
        text: z.optional(z.string()),
      }),
    ),
    messages: z.array(z.object({ at: z.string(), from: z.enum(['reporter', 'staff']), text: z.string() })),
  }),
  { id: 'ReporterView' },
);

export const MessageSchema = doc(
  z.object({ text: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)) }),
  {
    id: 'Message',
  },
);

export const ErrorSchema = doc(
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      messageZh: z.optional(z.string()),
      requestId: z.optional(z.string()),
      fields: z.optional(z.array(z.object({ field: z.string(), en: z.string(), zh: z.string() }))),
    }),
  }),
  { id: 'Error', description: 'Every error; `fields` names each bad field in English and Chinese.' },
);

export const PlacesSchema = doc(
  z.object({
    parent: z.string(),
    places: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })),
  }),
  { id: 'Places' },
);

export const PlacesQuerySchema = z.object({
  parent: doc(z.string().check(z.regex(/^(\d{2}|\d{4}|\d{6}|\d{9})$/, { error: 'place_code_invalid' })), {
    description: 'City (4), county (6) or township (9) code',
    examples: ['4110'],
  }),
});

export const AccessKeyHeaderSchema = z.object({
  'x-access-key': doc(z.optional(z.string().check(z.maxLength(64))), {
    description: 'The 16-digit access key shown at filing',
  }),
});

export const IdempotencyHeaderSchema = z.object({
  'idempotency-key': doc(z.optional(z.string().check(z.minLength(8), z.maxLength(128))), {
    description: 'Client-chosen unique key; a retry with the same key returns the same answer.',
  }),
});

export const ObjectionSchema = doc(
  z.object({ reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(2000)) }),
  {
    id: 'Objection',
    description: "The reporter's reasons for disagreeing with the conclusion.",
  },
);

/** Resident ID number of a payee, checked (GB 11643-1999) and upper-cased (shared/domain/payee.ts). */
const residentId = z.pipe(
  z.string(),
  z.transform((v: string, ctx) => {
    const id = normalizePayeeIdNumber(v);
    if (!isValidPayeeIdNumber(id))
      ctx.issues.push({ code: 'custom', message: 'id_number_invalid', input: v });
    return id;
  }),
);

/** The payee rules of shared/domain/payee.ts (also the SMS claim's), with zod's own messages for lengths. */
export const RewardClaimSchema = doc(
  z.object({
    name: z.string().check(z.trim(), z.minLength(PAYEE_NAME.min), z.maxLength(PAYEE_NAME.max)),
    idNumber: residentId,
    bankName: z.string().check(z.trim(), z.minLength(PAYEE_BANK_NAME.min), z.maxLength(PAYEE_BANK_NAME.max)),
    bankAccount: z.pipe(
      z.string(),
      z.transform((v: string, ctx) => {
        const digits = normalizeBankAccount(v);
        if (!isValidBankAccount(digits))
          ctx.issues.push({ code: 'custom', message: 'bank_account_invalid', input: v });
        return digits;
      }),
    ),
  }),
  {
    id: 'RewardClaim',
    description:
      'The payee of an awarded reward (paid to the real-name reporter). Sealed into the identity store apart from the case; only the identity custodian releases it, to the paying finance officer.',
  },
);

export const RewardClaimedSchema = doc(
  z.object({
    caseNumber: z.string(),
    reward: z.object({
      status: z.string(),
      amountYuan: z.optional(z.number()),
      claimWindowEndsAt: z.optional(z.string()),
      claimedAt: z.optional(z.string()),
      paidAt: z.optional(z.string()),
    }),
  }),
  { id: 'RewardClaimed' },
);

/** A proof-of-work for a new report: `<challenge>:<nonce>` (see shared/domain/proof-of-work.ts). */
export const ProofOfWorkHeaderSchema = z.object({
  'x-proof-of-work': doc(z.optional(z.string().check(z.maxLength(200))), {
    description:
      'Optional. `<challenge>:<nonce>` where SHA-256 of that text starts with `difficulty` zero bits, for a challenge from GET /api/v1/challenge (single use). With it the full per-source budget applies; without it a fifth.',
  }),
});

export const ChallengeSchema = doc(
  z.object({
    challenge: doc(z.string(), { examples: ['v1.q2V0aW9uc2FsdA.16.1796000000.Zm9yZ2VkLW5vdC1yZWFsLW1hYw'] }),
    difficulty: doc(z.number(), { description: 'Leading zero bits the SHA-256 must have' }),
    expiresAt: z.string(),
  }),
  { id: 'Challenge' },
);

/** A case number in a path (its format is checked where the case is looked up: unknown is 404). */
export const CaseParamsSchema = z.object({ caseNumber: z.string().check(z.maxLength(32)) });

/** Headers of a new report: an optional Idempotency-Key and proof-of-work. */
export const ReportHeadersSchema = z.object({
  ...IdempotencyHeaderSchema.shape,
  ...ProofOfWorkHeaderSchema.shape,
});

/** Headers of a reporter's message: the access key and an optional Idempotency-Key. */
export const MessageHeadersSchema = z.object({
  ...AccessKeyHeaderSchema.shape,
  ...IdempotencyHeaderSchema.shape,
});

export const EvidenceAddedSchema = doc(
  z.object({
    added: z.number(),
    evidence: z.array(
      z.object({ id: z.string(), kind: z.enum(['photo', 'pdf']), size: z.number(), at: z.string() }),
    ),
  }),
  {
    id: 'EvidenceAdded',
    description: 'How many files this request added (0 for a repeat) and every file of the case.',
  },
);

/** How many files a client will send straight to storage (AWS only; shared/services/direct-uploads.ts). */
export const DirectUploadRequestSchema = doc(
  z.object({
    count: z.number().check(z.int(), z.minimum(1), z.maximum(MAX_FILES_PER_SUBMISSION)),
    /** What the client means to send, in order; informative only: the type is decided by the bytes. */
    kinds: z.optional(z.array(z.enum(['photo', 'pdf'])).check(z.maxLength(MAX_FILES_PER_SUBMISSION))),
  }),
  {
    id: 'DirectUploadRequest',
    description: 'How many files the client will send straight to storage (AWS only).',
  },
);

export const DirectUploadsSchema = doc(
  z.object({
    uploads: z.array(
      z.object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() }),
    ),
    maxBytes: z.number(),
    expiresInSeconds: z.number(),
  }),
  {
    id: 'DirectUploads',
    description:
      'One presigned POST per file: send a multipart/form-data POST to `url` with every entry of `fields`, then the file as the last field `file`.',
  },
);
