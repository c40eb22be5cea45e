/**
 * What a text writes on its case, for the inbound SMS script (sms-inbound.ts), which decides:
 * every text goes on the timeline as a reporter message with its sent time (`appendText`, once per
 * inbound id); the answer to the township question routes the case (once); the answer to the
 * follow-up question is stored as the case's questionnaire answer, checked like the web form's
 * answers, in the same write as the text.
 */

import { sha256 } from '../crypto/digest.ts';
import type { CaseRecord } from '../domain/case.ts';
import type { PlaceRef } from '../domain/place-matcher.ts';
import { filterAttributesOf } from '../domain/questionnaire.ts';
import type { ConversationDecision } from '../domain/sms/conversation.ts';
import type { InboundSms } from '../domain/sms/inbound.ts';
import { replyAdded, replyBadCredentials, replyRouted } from '../domain/sms/replies.ts';
import { smsTextDetail } from '../domain/timeline.ts';
import { checkAnswers, questionnaire } from '../questionnaire.ts';
import type { StoredConversation } from '../repositories/sms-repository.ts';
import { routeByText } from './routing.ts';
import { clipText, MAX_TEXT, redactKnownKeys } from './sms-conversation.ts';
import type { SmsInboundDeps, SmsInboundOutcome } from './sms-inbound.ts';

/** One text being handled: who sent it, what the conversation was, and how to answer. */
export interface Turn {
  deps: SmsInboundDeps;
  sms: InboundSms;
  now: Date;
  sentAt: string;
  numberHash: string;
  stored: StoredConversation | null;
  reply: (text: string) => Promise<void>;
  /** Writes a change of the conversation (versioned; `change` may run on a newer state). */
  save: (change: (s: StoredConversation) => StoredConversation) => Promise<void>;
  /** Puts this text on a case's timeline (once per inbound id), with its sent time. */
  record: (on: CaseRecord, text: string) => Promise<boolean>;
  /** The one township a text names, by the place matcher; null when not exactly one. */
  townshipOf: (text: string) => PlaceRef | null;
}

/** Answers that the request is refused (no such case, or not this number's). */
export async function refuse(turn: Turn, text: string): Promise<SmsInboundOutcome> {
  await turn.reply(text);
  return 'bad_credentials';
}

/** The reporter named the township the receipt asked for: route by it (once), else triage decides. */
export async function answerTownship(
  turn: Turn,
  decision: Extract<ConversationDecision, { action: 'answer_township' }>,
): Promise<SmsInboundOutcome> {
  const { deps } = turn;
  const current = await deps.cases.get(decision.caseNumber);
  if (!current) {
    await turn.save((s) => ({
      ...s,
      awaitingTownshipFor: s.awaitingTownshipFor === decision.caseNumber ? undefined : s.awaitingTownshipFor,
      openCaseNumber: s.openCaseNumber === decision.caseNumber ? undefined : s.openCaseNumber,
    }));
    return refuse(turn, replyBadCredentials());
  }
  await turn.record(current.record, await redactKnownKeys(deps, decision.text, [decision.caseNumber]));
  const routed = await routeByText(
    deps,
    decision.caseNumber,
    decision.township.name,
    `route:${decision.caseNumber}:sms-township`,
  );
  await turn.save((s) =>
    s.awaitingTownshipFor === decision.caseNumber
      ? { ...s, awaitingTownshipFor: undefined, openCaseNumber: decision.caseNumber }
      : s,
  );
  await turn.reply(
    routed.outcome === 'routed'
      ? replyRouted({ caseNumber: decision.caseNumber, townshipName: decision.township.name })
      : replyAdded(decision.caseNumber),
  );
  return 'answer_township';
}

/**
 * The reporter answered the receipt's question: the answer is stored on the case as its
 * questionnaire answer (checked like the web form's answers), with the text on the timeline, in
 * one write. An answer the case's category does not take (staff changed the category meanwhile)
 * is kept as an ordinary text.
 */
export async function answerQuestion(
  turn: Turn,
  decision: Extract<ConversationDecision, { action: 'answer_question' }>,
): Promise<SmsInboundOutcome> {
  const { deps } = turn;
  const current = await deps.cases.get(decision.caseNumber);
  if (!current) return refuse(turn, replyBadCredentials());
  const stored = await recordAnswer(turn, current.record, decision);
  if (!stored) await turn.record(current.record, decision.text);
  await turn.save((s) =>
    s.pendingQuestion?.caseNumber === decision.caseNumber ? { ...s, pendingQuestion: undefined } : s,
  );
  await turn.reply(
    stored && decision.reply.kind === 'text' ? decision.reply.text : replyAdded(decision.caseNumber),
  );
  return stored ? 'answer_question' : 'append_to_case';
}

/** Attributes written with a text, from the case as it stands then; null: write nothing. */
type AlsoSet = (record: CaseRecord) => Record<string, unknown> | null;

/**
 * Puts a text on a case's timeline as a reporter message with its sent time, once per inbound id
 * (a redelivery finds its marker and writes nothing), through the case write path, which decides
 * again when the case moved on meanwhile. With `also`, attributes are set in the same write and the
 * case's version moves on (staff editing it see a change); false when `also` declined.
 */
export async function appendText(
  deps: SmsInboundDeps,
  start: CaseRecord,
  text: string,
  sms: { inboundMessageId: string; sentAt: string },
  also?: AlsoSet,
): Promise<boolean> {
  // The key the follow-up service has always used for SMS texts, so texts from before still dedupe.
  const dedupeKey = sha256(`msg:sms:${sms.inboundMessageId}`);
  const { result } = await deps.cases.change(
    start.caseNumber,
    ({ record }) => {
      const set = also?.(record);
      if (also && !set) return { ok: true, events: [], result: false };
      return {
        ok: true,
        events: [
          {
            type: 'reporter_message',
            actor: { kind: 'reporter' },
            reporterVisible: true,
            text: clipText(text, MAX_TEXT),
            detail: smsTextDetail(sms.sentAt),
          },
        ],
        ...(set ? { next: { ...record, ...set } as CaseRecord, bumpVersion: true } : {}),
        result: true,
      };
    },
    { now: deps.now, dedupeKey, attempts: 5 },
  );
  return result;
}

/** Appends the answer's text and sets the case's answers in one write; false when not valid. */
function recordAnswer(
  turn: Turn,
  start: CaseRecord,
  decision: Extract<ConversationDecision, { action: 'answer_question' }>,
): Promise<boolean> {
  const text = { inboundMessageId: turn.sms.inboundMessageId, sentAt: turn.sentAt };
  return appendText(turn.deps, start, decision.text, text, (record) => {
    const checked = checkAnswers(record.category, {
      ...record.answers,
      [decision.answer.questionId]: decision.answer.value,
    });
    return checked.ok
      ? {
          answers: checked.answers,
          questionnaireVersion: questionnaire.version,
          ...filterAttributesOf(checked.answers),
        }
      : null;
  });
}
