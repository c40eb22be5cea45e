/**
 * The words of the case page: what each timeline event, deadline and recorded text is called in
 * Chinese (English under ?lang=en), who did it by name, and times in Asia/Shanghai with the date.
 * Staff read these all day, so never a code, an id or a field path.
 */
import type { Lang } from '#functions/web/i18n.ts';
import type { CaseEvent, EventType } from '#shared/domain/case.ts';
import type { CaseDue } from '#shared/domain/case-deadlines.ts';
import { ACTION_LABELS } from '#shared/domain/lifecycle-labels.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';

type Words = { zh: string; en: string };

/** Timeline events other than lifecycle transitions. */
export const EVENT_LABELS: Record<Exclude<EventType, 'transition' | 'reward'>, Words> = {
  received: { zh: '收到举报', en: 'Report received' },
  routed: { zh: '按地点自动交办乡镇', en: 'Routed to the township by its place' },
  triaged: { zh: '地点不能确定，转入待分派', en: 'Place not certain: sent to routing' },
  reporter_message: { zh: '举报人留言', en: 'Message from the reporter' },
  staff_message: { zh: '给举报人发消息', en: 'Message to the reporter' },
  internal_note: { zh: '内部备注', en: 'Internal note' },
  staff_viewed: { zh: '查看案件', en: 'Viewed the case' },
  identity_requested: { zh: '申请查看举报人身份', en: "Requested the reporter's identity" },
  identity_decided: { zh: '身份查看申请已审批', en: 'Identity request decided' },
  identity_viewed: { zh: '查看了举报人身份', en: "Viewed the reporter's identity" },
  identity_purged: {
    zh: '保存期满，举报人身份已删除',
    en: "Reporter's identity deleted at end of retention",
  },
  evidence_added: { zh: '添加了照片或文件', en: 'Photos or files added' },
  evidence_viewed: { zh: '查看了照片或文件', en: 'Viewed a photo or file' },
};

/** The lifecycle's transitions as they read in a timeline (past tense, not the button's verb). */
export const TRANSITION_LABELS: Record<string, Words> = {
  assign_township: { zh: '交办乡镇', en: 'Assigned to a township' },
  accept: { zh: '受理', en: 'Accepted' },
  reject: { zh: '不予受理', en: 'Not accepted' },
  transfer: { zh: '移交', en: 'Transferred' },
  start_verification: { zh: '开始核查', en: 'Verification started' },
  record_findings: { zh: '记录核查情况', en: 'Findings recorded' },
  substantiate: { zh: '认定属实', en: 'Substantiated' },
  unsubstantiate: { zh: '认定不属实', en: 'Not substantiated' },
  order_rectification: { zh: '责令整改', en: 'Rectification ordered' },
  confirm_rectification: { zh: '确认整改完成', en: 'Rectification confirmed' },
  close: { zh: '办结并反馈举报人', en: 'Closed with feedback' },
  request_extension: { zh: '申请延期', en: 'Extension requested' },
  approve_extension: { zh: '批准延期', en: 'Extension approved' },
  refuse_extension: { zh: '不批准延期', en: 'Extension refused' },
  mark_duplicate: { zh: '标记为重复举报', en: 'Marked as a duplicate' },
  list_for_supervision: { zh: '挂牌督办', en: 'Listed for supervision' },
  object: { zh: '举报人提出异议', en: 'The reporter objected' },
  review_objection: { zh: '复核异议', en: 'Objection reviewed' },
  request_recheck: { zh: '交村安全员复查', en: 'Re-check requested from the village coordinator' },
  record_recheck: { zh: '村安全员记录复查结果', en: 'Re-check recorded' },
  reject_rectification: { zh: '整改不合格，重新限期', en: 'Rectification rejected, new deadline' },
};

/** Steps of a reward (shared/domain/reward-workflow.ts) in the case timeline. */
export const REWARD_EVENT_LABELS: Record<string, Words> = {
  record_facts: { zh: '奖励：录入核定事实', en: 'Reward: facts recorded' },
  approve: { zh: '奖励：审批通过', en: 'Reward: approved' },
  refuse: { zh: '奖励：不予奖励', en: 'Reward: refused' },
  claim: { zh: '奖励：举报人申领', en: 'Reward: claimed by the reporter' },
  extend_claim: { zh: '奖励：延长申领期限', en: 'Reward: claim period extended' },
  lapse: { zh: '奖励：申领期限届满未申领', en: 'Reward: claim period lapsed' },
  request_release: { zh: '奖励：申请调取领奖人信息', en: 'Reward: payee details requested' },
  release: { zh: '奖励：领奖人信息已交财务', en: 'Reward: payee details released' },
  mark_paid: { zh: '奖励：已发放', en: 'Reward: paid' },
  export_payment: { zh: '奖励：导出付款信息', en: 'Reward: payment exported' },
};

