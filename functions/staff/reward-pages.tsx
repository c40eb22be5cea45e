/**
 * The reward in the staff consoles (issue 7, SPEC §5): a section on the case page — status, amount,
 * the engine's line-by-line breakdown with the rule each line applies, approvals, the claim window
 * — with the forms the signed-in officer may use now, and the reward queues by stage. Plain forms,
 * no JavaScript. Nothing here reads or shows the payee: the claim details leave the identity store
 * only through the reveal function's payment CSV, after the custodian's release.
 */
import type { Child } from 'hono/jsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { ACCIDENT_GRADE_LABELS, ACCIDENT_GRADES } from '#shared/domain/accident-grade.ts';
import {
  CLAIM_EXTENSION_MAX_DAYS,
  lastDayOf,
  REWARD_STATUS_LABELS,
  type RecordedRewardFacts,
  type RewardAction,
  type RewardRecord,
} from '#shared/domain/reward-workflow.ts';
import {
  EXCLUSION_REASONS,
  REWARD_CATEGORIES,
  REWARD_CATEGORY_LABELS,
  type RewardLine,
  yuan,
} from '#shared/domain/rewards.ts';
import { ForbiddenError, RefusedError, StaleVersionError, ValidationError } from '#shared/errors.ts';
import type { ListStage } from '#shared/repositories/reward-repository.ts';
import { REWARD_QUEUE_STAGES, StaffLayout } from './pages.tsx';

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

const shanghai = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });

const money = (n: number, lang: Lang) => `${yuan(n)} ${rewardText[lang].yuanUnit}`;

/** The error a reward form shows (and its status), or null for errors the app's handler maps. */
export function rewardFormError(
  err: unknown,
  lang: Lang,
): { status: 400 | 403 | 409 | 412; message: string } | null {
  const t = rewardText[lang];
  if (err instanceof ValidationError)
    return {
      status: 400,
      message: err.issues.map((i) => `${i.field}: ${lang === 'zh' ? i.zh : i.en}`).join('; '),
    };
  const said = (e: ForbiddenError | RefusedError) => (lang === 'zh' ? (e.zh ?? e.message) : e.message);
  if (err instanceof ForbiddenError) return { status: 403, message: `${t.forbidden}${said(err)}` };
  if (err instanceof RefusedError) return { status: 409, message: `${t.refused}${said(err)}` };
  if (err instanceof StaleVersionError) return { status: 412, message: t.stale };
  return null;
}

// ── Form fields → service input ────────────────────────────────────────────────────────────────

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
/** A whole number, or the text as typed so the schema names the field. */
const whole = (v: string | undefined): number | string | undefined =>
  blank(v) ? undefined : /^\d+$/.test(v!.trim()) ? Number(v!.trim()) : v!.trim();

/**
 * The facts form → the reward facts body (RewardFactsBodySchema). Blank amounts count as 0 once a
 * group is started; the penalty total is the sum of its parts, computed here rather than typed.
 */
export function formToRewardFacts(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    category: form.category ?? '',
    alreadyKnownToAuthority: form.alreadyKnownToAuthority === 'on',
    excludedReason: blank(form.excludedReason) ? null : form.excludedReason!.trim(),
  };
  const joint = whole(form.jointSignatories);
  if (joint !== undefined) out.jointSignatories = joint;
  const penaltyFields = ['decisionNo', 'unitYuan', 'individualsYuan', 'confiscatedYuan'];
  if (penaltyFields.some((k) => !blank(form[k]))) {
    const parts = {
      unitYuan: whole(form.unitYuan) ?? 0,
      individualsYuan: whole(form.individualsYuan) ?? 0,
      confiscatedYuan: whole(form.confiscatedYuan) ?? 0,
    };
    const numbers = Object.values(parts).filter((v): v is number => typeof v === 'number');
    out.penalty = {
      decisionNo: form.decisionNo?.trim() ?? '',
      ...parts,
      totalYuan: numbers.reduce((a, b) => a + b, 0),
    };
  }
  const accidentFields = ['grade', 'deaths', 'seriousInjuries', 'directLossYuan', 'concealedDeaths'];
  if (accidentFields.some((k) => !blank(form[k]))) {
    out.accident = {
      ...(blank(form.grade) ? {} : { grade: form.grade!.trim() }),
      deaths: whole(form.deaths) ?? 0,
      seriousInjuries: whole(form.seriousInjuries) ?? 0,
      directLossYuan: whole(form.directLossYuan) ?? 0,
      concealedDeaths: whole(form.concealedDeaths) ?? 0,
    };
  }
  if (!blank(form.listedSituationId)) {
    const proposed = whole(form.listedSituationProposedYuan);
    out.listedSituation = {
      id: form.listedSituationId!.trim(),
      ...(proposed !== undefined ? { proposedYuan: proposed } : {}),
    };
  }
  return out;
}

