/**
 * The staff JSON API (a Cognito ID token as bearer token), served by the staff and reveal
 * functions. Part of the route table (table.ts); request schemas are the ones the handlers
 * validate with, response schemas describe what they answer (functions/staff/schemas.ts).
 */
import * as z from 'zod/mini';
import { CaseParamsSchema, CreatedSchema, ErrorSchema, ReportSchema } from '#functions/http/schemas.ts';
import {
  CaseDetailDoc,
  CaseListDoc,
  CaseListQueryDoc,
  EvidenceListDoc,
  EvidenceParamsSchema,
  IdentityDoc,
  IfMatchHeaderSchema,
  InboxDoc,
  InboxQuerySchema,
  MessageAddedDoc,
  OwnReportDoc,
  OwnReportsDoc,
  PatrolReportSchema,
  RecheckAnswerSchema,
  RecheckDoc,
  RecheckListDoc,
  RevealDecisionSchema,
  RevealRequestDoc,
  RevealRequestListDoc,
  RevealRequestSchema,
  RewardChangedDoc,
  RewardDecisionSchema,
  RewardFactsBodySchema,
  RewardListDoc,
  RewardOfCaseDoc,
  RewardQueueQuerySchema,
  StaffMessageSchema,
  TransitionResultDoc,
  TransitionSchema,
} from '#functions/staff/schemas.ts';
import { DashboardJsonSchema, DashboardQuerySchema } from '#functions/supervision/dashboard-json.ts';
import { file, json, type ResponseDoc, type RouteEntry } from './types.ts';

const notFound: ResponseDoc = {
  description: 'No such case in your jurisdiction (an unknown case answers the same)',
  schema: ErrorSchema,
};
const conflict: ResponseDoc = { description: 'Not allowed in the current state', schema: ErrorSchema };
const versioned = {
  412: { description: 'Someone changed it first; reload and retry', schema: ErrorSchema },
  428: { description: 'If-Match (the version from the ETag) is required', schema: ErrorSchema },
};
const binary = (description: string, types: string[]): ResponseDoc => ({
  description,
  content: Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
});
const IdempotencyHeader = z.object({ 'idempotency-key': z.optional(z.string().check(z.maxLength(128))) });
const TaskParams = z.object({ taskId: z.string() });
const RevealParams = z.object({ caseNumber: z.string(), requestId: z.string() });

const CASES = ['Staff cases'];
const EVIDENCE = ['Evidence'];
const IDENTITY = ['Identity'];
const REWARDS = ['Rewards'];
const INBOX = ['Inbox'];
const COORDINATOR = ['Coordinator'];
const SUPERVISION = ['Supervision'];

