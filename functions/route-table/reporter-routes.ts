/**
 * The routes the public reaches: the reporter's JSON API, the directory, the citizen pages, the
 * static assets, the SMS gateway's webhook, and the local-only helpers of `npm start`. Part of the
 * route table (table.ts); schemas are the ones the handlers validate with.
 */
import * as z from 'zod/mini';
import {
  AccessKeyHeaderSchema,
  CaseParamsSchema,
  ChallengeSchema,
  CreatedSchema,
  DirectUploadRequestSchema,
  DirectUploadsSchema,
  ErrorSchema,
  EvidenceAddedSchema,
  MessageHeadersSchema,
  MessageSchema,
  ObjectionSchema,
  PlacesQuerySchema,
  PlacesSchema,
  ReporterViewSchema,
  ReportHeadersSchema,
  ReportSchema,
  RewardClaimedSchema,
  RewardClaimSchema,
} from '#functions/http/schemas.ts';
import { GatewayMessage, WebhookHeaders } from '#functions/sms/gateway-message.ts';
import { MAX_FILE_BYTES, MAX_FILES_PER_SUBMISSION } from '#shared/domain/evidence.ts';
import { json, page, type RouteEntry } from './types.ts';

const bad = { description: 'Invalid field(s), named in `error.fields`', schema: ErrorSchema };
const tooLarge = { description: 'Body too large', schema: ErrorSchema };
const unavailable = { description: 'Storage unavailable; nothing was saved', schema: ErrorSchema };
const unauthorized = {
  description: 'Wrong or missing case number or access key (no hint whether the case exists)',
  schema: ErrorSchema,
};
const throttled = { description: 'Too many wrong keys for this case; see Retry-After', schema: ErrorSchema };

const R = ['Reporter'];

