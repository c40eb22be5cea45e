/**
 * One small form per lifecycle action the signed-in role may take now, each with a line saying
 * what it does; each posts to the transitions route with the case version it was drawn with
 * (If-Match in the API). Actions that end a case (不予受理, 办结, 重复举报) are styled apart and
 * need a ticked confirmation, so they are never taken by a stray tap, with or without JavaScript.
 */

import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { Action } from '#shared/domain/lifecycle/index.ts';
import { ACTION_LABELS } from '#shared/domain/lifecycle-labels.ts';
import type { Place } from '#shared/domain/place.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { RecheckFields } from './recheck-forms.tsx';
import type { RoutingPlaces, TownshipChoice } from './routing-help.ts';

export { ACTION_LABELS };

/** Actions that end the case's handling: a red button and a confirmation box. */
export const DESTRUCTIVE: ReadonlySet<Action> = new Set(['reject', 'close', 'mark_duplicate']);

/** What each action does, in one line, shown under its name. */
export const ACTION_EXPLAIN: Record<Action, { zh: string; en: string }> = {
  assign_township: {
    zh: '交给负责该地的乡镇（街道）办理，乡镇的受理期限从此刻起算。',
    en: 'Send the case to the township responsible; its time to accept starts now.',
  },
  accept: {
    zh: '确认属本乡镇职责并开始办理，核查处理期限从受理起算。',
    en: 'Take the case on; the time to verify and handle starts now.',
  },
  reject: {
    zh: '不属于安全生产举报或无法核查时使用；理由告知举报人，案件就此结束。',
    en: 'For reports outside work safety or impossible to verify; the reporter is told why and the case ends.',
  },
  transfer: {
    zh: '不归本乡镇管时移交给其他乡镇或有关部门；理由告知举报人。',
    en: 'Hand the case to another township or a department; the reporter is told why.',
  },
  start_verification: {
    zh: '开始现场核查；举报人会看到“核查中”。',
    en: 'Start verifying on site; the reporter sees “being verified”.',
  },
  record_findings: {
    zh: '记录现场核查情况，仅工作人员可见，可以多次记录。',
    en: 'Record what verification found; staff only; may be recorded several times.',
  },
  substantiate: {
    zh: '认定举报属实；结论在办结时随反馈告知举报人。',
    en: 'Conclude the report is true; the reporter gets the conclusion with the feedback at closing.',
  },
  unsubstantiate: {
    zh: '认定举报不属实；结论在办结时随反馈告知举报人。',
    en: 'Conclude the report is not true; the reporter gets the conclusion with the feedback at closing.',
  },
  order_rectification: {
    zh: '责令被举报单位在期限内整改，整改期限以此为准。',
    en: 'Order the unit to rectify by a date; that date becomes the deadline.',
  },
  confirm_rectification: {
    zh: '复查确认整改完成后使用，之后即可办结。',
    en: 'Use after checking the rectification is done; the case can then be closed.',
  },
  close: {
    zh: '把处理结果反馈举报人并结束办理；举报人可在 10 日内提出异议。',
    en: 'Send the outcome to the reporter and end handling; they may object within 10 days.',
  },
  request_extension: {
    zh: '确实不能按期办结时，向县级申请延期一次（最长 30 日）。',
    en: 'Ask the county once for more time (at most 30 days) when handling cannot finish in time.',
  },
  approve_extension: {
    zh: '同意乡镇的延期申请，核查处理期限相应延长；理由告知举报人。',
    en: "Grant the township's extension; the deadline moves and the reporter is told why.",
  },
  refuse_extension: {
    zh: '不同意延期，原期限不变；理由仅工作人员可见。',
    en: 'Refuse the extension; the deadline stays; the reason is for staff only.',
  },
  mark_duplicate: {
    zh: '与已有举报是同一件事时使用；本案结束并指向首次举报。',
    en: 'Use when an earlier report covers the same matter; this case ends and points to it.',
  },
  list_for_supervision: {
    zh: '对重大事故隐患挂牌督办，并在公示页公布。',
    en: 'List a major hazard for county supervision and publish it on the public page.',
  },
  object: {
    zh: '举报人对处理结论提出异议。',
    en: 'The reporter objects to the conclusion.',
  },
  review_objection: {
    zh: '由未参与核查的人员复核举报人的异议；成立则重新核查。',
    en: "Review the reporter's objection (not by anyone who verified); upheld reopens verification.",
  },
  request_recheck: {
    zh: '请本乡镇的村安全员到现场复查整改情况；村安全员只看到您写的隐患情况和单位名称。',
    en: 'Ask a village coordinator of the township to re-check on site; they see only what you write here and the unit.',
  },
  record_recheck: {
    zh: '村安全员记录现场复查结果，由乡镇据此确认或认定整改不合格。',
    en: 'The village coordinator records the re-check; the township then confirms or rejects the rectification.',
  },
  reject_rectification: {
    zh: '整改未到位时使用：说明理由并定新的整改期限，期限以此为准。',
    en: 'When the rectification falls short: give the reason and a new deadline, which becomes the deadline.',
  },
};

