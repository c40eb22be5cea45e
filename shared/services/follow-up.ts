/**
 * The reporter's side of a case: sign in with case number + access key (rate-limited, with no hint
 * whether the case exists), read status, timeline and messages, add information.
 *
 * Wrong keys are limited so that guessing stays impractical without letting a stranger lock the
 * rightful reporter out (README "Access-key guessing"):
 * - per case, a budget of MAX_FAILED_ATTEMPTS wrong keys per window, spent atomically (one
 *   conditional ADD); once it is spent a wrong key gets 429 — but the right key is always accepted;
 * - per client address (its keyed hash, never the address), ADDRESS_MAX_FAILED wrong keys per hour
 *   across all case numbers; past it that address gets 429 before any key is checked. This is what
 *   bounds a guesser, together with the scrypt cost of every check and the 10^16 keys.
 */
import { randomBytes } from 'node:crypto';
import { burnVerification, verifyAccessKey } from '../crypto/access-key.ts';
import { sha256 } from '../crypto/digest.ts';
import { keyedHash, type ServerSecrets } from '../crypto/server-keys.ts';
import { addressThrottleKey, throttleKey } from '../db/keys.ts';
import { normalizeAccessKey } from '../domain/access-key-format.ts';
import { type CaseEvent, type CaseRecord, type CaseStatus, normalizeCaseNumber } from '../domain/case.ts';
import { inSentOrder } from '../domain/timeline.ts';
import { TooManyAttemptsError, UnauthorizedError } from '../errors.ts';
import type { CaseRepository } from '../repositories/case-repository.ts';

export interface FollowUpDeps {
  cases: CaseRepository;
  now: () => Date;
  /** Hashes the client address for its limit; without it only the per-case budget applies. */
  secrets?: ServerSecrets;
}

/** Wrong keys per case per window; past it wrong keys get 429 (the right key still opens the case). */
export const MAX_FAILED_ATTEMPTS = 5;
export const ATTEMPT_WINDOW_S = 15 * 60;
/** Wrong keys per client address per hour, across all cases; past it the address gets 429. */
export const ADDRESS_MAX_FAILED = 20;
export const ADDRESS_WINDOW_S = 60 * 60;

/** Who is asking, for the per-address limit: the platform's client address (never stored). */
export interface ClientInfo {
  address?: string;
}

export interface ReporterView {
  caseNumber: string;
  status: CaseStatus;
  category: CaseRecord['category'];
  createdAt: string;
  updatedAt: string;
  /** The deadline the case is under now, so the reporter knows when to expect an answer. */
  nextDeadline?: { period: string; dueDate: string; provisional: boolean };
  /** Reporter-visible events; `text` carries what the reporter is told (reasons, feedback). */
  timeline: { at: string; type: CaseEvent['type']; action?: string; status?: CaseStatus; text?: string }[];
  messages: { at: string; from: 'reporter' | 'staff'; text: string }[];
}

/** Returns the case if the key matches; otherwise counts the failure and throws. */
export async function authenticateReporter(
  deps: FollowUpDeps,
  caseNumberInput: string,
  accessKeyInput: string,
  client: ClientInfo = {},
): Promise<CaseRecord> {
  const caseNumber = normalizeCaseNumber(caseNumberInput);
  const accessKey = normalizeAccessKey(accessKeyInput);
  if (!caseNumber) throw new UnauthorizedError('bad credentials');

  const nowS = Math.floor(deps.now().getTime() / 1000);
  const window = (length: number) => {
    const start = nowS - (nowS % length);
    return { start, retryAfter: start + length - nowS, expiresAt: start + length + 3600 };
  };
  // The address's budget is reserved before the (costly) check, so a guesser past it gets no
  // answer at all; a right key gives the reservation back.
  const addr = window(ADDRESS_WINDOW_S);
  const addressKey =
    client.address && deps.secrets
      ? addressThrottleKey(await keyedHash(deps.secrets, 'client-address', client.address), addr.start)
      : null;
  if (addressKey && !(await deps.cases.spendAttempt(addressKey, ADDRESS_MAX_FAILED, addr.expiresAt)))
    throw new TooManyAttemptsError(addr.retryAfter);

  const stored = await deps.cases.get(caseNumber);
  const ok =
    stored && accessKey
      ? await verifyAccessKey(accessKey, stored.accessKey)
      : await burnVerification(accessKeyInput);
  if (ok && stored) {
    // The right key always opens the case, however many wrong keys others sent for it.
    if (addressKey) await deps.cases.refundAttempt(addressKey);
    return stored.record;
  }
  const perCase = window(ATTEMPT_WINDOW_S);
  const counted = await deps.cases.spendAttempt(
    throttleKey(caseNumber, perCase.start),
    MAX_FAILED_ATTEMPTS,
    perCase.expiresAt,
  );
  if (!counted) throw new TooManyAttemptsError(perCase.retryAfter);
  throw new UnauthorizedError('bad credentials');
}

export async function getReporterView(
  deps: FollowUpDeps,
  caseNumber: string,
  accessKey: string,
  client: ClientInfo = {},
): Promise<ReporterView> {
  return viewOf(deps, await authenticateReporter(deps, caseNumber, accessKey, client));
}

