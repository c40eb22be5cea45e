/**
 * The SMS channel's inbound handler: one SNS `Message` (the End User Messaging two-way
 * SMS JSON) in, at most one effect and one reply out. The same handler serves the inbound Lambda
 * and `POST /local/sms/inbound`.
 *
 * - A payload that does not parse is dropped (logged by its error code only): retrying cannot fix it.
 * - The inbound id is marked first (conditional write): a redelivery does nothing. If handling
 *   fails midway the marker is removed and the error rethrown, so the retry is handled again;
 *   intake and appends carry the same id as their idempotency key, so that retry cannot file a
 *   second case or append twice.
 * - The number is hashed (HMAC) to find the conversation; it is kept in memory only for the reply.
 *   Neither the number nor the body is ever logged.
 * - Any access key of a known case typed in a body is redacted before the text is stored, and so
 *   are the numbers payee details are made of (`redactPayeeNumbers`).
 * - A reward claim (领奖 … or, on a case with a notified reward, a text carrying payee details) is
 *   never stored anywhere in clear — not on the timeline, not in the conversation item, not in a
 *   log: it is verified like status, sealed by `claimReward` (purpose `reward_claim`) in the
 *   claim's transaction, and answered with the amount. Its outcome, like every other, is logged by
 *   name only.
 * - Out of order and at once (see "Order of texts" in shared/domain/sms.ts): the conversation item
 *   is written only if unchanged since it was read (else read again and reapply), and a new case
 *   is filed under the idempotency key `sms-open:<number hash>:<cases opened>`, so two texts from
 *   a number with no open case, handled in any order or concurrently, open one case: the second
 *   finds the key taken and joins that case as a follow-up. Every text on a case is a reporter
 *   message with its sent time, so the timeline can show them in the order they were sent.
 */

import { verifyAccessKey } from '../crypto/access-key.ts';
import { seal } from '../crypto/envelope.ts';
import type { PhoneHasher } from '../crypto/phone-hash.ts';
import { type CaseRecord, normalizeCaseNumber, STATUS_LABELS } from '../domain/case.ts';
import { shanghaiDate } from '../domain/deadlines.ts';
import type { PayeeDetails } from '../domain/payee.ts';
import { locate } from '../domain/place-matcher.ts';
import { lastDayOf } from '../domain/reward-workflow.ts';
import {
  replyClaimBadCredentials,
  replyClaimed,
  replyClaimNothing,
  replyClaimRepeated,
  replyClaimWindowEnded,
} from '../domain/sms/claim-replies.ts';
import { impliedClaim, parseCommand } from '../domain/sms/commands.ts';
import {
  type ConversationDecision,
  type ConversationState,
  decideConversation,
} from '../domain/sms/conversation.ts';
import { type InboundSms, parseInboundSns, sentTimeOf } from '../domain/sms/inbound.ts';
import {
  accessKeyCandidates,
  cleanSmsText,
  redactPayeeNumbers,
  redactSecrets,
} from '../domain/sms/redaction.ts';
import {
  replyAdded,
  replyBadCredentials,
  replyReportReceived,
  replyRouted,
  replyStatus,
} from '../domain/sms/replies.ts';
import { smsTextDetail } from '../domain/timeline.ts';
import {
  ConflictError,
  IdempotencyMismatchError,
  NotFoundError,
  RefusedError,
  TooManyAttemptsError,
  UnauthorizedError,
} from '../errors.ts';
import type { Logger } from '../log.ts';
import type { RewardRepository } from '../repositories/reward-repository.ts';
import {
  ConversationChangedError,
  DuplicateInboundError,
  type SmsRepository,
  type StoredConversation,
} from '../repositories/sms-repository.ts';
import type { SmsSender } from '../sms-sender.ts';
import { appendReporterMessage, authenticateReporter, viewOf } from './follow-up.ts';
import { fileReport, type IntakeDeps, type IntakeResult, sha256 } from './intake.ts';
import { claimReward } from './rewards.ts';
import { placeIndexOf, routeByText } from './routing.ts';