const F = {
  zh: {
    note: '备注（选填，仅工作人员可见）',
    reason: '理由',
    reasonToReporter: '理由（将告知举报人）',
    reasonStaff: '理由（仅工作人员可见）',
    findings: '核查情况',
    conclusion: '核查结论',
    order: '整改要求',
    deadline: '整改期限',
    supervisionDeadline: '督办期限',
    feedback: '反馈举报人的内容',
    days: '延长天数（1–30）',
    of: '首次举报的案件编号',
    upheld: '异议成立，重新核查',
    county: '县（市、区）',
    township: '乡镇（街道）',
    chooseCounty: '全部县（市、区）',
    chooseTownship: '请选择乡镇（街道）',
    department: '或移交部门（填写部门则不选乡镇）',
    publicName: '公示单位名称',
    publicNameHint: '将显示在公示页上。请填写核实后的单位名称，不要照抄举报内容；不填则显示为“未具名单位”。',
    confirm: (label: string) => `我已核对，确认${label}`,
    candidates: '地名匹配到的乡镇（点一下即交办）',
    noCandidates: '地址中没有找到能确定乡镇的地名，请从下面的列表选择。',
    assignTo: (name: string) => `交办${name}`,
    or: '或从列表中选择：',
    none: '您的岗位现在没有可以对本案执行的操作。',
  },
  en: {
    note: 'Note (optional, staff only)',
    reason: 'Reason',
    reasonToReporter: 'Reason (the reporter is told)',
    reasonStaff: 'Reason (staff only)',
    findings: 'Findings',
    conclusion: 'Conclusion',
    order: 'What must be rectified',
    deadline: 'Rectify by',
    supervisionDeadline: 'Supervision deadline',
    feedback: 'Feedback to the reporter',
    days: 'Extra days (1–30)',
    of: 'Case number of the first report',
    upheld: 'Objection upheld: verify again',
    county: 'County',
    township: 'Township',
    chooseCounty: 'All counties',
    chooseTownship: 'Choose a township',
    department: 'or department (instead of a township)',
    publicName: 'Unit name to publish',
    publicNameHint:
      'Shown on the public page. Enter the verified name of the unit, not the report’s wording; left empty it shows as unnamed.',
    confirm: (label: string) => `I have checked: ${label.toLowerCase()}`,
    candidates: 'Townships found in the address (one click assigns)',
    noCandidates: 'No place name in the address settles the township; choose from the lists below.',
    assignTo: (name: string) => `Assign to ${name}`,
    or: 'Or choose from the lists:',
    none: 'Your role has nothing to do on this case now.',
  },
};

/** The form's inputs as sent, to show again after a refusal. */
export type FormEcho = Record<string, string>;