export const STAFF_API: RouteEntry[] = [
  json(
    'GET /api/v1/dashboard',
    'supervision',
    'staff-bearer',
    '考核看板数据 · Dashboard figures of your jurisdiction for a period',
    SUPERVISION,
    {
      query: DashboardQuerySchema,
      responses: {
        200: {
          description: 'The figures of the period, in total, per place and per month',
          schema: DashboardJsonSchema,
        },
        400: { description: 'A bad period, county or township, named in `fields`', schema: ErrorSchema },
        403: {
          description: 'A role without a dashboard, or a county/township outside your jurisdiction (named)',
          schema: ErrorSchema,
        },
      },
    },
  ),
  json(
    'GET /api/v1/cases',
    'staff',
    'staff-bearer',
    '案件队列与检索 · The queue of your jurisdiction; with words, dates or a final state, a search',
    CASES,
    { query: CaseListQueryDoc, responses: { 200: { description: 'A page of cases', schema: CaseListDoc } } },
  ),
  json(
    'POST /api/v1/cases',
    'staff',
    'staff-bearer',
    '电话受理 · Phone intake by an operator (channel phone); same body as POST /api/v1/reports',
    CASES,
    {
      headers: IdempotencyHeader,
      body: ReportSchema,
      responses: {
        201: { description: 'Case created; read the key back to the caller', schema: CreatedSchema },
      },
    },
  ),
  json('GET /api/v1/cases/:caseNumber', 'staff', 'staff-bearer', '案件详情 · A case (audited view)', CASES, {
    params: CaseParamsSchema,
    responses: {
      200: { description: 'The case; `ETag` carries its version', schema: CaseDetailDoc },
      404: notFound,
    },
  }),
  json(
    'POST /api/v1/cases/:caseNumber/messages',
    'staff',
    'staff-bearer',
    '留言或内部备注 · A message to the reporter, or an internal note',
    CASES,
    {
      params: CaseParamsSchema,
      headers: IdempotencyHeader,
      body: StaffMessageSchema,
      responses: { 201: { description: 'Added', schema: MessageAddedDoc }, 404: notFound },
    },
  ),
  json(
    'POST /api/v1/cases/:caseNumber/transitions',
    'staff',
    'staff-bearer',
    '办理动作 · A lifecycle action (受理, 核查, 办结 …) with If-Match',
    CASES,
    {
      params: CaseParamsSchema,
      headers: IfMatchHeaderSchema,
      body: TransitionSchema,
      responses: {
        200: {
          description: 'The case after the action; `ETag` carries its version',
          schema: TransitionResultDoc,
        },
        404: notFound,
        409: conflict,
        ...versioned,
      },
    },
  ),
  json(
    'GET /api/v1/cases/:caseNumber/evidence',
    'staff',
    'staff-bearer',
    '证据列表 · The case’s files by id, kind, size and time',
    EVIDENCE,
    {
      params: CaseParamsSchema,
      responses: { 200: { description: 'Files, never their names', schema: EvidenceListDoc }, 404: notFound },
    },
  ),
  file(
    'GET /api/v1/cases/:caseNumber/evidence/:id',
    'staff',
    'staff-bearer',
    '下载证据 · One evidence file (audited)',
    EVIDENCE,
    {
      params: EvidenceParamsSchema,
      responses: {
        200: binary('The file, metadata removed', [
          'image/jpeg',
          'image/png',
          'image/webp',
          'application/pdf',
        ]),
        404: notFound,
      },
    },
  ),
  file(
    'GET /api/v1/cases/:caseNumber/evidence/:id/thumbnail',
    'staff',
    'staff-bearer',
    '证据缩略图 · A file’s thumbnail',
    EVIDENCE,
    {
      params: EvidenceParamsSchema,
      responses: { 200: binary('A small JPEG', ['image/jpeg']), 404: notFound },
    },
  ),
  json(
    'POST /api/v1/cases/:caseNumber/identity-requests',
    'staff',
    'staff-bearer',
    '申请查看身份 · Ask to see the reporter’s identity, with a reason',
    IDENTITY,
    {
      params: CaseParamsSchema,
      body: RevealRequestSchema,
      responses: { 201: { description: 'Pending the custodian', schema: RevealRequestDoc }, 404: notFound },
    },
  ),
  json(
    'GET /api/v1/identity-requests',
    'staff',
    'staff-bearer',
    '待决身份申请 · Pending identity requests (identity custodian)',
    IDENTITY,
    { responses: { 200: { description: 'Pending requests', schema: RevealRequestListDoc } } },
  ),
  json(
    'POST /api/v1/identity-requests/:caseNumber/:requestId/decision',
    'staff',
    'staff-bearer',
    '身份申请决定 · The custodian approves or refuses (never their own request)',
    IDENTITY,
    {
      params: RevealParams,
      body: RevealDecisionSchema,
      responses: {
        200: { description: 'Decided', schema: RevealRequestDoc },
        404: notFound,
        409: conflict,
      },
    },
  ),
  json(
    'GET /api/v1/cases/:caseNumber/identity-requests/:requestId/identity',
    'reveal',
    'staff-bearer',
    '查看身份 · The identity, for the requester of an approved request (audited, told to the reporter)',
    IDENTITY,
    {
      params: RevealParams,
      responses: {
        200: { description: 'The decrypted identity', schema: IdentityDoc },
        404: notFound,
        409: { description: 'Not approved, or no longer valid', schema: ErrorSchema },
      },
    },
  ),
  json('GET /api/v1/rewards', 'staff', 'staff-bearer', '奖励队列 · Rewards by stage', REWARDS, {
    query: RewardQueueQuerySchema,
    responses: { 200: { description: 'A page of rewards', schema: RewardListDoc } },
  }),
  file(
    'GET /api/v1/rewards/payment-batch',
    'reveal',
    'staff-bearer',
    '支付批次 · The paying officer’s batch of released claims (CSV, audited)',
    REWARDS,
    {
      responses: {
        200: {
          description: 'One row a claim; `X-Batch-Id` names the batch',
          content: { 'text/csv': { schema: { type: 'string' } } },
        },
      },
    },
  ),
  json(
    'GET /api/v1/cases/:caseNumber/reward',
    'staff',
    'staff-bearer',
    '案件奖励 · A case’s reward with its breakdown',
    REWARDS,
    {
      params: CaseParamsSchema,
      responses: {
        200: { description: 'The reward; `ETag` carries its version', schema: RewardOfCaseDoc },
        404: notFound,
      },
    },
  ),
  json(
    'PUT /api/v1/cases/:caseNumber/reward/facts',
    'staff',
    'staff-bearer',
    '奖励事实 · The facts the county verified (penalty, deaths …), with If-Match',
    REWARDS,
    {
      params: CaseParamsSchema,
      headers: IfMatchHeaderSchema,
      body: RewardFactsBodySchema,
      responses: {
        200: { description: 'Recorded and computed', schema: RewardChangedDoc },
        404: notFound,
        409: conflict,
        ...versioned,
      },
    },
  ),
  json(
    'POST /api/v1/cases/:caseNumber/reward/decisions',
    'staff',
    'staff-bearer',
    '奖励决定 · Approve, refuse, extend the claim, release, mark paid — with If-Match',
    REWARDS,
    {
      params: CaseParamsSchema,
      headers: IfMatchHeaderSchema,
      body: RewardDecisionSchema,
      responses: {
        200: { description: 'Decided', schema: RewardChangedDoc },
        404: notFound,
        409: conflict,
        ...versioned,
      },
    },
  ),
  json('GET /api/v1/inbox', 'staff', 'staff-bearer', '消息 · Your inbox', INBOX, {
    query: InboxQuerySchema,
    responses: { 200: { description: 'Newest first', schema: InboxDoc } },
  }),
  json('POST /api/v1/inbox/read-all', 'staff', 'staff-bearer', '全部已读 · Mark all read', INBOX, {
    responses: { 204: { description: 'Done' } },
  }),
  json('POST /api/v1/inbox/:id/read', 'staff', 'staff-bearer', '标为已读 · Mark one read', INBOX, {
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Done' }, 404: { description: 'No such message', schema: ErrorSchema } },
  }),
  json(
    'POST /api/v1/coordinator/reports',
    'staff',
    'staff-bearer',
    '巡查上报 · A village coordinator’s patrol report (in their village, assigned at once)',
    COORDINATOR,
    {
      headers: IdempotencyHeader,
      body: PatrolReportSchema,
      responses: {
        201: {
          description: 'Case created (no access key)',
          schema: z.looseObject({ caseNumber: z.string(), status: z.string() }),
        },
      },
    },
  ),
  json(
    'GET /api/v1/coordinator/reports',
    'staff',
    'staff-bearer',
    '我的上报 · The coordinator’s own reports',
    COORDINATOR,
    {
      query: z.object({ cursor: z.optional(z.string()) }),
      responses: { 200: { description: 'Newest first', schema: OwnReportsDoc } },
    },
  ),
  json(
    'GET /api/v1/coordinator/reports/:caseNumber',
    'staff',
    'staff-bearer',
    '上报详情 · One of the coordinator’s own reports',
    COORDINATOR,
    {
      params: CaseParamsSchema,
      responses: {
        200: { description: 'What they wrote and what became of it', schema: OwnReportDoc },
        404: notFound,
      },
    },
  ),
  json(
    'GET /api/v1/coordinator/rechecks',
    'staff',
    'staff-bearer',
    '复查任务 · Re-checks handed to the coordinator',
    COORDINATOR,
    { responses: { 200: { description: 'Summary, unit and deadline only', schema: RecheckListDoc } } },
  ),
  json(
    'GET /api/v1/coordinator/rechecks/:taskId',
    'staff',
    'staff-bearer',
    '复查任务详情 · One re-check task',
    COORDINATOR,
    {
      params: TaskParams,
      responses: { 200: { description: 'The task', schema: RecheckDoc }, 404: notFound },
    },
  ),
  json(
    'POST /api/v1/coordinator/rechecks/:taskId',
    'staff',
    'staff-bearer',
    '记录复查结果 · Record the re-check (once)',
    COORDINATOR,
    {
      params: TaskParams,
      body: RecheckAnswerSchema,
      responses: { 200: { description: 'Recorded', schema: RecheckDoc }, 404: notFound, 409: conflict },
    },
  ),
];
