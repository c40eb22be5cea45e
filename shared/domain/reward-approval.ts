/**
 * The finance approval of a reward: a manual amount within the rule set's range with a reason,
 * two different officers above the second-approval threshold, and the final approval as the award
 * notice that starts the claim window. Apart from the state machine (reward-workflow.ts), which
 * checks role, status and separation of duties before it comes here.
 */
import { checkReason, type RewardDecision, refuse } from './reward-decision.ts';
import { lastDayOf, type RewardRecord, type RewardRequest, windowEnd } from './reward-record.ts';

/** The approve action, once the machine has allowed it: the amount, the approvals, the notice. */
export function approve(
  base: RewardRecord,
  reward: RewardRecord,
  req: Extract<RewardRequest, { action: 'approve' }>,
  staffId: string,
  now: Date,
): RewardDecision {
  const at = now.toISOString();
  const answer = reward.answer;
  if (!answer) return refuse('not_allowed_in_state', 'no calculation to approve', '尚无可审批的计算结果');
  let amount = reward.amountYuan;
  let second = reward.secondApprovalRequired;
  let manualReason = reward.manualReason;
  const first = reward.approvals.length === 0;
  if (answer.determination === 'manual' && first) {
    const range = answer.range;
    if (req.amountYuan === undefined || !Number.isInteger(req.amountYuan))
      return refuse(
        'invalid',
        'set the amount in whole yuan (manual determination)',
        '请以整数元填写金额（须人工确定）',
        'amountYuan',
      );
    if (range && (req.amountYuan < range.minYuan || req.amountYuan > range.maxYuan))
      return refuse(
        'invalid',
        `the amount must be within ${range.minYuan}–${range.maxYuan} yuan`,
        `金额须在 ${range.minYuan}–${range.maxYuan} 元之间`,
        'amountYuan',
      );
    const bad = checkReason(req.reason);
    if (bad) return bad;
    amount = req.amountYuan;
    manualReason = req.reason?.trim();
    second = amount > Number(answer.parameters.secondApprovalAboveYuan ?? Number.POSITIVE_INFINITY);
  } else if (req.amountYuan !== undefined && req.amountYuan !== amount) {
    return refuse(
      'invalid',
      `the amount is ${amount} yuan; an approval cannot change it`,
      `金额为 ${amount} 元，审批不能更改`,
      'amountYuan',
    );
  }
  if (amount === undefined) return refuse('not_allowed_in_state', 'no amount to approve', '尚无可审批的金额');
  const approvals = [...reward.approvals, { staffId, at, amountYuan: amount }];
  const needed = second ? 2 : 1;
  const withAmount = {
    ...base,
    amountYuan: amount,
    secondApprovalRequired: second === true,
    approvals,
    ...(manualReason ? { manualReason } : {}),
  };
  if (approvals.length < needed) {
    return {
      ok: true,
      next: withAmount,
      event: {
        action: 'approve',
        reporterVisible: false,
        internalNote: `第一人审批：${amount} 元${manualReason ? `（${manualReason}）` : ''}，待另一名财务人员复核`,
        detail: { amountYuan: amount, approvals: approvals.length, needed },
      },
    };
  }
  const claimWindowDays = Number(answer.parameters.claimWindowDays ?? 60);
  const until = windowEnd(now, claimWindowDays);
  return {
    ok: true,
    next: { ...withAmount, status: 'notified', notifiedAt: at, claimWindowEndsAt: until },
    event: {
      action: 'approve',
      reporterVisible: true,
      text: `您的举报符合奖励条件，奖励金额 ${amount} 元。请于 ${lastDayOf(until)} 前凭案件编号和查询码申领。`,
      internalNote: `批准奖励 ${amount} 元${manualReason ? `（${manualReason}）` : ''}`,
      detail: { amountYuan: amount, approvals: approvals.length, needed, claimWindowEndsAt: until },
    },
  };
}