export interface FailedAction {
  action: string;
  issues: FieldIssue[];
  values: FormEcho;
}

const fieldId = (action: string, field: string) => `a-${action}-${field}`;

/** Where the error summary links for an issue of an action's form. */
export const actionFieldHref = (action: string, field: string) =>
  `#${fieldId(action, field === 'toTownshipCode' || field === 'townshipCode' ? 'township' : field)}`;

function Text(props: {
  action: Action;
  name: string;
  label: string;
  required?: boolean;
  area?: boolean;
  failed?: FailedAction;
  lang: Lang;
  hint?: string;
}) {
  const id = fieldId(props.action, props.name);
  const mine = props.failed?.action === props.action ? props.failed : undefined;
  const issue = mine?.issues.find((i) => i.field === props.name);
  const value = mine?.values[props.name] ?? '';
  const describedBy = [props.hint ? `${id}-hint` : '', issue ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria: Record<string, string> = {};
  if (describedBy) aria['aria-describedby'] = describedBy;
  if (issue) aria['aria-invalid'] = 'true';
  return (
    <label for={id}>
      {props.label}
      {issue && (
        <small id={`${id}-error`} class="field-error">
          {props.lang === 'zh' ? issue.zh : issue.en}
        </small>
      )}
      {props.area ? (
        <textarea id={id} name={props.name} rows={3} required={props.required} maxlength={4000} {...aria}>
          {value}
        </textarea>
      ) : (
        <input
          id={id}
          name={props.name}
          type="text"
          required={props.required}
          maxlength={200}
          value={value}
          {...aria}
        />
      )}
      {props.hint && <small id={`${id}-hint`}>{props.hint}</small>}
    </label>
  );
}

function DateField(props: {
  action: Action;
  name: string;
  label: string;
  failed?: FailedAction;
  lang: Lang;
}) {
  const id = fieldId(props.action, props.name);
  const mine = props.failed?.action === props.action ? props.failed : undefined;
  const issue = mine?.issues.find((i) => i.field === props.name);
  return (
    <label for={id}>
      {props.label}
      {issue && (
        <small id={`${id}-error`} class="field-error">
          {props.lang === 'zh' ? issue.zh : issue.en}
        </small>
      )}
      <input
        id={id}
        name={props.name}
        type="date"
        required
        value={mine?.values[props.name] ?? ''}
        {...(issue ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})}
      />
    </label>
  );
}