export const REPORTER_API: RouteEntry[] = [
  json('POST /api/v1/reports', 'api', 'none', '提交举报 · File a report', R, {
    headers: ReportHeadersSchema,
    body: ReportSchema,
    responses: {
      201: { description: 'Case created: case number and access key (shown once)', schema: CreatedSchema },
      400: {
        description: 'Invalid field(s), or a proof-of-work that is not valid or already used',
        schema: ErrorSchema,
      },
      413: tooLarge,
      422: { description: 'Idempotency-Key reused with another body', schema: ErrorSchema },
      429: {
        description:
          'Too many new reports from this network this hour; see Retry-After. A retry with the Idempotency-Key of an acknowledged report is never refused.',
        schema: ErrorSchema,
      },
      503: unavailable,
    },
  }),
  json(
    'GET /api/v1/challenge',
    'api',
    'none',
    '工作量证明题 · A proof-of-work challenge for the next report (optional; earns the full per-source budget)',
    R,
    {
      responses: {
        200: { description: 'A signed challenge, single use, valid 30 minutes', schema: ChallengeSchema },
        404: { description: 'The budget and proof-of-work are off on this server', schema: ErrorSchema },
      },
    },
  ),
  json(
    'GET /api/v1/reports/:caseNumber',
    'api',
    'access-key',
    "举报人查看 · The reporter's view of a case",
    R,
    {
      params: CaseParamsSchema,
      headers: AccessKeyHeaderSchema,
      responses: {
        200: { description: 'Status, reporter-visible timeline, messages', schema: ReporterViewSchema },
        401: unauthorized,
        429: throttled,
        503: unavailable,
      },
    },
  ),
  json(
    'POST /api/v1/reports/:caseNumber/messages',
    'api',
    'access-key',
    '补充情况 · Add information to a case',
    R,
    {
      params: CaseParamsSchema,
      headers: MessageHeadersSchema,
      body: MessageSchema,
      responses: {
        201: { description: 'Message added; the updated view', schema: ReporterViewSchema },
        400: bad,
        401: unauthorized,
        413: tooLarge,
        429: throttled,
        503: unavailable,
      },
    },
  ),
  json(
    'POST /api/v1/reports/:caseNumber/evidence/uploads',
    'api',
    'access-key',
    '直传证据 · Send files straight to storage (AWS): presigned POSTs, stripped before anyone sees them',
    R,
    {
      params: CaseParamsSchema,
      headers: AccessKeyHeaderSchema,
      body: DirectUploadRequestSchema,
      responses: {
        201: {
          description:
            'One presigned POST per file (each at most 10 MB, valid 5 minutes). Files appear on the case once their metadata has been removed; a file that cannot be read or is not JPEG, PNG, WebP or PDF is refused.',
          schema: DirectUploadsSchema,
        },
        400: {
          description: 'A count outside 1–6, or more files than the case may still hold',
          schema: ErrorSchema,
        },
        401: unauthorized,
        404: {
          description: 'Not offered here: send the files as multipart to …/evidence',
          schema: ErrorSchema,
        },
        429: throttled,
        503: unavailable,
      },
    },
  ),
  json(
    'POST /api/v1/reports/:caseNumber/evidence',
    'api',
    'access-key',
    '上传证据 · Add photos or PDF files to a case (metadata removed before storing)',
    R,
    {
      params: CaseParamsSchema,
      headers: AccessKeyHeaderSchema,
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['file'],
              properties: {
                file: {
                  type: 'array',
                  maxItems: MAX_FILES_PER_SUBMISSION,
                  items: { type: 'string', format: 'binary', maxLength: MAX_FILE_BYTES },
                  description:
                    'Repeat the field for each file. JPEG, PNG, WebP or PDF, decided by the bytes, not the name; HEIC is refused. GPS, camera, times, XMP, IPTC, ICC, text chunks and PDF document information are removed; the file name is not kept.',
                },
              },
            },
          },
        },
      },
      responses: {
        201: {
          description: 'Files stored (a repeated file is not stored twice)',
          schema: EvidenceAddedSchema,
        },
        400: {
          description:
            'No file, too many files, a file too large, of another type or unreadable — named in `error.fields`',
          schema: ErrorSchema,
        },
        401: unauthorized,
        413: tooLarge,
        429: throttled,
        503: unavailable,
      },
    },
  ),
  // The objection and the reward claim are served by the pages function, which carries the
  // lifecycle state machine and may seal a payee; the API function stays small.
  json(
    'POST /api/v1/reports/:caseNumber/objection',
    'web',
    'access-key',
    '提出异议 · Object to the conclusion, within 10 days of the feedback',
    R,
    {
      params: CaseParamsSchema,
      headers: AccessKeyHeaderSchema,
      body: ObjectionSchema,
      responses: {
        201: {
          description: 'Objection recorded; the county reviews it within 30 days',
          schema: ReporterViewSchema,
        },
        400: bad,
        401: unauthorized,
        409: {
          description: 'No conclusion to object to, already objected, or the window has passed',
          schema: ErrorSchema,
        },
        429: throttled,
        503: unavailable,
      },
    },
  ),
  json(
    'POST /api/v1/reports/:caseNumber/reward-claim',
    'web',
    'access-key',
    '申领奖励 · Claim an awarded reward within the claim window',
    R,
    {
      params: CaseParamsSchema,
      headers: AccessKeyHeaderSchema,
      body: RewardClaimSchema,
      responses: {
        201: {
          description: 'Claim recorded (a repeated claim answers the same); the payee is sealed apart',
          schema: RewardClaimedSchema,
        },
        400: bad,
        401: unauthorized,
        404: { description: 'No reward for this case', schema: ErrorSchema },
        409: { description: 'No award to claim, or the claim window has ended', schema: ErrorSchema },
        429: throttled,
        503: unavailable,
      },
    },
  ),
  json(
    'GET /api/v1/places',
    'api',
    'none',
    '行政区划 · Children of a division (统计用区划代码)',
    ['Directory'],
    {
      query: PlacesQuerySchema,
      responses: {
        200: { description: 'The divisions directly under `parent`, by code', schema: PlacesSchema },
        400: { description: 'Bad parent code', schema: ErrorSchema },
      },
    },
  ),
  json('GET /health', 'api', 'none', '健康检查 · Liveness', ['Service'], {
    responses: { 200: { description: 'Up', schema: z.object({ status: z.literal('ok') }) } },
  }),
  json('GET /api/openapi.json', 'api', 'none', '接口文档 · This OpenAPI document', ['Service'], {
    responses: { 200: { description: 'OpenAPI 3.1', schema: z.looseObject({ openapi: z.string() }) } },
  }),
  page('GET /api/docs', 'api', 'none', '接口文档页 · Swagger UI for this document', ['Service']),
  json(
    'POST /api/v1/sms/webhook',
    'sms',
    'hmac',
    '短信网关回调 · An inbound text from the SMS gateway (signed)',
    ['SMS'],
    {
      headers: WebhookHeaders,
      body: GatewayMessage,
      responses: {
        202: {
          description:
            'Taken: `queued` on the inbound SMS topic, where it is handled once (a repeated message id is not handled twice); under `npm start` handled at once and the outcome given',
          schema: z.object({ outcome: z.string() }),
        },
        400: bad,
        401: { description: 'Missing, stale or wrong signature', schema: ErrorSchema },
        503: {
          description: 'The secret or the inbound topic is unavailable: send it again',
          schema: ErrorSchema,
        },
      },
    },
  ),
];