export interface SmsInboundDeps extends IntakeDeps {
  sms: SmsRepository;
  phoneHasher: PhoneHasher;
  smsSender: SmsSender;
  logger: Logger;
  /** Rewards, for claims by SMS (read the reward; the claim seals the payee, purpose `reward_claim`). */
  rewards: RewardRepository;
  /** New reports a number may open per Shanghai day (decideConversation's default when absent). */
  dailyReportCap?: number;
}

export type SmsInboundOutcome =
  | 'invalid_payload'
  | 'duplicate'
  | ConversationDecision['action']
  | 'bad_credentials'
  /** A claim of a reward claimed or paid already: nothing written. */
  | 'claim_repeated'
  /** A claim with nothing to claim, or after the window: nothing written. */
  | 'claim_refused';

/** The intake schema's minimum description length (functions/http/schemas.ts). */
const MIN_DESCRIPTION = 10;
const MAX_DESCRIPTION = 5000;
const MAX_ADDRESS = 300;
const SMS_PREFIX = '短信举报：';
const COMPONENT = 'sms-inbound';
/** Statuses after which a number's texts no longer belong to that case. */
const FINISHED = new Set(['closed', 'rejected', 'transferred']);

/** What the transport knows about a text besides its JSON. */
export interface InboundMeta {
  /**
   * When the text reached the gateway (ISO 8601): the SNS record's `Timestamp`, a webhook's
   * signed time. Orders the texts of a case; absent or implausible → the time it is handled.
   */
  sentAt?: string;
}

/** Writes of the conversation item retried after a concurrent change before giving up. */
const CONVERSATION_ATTEMPTS = 5;

/** Handles one inbound SMS. Throws only when storage/keys fail (so SNS retries). */
export async function handleInboundSms(
  deps: SmsInboundDeps,
  snsMessage: string,
  meta: InboundMeta = {},
): Promise<SmsInboundOutcome> {
  const parsed = parseInboundSns(snsMessage);
  if (!parsed.ok) {
    deps.logger.warn(`inbound sms dropped: ${parsed.error.code}`, { component: COMPONENT });
    return 'invalid_payload';
  }
  const sms = parsed.value;
  const now = deps.now();
  try {
    await deps.sms.markInbound(sms.inboundMessageId, Math.floor(now.getTime() / 1000));
  } catch (err) {
    if (err instanceof DuplicateInboundError) {
      deps.logger.info('inbound sms already handled', { component: COMPONENT });
      return 'duplicate';
    }
    throw err;
  }
  try {
    const outcome = await handle(deps, sms, now, sentTimeOf(meta.sentAt, now));
    deps.logger.info(`inbound sms: ${outcome}`, { component: COMPONENT });
    return outcome;
  } catch (err) {
    await deps.sms.unmarkInbound(sms.inboundMessageId).catch(() => undefined);
    deps.logger.error('inbound sms failed', {
      component: COMPONENT,
      errorName: err instanceof Error ? err.name : 'unknown',
    });
    throw err;
  }
}

