/**
 * Request and response schemas of the staff JSON API, apart from the handlers so the route table
 * (functions/route-table/) can document them without loading the apps or their services. The
 * request schemas are the ones the handlers validate with; the response schemas describe what the
 * handlers answer (open objects: a field added to a record shows up before the document says so).
 */
import * as z from 'zod/mini';
import { schemaRegistry } from '#functions/http/schemas.ts';
import { CATEGORIES, STATUSES } from '#shared/domain/case.ts';
import { RECHECK_RESULTS, TransitionRequestSchema } from '#shared/domain/lifecycle/index.ts';
import { RecordedFactsSchema } from '#shared/domain/reward-facts-schema.ts';
import { bilingual } from '#shared/questionnaire.ts';

const doc = <S extends z.ZodMiniType>(schema: S, id: string, description?: string): S => {
  schemaRegistry.add(schema, { id, ...(description ? { description } : {}) } as never);
  return schema;
};

const pageLimit = z.optional(
  z.pipe(
    z.string(),
    z.transform((v: string) => Math.min(Math.max(Number(v) || 25, 1), 100)),
  ),
);

export const QueueQuerySchema = z.object({
  status: z.optional(z.string().check(z.maxLength(32))),
  category: z.optional(z.string().check(z.maxLength(32))),
  township: z.optional(z.string().check(z.regex(/^\d{9}$/, { error: 'place_code_invalid' }))),
  limit: pageLimit,
  // Checked (length, signature, scope) by shared/services/cursors.ts, which names the field in Chinese.
  cursor: z.optional(z.string()),
});

/** `GET /api/v1/cases` with words, dates or a final state searches (functions/staff/routes/search.tsx). */
export const SearchQuerySchema = z.object({
  q: z.optional(z.string().check(z.maxLength(400))),
  status: z.optional(z.string().check(z.maxLength(32))),
  category: z.optional(z.string().check(z.maxLength(32))),
  township: z.optional(z.string().check(z.maxLength(12))),
  from: z.optional(z.string().check(z.maxLength(10))),
  to: z.optional(z.string().check(z.maxLength(10))),
  limit: pageLimit,
  cursor: z.optional(z.string().check(z.maxLength(400))),
});

/** The queue and the search share one endpoint: the document shows both sets of parameters. */
export const CaseListQueryDoc = z.object({ ...QueueQuerySchema.shape, ...SearchQuerySchema.shape });

export const StaffMessageSchema = z.object({
  text: z.string().check(z.trim(), z.minLength(1), z.maxLength(4000)),
  internal: z.optional(z.boolean()),
});

/** One lifecycle action with its own fields (the lifecycle's schema: the document lists each action's). */
export const TransitionSchema = doc(TransitionRequestSchema, 'TransitionRequest');

export const IfMatchHeaderSchema = z.object({
  'if-match': z.string().check(z.maxLength(40)),
});

export const REWARD_STAGES = ['facts', 'approve', 'release', 'pay'] as const;

export const RewardQueueQuerySchema = z.object({
  stage: z.enum(REWARD_STAGES),
  limit: pageLimit,
  // Checked (length, signature, scope) by shared/services/cursors.ts, which names the field in Chinese.
  cursor: z.optional(z.string()),
});

/** The facts the county records, by reward category (the engine's own parts, checked field by field). */
export const RewardFactsBodySchema = doc(RecordedFactsSchema, 'RewardFacts');

const reason = z.string().check(z.maxLength(1000));
export const RewardDecisionSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('approve'),
    amountYuan: z.optional(z.number().check(z.int(), z.gte(0), z.lte(1_000_000_000))),
    reason: z.optional(reason),
  }),
  z.object({ action: z.literal('refuse'), reason }),
  z.object({ action: z.literal('extend_claim'), days: z.number().check(z.int()), reason }),
  z.object({ action: z.literal('request_release') }),
  z.object({ action: z.literal('release') }),
  z.object({ action: z.literal('mark_paid'), reference: z.string().check(z.maxLength(64)) }),
]);

export const RevealRequestSchema = z.object({
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(1000)),
});
export const RevealDecisionSchema = z.object({
  approve: z.boolean(),
  reason: z.string().check(z.trim(), z.minLength(5), z.maxLength(1000)),
});

export const InboxQuerySchema = z.object({
  limit: pageLimit,
  cursor: z.optional(z.string().check(z.maxLength(400))),
});

export const EvidenceParamsSchema = z.object({
  caseNumber: z.string().check(z.maxLength(32)),
  id: z.string().check(z.regex(/^[0-9a-f]{24}$/, { error: 'evidence_id_invalid' })),
});

/** A patrol report as posted to the API: the report's fields without place or identity. */
export const PatrolReportSchema = z.looseObject({
  category: z.optional(z.unknown()),
  description: z.optional(z.unknown()),
  unitName: z.optional(z.unknown()),
  occurredAt: z.optional(z.unknown()),
  imminentDanger: z.optional(z.unknown()),
  address: z.optional(z.unknown()),
  answers: z.optional(z.unknown()),
});

