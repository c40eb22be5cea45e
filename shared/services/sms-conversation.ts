/**
 * A number's SMS conversation as the inbound handler reads and writes it: the state the
 * conversation decision needs (which case is open, what was asked), the versioned write that lets
 * two texts from one number be handled at once without losing either change, which case a
 * status, add or claim request may touch, and the form a text is stored in (keys and payee
 * numbers redacted, cut to the field's length).
 */
import { verifyAccessKey } from '../crypto/access-key.ts';
import { type CaseRecord, normalizeCaseNumber } from '../domain/case.ts';
import type { ConversationState } from '../domain/sms/conversation.ts';
import {
  accessKeyCandidates,
  cleanSmsText,
  redactPayeeNumbers,
  redactSecrets,
} from '../domain/sms/redaction.ts';
import { ConflictError, TooManyAttemptsError, UnauthorizedError } from '../errors.ts';
import {
  ConversationChangedError,
  type SmsRepository,
  type StoredConversation,
} from '../repositories/sms-repository.ts';
import { authenticateReporter, type FollowUpDeps } from './follow-up.ts';

type ConversationDeps = FollowUpDeps & { sms: SmsRepository };

/** Statuses after which a number's texts no longer belong to that case. */
const FINISHED = new Set(['closed', 'rejected', 'transferred']);
/** Writes of the conversation item retried after a concurrent change before giving up. */
const CONVERSATION_ATTEMPTS = 5;

/**
 * The conversation of a number as stored (null: it never wrote) and as the decision sees it. A
 * conversation ends with its case: once the case is closed, rejected or transferred out, the next
 * text opens a new report instead of being appended to a finished one.
 */
export async function loadConversation(
  deps: ConversationDeps,
  numberHash: string,
): Promise<{ stored: StoredConversation | null; state: ConversationState }> {
  const stored = await deps.sms.getConversation(numberHash);
  const state: ConversationState = stored
    ? {
        optedOut: stored.optedOut,
        reportsToday: stored.reportsToday,
        ...(stored.openCaseNumber ? { openCaseNumber: stored.openCaseNumber } : {}),
        ...(stored.awaitingTownshipFor ? { awaitingTownshipFor: stored.awaitingTownshipFor } : {}),
        ...(stored.pendingQuestion ? { pendingQuestion: stored.pendingQuestion } : {}),
        ...(stored.reportsDay ? { reportsDay: stored.reportsDay } : {}),
      }
    : { optedOut: false, reportsToday: 0 };
  const lastCase = stored?.openCaseNumber ?? stored?.awaitingTownshipFor;
  if (lastCase) state.lastCaseNumber = lastCase;
  if (state.openCaseNumber) {
    const open = await deps.cases.get(state.openCaseNumber);
    if (!open || FINISHED.has(open.record.status)) {
      delete state.openCaseNumber;
      delete state.awaitingTownshipFor;
      delete state.pendingQuestion;
    }
  }
  return { stored, state };
}

/**
 * Applies `change` to the conversation as stored and writes it if nobody wrote it since it was
 * read; else reads it again and reapplies `change` (a few times, then ConflictError: SNS retries).
 * `change` must be a function of the stored state, as it may run on a newer one.
 */
export async function updateConversation(
  deps: { sms: SmsRepository },
  numberHash: string,
  first: StoredConversation | null,
  change: (s: StoredConversation) => StoredConversation,
  updatedAt: string,
): Promise<void> {
  let current = first;
  for (let attempt = 0; attempt < CONVERSATION_ATTEMPTS; attempt++) {
    const base: StoredConversation = current ?? {
      optedOut: false,
      reportsToday: 0,
      updatedAt,
      version: 0,
      casesOpened: 0,
    };
    const next = change(base);
    if (next === base && current) return;
    try {
      await deps.sms.putConversation(numberHash, next, updatedAt, base.version);
      return;
    } catch (err) {
      if (!(err instanceof ConversationChangedError)) throw err;
      current = await deps.sms.getConversation(numberHash);
    }
  }
  throw new ConflictError('sms conversation kept changing');
}

/** The case a number's status and add requests may touch without a key: its open conversation. */
export const ownCase = (state: ConversationState) => state.openCaseNumber ?? state.awaitingTownshipFor;

/**
 * The case a status/add/claim request may touch, or null: `thread` — this number's own case
 * (`own`: the open one; for a claim the last one it opened); `key` — the case number and key
 * check out (throttled per case); `sender` — not allowed for now (the case would have to record
 * its sender's hash), unless it is the number's own thread.
 */
export async function verified(
  deps: FollowUpDeps,
  decision: { caseNumber: string; verify: 'thread' | 'key' | 'sender'; accessKey?: string },
  ownCaseNumber: string | undefined,
): Promise<CaseRecord | null> {
  const own = decision.caseNumber === ownCaseNumber;
  if (decision.verify === 'key' && decision.accessKey) {
    try {
      return await authenticateReporter(deps, decision.caseNumber, decision.accessKey);
    } catch (err) {
      if (err instanceof UnauthorizedError || err instanceof TooManyAttemptsError) return null;
      throw err;
    }
  }
  if (!own) return null;
  return (await deps.cases.get(decision.caseNumber))?.record ?? null;
}

/** The longest text stored from one SMS: the report description's limit. */
export const MAX_TEXT = 5000;

const CASE_NUMBER_IN_TEXT = /(\d{8})\s*[-－—]?\s*(\d{6})/g;

/**
 * The text as it may be stored: the access key of any known case redacted (the cases given plus
 * any case number the text itself names, at most three cases, each candidate verified against the
 * case's hash), then the numbers payee details are made of (`redactPayeeNumbers`).
 */
export async function redactKnownKeys(
  deps: FollowUpDeps,
  text: string,
  caseNumbers: string[],
): Promise<string> {
  const candidates = accessKeyCandidates(text);
  if (candidates.length === 0) return redactPayeeNumbers(redactSecrets(text, []));
  const named = [...text.normalize('NFKC').matchAll(CASE_NUMBER_IN_TEXT)]
    .map((m) => normalizeCaseNumber(`${m[1]}-${m[2]}`))
    .filter((n): n is string => Boolean(n));
  const cases = [...new Set([...caseNumbers, ...named])].slice(0, 3);
  const keys: string[] = [];
  for (const caseNumber of cases) {
    const stored = await deps.cases.get(caseNumber);
    if (!stored) continue;
    for (const candidate of candidates)
      if (!keys.includes(candidate) && (await verifyAccessKey(candidate, stored.accessKey)))
        keys.push(candidate);
  }
  return redactPayeeNumbers(redactSecrets(text, keys));
}

/** The cleaned text cut to at most `max` UTF-16 units, at a character boundary. */
export function clipText(text: string, max: number): string {
  const clean = cleanSmsText(text);
  if (clean.length <= max) return clean;
  let out = '';
  for (const ch of clean) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
