/**
 * The replies to a reward claimed by SMS (领奖 …). No reply ever repeats a payee detail, not even
 * the name: the text may be read by whoever holds the phone.
 */
import type { PayeeField, PayeeIssue } from '../payee.ts';
import { bounded, clip, showCaseNumber } from './replies.ts';

const CLAIM_FORMAT = '领奖 姓名 身份证号 开户行 账号，用空格或逗号隔开';

/** The claim went through: the amount, and where the details went. */
export function replyClaimed(input: { caseNumber: string; amountYuan?: number }): string {
  const amount =
    typeof input.amountYuan === 'number' && Number.isSafeInteger(input.amountYuan) && input.amountYuan >= 0
      ? `${input.amountYuan}元`
      : '';
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}奖励${amount}已申领。您的收款信息已加密保存，仅用于支付奖励。请删除您发出的领奖短信。`,
  );
}

/** A claim of a reward that was claimed (or paid) already: nothing was written. */
export function replyClaimRepeated(caseNumber: string): string {
  return bounded(
    `案件${showCaseNumber(caseNumber)}的奖励已申领，无需重复发送。您的收款信息已加密保存，仅用于支付奖励。`,
  );
}

/** No award to claim on the case (none yet, not eligible, refused). */
export function replyClaimNothing(caseNumber: string): string {
  return bounded(`案件${showCaseNumber(caseNumber)}目前没有可申领的奖励。如获奖励，将另行短信通知。`);
}

/** The claim window ended (`lastDay` YYYY-MM-DD, the last day one could claim). */
export function replyClaimWindowEnded(input: { caseNumber: string; lastDay?: string }): string {
  const day = clip(input.lastDay ?? '', 10);
  return bounded(
    `案件${showCaseNumber(input.caseNumber)}的奖励申领期限${day ? `已于${day}` : '已'}结束。如有正当理由，可向受理机关申请延期。`,
  );
}

const FIELD_PROBLEMS: Record<PayeeField, { missing: string; invalid: string }> = {
  name: { missing: '缺少姓名', invalid: '姓名应为2-50字' },
  idNumber: { missing: '缺少身份证号码', invalid: '身份证号码有误' },
  bankName: { missing: '缺少开户银行', invalid: '开户银行应为2-60字' },
  bankAccount: { missing: '缺少银行账号', invalid: '银行账号应为10-30位数字' },
};

/** Which fields of a claim are missing or wrong, and the format to send again. */
export function replyClaimInvalid(issues: readonly PayeeIssue[]): string {
  const known = issues.filter((i) => FIELD_PROBLEMS[i.field]?.[i.problem]);
  if (known.length === 0 || known.length === 4) return replyClaimUsage();
  const list = known.map((i) => FIELD_PROBLEMS[i.field][i.problem]).join('、');
  return bounded(`领奖信息有误：${list}。请重发：${CLAIM_FORMAT}。`);
}

/** The claim format (the keyword alone, or nothing readable after it). */
export function replyClaimUsage(): string {
  return `领奖请发：${CLAIM_FORMAT}。用其他手机领奖，请在“领奖”后先写案件编号和查询密码。`;
}

/** A claim from a number with no case of its own, naming none. */
export function replyClaimNoCase(): string {
  return '请写明案件：领奖 案件编号 查询密码 姓名 身份证号 开户行 账号，用空格或逗号隔开。';
}

export function replyClaimBadCredentials(): string {
  return '案件编号或查询密码不正确。领奖请发：领奖 案件编号 查询密码 姓名 身份证号 开户行 账号。';
}