async function handle(
  deps: SmsInboundDeps,
  sms: InboundSms,
  now: Date,
  sentAt: string,
): Promise<SmsInboundOutcome> {
  const numberHash = await deps.phoneHasher.hash(sms.originationNumber);
  const stored = await deps.sms.getConversation(numberHash);
  const state: ConversationState = stored
    ? {
        optedOut: stored.optedOut,
        reportsToday: stored.reportsToday,
        ...(stored.openCaseNumber ? { openCaseNumber: stored.openCaseNumber } : {}),
        ...(stored.awaitingTownshipFor ? { awaitingTownshipFor: stored.awaitingTownshipFor } : {}),
        ...(stored.reportsDay ? { reportsDay: stored.reportsDay } : {}),
      }
    : { optedOut: false, reportsToday: 0 };
  const lastCase = stored?.openCaseNumber ?? stored?.awaitingTownshipFor;
  if (lastCase) state.lastCaseNumber = lastCase;
  // A conversation ends with its case: once the case is closed, rejected or transferred out, the
  // next text opens a new report instead of being appended to a finished one.
  if (state.openCaseNumber) {
    const open = await deps.cases.get(state.openCaseNumber);
    if (!open || FINISHED.has(open.record.status)) {
      delete state.openCaseNumber;
      delete state.awaitingTownshipFor;
    }
  }
  const index = await placeIndexOf(deps.directory, deps.regionCode);
  const townshipOf = (text: string) => {
    const found = locate(index, text);
    return found.reason === 'unique' ? found.township : null;
  };
  const command = parseCommand(sms.messageBody);
  const options = {
    townshipOf,
    ...(deps.dailyReportCap !== undefined ? { dailyReportCap: deps.dailyReportCap } : {}),
  };
  let decision = decideConversation(state, command, now, options);
  // Payee details without the keyword, for a case with an award waiting: a claim, never a text.
  const implied = await impliedClaimOf(deps, decision, state);
  if (implied) decision = decideConversation(state, implied, now, options);
  const reply = (text: string) => deps.smsSender.send(sms.originationNumber, text);
  const save = (change: (s: StoredConversation) => StoredConversation) =>
    updateConversation(deps, numberHash, stored, change, now.toISOString());
  const idempotencyKey = `sms:${sms.inboundMessageId}`;
  /** Puts this text on a case's timeline (once per inbound id), with its sent time. */
  const record = (on: CaseRecord, text: string) =>
    appendReporterMessage(deps, on, clip(text, MAX_DESCRIPTION), idempotencyKey, smsTextDetail(sentAt));

  switch (decision.action) {
    case 'open_report': {
      const text = await redactKnownKeys(deps, decision.text, []);
      const described = text.length >= MIN_DESCRIPTION ? text : `${SMS_PREFIX}${text}`;
      const description =
        described.length >= MIN_DESCRIPTION ? described : described.padEnd(MIN_DESCRIPTION, '。');
      // Keyed by the number and how many cases it has opened, not by this text: a second text
      // handled before this one is saved (out of order, or at the same time) finds the key taken.
      const openKey = `sms-open:${numberHash}:${stored?.casesOpened ?? 0}`;
      let result: IntakeResult;
      try {
        result = await fileReport(
          deps,
          {
            category: 'general_hazard',
            description: clip(description, MAX_DESCRIPTION),
            location: { address: clip(text, MAX_ADDRESS) },
            ...(sms.mainlandMobile ? { reporter: { phone: sms.mainlandMobile } } : {}),
          },
          { channel: 'sms', idempotencyKey: openKey },
        );
      } catch (err) {
        if (!(err instanceof IdempotencyMismatchError)) throw err;
        // Another text from this number opened the case meanwhile: this one follows it up.
        const opened = await deps.cases.getIdempotency(sha256(`idem:${openKey}`));
        const current = opened && (await deps.cases.get(opened.caseNumber));
        if (!current) throw err;
        await record(current.record, text);
        await reply(replyAdded(current.record.caseNumber));
        return 'append_to_case';
      }
      const { caseNumber } = result;
      // The number itself, sealed with the case, so the reporter can be sent staff messages and
      // status changes later (opened only by the SMS sender, purpose `sms_contact`).
      await deps.sms.putContact(
        caseNumber,
        await seal(deps.keys, sms.originationNumber, caseNumber, {
          purpose: 'sms_contact',
          caseNumber,
        }),
      );
      const opened = await deps.cases.get(caseNumber);
      if (opened) await record(opened.record, text);
      const township = townshipOf(text);
      const today = shanghaiDate(now);
      await save((s) =>
        // Already saved (a retry of this text, or the same words sent twice): counted once.
        s.openCaseNumber === caseNumber
          ? s
          : {
              ...s,
              optedOut: false,
              openCaseNumber: caseNumber,
              awaitingTownshipFor: township ? undefined : caseNumber,
              reportsToday: (s.reportsDay === today ? s.reportsToday : 0) + 1,
              reportsDay: today,
              casesOpened: Math.max(s.casesOpened, (stored?.casesOpened ?? 0) + 1),
            },
      );
      await reply(
        replyReportReceived({
          caseNumber,
          accessKey: result.accessKey,
          ...(township ? { townshipName: township.name } : {}),
        }),
      );
      return 'open_report';
    }
    case 'append_to_case': {
      const target = await verified(deps, decision, ownCase(state));
      if (!target) {
        await reply(replyBadCredentials());
        return 'bad_credentials';
      }
      const text = await redactKnownKeys(deps, decision.text, [target.caseNumber]);
      await record(target, text);
      if (decision.reply.kind === 'text') await reply(decision.reply.text);
      else await reply(replyAdded(target.caseNumber));
      return 'append_to_case';
    }
    case 'answer_township': {
      const current = await deps.cases.get(decision.caseNumber);
      if (!current) {
        await save((s) => ({
          ...s,
          awaitingTownshipFor:
            s.awaitingTownshipFor === decision.caseNumber ? undefined : s.awaitingTownshipFor,
          openCaseNumber: s.openCaseNumber === decision.caseNumber ? undefined : s.openCaseNumber,
        }));
        await reply(replyBadCredentials());
        return 'bad_credentials';
      }
      const text = await redactKnownKeys(deps, decision.text, [decision.caseNumber]);
      await record(current.record, text);
      // Route by the answer (a case still in triage; one answer routes once); else triage decides.
      const routed = await routeByText(
        deps,
        decision.caseNumber,
        decision.township.name,
        `route:${decision.caseNumber}:sms-township`,
      );
      await save((s) =>
        s.awaitingTownshipFor === decision.caseNumber
          ? { ...s, awaitingTownshipFor: undefined, openCaseNumber: decision.caseNumber }
          : s,
      );
      await reply(
        routed.outcome === 'routed'
          ? replyRouted({ caseNumber: decision.caseNumber, townshipName: decision.township.name })
          : replyAdded(decision.caseNumber),
      );
      return 'answer_township';
    }
    case 'status': {
      const record = await verified(deps, decision, ownCase(state));
      if (!record) {
        await reply(replyBadCredentials());
        return 'bad_credentials';
      }
      const view = await viewOf(deps, record);
      await reply(
        replyStatus({
          caseNumber: view.caseNumber,
          statusLabel: STATUS_LABELS[view.status]?.zh ?? '',
          ...(view.nextDeadline ? { dueDate: view.nextDeadline.dueDate } : {}),
        }),
      );
      return 'status';
    }
    case 'claim': {
      // Nothing of the claim is saved in the conversation: the thread stays as it was.
      const thread = state.lastCaseNumber ?? state.openCaseNumber ?? state.awaitingTownshipFor;
      const target = await verified(deps, decision, thread);
      if (!target) {
        await reply(replyClaimBadCredentials());
        return 'bad_credentials';
      }
      const answer = await claimBySms(deps, target, decision.payee);
      await reply(answer.text);
      return answer.outcome;
    }
    case 'optout':
      await save((s) => ({ ...s, optedOut: true }));
      if (decision.reply.kind === 'text') await reply(decision.reply.text);
      return 'optout';
    case 'optin':
      await save((s) => ({ ...s, optedOut: false }));
      if (decision.reply.kind === 'text') await reply(decision.reply.text);
      return 'optin';
    case 'ignored_opted_out':
      return 'ignored_opted_out';
    default:
      // help, rate_limited: nothing stored, just the answer.
      if (decision.reply.kind === 'text') await reply(decision.reply.text);
      return decision.action;
  }
}

