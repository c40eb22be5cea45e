/**
 * The conversation decision (`decideConversation`): what to do with a parsed text from a number,
 * given what the number's conversation item says. Pure: time and the place lookup come in as
 * arguments. In order:
 * 1. An opted-out number: START/订阅 opts back in; anything else is ignored — not stored, not
 *    answered (the opt-out reply says how to come back).
 * 2. 退订/STOP → optout (one confirmation); START → optin; 帮助 → help.
 * 3. Status: of the case named, else of the open case. Verified by the thread when it is the open
 *    case, else by the key when one is given, else by the sender (the caller checks the case's
 *    sender hash). Nothing to query → the usage reply.
 * 4. Add with a case number → append to that case (verified as for status); an empty add → help.
 *    Add without a case number is treated as the text it carries (rule 5).
 * 5. Claim: of the case named, else of the thread's last case (`lastCaseNumber`, even when that
 *    case is finished: an award comes after the conclusion). Verified like status. Nothing after
 *    the keyword → the format; no case → how to name one; a field missing or wrong → which one.
 * 6. Text: nothing readable (no letter or digit) → the "not understood" reply. Awaiting a township:
 *    text naming exactly one township → answer_township; other text is appended and the question
 *    asked again. The receipt's follow-up question pending on the open case and the text is an
 *    answer to it (a bare option number, an option's words) → answer_question; any other text
 *    leaves it pending. An open case → append_to_case. Otherwise a new report, unless the number has
 *    already opened `dailyReportCap` reports this Shanghai day → rate_limited.
 * Which conversation is open, and when it ends (case closed, idle), is the caller's state.
 *
 * Payee details are never stored from a text (see `redactPayeeNumbers`, `impliedClaim`): a claim is
 * consumed and sealed by the caller; any other text is stored without valid resident ID numbers,
 * numbers of 16+ digits, and — when it holds a valid ID number — every number of 10+ digits.
 */

import type { PayeeDetails, PayeeResult } from '../payee.ts';
import type { PlaceRef } from '../place-matcher.ts';
import { shanghaiDate } from '../shanghai-time.ts';
import { replyClaimInvalid, replyClaimNoCase, replyClaimUsage } from './claim-replies.ts';
import type { SmsCommand } from './commands.ts';
import type { SmsAnswer } from './question.ts';
import {
  replyAdded,
  replyAnswerRecorded,
  replyAskTownship,
  replyBadCredentials,
  replyHelp,
  replyOptedIn,
  replyOptedOut,
  replyRateLimited,
  replyRouted,
  replyUnknown,
} from './replies.ts';

export interface ConversationState {
  /** The case this number's texts are appended to. */
  openCaseNumber?: string;
  /** The case whose township this number was asked for. */
  awaitingTownshipFor?: string;
  /** The follow-up question the receipt of `caseNumber` asked, until it is answered. */
  pendingQuestion?: { caseNumber: string; questionId: string };
  /**
   * The last case this number opened, even when it is finished (closed, transferred …) and texts
   * no longer go to it: a reward is claimed after the conclusion, from the thread.
   */
  lastCaseNumber?: string;
  optedOut: boolean;
  /** New reports opened by this number on `reportsDay`. */
  reportsToday: number;
  /** Shanghai date (YYYY-MM-DD) `reportsToday` counts; another day counts as zero. */
  reportsDay?: string;
}

export interface DecideOptions {
  /** New reports a number may open per Shanghai day (default 5). */
  dailyReportCap?: number;
  /** The one township a text names (the place matcher's unique answer), else null. */
  townshipOf?: (text: string) => PlaceRef | null;
  /** The text as an answer to the pending follow-up question (sms/question.ts), else null. */
  answerOf?: (questionId: string, text: string) => SmsAnswer | null;
}

export const DEFAULT_DAILY_REPORT_CAP = 5;

/**
 * What to send back. `text` is final (the caller may still answer `replyBadCredentials()` when a
 * verification fails); `report_received` is rendered by the caller with `replyReportReceived`
 * once the case number and key exist; `status` after verification with `replyStatus` or
 * `replyBadCredentials`; `none` sends nothing.
 */
