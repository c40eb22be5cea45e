/**
 * The SMS channel's inbound handler: one SNS `Message` (the End User Messaging two-way SMS JSON)
 * in, at most one effect and one reply out. The same handler serves the inbound Lambda, the
 * gateway webhook and `POST /local/sms/inbound`. Read it top to bottom:
 *
 * 1. Parse the payload; one that does not parse is dropped (logged by its error code only).
 * 2. Mark the inbound id (conditional write): a redelivery stops here. If handling fails midway
 *    the marker is removed and the error rethrown, so the retry is handled again; every write
 *    below carries the inbound id (or the number's opening key) as its idempotency key, so that
 *    retry cannot file a second case or append twice.
 * 3. Hash the number (HMAC) to find the conversation; the number is kept in memory only for the
 *    reply and, for a new report, sealed with the case. Neither number nor body is ever logged.
 * 4. Decide (pure, shared/domain/sms/conversation.ts) and carry out the one action decided.
 *
 * Opening a report is one transaction (intake.ts `fileReport` with an `SmsOpening`): the case,
 * its received event, the opening text as the first reporter message with its sent time, the
 * sender's number sealed (purpose `sms_contact`) and the idempotency record. The receipt is built
 * from what was written. Routing happens once, after commit, in the cases table's stream consumer,
 * exactly as for a web report that gives only an address. The receipt still runs the place matcher
 * once, read-only, because it must either say where the report goes or ask for the township; the
 * matcher is pure and sees the same index and the same address the stream consumer will route by,
 * so the receipt and the routing agree ("已转…办理" is true seconds later).
 *
 * Out of order and at once: the conversation item is written only if unchanged since it was read
 * (else read again and reapply), and a new case is filed under the idempotency key
 * `sms-open:<number hash>:<cases opened>`, so two texts from a number with no open case, handled
 * in any order or concurrently, open one case: the second finds the key taken and joins that case
 * as a follow-up. Every text on a case is a reporter message with its sent time, so the timeline
 * shows them in the order they were sent (shared/domain/timeline.ts).
 *
 * A reward claim is never stored in clear (sms-claims.ts); every other text is stored with any
 * known access key and payee numbers redacted (sms-conversation.ts `redactKnownKeys`).
 */