/** County → township lists, cascading with JavaScript (staff.js), grouped by county without. */
export function TownshipPicker(props: {
  action: Action;
  name: string;
  lang: Lang;
  places: RoutingPlaces;
  failed?: FailedAction;
  required?: boolean;
}) {
  const f = F[props.lang];
  const mine = props.failed?.action === props.action ? props.failed : undefined;
  const issue = mine?.issues.find((i) => i.field === props.name || i.field === 'townshipCode');
  const chosen = mine?.values[props.name] ?? '';
  const countyId = fieldId(props.action, 'county');
  const townshipId = fieldId(props.action, 'township');
  return (
    <>
      {props.places.counties.length > 1 && (
        <label for={countyId}>
          {f.county}
          <select id={countyId} name="county" data-county-select>
            <option value="">{f.chooseCounty}</option>
            {props.places.counties.map((c) => (
              <option value={c.code} selected={mine?.values.county === c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <label for={townshipId}>
        {f.township}
        {issue && (
          <small id={`${townshipId}-error`} class="field-error">
            {props.lang === 'zh' ? issue.zh : issue.en}
          </small>
        )}
        <select
          id={townshipId}
          name={props.name}
          data-township-select
          required={props.required}
          {...(issue ? { 'aria-invalid': 'true', 'aria-describedby': `${townshipId}-error` } : {})}
        >
          <option value="">{f.chooseTownship}</option>
          {props.places.counties.map((county) => (
            <optgroup label={county.name} data-county={county.code}>
              {(props.places.townships.get(county.code) ?? []).map((t) => (
                <option value={t.code} selected={chosen === t.code}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
    </>
  );
}

function Hidden(props: { lang: Lang; action: Action; version: number }) {
  return (
    <>
      <CsrfField />
      <input type="hidden" name="lang" value={props.lang} />
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="version" value={String(props.version)} />
    </>
  );
}

/** The one-click choices of the place matcher: each a form assigning the case to that township. */
export function CandidateButtons(props: {
  lang: Lang;
  caseNumber: string;
  version: number;
  candidates: TownshipChoice[];
}) {
  const f = F[props.lang];
  if (props.candidates.length === 0) return <p id="no-candidates">{f.noCandidates}</p>;
  return (
    <>
      <p>{f.candidates}</p>
      <ul class="candidates" id="candidates">
        {props.candidates.map((c) => (
          <li>
            <form
              method="post"
              action={`/staff/cases/${props.caseNumber}/transitions`}
              data-action="assign_township"
              data-candidate={c.code}
            >
              <Hidden lang={props.lang} action="assign_township" version={props.version} />
              <input type="hidden" name="townshipCode" value={c.code} />
              <button type="submit" class="secondary">
                {f.assignTo(`${c.countyName}${c.name}`)}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}

export function ActionForms(props: {
  lang: Lang;
  caseNumber: string;
  version: number;
  actions: Action[];
  places: RoutingPlaces;
  candidates: TownshipChoice[];
  failed?: FailedAction;
  /** Defaults of the re-check request: the unit and the villages of the case's township. */
  recheck?: { unitName?: string; villages?: Place[]; villageCode?: string };
}) {
  const { lang } = props;
  const f = F[lang];
  if (props.actions.length === 0) return <p>{f.none}</p>;
  return (
    <div class="actions">
      {props.actions.map((action) => {
        const destructive = DESTRUCTIVE.has(action);
        const open =
          props.failed?.action === action || (action === 'assign_township' && props.actions.length <= 2);
        const common = { action, lang, failed: props.failed };
        const label = ACTION_LABELS[action][lang];
        return (
          <details class={destructive ? 'destructive' : ''} open={open} id={`action-${action}`}>
            <summary>{label}</summary>
            <small class="explain">{ACTION_EXPLAIN[action][lang]}</small>
            {action === 'assign_township' && (
              <CandidateButtons
                lang={lang}
                caseNumber={props.caseNumber}
                version={props.version}
                candidates={props.candidates}
              />
            )}
            <form method="post" action={`/staff/cases/${props.caseNumber}/transitions`} data-action={action}>
              <Hidden lang={lang} action={action} version={props.version} />
              {action === 'assign_township' && props.candidates.length > 0 && <p>{f.or}</p>}
              {['accept', 'start_verification', 'confirm_rectification'].includes(action) && (
                <Text {...common} name="note" label={f.note} />
              )}
              {action === 'reject' && (
                <Text {...common} name="reason" label={f.reasonToReporter} required area />
              )}
              {action === 'request_extension' && (
                <Text {...common} name="reason" label={f.reasonStaff} required area />
              )}
              {action === 'refuse_extension' && (
                <Text {...common} name="reason" label={f.reasonStaff} required area />
              )}
              {action === 'object' && <Text {...common} name="reason" label={f.reason} required area />}
              {action === 'record_findings' && (
                <Text {...common} name="findings" label={f.findings} required area />
              )}
              {(action === 'substantiate' || action === 'unsubstantiate') && (
                <Text {...common} name="conclusion" label={f.conclusion} required area />
              )}
              {action === 'close' && <Text {...common} name="feedback" label={f.feedback} required area />}
              {action === 'assign_township' && (
                <>
                  <TownshipPicker {...common} name="townshipCode" places={props.places} required />
                  <Text {...common} name="note" label={f.note} />
                </>
              )}
              {action === 'transfer' && (
                <>
                  <TownshipPicker {...common} name="toTownshipCode" places={props.places} />
                  <Text {...common} name="toDepartment" label={f.department} />
                  <Text {...common} name="reason" label={f.reasonToReporter} required area />
                </>
              )}
              {action === 'order_rectification' && (
                <>
                  <Text {...common} name="order" label={f.order} required area />
                  <DateField {...common} name="deadline" label={f.deadline} />
                </>
              )}
              {action === 'approve_extension' && (
                <>
                  <label for={fieldId(action, 'days')}>
                    {f.days}
                    <input
                      id={fieldId(action, 'days')}
                      name="days"
                      type="number"
                      min={1}
                      max={30}
                      required
                      value={props.failed?.action === action ? (props.failed.values.days ?? '') : ''}
                    />
                  </label>
                  <Text {...common} name="reason" label={f.reasonToReporter} required area />
                </>
              )}
              {action === 'mark_duplicate' && (
                <>
                  <Text {...common} name="ofCaseNumber" label={f.of} required />
                  <Text {...common} name="note" label={f.note} />
                </>
              )}
              {action === 'list_for_supervision' && (
                <>
                  <DateField {...common} name="deadline" label={f.supervisionDeadline} />
                  <Text {...common} name="publicName" label={f.publicName} hint={f.publicNameHint} />
                  <Text {...common} name="note" label={f.note} />
                </>
              )}
              {action === 'review_objection' && (
                <>
                  <label>
                    <input type="checkbox" name="upheld" value="on" />
                    {f.upheld}
                  </label>
                  <Text {...common} name="reason" label={f.reasonToReporter} required area />
                </>
              )}
              <RecheckFields action={action} lang={lang} {...props.recheck} />
              {destructive && <ConfirmBox action={action} lang={lang} label={label} failed={props.failed} />}
              <button type="submit" class={destructive ? 'danger' : ''}>
                {label}
              </button>
            </form>
          </details>
        );
      })}
    </div>
  );
}

function ConfirmBox(props: { action: Action; lang: Lang; label: string; failed?: FailedAction }) {
  const id = fieldId(props.action, 'confirm');
  const issue =
    props.failed?.action === props.action
      ? props.failed.issues.find((i) => i.field === 'confirm')
      : undefined;
  return (
    <div class="confirm">
      {issue && (
        <small id={`${id}-error`} class="field-error">
          {props.lang === 'zh' ? issue.zh : issue.en}
        </small>
      )}
      <label for={id}>
        <input
          id={id}
          type="checkbox"
          name="confirm"
          value="yes"
          required
          {...(issue ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})}
        />
        {F[props.lang].confirm(props.label)}
      </label>
    </div>
  );
}

/** A destructive action posted without its confirmation box ticked: the issue to show. */
export function missingConfirmation(form: Record<string, string>): FieldIssue | null {
  if (!DESTRUCTIVE.has(form.action as Action) || form.confirm === 'yes') return null;
  const label = ACTION_LABELS[form.action as Action];
  return {
    field: 'confirm',
    zh: `请勾选确认后再${label.zh}`,
    en: `Tick the box to confirm: ${label.en.toLowerCase()}`,
  };
}

/** Form fields → a transition request (numbers and booleans typed, blanks and form-only fields dropped). */
export function formToTransition(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const formOnly = new Set(['lang', 'version', 'confirm', 'county', 'csrf', '_csrf']);
  for (const [k, v] of Object.entries(form)) {
    if (formOnly.has(k) || v.trim() === '') continue;
    out[k] = k === 'days' ? Number(v) : v.trim();
  }
  if (form.action === 'review_objection') out.upheld = form.upheld === 'on';
  if (out.toTriage === 'on' || out.toTriage === 'true') out.toTriage = true;
  return out;
}