export type ReplyPlan =
  | { kind: 'text'; text: string }
  | { kind: 'report_received' }
  | { kind: 'status' }
  /** After the claim: `replyClaimed`, `replyClaimRepeated`, `replyClaimNothing`, … */
  | { kind: 'claim' }
  | { kind: 'none' };

/**
 * How the caller must check a request for a case: `thread` (the case is this number's open
 * conversation: nothing more), `key` (verify `accessKey` against the case's hash, rate-limited
 * per case), `sender` (the case's sender hash must be this number's).
 */
export type Verification = 'thread' | 'key' | 'sender';

export type ConversationAction =
  | 'open_report'
  | 'append_to_case'
  | 'answer_township'
  | 'answer_question'
  | 'status'
  | 'claim'
  | 'claim_help'
  | 'help'
  | 'optout'
  | 'optin'
  | 'rate_limited'
  | 'ignored_opted_out';

export type ConversationDecision =
  | { action: 'open_report'; text: string; reply: ReplyPlan }
  | {
      action: 'append_to_case';
      caseNumber: string;
      text: string;
      verify: Verification;
      accessKey?: string;
      reply: ReplyPlan;
    }
  | { action: 'answer_township'; caseNumber: string; township: PlaceRef; text: string; reply: ReplyPlan }
  /** The reporter answered the receipt's follow-up question (on their open case). */
  | { action: 'answer_question'; caseNumber: string; answer: SmsAnswer; text: string; reply: ReplyPlan }
  | { action: 'status'; caseNumber: string; verify: Verification; accessKey?: string; reply: ReplyPlan }
  | {
      action: 'claim';
      caseNumber: string;
      verify: Verification;
      accessKey?: string;
      /** Personal data: to be sealed by `claimReward`, never stored or logged. */
      payee: PayeeDetails;
      reply: ReplyPlan;
    }
  | { action: 'claim_help'; reason: 'usage' | 'no_case' | 'invalid_payee'; reply: ReplyPlan }
  | { action: 'help'; reason: 'help' | 'unreadable' | 'incomplete_status' | 'empty_add'; reply: ReplyPlan }
  | { action: 'optout'; reply: ReplyPlan }
  | { action: 'optin'; reply: ReplyPlan }
  | { action: 'rate_limited'; reply: ReplyPlan }
  | { action: 'ignored_opted_out'; reply: ReplyPlan };

const say = (text: string): ReplyPlan => ({ kind: 'text', text });
const READABLE = /[\p{L}\p{N}]/u;

function capOf(options: DecideOptions): number {
  const cap = options.dailyReportCap;
  return typeof cap === 'number' && Number.isFinite(cap)
    ? Math.max(0, Math.floor(cap))
    : DEFAULT_DAILY_REPORT_CAP;
}

function reportsTodayOf(state: ConversationState, now: Date): number {
  const count = Number.isFinite(state.reportsToday) ? Math.max(0, state.reportsToday) : 0;
  const today = shanghaiDayOf(now);
  if (today && state.reportsDay && state.reportsDay !== today) return 0;
  return count;
}

/** The Shanghai date of `now`, or null for an invalid date or one at the edge of the range. */
function shanghaiDayOf(now: Date): string | null {
  try {
    return now instanceof Date ? shanghaiDate(now) : null;
  } catch {
    return null;
  }
}

function verification(
  caseNumber: string,
  openCase: string | undefined,
  accessKey: string | undefined,
): Verification {
  if (caseNumber === openCase) return 'thread';
  return accessKey ? 'key' : 'sender';
}

/** A lookup's answer, or null when it throws: a broken lookup must not lose the text. */
function attempt<T>(lookup: () => T | null): T | null {
  try {
    return lookup();
  } catch {
    return null;
  }
}