const P = ['Citizen pages'];

export const CITIZEN_PAGES: RouteEntry[] = [
  page('GET /', 'web', 'none', '首页与举报表 · Home and the report form', P),
  page('POST /report', 'web', 'none', '提交举报表 · The report form posted', P),
  page('GET /follow-up', 'web', 'reporter-session', '跟进页 · Follow-up: sign in, or the case', P),
  page('POST /follow-up', 'web', 'none', '跟进登录 · Sign in with case number and access key', P),
  page('POST /follow-up/message', 'web', 'reporter-session', '补充情况 · Add information', P),
  page('POST /follow-up/evidence', 'web', 'reporter-session', '上传证据 · Add files', P),
  page(
    'POST /follow-up/evidence/uploads',
    'web',
    'reporter-session',
    '直传证据 · Presigned uploads for the signed-in reporter (AWS)',
    P,
  ),
  page('POST /follow-up/objection', 'web', 'reporter-session', '提出异议 · Object to the conclusion', P),
  page('POST /follow-up/reward-claim', 'web', 'reporter-session', '申领奖励 · Claim a reward', P),
  page('POST /follow-up/sign-out', 'web', 'reporter-session', '退出 · Sign out', P),
  page('GET /public', 'web', 'none', '挂牌督办公示 · Cases listed for supervision', P),
  page('GET /assets/:name', 'assets', 'none', '静态资源 · Static assets (CSS, scripts, Swagger UI)', [
    'Assets',
  ]),
];

const L = ['Local'];

/** Served by `npm start` only (functions/local/): never deployed, never documented. */
export const LOCAL_ROUTES: RouteEntry[] = [
  page('GET /local/jwks.json', 'local', 'local', '本地签发公钥 · The local issuer’s keys', L),
  page('POST /local/token', 'local', 'local', '本地令牌 · A staff token from the local issuer', L),
  page('POST /local/sign-in', 'local', 'local', '本地登录 · Sign in as a demo user', L),
  page('GET /local/outbox', 'local', 'local', '本地发件箱 · Notifications sent locally', L),
  page('POST /local/sms/inbound', 'local', 'local', '模拟短信 · Text the hotline', L),
  page('POST /local/sms/send', 'local', 'local', '模拟短信发送 · The local SMS form posted', L),
  page('GET /local/sms', 'local', 'local', '本地短信 · The local SMS phone', L),
];