/**
 * Applies `change` to the conversation as stored and writes it if nobody wrote it since it was
 * read; else reads it again and reapplies `change` (a few times, then ConflictError: SNS retries).
 * `change` must be a function of the stored state, as it may run on a newer one.
 */
async function updateConversation(
  deps: SmsInboundDeps,
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
const ownCase = (state: ConversationState) => state.openCaseNumber ?? state.awaitingTownshipFor;

/**
 * The case a status/add/claim request may touch, or null: `thread` — this number's own case
 * (`own`: the open one; for a claim the last one it opened); `key` — the case number and key
 * check out (throttled per case); `sender` — not allowed for now (the case would have to record
 * its sender's hash), unless it is the number's own thread.
 */
async function verified(
  deps: SmsInboundDeps,
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

/**
 * A text that carries payee details and was going onto a case (or, from a number with no open
 * case, into a new report), as the claim it is — when the case it concerns (the one named in it,
 * else where it was going, else the thread's last case) has a notified reward. Else null, and the
 * text goes where it was going with the numbers redacted.
 */
async function impliedClaimOf(
  deps: SmsInboundDeps,
  decision: ConversationDecision,
  state: ConversationState,
) {
  if (
    decision.action !== 'append_to_case' &&
    decision.action !== 'answer_township' &&
    decision.action !== 'open_report'
  )
    return null;
  const claim = impliedClaim(
    decision.text,
    decision.action === 'open_report'
      ? {}
      : {
          caseNumber: decision.caseNumber,
          ...('accessKey' in decision && decision.accessKey ? { accessKey: decision.accessKey } : {}),
        },
  );
  const caseNumber = claim && (claim.caseNumber ?? state.lastCaseNumber);
  if (!claim || !caseNumber || !normalizeCaseNumber(caseNumber)) return null;
  const reward = await deps.rewards.get(caseNumber);
  return reward?.status === 'notified' ? claim : null;
}

/** What became of a claim by SMS, and the reply (never a payee detail). */
async function claimBySms(
  deps: SmsInboundDeps,
  target: CaseRecord,
  payee: PayeeDetails,
): Promise<{ outcome: SmsInboundOutcome; text: string }> {
  const caseNumber = target.caseNumber;
  const reward = await deps.rewards.get(caseNumber);
  const windowEnded = (endsAt: string | undefined) => ({
    outcome: 'claim_refused' as const,
    text: replyClaimWindowEnded({ caseNumber, ...(endsAt ? { lastDay: lastDayOf(endsAt) } : {}) }),
  });
  switch (reward?.status) {
    case 'claimed':
    case 'paid':
      // A second claim text (or a retry after a failed reply): nothing is written twice.
      return { outcome: 'claim_repeated', text: replyClaimRepeated(caseNumber) };
    case 'expired':
      return windowEnded(reward.claimWindowEndsAt);
    case 'notified':
      break;
    default:
      return { outcome: 'claim_refused', text: replyClaimNothing(caseNumber) };
  }
  try {
    const claimed = await claimReward(deps, target, payee, { channel: 'sms' });
    return {
      outcome: 'claim',
      text: replyClaimed({
        caseNumber,
        ...(claimed.amountYuan !== undefined ? { amountYuan: claimed.amountYuan } : {}),
      }),
    };
  } catch (err) {
    if (err instanceof RefusedError && err.code === 'too_late') return windowEnded(reward.claimWindowEndsAt);
    // Lapsed or refused meanwhile, or no longer there.
    if (err instanceof RefusedError || err instanceof NotFoundError)
      return { outcome: 'claim_refused', text: replyClaimNothing(caseNumber) };
    throw err;
  }
}

const CASE_NUMBER_IN_TEXT = /(\d{8})\s*[-－—]?\s*(\d{6})/g;

/**
 * The text as it may be stored: the access key of any known case redacted (the cases given plus
 * any case number the text itself names, at most three cases, each candidate verified against the
 * case's hash), then the numbers payee details are made of (`redactPayeeNumbers`).
 */
async function redactKnownKeys(deps: SmsInboundDeps, text: string, caseNumbers: string[]): Promise<string> {
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

function clip(text: string, max: number): string {
  const clean = cleanSmsText(text);
  if (clean.length <= max) return clean;
  let out = '';
  for (const ch of clean) {
    if (out.length + ch.length > max) break;
    out += ch;
  }
  return out;
}