function decideText(
  state: ConversationState,
  text: string,
  now: Date,
  options: DecideOptions,
): ConversationDecision {
  if (!READABLE.test(text)) return { action: 'help', reason: 'unreadable', reply: say(replyUnknown()) };
  const awaiting = state.awaitingTownshipFor;
  if (awaiting) {
    const township = attempt(() => options.townshipOf?.(text) ?? null);
    if (township)
      return {
        action: 'answer_township',
        caseNumber: awaiting,
        township,
        text,
        reply: say(replyRouted({ caseNumber: awaiting, townshipName: township.name })),
      };
    return {
      action: 'append_to_case',
      caseNumber: awaiting,
      text,
      verify: 'thread',
      reply: say(replyAskTownship()),
    };
  }
  const asked = state.pendingQuestion;
  if (asked && asked.caseNumber === state.openCaseNumber) {
    const answer = attempt(() => options.answerOf?.(asked.questionId, text) ?? null);
    if (answer)
      return {
        action: 'answer_question',
        caseNumber: asked.caseNumber,
        answer,
        text,
        reply: say(replyAnswerRecorded({ caseNumber: asked.caseNumber, label: answer.label })),
      };
  }
  if (state.openCaseNumber)
    return {
      action: 'append_to_case',
      caseNumber: state.openCaseNumber,
      text,
      verify: 'thread',
      reply: say(replyAdded(state.openCaseNumber)),
    };
  if (reportsTodayOf(state, now) >= capOf(options))
    return { action: 'rate_limited', reply: say(replyRateLimited()) };
  return { action: 'open_report', text, reply: { kind: 'report_received' } };
}

/** What to do with a parsed text from a number in `state` (rules in the module header). */
export function decideConversation(
  state: ConversationState,
  command: SmsCommand,
  now: Date,
  options: DecideOptions = {},
): ConversationDecision {
  if (state.optedOut) {
    return command.kind === 'optin'
      ? { action: 'optin', reply: say(replyOptedIn()) }
      : { action: 'ignored_opted_out', reply: { kind: 'none' } };
  }
  const openCase = state.openCaseNumber ?? state.awaitingTownshipFor;
  switch (command.kind) {
    case 'optout':
      return { action: 'optout', reply: say(replyOptedOut()) };
    case 'optin':
      return { action: 'optin', reply: say(replyOptedIn()) };
    case 'help':
      return { action: 'help', reason: 'help', reply: say(replyHelp()) };
    case 'status': {
      const caseNumber = command.caseNumber ?? openCase;
      if (!caseNumber)
        return { action: 'help', reason: 'incomplete_status', reply: say(replyBadCredentials()) };
      const verify = verification(caseNumber, openCase, command.accessKey);
      return {
        action: 'status',
        caseNumber,
        verify,
        ...(command.accessKey ? { accessKey: command.accessKey } : {}),
        reply: { kind: 'status' },
      };
    }
    case 'claim': {
      const thread = state.lastCaseNumber ?? openCase;
      const caseNumber = command.caseNumber ?? thread;
      const payee: PayeeResult | undefined = command.payee;
      const issues = payee && !payee.ok && Array.isArray(payee.issues) ? payee.issues : [];
      // Nothing after the keyword that reads as a field: the format.
      if (!payee || (!payee.ok && (issues.length === 0 || issues.length === 4)))
        return { action: 'claim_help', reason: 'usage', reply: say(replyClaimUsage()) };
      if (!caseNumber) return { action: 'claim_help', reason: 'no_case', reply: say(replyClaimNoCase()) };
      if (!payee.ok)
        return { action: 'claim_help', reason: 'invalid_payee', reply: say(replyClaimInvalid(issues)) };
      return {
        action: 'claim',
        caseNumber,
        verify: caseNumber === thread ? 'thread' : command.accessKey ? 'key' : 'sender',
        ...(command.accessKey ? { accessKey: command.accessKey } : {}),
        payee: payee.payee,
        reply: { kind: 'claim' },
      };
    }
    case 'add': {
      if (!READABLE.test(command.text))
        return { action: 'help', reason: 'empty_add', reply: say(replyHelp()) };
      if (command.caseNumber) {
        const verify = verification(command.caseNumber, openCase, command.accessKey);
        return {
          action: 'append_to_case',
          caseNumber: command.caseNumber,
          text: command.text,
          verify,
          ...(command.accessKey ? { accessKey: command.accessKey } : {}),
          reply: say(replyAdded(command.caseNumber)),
        };
      }
      return decideText(state, command.text, now, options);
    }
    default:
      // 'report' (and, defensively, anything unexpected: its text, if any, is treated as text).
      return decideText(state, 'text' in command ? String(command.text) : '', now, options);
  }
}