import { sha256 } from '../crypto/digest.ts';
import type { PhoneHasher } from '../crypto/phone-hash.ts';
import { STATUS_LABELS } from '../domain/case.ts';
import { locate } from '../domain/place-matcher.ts';
import { shanghaiDate } from '../domain/shanghai-time.ts';
import { replyClaimBadCredentials } from '../domain/sms/claim-replies.ts';
import { parseCommand } from '../domain/sms/commands.ts';
import { type ConversationDecision, decideConversation } from '../domain/sms/conversation.ts';
import { type InboundSms, parseInboundSns, sentTimeOf } from '../domain/sms/inbound.ts';
import { parseSmsAnswer, smsQuestionFor } from '../domain/sms/question.ts';
import {
  receiptQuestionRoom,
  replyAdded,
  replyBadCredentials,
  replyReportReceived,
  replyStatus,
} from '../domain/sms/replies.ts';
import { smsTextDetail } from '../domain/timeline.ts';
import { IdempotencyMismatchError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { questionnaire } from '../questionnaire.ts';
import type { RewardRepository } from '../repositories/reward-repository.ts';
import { DuplicateInboundError, type SmsRepository } from '../repositories/sms-repository.ts';
import type { SmsSender } from '../sms-sender.ts';
import { viewOf } from './follow-up.ts';
import { fileReport, type IntakeDeps } from './intake.ts';
import { placeIndexOf } from './routing.ts';
import { answerQuestion, answerTownship, appendText, refuse, type Turn } from './sms-answers.ts';
import { claimBySms, impliedClaimOf } from './sms-claims.ts';
import {
  clipText,
  loadConversation,
  MAX_TEXT,
  ownCase,
  redactKnownKeys,
  updateConversation,
  verified,
} from './sms-conversation.ts';

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

/** What the transport knows about a text besides its JSON. */
export interface InboundMeta {
  /**
   * When the text reached the gateway (ISO 8601): the SNS record's `Timestamp`, a webhook's
   * signed time. Orders the texts of a case; absent or implausible → the time it is handled.
   */
  sentAt?: string;
}

/** The intake schema's minimum description length (functions/http/schemas.ts). */
const MIN_DESCRIPTION = 10;
const MAX_ADDRESS = 300;
const SMS_PREFIX = '短信举报：';
/** What a text opens: the category the follow-up question then asks about. */
const SMS_CATEGORY = 'general_hazard';
const COMPONENT = 'sms-inbound';

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
  const { stored, state } = await loadConversation(deps, numberHash);
  const index = await placeIndexOf(deps.directory, deps.regionCode);
  const turn: Turn = {
    deps,
    sms,
    now,
    sentAt,
    numberHash,
    stored,
    reply: (text) => deps.smsSender.send(sms.originationNumber, text),
    save: (change) => updateConversation(deps, numberHash, stored, change, now.toISOString()),
    record: (on, text) => appendText(deps, on, text, { inboundMessageId: sms.inboundMessageId, sentAt }),
    townshipOf: (text) => {
      const found = locate(index, text);
      return found.reason === 'unique' ? found.township : null;
    },
  };
  const options = {
    townshipOf: turn.townshipOf,
    answerOf: (questionId: string, text: string) =>
      parseSmsAnswer(questionnaire, SMS_CATEGORY, text, questionId),
    ...(deps.dailyReportCap !== undefined ? { dailyReportCap: deps.dailyReportCap } : {}),
  };
  let decision = decideConversation(state, parseCommand(sms.messageBody), now, options);
  // Payee details without the keyword, for a case with an award waiting: a claim, never a text.
  const implied = await impliedClaimOf(deps, decision, state);
  if (implied) decision = decideConversation(state, implied, now, options);

  switch (decision.action) {
    case 'open_report':
      return openReport(turn, decision.text);
    case 'append_to_case': {
      const target = await verified(deps, decision, ownCase(state));
      if (!target) return refuse(turn, replyBadCredentials());
      await turn.record(target, await redactKnownKeys(deps, decision.text, [target.caseNumber]));
      await turn.reply(decision.reply.kind === 'text' ? decision.reply.text : replyAdded(target.caseNumber));
      return 'append_to_case';
    }
    case 'answer_township':
      return answerTownship(turn, decision);
    case 'answer_question':
      return answerQuestion(turn, decision);
    case 'status': {
      const target = await verified(deps, decision, ownCase(state));
      if (!target) return refuse(turn, replyBadCredentials());
      const view = await viewOf(deps, target);
      await turn.reply(
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
      if (!target) return refuse(turn, replyClaimBadCredentials());
      const answer = await claimBySms(deps, target, decision.payee);
      await turn.reply(answer.text);
      return answer.outcome;
    }
    case 'optout':
    case 'optin': {
      const optedOut = decision.action === 'optout';
      await turn.save((s) => ({ ...s, optedOut }));
      if (decision.reply.kind === 'text') await turn.reply(decision.reply.text);
      return decision.action;
    }
    case 'ignored_opted_out':
      return 'ignored_opted_out';
    default:
      // help, rate_limited: nothing stored, just the answer.
      if (decision.reply.kind === 'text') await turn.reply(decision.reply.text);
      return decision.action;
  }
}

/**
 * A text from a number with no open case: one transaction files the report with its sealed
 * contact and the text itself; the receipt comes from what was written, and the conversation then
 * remembers the case (and the question the receipt asked).
 */
async function openReport(turn: Turn, body: string): Promise<SmsInboundOutcome> {
  const { deps, sms, stored } = turn;
  const text = await redactKnownKeys(deps, body, []);
  const address = clipText(text, MAX_ADDRESS);
  const described = text.length >= MIN_DESCRIPTION ? text : `${SMS_PREFIX}${text}`;
  // Keyed by the number and how many cases it has opened, not by this text: a second text
  // handled before this one is saved (out of order, or at the same time) finds the key taken.
  const openKey = `sms-open:${turn.numberHash}:${stored?.casesOpened ?? 0}`;
  let opened: Awaited<ReturnType<typeof fileReport>>;
  try {
    opened = await fileReport(
      deps,
      {
        category: SMS_CATEGORY,
        description: clipText(described.padEnd(MIN_DESCRIPTION, '。'), MAX_TEXT),
        location: { address },
        ...(sms.mainlandMobile ? { reporter: { phone: sms.mainlandMobile } } : {}),
      },
      {
        channel: 'sms',
        idempotencyKey: openKey,
        sms: {
          number: sms.originationNumber,
          text: clipText(text, MAX_TEXT),
          detail: smsTextDetail(turn.sentAt),
          inboundMessageId: sms.inboundMessageId,
        },
      },
    );
  } catch (err) {
    if (!(err instanceof IdempotencyMismatchError)) throw err;
    // Another text from this number opened the case meanwhile: this one follows it up.
    const first = await deps.cases.getIdempotency(sha256(`idem:${openKey}`));
    const current = first && (await deps.cases.get(first.caseNumber));
    if (!current) throw err;
    await turn.record(current.record, text);
    await turn.reply(replyAdded(current.record.caseNumber));
    return 'append_to_case';
  }
  const { caseNumber, accessKey } = opened;
  const township = turn.townshipOf(address);
  const receipt = { caseNumber, accessKey, ...(township ? { townshipName: township.name } : {}) };
  const question = smsQuestionFor(questionnaire, SMS_CATEGORY, receiptQuestionRoom(receipt));
  const today = shanghaiDate(turn.now);
  await turn.save((s) =>
    // Already saved (a retry of this text): counted once.
    s.openCaseNumber === caseNumber
      ? s
      : {
          ...s,
          optedOut: false,
          openCaseNumber: caseNumber,
          awaitingTownshipFor: township ? undefined : caseNumber,
          pendingQuestion: question ? { caseNumber, questionId: question.questionId } : undefined,
          reportsToday: (s.reportsDay === today ? s.reportsToday : 0) + 1,
          reportsDay: today,
          casesOpened: Math.max(s.casesOpened, (stored?.casesOpened ?? 0) + 1),
        },
  );
  await turn.reply(replyReportReceived({ ...receipt, ...(question ? { question: question.text } : {}) }));
  return 'open_report';
}