export async function viewOf(deps: FollowUpDeps, record: CaseRecord): Promise<ReporterView> {
  return toReporterView(record, await deps.cases.listEvents(record.caseNumber));
}

/** How long a web follow-up session lasts after signing in with the access key. */
export const SESSION_TTL_S = 30 * 60;

/**
 * Signs in with case number + access key and opens a short web session, so later pages carry an
 * opaque cookie instead of the access key. Only the token's hash is stored.
 */
export async function openReporterSession(
  deps: FollowUpDeps,
  caseNumber: string,
  accessKey: string,
  client: ClientInfo = {},
): Promise<{ token: string; record: CaseRecord }> {
  const record = await authenticateReporter(deps, caseNumber, accessKey, client);
  const token = randomBytes(32).toString('base64url');
  const nowS = Math.floor(deps.now().getTime() / 1000);
  await deps.cases.createSession(sha256(`session:${token}`), record.caseNumber, nowS + SESSION_TTL_S);
  return { token, record };
}

/** The case a session token opens; UnauthorizedError when unknown or expired. */
export async function caseOfSession(deps: FollowUpDeps, token: string): Promise<CaseRecord> {
  const nowS = Math.floor(deps.now().getTime() / 1000);
  const caseNumber = token ? await deps.cases.sessionCase(sha256(`session:${token}`), nowS) : null;
  const stored = caseNumber ? await deps.cases.get(caseNumber) : null;
  if (!stored) throw new UnauthorizedError('no session');
  return stored.record;
}

/**
 * Signs out: deletes the session's item, so the cookie (or any copy of it) opens nothing any more.
 * Expiry is enforced on every read as well (caseOfSession), not left to DynamoDB's TTL sweep.
 */
export async function closeReporterSession(deps: FollowUpDeps, token: string): Promise<void> {
  if (token) await deps.cases.deleteSession(sha256(`session:${token}`));
}

/** Events whose text is written for the reporter (others' texts stay with staff). */
const REPORTER_TEXT_EVENTS = new Set<CaseEvent['type']>([
  'transition',
  'identity_viewed',
  'reward',
  'identity_purged',
]);

export function toReporterView(record: CaseRecord, events: CaseEvent[]): ReporterView {
  // SMS texts in the order they were sent, whatever order they arrived in (shared/domain/sms.ts).
  const visible = inSentOrder(events).filter((e) => e.reporterVisible);
  return {
    caseNumber: record.caseNumber,
    status: record.status,
    category: record.category,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    ...(record.due
      ? {
          nextDeadline: {
            period: record.due.period,
            dueDate: record.due.dueDate,
            provisional: record.due.provisional,
          },
        }
      : {}),
    timeline: visible
      .filter((e) => e.type !== 'reporter_message' && e.type !== 'staff_message')
      .map((e) => ({
        at: e.at,
        type: e.type,
        ...(e.action ? { action: e.action } : {}),
        ...(e.status ? { status: e.status } : {}),
        // Routing notes name matched places, not the reporter; transitions carry what the reporter is told.
        ...(REPORTER_TEXT_EVENTS.has(e.type) && e.text ? { text: e.text } : {}),
      })),
    messages: visible
      .filter((e) => (e.type === 'reporter_message' || e.type === 'staff_message') && e.text)
      .map((e) => ({
        at: e.at,
        from: e.type === 'reporter_message' ? 'reporter' : 'staff',
        text: e.text as string,
      })),
  };
}

/**
 * Adds the reporter's message to the timeline. Concurrent writers retry on a version conflict;
 * with `idempotencyKey`, a retried request is recognised and not appended twice.
 */
export async function addReporterMessage(
  deps: FollowUpDeps,
  caseNumber: string,
  accessKey: string,
  text: string,
  idempotencyKey?: string,
  client: ClientInfo = {},
): Promise<ReporterView> {
  return appendReporterMessage(
    deps,
    await authenticateReporter(deps, caseNumber, accessKey, client),
    text,
    idempotencyKey,
  );
}

/**
 * Appends a message from the (already authenticated) reporter of `start`'s case. `detail`: how it
 * came (the SMS channel records each text's sent time there).
 */
export async function appendReporterMessage(
  deps: FollowUpDeps,
  start: CaseRecord,
  text: string,
  idempotencyKey?: string,
  detail?: CaseEvent['detail'],
): Promise<ReporterView> {
  const dedupeKey = idempotencyKey ? sha256(`msg:${idempotencyKey}`) : undefined;
  const { record } = await deps.cases.change(
    start.caseNumber,
    () => ({
      ok: true,
      events: [
        {
          type: 'reporter_message',
          actor: { kind: 'reporter' },
          reporterVisible: true,
          text,
          ...(detail ? { detail } : {}),
        },
      ],
      result: undefined,
    }),
    { now: deps.now, attempts: 5, ...(dedupeKey ? { dedupeKey } : {}) },
  );
  const [fresh, events] = await Promise.all([
    deps.cases.get(record.caseNumber),
    deps.cases.listEvents(record.caseNumber),
  ]);
  return toReporterView(fresh?.record ?? record, events);
}
