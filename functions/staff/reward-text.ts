/**
 * The words of the reward in the consoles: labels (zh/en), and the breakdown's steps as a finance
 * officer reads them — each step's name, and the document it applies cited by its Chinese title,
 * with the article only where the article is confirmed (never a guessed number). The engine's
 * data (rule set ids, step codes, parameters) stays in the API for machines.
 */
import type { Lang } from '#functions/web/i18n.ts';
import type { RewardStep } from '#shared/domain/reward-answer.ts';
import { yuan } from '#shared/domain/reward-answer.ts';
import type { RewardAction } from '#shared/domain/reward-record.ts';
import { CLAIM_EXTENSION_MAX_DAYS } from '#shared/domain/reward-workflow.ts';

export const rewardText = {
  zh: {
    title: '举报奖励',
    queue: '奖励待办',
    stages: { facts: '待录入事实', approve: '待审批', release: '待交付收款信息', pay: '待支付' },
    none: '没有待办的奖励。',
    next: '下一页',
    caseNumber: '案件',
    status: '状态',
    amount: '奖励金额',
    range: '可定金额范围',
    determination: '认定方式',
    determinations: { computed: '按规则计算', manual: '由财务在范围内确定', ineligible: '不予奖励' },
    ruleSet: '适用规则',
    version: '版本',
    breakdown: '计算过程（逐项核对）',
    step: '步骤',
    value: '值',
    explanation: '说明',
    rule: '依据',
    parameter: '参数',
    pass: '✓ 符合',
    fail: '✗ 不符合',
    factsBy: '事实录入',
    approvals: '审批',
    approvalsNeeded: (n: number, needed: number) => `${n} / ${needed}`,
    manualReason: '金额理由',
    refusal: '不予奖励理由',
    claimLastDay: '申领截止日',
    extensions: '申领期限延长',
    claimedAt: '申领时间',
    release: '收款信息',
    releaseRequested: '已申请交付，申请人',
    releasedTo: '已由身份保管人交付给',
    awaitingRequest: '待财务申请交付',
    paid: '已支付',
    reference: '支付凭证号',
    updated: '更新时间',
    payeeSealed: '收款人信息加密封存，工作人员页面不显示；只经身份保管人交付给负责支付的财务人员。',
    yuanUnit: '元',
    actions: {
      record_facts: '录入处罚或事故事实并计算',
      approve: '批准',
      refuse: '不予奖励',
      claim: '申领',
      extend_claim: '延长申领期限',
      lapse: '逾期',
      request_release: '申请交付收款信息（由我支付）',
      release: '交付收款信息',
      mark_paid: '标记为已支付',
    } satisfies Record<RewardAction, string>,
    category: '奖励类别',
    alreadyKnown: '该事项此前已被生产经营单位或监管部门发现并处理',
    penalty: '行政处罚',
    decisionNo: '处罚决定书文号',
    unitYuan: '单位罚款（元）',
    individualsYuan: '个人罚款（元）',
    confiscatedYuan: '没收违法所得（元）',
    totalNote: '合计由系统按以上三项相加。',
    accident: '事故（瞒报、谎报事故时填写）',
    grade: '事故等级',
    gradeDerived: '按伤亡和损失推定',
    deaths: '死亡人数',
    seriousInjuries: '重伤人数',
    directLossYuan: '直接经济损失（元）',
    concealedDeaths: '核实瞒报、谎报的死亡人数',
    excluded: '举报人不予奖励的情形',
    notExcluded: '无',
    jointSignatories: '联名举报人数',
    listed: '所列举报奖励情形（规则有列举时）',
    listedId: '情形编号',
    listedProposed: '建议金额（元）',
    amountYuan: '奖励金额（元，整数）',
    reason: '理由',
    days: `延长天数（1–${CLAIM_EXTENSION_MAX_DAYS}）`,
    secondApproval: '金额超过规则的复核限额：须另一名财务人员再次批准。',
    csv: '下载支付批次（CSV）',
    csvHint: '只含身份保管人已交付给您的奖励；每次下载都记入案件审计链。',
    stale: '奖励已被他人修改，请查看最新情况后重新操作。',
    forbidden: '不允许（角色或职责分离）：',
    refused: '当前状态下不能执行：',
    invalidStage: '没有这个奖励队列。',
    noQueue: '您的角色没有奖励待办。',
  },
  en: {
    title: 'Reward',
    queue: 'Rewards to act on',
    stages: {
      facts: 'Awaiting facts',
      approve: 'Awaiting approval',
      release: 'Awaiting release',
      pay: 'Awaiting payment',
    },
    none: 'No rewards waiting.',
    next: 'Next page',
    caseNumber: 'Case',
    status: 'Status',
    amount: 'Amount',
    range: 'Range for the amount',
    determination: 'Determination',
    determinations: {
      computed: 'computed by the rules',
      manual: 'set by finance within a range',
      ineligible: 'not eligible',
    },
    ruleSet: 'Rule set',
    version: 'version',
    breakdown: 'Breakdown (check line by line)',
    step: 'Step',
    value: 'Value',
    explanation: 'Explanation',
    rule: 'Rule applied',
    parameter: 'Parameter',
    pass: '✓ met',
    fail: '✗ not met',
    factsBy: 'Facts recorded',
    approvals: 'Approvals',
    approvalsNeeded: (n: number, needed: number) => `${n} of ${needed}`,
    manualReason: 'Reason for the amount',
    refusal: 'Reason for refusal',
    claimLastDay: 'Last day to claim',
    extensions: 'Claim window extended',
    claimedAt: 'Claimed',
    release: 'Payee details',
    releaseRequested: 'release requested by',
    releasedTo: 'released by the identity custodian to',
    awaitingRequest: 'awaiting a finance request',
    paid: 'Paid',
    reference: 'Payment reference',
    updated: 'Updated',
    payeeSealed:
      'The payee details are sealed and never shown on staff pages; only the identity custodian releases them to the paying finance officer.',
    yuanUnit: 'yuan',
    actions: {
      record_facts: 'Record penalty or accident facts and calculate',
      approve: 'Approve',
      refuse: 'Refuse',
      claim: 'Claim',
      extend_claim: 'Extend the claim window',
      lapse: 'Lapse',
      request_release: 'Request the payee details (I will pay)',
      release: 'Release the payee details',
      mark_paid: 'Mark as paid',
    } satisfies Record<RewardAction, string>,
    category: 'Reward category',
    alreadyKnown: 'The unit or the supervising department had already found and dealt with the matter',
    penalty: 'Administrative penalty',
    decisionNo: 'Penalty decision number',
    unitYuan: "Unit's fines (yuan)",
    individualsYuan: "Individuals' fines (yuan)",
    confiscatedYuan: 'Confiscated gains (yuan)',
    totalNote: 'The total is the sum of these three, computed by the system.',
    accident: 'Accident (concealed or falsely reported accidents)',
    grade: 'Accident grade',
    gradeDerived: 'derive from casualties and loss',
    deaths: 'Deaths',
    seriousInjuries: 'Serious injuries',
    directLossYuan: 'Direct economic loss (yuan)',
    concealedDeaths: 'Deaths verified as concealed or misreported',
    excluded: 'Reporter excluded from rewards because',
    notExcluded: 'not excluded',
    jointSignatories: 'Joint signatories',
    listed: 'Listed reward situation (where the rule set lists them)',
    listedId: 'Situation id',
    listedProposed: 'Proposed amount (yuan)',
    amountYuan: 'Amount (whole yuan)',
    reason: 'Reason',
    days: `Days (1–${CLAIM_EXTENSION_MAX_DAYS})`,
    secondApproval: 'Above the rule set’s threshold: a second, different finance officer must also approve.',
    csv: 'Download the payment batch (CSV)',
    csvHint: 'Only rewards whose payee details the custodian released to you; every download is audited.',
    stale: 'Someone else changed the reward; review it and decide again.',
    forbidden: 'Not allowed (role or separation of duties): ',
    refused: 'Not possible now: ',
    invalidStage: 'There is no such reward queue.',
    noQueue: 'Your role has no reward queue.',
  },
} as const;