/** A decision form → the decision body (RewardDecisionSchema); numbers typed, blanks dropped. */
export function formToRewardDecision(form: Record<string, string>): Record<string, unknown> {
  const action = form.action ?? '';
  const out: Record<string, unknown> = { action };
  if (action === 'approve') {
    const amount = whole(form.amountYuan);
    if (amount !== undefined) out.amountYuan = amount;
    if (!blank(form.reason)) out.reason = form.reason!.trim();
  }
  if (action === 'refuse' || action === 'extend_claim') out.reason = form.reason?.trim() ?? '';
  if (action === 'extend_claim') out.days = whole(form.days);
  if (action === 'mark_paid') out.reference = form.reference?.trim() ?? '';
  return out;
}

// ── The case page's reward section ─────────────────────────────────────────────────────────────

function Field(props: {
  id: string;
  name: string;
  label: string;
  value?: string | number | undefined;
  type?: 'text' | 'number';
  required?: boolean;
  min?: number;
  max?: number;
  area?: boolean;
}) {
  return (
    <label for={props.id}>
      {props.label}
      {props.area ? (
        <textarea
          id={props.id}
          name={props.name}
          rows={2}
          required={props.required}
          minlength={5}
          maxlength={1000}
        />
      ) : (
        <input
          id={props.id}
          name={props.name}
          type={props.type ?? 'text'}
          value={props.value === undefined ? '' : String(props.value)}
          required={props.required}
          {...(props.type === 'number'
            ? { min: props.min ?? 0, max: props.max, step: 1, inputmode: 'numeric' }
            : { maxlength: 200 })}
        />
      )}
    </label>
  );
}

function lineValue(l: RewardLine, lang: Lang): string {
  const t = rewardText[lang];
  if (l.value === 'pass') return t.pass;
  if (l.value === 'fail') return t.fail;
  return typeof l.value === 'number' ? yuan(l.value) : l.value;
}