/** The label of one timeline event. */
export function eventLabel(e: Pick<CaseEvent, 'type' | 'action' | 'detail'>, lang: Lang): string {
  if (e.type === 'transition') {
    if (e.action === 'review_objection')
      return e.detail?.upheld
        ? lang === 'zh'
          ? '复核异议：异议成立，重新核查'
          : 'Objection upheld: verified again'
        : lang === 'zh'
          ? '复核异议：维持原结论'
          : 'Objection dismissed';
    return (TRANSITION_LABELS[e.action ?? ''] ?? ACTION_LABELS.accept)[lang];
  }
  if (e.type === 'reward') return (REWARD_EVENT_LABELS[e.action ?? ''] ?? { zh: '奖励', en: 'Reward' })[lang];
  return (EVENT_LABELS[e.type as keyof typeof EVENT_LABELS] ?? { zh: '记录', en: 'Entry' })[lang];
}

/** The deadlines a case can be under, by their names in the rules (Chinese first). */
export const PERIOD_LABELS: Record<CaseDue['period'], Words & { hours?: boolean }> = {
  acceptance: { zh: '受理期限', en: 'Time to accept' },
  acceptanceImminent: { zh: '紧急受理时限（现场有危险）', en: 'Urgent time to accept', hours: true },
  triage: { zh: '分派期限', en: 'Time to route' },
  triageImminent: { zh: '紧急分派时限（现场有危险）', en: 'Urgent time to route', hours: true },
  verification: { zh: '核查处理期限', en: 'Time to verify and handle' },
  extensionMax: { zh: '延期期限', en: 'Extension' },
  feedback: { zh: '反馈举报人期限', en: 'Time to give feedback' },
  objectionWindow: { zh: '异议期', en: 'Objection window' },
  objectionReview: { zh: '异议复核期限', en: 'Time to review the objection' },
  rewardClaim: { zh: '奖励申领期限', en: 'Reward claim period' },
  rectification: { zh: '整改期限', en: 'Rectification deadline' },
};

/** Whether a deadline is counted in hours (an imminent-danger period). */
export const inHours = (due: Pick<CaseDue, 'period'>) => PERIOD_LABELS[due.period]?.hours === true;

/**
 * Time left until `dueAt`, in hours and minutes ("还剩 1 小时 25 分" / "已超时 20 分"),
 * for deadlines measured in hours.
 */
export function remaining(dueAt: string, now: Date, lang: Lang): string {
  const ms = Date.parse(dueAt) - now.getTime();
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (lang === 'zh') {
    const span = h > 0 ? `${h} 小时 ${m} 分` : `${m} 分钟`;
    return ms >= 0 ? `还剩 ${span}` : `已超时 ${span}`;
  }
  const span = h > 0 ? `${h} h ${m} min` : `${m} min`;
  return ms >= 0 ? `${span} left` : `${span} overdue`;
}

/** Days left for a day-counted deadline ("还剩 3 天", "今天到期", "已逾期 2 天"). */
export function daysLeft(dueAt: string, now: Date, lang: Lang): string {
  const day = (iso: string) => Date.parse(`${shanghaiDateTime(iso).slice(0, 10)}T00:00:00Z`);
  const diff = Math.round((day(dueAt) - day(now.toISOString())) / 86_400_000);
  const overdue = Date.parse(dueAt) < now.getTime();
  if (lang === 'zh')
    return overdue ? `已逾期 ${Math.max(diff * -1, 1)} 天` : diff === 0 ? '今天到期' : `还剩 ${diff} 天`;
  return overdue ? `${Math.max(-diff, 1)} d overdue` : diff === 0 ? 'due today' : `${diff} d left`;
}

/** The deadline as one phrase: its date (and time for hour deadlines) and what is left. */
export function dueText(due: Pick<CaseDue, 'period' | 'dueAt' | 'dueDate'>, now: Date, lang: Lang): string {
  return inHours(due)
    ? `${shanghaiDateTime(due.dueAt)} · ${remaining(due.dueAt, now, lang)}`
    : `${due.dueDate} · ${daysLeft(due.dueAt, now, lang)}`;
}

/**
 * Staff names for the timeline: the demo users (local mode), the signed-in user's own token name,
 * and a neutral label with the role for anyone else (the audit chain keeps the id).
 */
export function staffNamer(known: { id: string; name: string }[], lang: Lang) {
  const names = new Map(known.map((u) => [u.id, u.name]));
  return (id: string) =>
    names.get(id) ?? (lang === 'zh' ? `工作人员（${id.slice(-4)}）` : `Staff (${id.slice(-4)})`);
}