export const money = (n: number, lang: Lang) => `${yuan(n)} ${rewardText[lang].yuanUnit}`;

/** The error a reward form shows (and its status), or null for errors the app's handler maps. */

type Words = { zh: string; en: string };

/** The documents the breakdown cites, by their Chinese titles (English under ?lang=en). */
const DOCS = {
  national: { zh: '《安全生产领域举报奖励办法》', en: 'Measures on Rewards for Work Safety Reports (2018)' },
  henan: {
    zh: '《河南省安全生产领域举报奖励办法》',
    en: 'Henan Measures on Rewards for Work Safety Reports (2025)',
  },
  henanList: { zh: '《河南省安全生产领域举报奖励情形》', en: 'Henan list of rewarded situations' },
  old2012: {
    zh: '《安全生产举报奖励办法》（2012）',
    en: 'Measures on Rewards for Work Safety Reports (2012)',
  },
  employees: {
    zh: '《生产经营单位从业人员安全生产举报处理规定》',
    en: 'Rules on reports by employees of the unit',
  },
  accidents: {
    zh: '《生产安全事故报告和调查处理条例》',
    en: 'Regulations on reporting and investigating accidents',
  },
} satisfies Record<string, Words>;

/**
 * The steps of the breakdown by name. Articles are cited only where the project's sources state
 * them: 第二条 (scope), 第五条 (major hazard), 第六条 (violations) of the 2018 measures, 第十三条
 * (first reporter) of the 2012 measures, 第三条 (accident grades) of the accident regulations.
 */