const noteMessage = bilingual('请写下现场看到的情况', 'Say what you found on site');
export const RecheckAnswerSchema = z.object({
  result: z.enum(RECHECK_RESULTS, {
    error: bilingual('请选择是否已整改到位', 'Choose whether it was rectified'),
  }),
  note: z
    .string({ error: noteMessage })
    .check(
      z.trim(),
      z.minLength(2, { error: noteMessage }),
      z.maxLength(1000, { error: bilingual('太长了，最多 1000 个字', 'Too long: at most 1000 characters') }),
    ),
});

// --- Responses (documentation of what the handlers answer) ---

const due = z.looseObject({ period: z.string(), dueDate: z.string() });

export const StaffCaseDoc = doc(
  z.looseObject({
    caseNumber: z.string(),
    status: z.enum(STATUSES),
    category: z.enum(CATEGORIES),
    description: z.string(),
    unitName: z.optional(z.string()),
    imminentDanger: z.boolean(),
    townshipCode: z.optional(z.string()),
    channel: z.string(),
    hasIdentity: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    due: z.optional(due),
    version: z.number(),
    lastEventSeq: z.number(),
  }),
  'StaffCase',
  'A case as staff see it: the stored record without internals, never the identity.',
);

export const CaseListDoc = doc(
  z.object({ cases: z.array(StaffCaseDoc), cursor: z.optional(z.string()) }),
  'CaseList',
  'A page of cases, earliest deadline first (a search: newest first); `cursor` continues.',
);

export const CaseDetailDoc = doc(
  z.object({
    case: StaffCaseDoc,
    record: z.looseObject({}),
    timeline: z.array(
      z.looseObject({
        seq: z.number(),
        type: z.string(),
        at: z.string(),
        reporterVisible: z.boolean(),
        hash: z.string(),
      }),
    ),
    evidence: z.array(z.looseObject({ id: z.string(), kind: z.string(), size: z.number(), at: z.string() })),
  }),
  'CaseDetail',
  'The case page: the case, what staff recorded, the whole timeline and the evidence files by id.',
);

export const MessageAddedDoc = z.object({ caseNumber: z.string(), lastEventSeq: z.number() });

export const TransitionResultDoc = doc(
  z.object({ case: StaffCaseDoc, action: z.string(), late: z.optional(z.boolean()) }),
  'TransitionResult',
);

export const EvidenceListDoc = z.object({
  evidence: z.array(z.looseObject({ id: z.string(), kind: z.string(), size: z.number(), at: z.string() })),
});

export const RevealRequestDoc = doc(
  z.looseObject({
    requestId: z.string(),
    caseNumber: z.string(),
    jurisdiction: z.string(),
    reason: z.string(),
    status: z.enum(['pending', 'approved', 'refused']),
    createdAt: z.string(),
    validUntil: z.optional(z.string()),
  }),
  'IdentityRequest',
  'A request to see a reporter’s identity; the identity custodian decides it.',
);

export const RevealRequestListDoc = z.object({ requests: z.array(RevealRequestDoc) });

export const IdentityDoc = z.object({
  identity: z.looseObject({ name: z.optional(z.string()), phone: z.optional(z.string()) }),
});

export const RewardDoc = doc(
  z.looseObject({
    caseNumber: z.string(),
    status: z.string(),
    version: z.number(),
    countyCode: z.string(),
    amountYuan: z.optional(z.number()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
  'Reward',
  'A reward with its breakdown (`answer`) and history; the custodian sees no breakdown or facts.',
);

export const RewardListDoc = z.object({ rewards: z.array(RewardDoc), cursor: z.optional(z.string()) });
export const RewardOfCaseDoc = z.object({ reward: RewardDoc, allowedActions: z.array(z.string()) });
export const RewardChangedDoc = z.object({ reward: RewardDoc });

export const InboxDoc = doc(
  z.object({
    unread: z.number(),
    items: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        caseNumber: z.string(),
        jurisdiction: z.string(),
        category: z.string(),
        dueDate: z.optional(z.string()),
        at: z.string(),
        unread: z.boolean(),
        link: z.string(),
      }),
    ),
    cursor: z.optional(z.string()),
  }),
  'Inbox',
  'Notifications addressed to the caller’s role in their jurisdiction, newest first.',
);

const ownReport = z.looseObject({
  caseNumber: z.string(),
  createdAt: z.string(),
  category: z.enum(CATEGORIES),
  status: z.enum(STATUSES),
  unitName: z.optional(z.string()),
  due: z.optional(due),
});
export const OwnReportsDoc = z.object({ reports: z.array(ownReport), cursor: z.optional(z.string()) });
export const OwnReportDoc = z.object({ report: ownReport });

const recheck = z.looseObject({
  taskId: z.string(),
  status: z.string(),
  summary: z.string(),
  unitName: z.string(),
  deadline: z.string(),
  requestedAt: z.string(),
  result: z.optional(z.enum(RECHECK_RESULTS)),
  note: z.optional(z.string()),
  recordedAt: z.optional(z.string()),
});
export const RecheckListDoc = z.object({ rechecks: z.array(recheck) });
export const RecheckDoc = z.object({ recheck });