/** The engine's lines as a table: step, value, the explanation in the page language, the rule. */
export function Breakdown(props: { lang: Lang; lines: RewardLine[] }) {
  const t = rewardText[props.lang];
  return (
    <div class="table-scroll">
      {/* On a phone each line stacks its cells under their labels (app.css .stack-on-phone). */}
      <table id="reward-breakdown" class="stack-on-phone">
        <caption>{t.breakdown}</caption>
        <thead>
          <tr>
            <th scope="col">{t.step}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">
              {t.explanation} · {t.rule}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr data-step={l.step}>
              <td data-label={t.step}>
                <code>{l.step}</code>
                {l.parameter && (
                  <small class="reward-parameter">
                    <br />
                    {t.parameter}: <code>{l.parameter}</code>
                  </small>
                )}
              </td>
              <td data-label={t.value}>{lineValue(l, props.lang)}</td>
              <td data-label={`${t.explanation} · ${t.rule}`}>
                {props.lang === 'zh' ? l.zh : l.en}
                <br />
                <small>
                  {t.rule}: {l.rule}
                </small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Defaults for facts not yet recorded, from the case: what the reporter said in the questionnaire
 * (deaths …) and an exclusion the case carries by how it was filed (a coordinator's patrol report).
 */
export interface RewardFactSuggestion {
  deaths?: number;
  concealedDeaths?: number;
  excludedReason?: string;
}

function FactsForm(props: {
  lang: Lang;
  reward: RewardRecord;
  caseCategory: string;
  suggested?: RewardFactSuggestion | undefined;
}) {
  const { lang, reward } = props;
  const t = rewardText[lang];
  // Recorded facts always win; the suggestion only fills an empty form, for staff to check.
  const f: Partial<RecordedRewardFacts> | undefined =
    reward.facts ??
    (props.suggested
      ? {
          ...(props.suggested.excludedReason ? { excludedReason: props.suggested.excludedReason } : {}),
          ...(props.suggested.deaths !== undefined
            ? {
                accident: {
                  deaths: props.suggested.deaths,
                  concealedDeaths: props.suggested.concealedDeaths ?? 0,
                  seriousInjuries: 0,
                  directLossYuan: 0,
                },
              }
            : {}),
        }
      : undefined);
  const category =
    f?.category ??
    (REWARD_CATEGORIES.includes(props.caseCategory as never) ? props.caseCategory : 'major_hazard');
  const id = (name: string) => `rf-${name}`;
  return (
    <>
      <label for={id('category')}>
        {t.category}
        <select id={id('category')} name="category" required>
          {REWARD_CATEGORIES.map((c) => (
            <option value={c} selected={c === category}>
              {REWARD_CATEGORY_LABELS[c][lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          name="alreadyKnownToAuthority"
          value="on"
          checked={f?.alreadyKnownToAuthority}
        />
        {t.alreadyKnown}
      </label>
      <fieldset>
        <legend>{t.penalty}</legend>
        <Field id={id('decisionNo')} name="decisionNo" label={t.decisionNo} value={f?.penalty?.decisionNo} />
        <Field
          id={id('unitYuan')}
          name="unitYuan"
          label={t.unitYuan}
          type="number"
          value={f?.penalty?.unitYuan}
        />
        <Field
          id={id('individualsYuan')}
          name="individualsYuan"
          label={t.individualsYuan}
          type="number"
          value={f?.penalty?.individualsYuan}
        />
        <Field
          id={id('confiscatedYuan')}
          name="confiscatedYuan"
          label={t.confiscatedYuan}
          type="number"
          value={f?.penalty?.confiscatedYuan}
        />
        <small>{t.totalNote}</small>
      </fieldset>
      <fieldset>
        <legend>{t.accident}</legend>
        <label for={id('grade')}>
          {t.grade}
          <select id={id('grade')} name="grade">
            <option value="">{t.gradeDerived}</option>
            {ACCIDENT_GRADES.map((g) => (
              <option value={g} selected={f?.accident?.grade === g}>
                {ACCIDENT_GRADE_LABELS[g][lang]}
              </option>
            ))}
          </select>
        </label>
        {!reward.facts && props.suggested?.deaths !== undefined && (
          <small id={id('suggested')}>
            {lang === 'zh'
              ? `举报人称死亡 ${props.suggested.deaths} 人，已预填，请按核实情况修改。`
              : `The reporter says ${props.suggested.deaths} died; filled in for you to check against what was verified.`}
          </small>
        )}
        <Field id={id('deaths')} name="deaths" label={t.deaths} type="number" value={f?.accident?.deaths} />
        <Field
          id={id('seriousInjuries')}
          name="seriousInjuries"
          label={t.seriousInjuries}
          type="number"
          value={f?.accident?.seriousInjuries}
        />
        <Field
          id={id('directLossYuan')}
          name="directLossYuan"
          label={t.directLossYuan}
          type="number"
          value={f?.accident?.directLossYuan}
        />
        <Field
          id={id('concealedDeaths')}
          name="concealedDeaths"
          label={t.concealedDeaths}
          type="number"
          value={f?.accident?.concealedDeaths}
        />
      </fieldset>
      <fieldset>
        <legend>{t.listed}</legend>
        <Field
          id={id('listedSituationId')}
          name="listedSituationId"
          label={t.listedId}
          value={f?.listedSituation?.id}
        />
        <Field
          id={id('listedSituationProposedYuan')}
          name="listedSituationProposedYuan"
          label={t.listedProposed}
          type="number"
          value={f?.listedSituation?.proposedYuan}
        />
      </fieldset>
      <label for={id('excludedReason')}>
        {t.excluded}
        <select id={id('excludedReason')} name="excludedReason">
          <option value="">{t.notExcluded}</option>
          {Object.entries(EXCLUSION_REASONS).map(([code, label]) => (
            <option value={code} selected={f?.excludedReason === code}>
              {label[lang]}
            </option>
          ))}
          {/* A reason recorded through the API in other words stays selectable as it was. */}
          {f?.excludedReason && !(f.excludedReason in EXCLUSION_REASONS) && (
            <option value={f.excludedReason} selected>
              {f.excludedReason}
            </option>
          )}
        </select>
      </label>
      <Field
        id={id('jointSignatories')}
        name="jointSignatories"
        label={t.jointSignatories}
        type="number"
        min={1}
        value={f?.jointSignatories ?? 1}
      />
    </>
  );
}

/** One form per reward action the officer may take now (allowedRewardActions). */
function RewardForms(props: {
  lang: Lang;
  caseNumber: string;
  reward: RewardRecord;
  actions: RewardAction[];
  caseCategory: string;
  suggested?: RewardFactSuggestion | undefined;
}) {
  const { lang, reward } = props;
  const t = rewardText[lang];
  const manualFirst = reward.answer?.determination === 'manual' && reward.approvals.length === 0;
  const range = reward.answer?.range;
  const staffActions = props.actions.filter((a) => a !== 'claim' && a !== 'lapse' && a !== 'release');
  if (staffActions.length === 0) return null;
  return (
    <div class="actions">
      {staffActions.map((action) => {
        const id = (field: string) => `rd-${action}-${field}`;
        const path = action === 'record_facts' ? 'facts' : 'decisions';
        const label =
          action === 'approve' && reward.amountYuan !== undefined && !manualFirst
            ? `${t.actions.approve} ${money(reward.amountYuan, lang)}`
            : t.actions[action];
        return (
          // The step that moves the reward on is open; refusing and extending are a click away.
          <details
            open={
              action === 'approve' ||
              action === 'request_release' ||
              action === 'mark_paid' ||
              (action === 'record_facts' && reward.status === 'awaiting_facts')
            }
          >
            <summary>{t.actions[action]}</summary>
            <form
              method="post"
              action={`/staff/cases/${props.caseNumber}/reward/${path}`}
              data-reward-action={action}
            >
              <input type="hidden" name="lang" value={lang} />
              <input type="hidden" name="action" value={action} />
              <input type="hidden" name="version" value={String(reward.version)} />
              {action === 'record_facts' && (
                <FactsForm
                  lang={lang}
                  reward={reward}
                  caseCategory={props.caseCategory}
                  suggested={props.suggested}
                />
              )}
              {action === 'approve' && manualFirst && (
                <>
                  <Field
                    id={id('amountYuan')}
                    name="amountYuan"
                    label={`${t.amountYuan}${range ? ` ${yuan(range.minYuan)}–${yuan(range.maxYuan)}` : ''}`}
                    type="number"
                    required
                    {...(range ? { min: range.minYuan, max: range.maxYuan } : {})}
                  />
                  <Field id={id('reason')} name="reason" label={t.reason} required area />
                </>
              )}
              {action === 'approve' && reward.secondApprovalRequired && reward.approvals.length === 0 && (
                <p>
                  <small>{t.secondApproval}</small>
                </p>
              )}
              {(action === 'refuse' || action === 'extend_claim') && (
                <Field id={id('reason')} name="reason" label={t.reason} required area />
              )}
              {action === 'extend_claim' && (
                <Field
                  id={id('days')}
                  name="days"
                  label={t.days}
                  type="number"
                  min={1}
                  max={CLAIM_EXTENSION_MAX_DAYS}
                  required
                />
              )}
              {action === 'mark_paid' && (
                <Field id={id('reference')} name="reference" label={t.reference} required />
              )}
              <button type="submit" class={action === 'refuse' ? 'secondary' : ''}>
                {label}
              </button>
            </form>
          </details>
        );
      })}
    </div>
  );
}

/** The reward section of the staff case page. */
export function RewardSection(props: {
  lang: Lang;
  caseNumber: string;
  caseCategory: string;
  reward: RewardRecord;
  actions: RewardAction[];
  error?: string | undefined;
  /** Defaults for the facts form (questionnaire answers, the coordinator exclusion). */
  suggested?: RewardFactSuggestion | undefined;
}) {
  const { lang, reward: r } = props;
  const t = rewardText[lang];
  const a = r.answer;
  const needed = r.secondApprovalRequired ? 2 : 1;
  return (
    <section id="reward">
      <h2>{t.title}</h2>
      {props.error && (
        <p role="alert" class="field-error" id="reward-error">
          {props.error}
        </p>
      )}
      <dl>
        <dt>{t.status}</dt>
        <dd id="reward-status">{REWARD_STATUS_LABELS[r.status][lang]}</dd>
        {a && (
          <>
            <dt>{t.determination}</dt>
            <dd>{t.determinations[a.determination]}</dd>
            <dt>{t.ruleSet}</dt>
            <dd id="reward-rule-set">
              <code>{a.ruleSet.id}</code> · {t.version} {a.ruleSet.version}
            </dd>
          </>
        )}
        {(r.amountYuan !== undefined || a?.range) && (
          <>
            <dt>{r.amountYuan !== undefined ? t.amount : t.range}</dt>
            <dd id="reward-amount">
              {r.amountYuan !== undefined
                ? money(r.amountYuan, lang)
                : a?.range
                  ? `${yuan(a.range.minYuan)}–${money(a.range.maxYuan, lang)}`
                  : ''}
            </dd>
          </>
        )}
        {r.manualReason && (
          <>
            <dt>{t.manualReason}</dt>
            <dd>{r.manualReason}</dd>
          </>
        )}
        {r.factsRecordedBy && r.factsRecordedAt && (
          <>
            <dt>{t.factsBy}</dt>
            <dd>
              {r.factsRecordedBy} ·{' '}
              <time datetime={r.factsRecordedAt}>{shanghai(r.factsRecordedAt, lang)}</time>
            </dd>
          </>
        )}
        {a && a.determination !== 'ineligible' && (
          <>
            <dt>{t.approvals}</dt>
            <dd id="reward-approvals">
              {t.approvalsNeeded(r.approvals.length, needed)}
              {r.approvals.length > 0 && (
                <ul>
                  {r.approvals.map((ap) => (
                    <li>
                      {ap.staffId} · <time datetime={ap.at}>{shanghai(ap.at, lang)}</time> ·{' '}
                      {money(ap.amountYuan, lang)}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        {r.refusal && (
          <>
            <dt>{t.refusal}</dt>
            <dd>
              {r.refusal.reason} · {r.refusal.staffId}
            </dd>
          </>
        )}
        {r.claimWindowEndsAt && (
          <>
            <dt>{t.claimLastDay}</dt>
            <dd>
              <time id="reward-last-day" datetime={lastDayOf(r.claimWindowEndsAt)}>
                {lastDayOf(r.claimWindowEndsAt)}
              </time>
            </dd>
          </>
        )}
        {r.extensions.length > 0 && (
          <>
            <dt>{t.extensions}</dt>
            {r.extensions.map((e) => (
              <dd>
                {lastDayOf(e.until)} · {e.reason} · {e.staffId}
              </dd>
            ))}
          </>
        )}
        {r.claimedAt && (
          <>
            <dt>{t.claimedAt}</dt>
            <dd>
              <time datetime={r.claimedAt}>{shanghai(r.claimedAt, lang)}</time>
            </dd>
            <dt>{t.release}</dt>
            <dd>
              {r.releasedTo
                ? `${t.releasedTo} ${r.releasedTo}`
                : r.releaseRequestedBy
                  ? `${t.releaseRequested} ${r.releaseRequestedBy}`
                  : t.awaitingRequest}
              <br />
              <small>{t.payeeSealed}</small>
            </dd>
          </>
        )}
        {r.paidAt && (
          <>
            <dt>{t.paid}</dt>
            <dd>
              <time datetime={r.paidAt}>{shanghai(r.paidAt, lang)}</time> · {t.reference} {r.paymentReference}{' '}
              · {r.paidBy}
            </dd>
          </>
        )}
      </dl>
      {a && <Breakdown lang={lang} lines={a.lines} />}
      <RewardForms
        lang={lang}
        caseNumber={props.caseNumber}
        reward={r}
        actions={props.actions}
        caseCategory={props.caseCategory}
        suggested={props.suggested}
      />
    </section>
  );
}

// ── Queues ────────────────────────────────────────────────────────────────────────────────────

/** The stage a role's queue opens on: finance works approvals first; others their first stage. */
export function defaultRewardStage(role: StaffPrincipal['role']): ListStage | undefined {
  const stages = REWARD_QUEUE_STAGES[role];
  return role === 'finance_officer' ? 'approve' : stages[0];
}

export function RewardQueuePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  stage: ListStage;
  rewards: RewardRecord[];
  cursor?: string | undefined;
  error?: string | undefined;
}) {
  const { lang, staff, stage } = props;
  const t = rewardText[lang];
  const stages = REWARD_QUEUE_STAGES[staff.role];
  // The custodian cannot read cases: no case links, and the release happens here.
  const readsCases = staff.role !== 'identity_custodian';
  const next = new URLSearchParams({ stage, lang, ...(props.cursor ? { cursor: props.cursor } : {}) });
  return (
    <StaffLayout lang={lang} title={`${t.queue} · ${t.stages[stage]}`} staff={staff}>
      <h1>{t.queue}</h1>
      {stages.length > 1 && (
        <nav aria-label={t.queue}>
          <ul class="tabs">
            {stages.map((s) => (
              <li>
                <a
                  href={`/staff/rewards?stage=${s}&lang=${lang}`}
                  aria-current={s === stage ? 'page' : undefined}
                >
                  {s === stage ? <strong>{t.stages[s]}</strong> : t.stages[s]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2 id="reward-stage">{t.stages[stage]}</h2>
      {props.error && (
        <p role="alert" class="field-error" id="reward-error">
          {props.error}
        </p>
      )}
      {stage === 'pay' && staff.role === 'finance_officer' && (
        <p>
          <a href="/staff/reveal/payment-batch.csv" id="payment-batch" download>
            {t.csv}
          </a>
          <br />
          <small>{t.csvHint}</small>
        </p>
      )}
      {props.rewards.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-scroll">
          <table id="reward-queue">
            <thead>
              <tr>
                <th scope="col">{t.caseNumber}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.amount}</th>
                <th scope="col">{stage === 'release' || stage === 'pay' ? t.release : t.ruleSet}</th>
                <th scope="col">{t.updated}</th>
              </tr>
            </thead>
            <tbody>
              {props.rewards.map((r) => (
                <tr>
                  <td>
                    {readsCases ? (
                      <a href={`/staff/cases/${r.caseNumber}?lang=${lang}#reward`}>{r.caseNumber}</a>
                    ) : (
                      r.caseNumber
                    )}
                  </td>
                  <td>{REWARD_STATUS_LABELS[r.status][lang]}</td>
                  <td>
                    {r.amountYuan !== undefined
                      ? money(r.amountYuan, lang)
                      : r.answer?.range
                        ? `${yuan(r.answer.range.minYuan)}–${yuan(r.answer.range.maxYuan)}`
                        : '—'}
                    {stage === 'approve' && r.amountYuan !== undefined && (
                      <small>
                        {' '}
                        ({t.approvalsNeeded(r.approvals.length, r.secondApprovalRequired ? 2 : 1)})
                      </small>
                    )}
                  </td>
                  <td>
                    {stage === 'release' || stage === 'pay' ? (
                      <ReleaseCell lang={lang} staff={staff} reward={r} />
                    ) : r.answer ? (
                      <code>
                        {r.answer.ruleSet.id}@{r.answer.ruleSet.version}
                      </code>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    <time datetime={r.updatedAt}>{shanghai(r.updatedAt, lang)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.cursor && <a href={`/staff/rewards?${next.toString()}`}>{t.next}</a>}
    </StaffLayout>
  );
}

/** Where the payee details stand; the custodian's release button when a request waits. */
function ReleaseCell(props: { lang: Lang; staff: StaffPrincipal; reward: RewardRecord }): Child {
  const { lang, reward: r } = props;
  const t = rewardText[lang];
  if (r.releasedTo) return `${t.releasedTo} ${r.releasedTo}`;
  if (!r.releaseRequestedBy) return t.awaitingRequest;
  return (
    <>
      {t.releaseRequested} {r.releaseRequestedBy}
      {props.staff.role === 'identity_custodian' && (
        <form method="post" action={`/staff/rewards/${r.caseNumber}/release`} class="inline">
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="version" value={String(r.version)} />
          <button type="submit" aria-label={`${t.actions.release} · ${r.caseNumber}`}>
            {t.actions.release}
          </button>
        </form>
      )}
    </>
  );
}

/** A page for a queue the role cannot open, or a stage that does not exist. */
export function RewardQueueRefused(props: { lang: Lang; staff: StaffPrincipal; message: string }) {
  const t = rewardText[props.lang];
  return (
    <StaffLayout lang={props.lang} title={t.queue} staff={props.staff}>
      <h1>{t.queue}</h1>
      <p role="alert">{props.message}</p>
    </StaffLayout>
  );
}
