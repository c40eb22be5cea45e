/** Maps domain errors to HTTP in one place. Unknown errors become a bare 500 with a request id. */

import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { shanghaiClock } from '#shared/domain/shanghai-time.ts';
import {
  ConflictError,
  DomainError,
  type FieldIssue,
  ForbiddenError,
  IdempotencyMismatchError,
  IntakeBudgetError,
  NotFoundError,
  PreconditionRequiredError,
  ProofRejectedError,
  RefusedError,
  StaleVersionError,
  TooManyAttemptsError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';

/** Staff sign-in is missing or invalid (the reporter's 401 wording would be wrong here). */
export class StaffUnauthorizedError extends UnauthorizedError {
  override name = 'StaffUnauthorizedError';
}

export interface ErrorBody {
  error: { code: string; message: string; messageZh?: string; requestId?: string; fields?: FieldIssue[] };
}

export interface HttpError {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const GENERIC_401 = {
  code: 'unauthorized',
  message: 'Case number or access key is not correct.',
  messageZh: '案件编号或查询密码不正确。',
};

export function toHttpError(err: unknown, requestId: string): HttpError {
  const b = (
    status: ContentfulStatusCode,
    e: ErrorBody['error'],
    headers?: Record<string, string>,
  ): HttpError => ({
    status,
    body: { error: { ...e, requestId } },
    headers,
  });
  if (err instanceof ValidationError)
    return b(400, {
      code: 'validation_failed',
      message: `Invalid fields: ${err.issues.map((i) => i.field).join(', ')}`,
      // Each problem as the form says it; the field paths are in `fields` for programs.
      messageZh: `请修改：${err.issues.map((i) => i.zh).join('；')}`,
      fields: err.issues,
    });
  if (err instanceof StaffUnauthorizedError)
    return b(401, {
      code: 'unauthorized',
      message: 'Sign in as staff.',
      messageZh: '请以工作人员身份登录。',
    });
  if (err instanceof UnauthorizedError) return b(401, GENERIC_401);
  if (err instanceof IntakeBudgetError)
    return b(
      429,
      {
        code: 'too_many_reports',
        message: `Too many new reports from your network this hour; try again after ${err.retryAt}. A report you already filed is kept.`,
        messageZh: `您所在网络本小时提交的新举报过多，请在 ${shanghaiClock(err.retryAt)}（北京时间）后再试。已提交的举报不受影响。`,
      },
      { 'Retry-After': String(err.retryAfterSeconds) },
    );
  if (err instanceof ProofRejectedError)
    return b(400, {
      code: 'proof_of_work_rejected',
      message:
        'The X-Proof-Of-Work header is not a valid, unused solution of a current challenge (GET /api/v1/challenge); nothing was saved.',
      messageZh: '防刷验证未通过（已使用、已过期或无效），本次未保存，请重新获取验证后再提交。',
    });
  if (err instanceof TooManyAttemptsError)
    return b(
      429,
      {
        code: 'too_many_attempts',
        message: 'Too many wrong attempts; try again later.',
        messageZh: '错误次数过多，请稍后再试。',
      },
      { 'Retry-After': String(err.retryAfterSeconds) },
    );
  if (err instanceof NotFoundError)
    return b(404, { code: 'not_found', message: 'Not found.', messageZh: '未找到。' });
  if (err instanceof ForbiddenError)
    return b(
      403,
      err.zh
        ? { code: 'forbidden', message: err.message, messageZh: err.zh }
        : { code: 'forbidden', message: 'Your role may not do this.', messageZh: '您的角色无权执行此操作。' },
    );
  if (err instanceof RefusedError)
    return b(409, {
      code: err.code,
      message: err.message,
      messageZh: err.zh ?? '当前状态下不能执行此操作。',
    });
  if (err instanceof PreconditionRequiredError)
    return b(428, {
      code: 'if_match_required',
      message: 'Send the case version you saw as If-Match.',
      messageZh: '请在 If-Match 中提供您看到的案件版本。',
    });
  if (err instanceof StaleVersionError)
    return b(
      412,
      {
        code: 'stale_version',
        message: 'The case was changed by someone else; reload it and decide again.',
        messageZh: '案件已被他人修改，请刷新后重新操作。',
      },
      { ETag: `"${err.currentVersion}"` },
    );
  if (err instanceof IdempotencyMismatchError)
    return b(422, {
      code: 'idempotency_key_reused',
      message: 'This Idempotency-Key was already used for a different request.',
      messageZh: '该幂等键已用于另一个不同的请求。',
    });
  if (err instanceof ConflictError)
    return b(409, {
      code: 'conflict',
      message: 'The case changed meanwhile; reload and retry.',
      messageZh: '案件已被修改，请刷新后重试。',
    });
  if (err instanceof UnavailableError)
    return b(
      503,
      {
        code: 'unavailable',
        message: 'Service temporarily unavailable; nothing was saved. Please retry.',
        messageZh: '服务暂时不可用，本次未保存，请重试。',
      },
      { 'Retry-After': '1' },
    );
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    if (status === 413)
      return b(413, {
        code: 'payload_too_large',
        message: 'Request body too large.',
        messageZh: '请求内容过大。',
      });
    return b(status, {
      code: status === 400 ? 'bad_request' : 'http_error',
      message: status === 400 ? 'Malformed request body (expected JSON).' : 'Request failed.',
      messageZh: status === 400 ? '请求格式错误（应为 JSON）。' : '请求失败。',
    });
  }
  if (err instanceof DomainError)
    return b(400, { code: 'bad_request', message: 'Request rejected.', messageZh: '请求被拒绝。' });
  return b(500, {
    code: 'internal',
    message: 'Internal error. Nothing is shown here on purpose; quote the request id.',
    messageZh: '内部错误，请提供请求编号。',
  });
}

export function errorResponse(c: Context, err: unknown, logger: Logger): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? '-';
  const mapped = toHttpError(err, requestId);
  if (mapped.status >= 500) {
    // Class name only: messages and causes may quote input.
    logger.error('request failed', {
      requestId,
      route: c.req.routePath,
      errorName: (err as Error)?.name ?? 'unknown',
    });
  }
  for (const [k, v] of Object.entries(mapped.headers ?? {})) c.header(k, v);
  return c.json(mapped.body, mapped.status);
}
