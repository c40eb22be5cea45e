/**
 * Rewards claimed by SMS: a 领奖 text, or a text that carries payee details for a case with an
 * award waiting (never stored as a text). The claim is sealed by the same `claimReward` as the web
 * claim (purpose `reward_claim`) and answered with the amount; no reply repeats a payee detail.
 */
import { type CaseRecord, normalizeCaseNumber } from '../domain/case.ts';
import type { PayeeDetails } from '../domain/payee.ts';
import { lastDayOf } from '../domain/reward-record.ts';
import {
  replyClaimed,
  replyClaimNothing,
  replyClaimRepeated,
  replyClaimWindowEnded,
} from '../domain/sms/claim-replies.ts';
import { impliedClaim } from '../domain/sms/commands.ts';
import type { ConversationDecision, ConversationState } from '../domain/sms/conversation.ts';
import { NotFoundError, RefusedError } from '../errors.ts';
import { claimReward } from './rewards.ts';
import type { SmsInboundDeps, SmsInboundOutcome } from './sms-inbound.ts';

/**
 * A text that carries payee details and was going onto a case (or, from a number with no open
 * case, into a new report), as the claim it is — when the case it concerns (the one named in it,
 * else where it was going, else the thread's last case) has a notified reward. Else null, and the
 * text goes where it was going with the numbers redacted.
 */
export async function impliedClaimOf(
  deps: SmsInboundDeps,
  decision: ConversationDecision,
  state: ConversationState,
) {
  if (
    decision.action !== 'append_to_case' &&
    decision.action !== 'answer_township' &&
    decision.action !== 'answer_question' &&
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
export async function claimBySms(
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