export const STEP_LABELS: Record<RewardStep, Words> = {
  rule_set: { zh: '适用规则', en: 'Rules applied' },
  in_scope: { zh: '是否属于奖励范围', en: 'Within the reward scope' },
  substantiated: { zh: '是否经核查属实', en: 'Verified as true' },
  not_already_known: { zh: '是否此前未被发现处理', en: 'Not already found and dealt with' },
  first_valid_reporter: { zh: '是否最先有效举报', en: 'First valid reporter' },
  not_excluded: { zh: '举报人是否可获奖励', en: 'Reporter not excluded' },
  real_name: { zh: '实名情况', en: 'Real name' },
  determination: { zh: '认定结果', en: 'Determination' },
  penalty_base: { zh: '计奖的罚款金额', en: 'Fines counted' },
  when_no_penalty: { zh: '没有罚款时', en: 'When there is no fine' },
  rate: { zh: '按比例计算', en: 'Percentage' },
  floor: { zh: '最低奖励', en: 'Minimum' },
  cap: { zh: '最高奖励', en: 'Maximum' },
  concealed_deaths: { zh: '查实瞒报、谎报死亡人数', en: 'Concealed deaths verified' },
  grade: { zh: '事故等级', en: 'Accident grade' },
  when_no_deaths: { zh: '没有查实死亡人数时', en: 'When no concealed death is verified' },
  death_rate: { zh: '按死亡人数计奖', en: 'Per concealed death' },
  listed_situation: { zh: '所列举报奖励情形', en: 'Listed situation' },
  uplift: { zh: '本单位职工举报上浮', en: 'Employee uplift' },
  uplift_minimum: { zh: '上浮最低额', en: 'Minimum uplift' },
  uplift_cap: { zh: '上浮后最高额', en: 'Maximum after uplift' },
  joint_report: { zh: '联名举报', en: 'Joint report' },
  approval: { zh: '审批人数', en: 'Approvals needed' },
} as Record<RewardStep, Words>;

const cite = (doc: Words, article?: Words): Words => ({
  zh: `${doc.zh}${article?.zh ?? ''}`,
  en: `${doc.en}${article ? `, ${article.en}` : ''}`,
});

/** The document (and confirmed article) a step applies, in the page language. */
export function stepCitation(
  step: RewardStep,
  ctx: { ruleSetId: string; category?: string },
  lang: Lang,
): string {
  const henan = ctx.ruleSetId.startsWith('henan');
  const rules = henan ? DOCS.henan : DOCS.national;
  const measures = DOCS.national;
  let c: Words;
  switch (step) {
    case 'in_scope':
      c =
        ctx.category === 'major_hazard'
          ? cite(measures, { zh: '第五条', en: 'Art 5' })
          : ctx.category === 'illegal_operation'
            ? cite(measures, { zh: '第六条', en: 'Art 6' })
            : cite(measures, { zh: '第二条', en: 'Art 2' });
      break;
    case 'first_valid_reporter':
      c = cite(DOCS.old2012, { zh: '第十三条', en: 'Art 13' });
      break;
    case 'grade':
      c = cite(DOCS.accidents, { zh: '第三条', en: 'Art 3' });
      break;
    case 'listed_situation':
      c = DOCS.henanList;
      break;
    case 'uplift':
    case 'uplift_minimum':
    case 'uplift_cap':
      c = { zh: `${rules.zh}、${DOCS.employees.zh}`, en: `${rules.en}; ${DOCS.employees.en}` };
      break;
    case 'approval':
      return lang === 'zh' ? '本单位内部控制（非法定要求）' : 'Internal control (not a legal requirement)';
    default:
      c = rules;
  }
  return c[lang];
}

/** A line's value as a person reads it (amounts in yuan, ✓/✗, Chinese words for codes). */
export function stepValue(
  value: string | number,
  step: RewardStep,
  lang: Lang,
  ruleSetName?: string,
): string {
  const t = rewardText[lang];
  if (value === 'pass') return t.pass;
  if (value === 'fail') return t.fail;
  if (typeof value === 'number') return step === 'approval' ? String(value) : `${yuan(value)} ${t.yuanUnit}`;
  if (step === 'rule_set') return ruleSetName ?? '';
  const words: Record<string, Words> = {
    identified: { zh: '已实名', en: 'identified' },
    anonymous: { zh: '匿名', en: 'anonymous' },
    computed: { zh: '按规则计算', en: 'computed' },
    manual: { zh: '由财务在范围内确定', en: 'set by finance within a range' },
    ineligible: { zh: '不予奖励', en: 'not eligible' },
  };
  return words[value]?.[lang] ?? value;
}
