/** One small form per lifecycle action allowed now; each posts to the transitions route with If-Match. */

import type { Lang } from '#functions/web/i18n.ts';
import type { Action } from '#shared/domain/lifecycle.ts';
import type { Place } from '#shared/repositories/directory-repository.ts';
import { RECHECK_ACTION_LABELS, RecheckFields } from './recheck-forms.tsx';

export const ACTION_LABELS: Record<Action, { zh: string; en: string }> = {
  assign_township: { zh: '交办乡镇', en: 'Assign to a township' },
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Reject' },
  transfer: { zh: '移交', en: 'Transfer' },
  start_verification: { zh: '开始核查', en: 'Start verification' },
  record_findings: { zh: '记录核查情况', en: 'Record findings' },
  substantiate: { zh: '认定属实', en: 'Substantiate' },
  unsubstantiate: { zh: '认定不属实', en: 'Not substantiated' },
  order_rectification: { zh: '责令整改', en: 'Order rectification' },
  confirm_rectification: { zh: '确认整改完成', en: 'Confirm rectification' },
  close: { zh: '办结并反馈', en: 'Close with feedback' },
  request_extension: { zh: '申请延期', en: 'Request extension' },
  approve_extension: { zh: '批准延期', en: 'Approve extension' },
  refuse_extension: { zh: '不批准延期', en: 'Refuse extension' },
  mark_duplicate: { zh: '标记为重复举报', en: 'Mark as duplicate' },
  list_for_supervision: { zh: '挂牌督办', en: 'List for supervision' },
  object: { zh: '提出异议', en: 'Object' },
  review_objection: { zh: '复核异议', en: 'Review objection' },
  ...RECHECK_ACTION_LABELS,
};

const F = {
  zh: {
    note: '备注',
    reason: '理由',
    findings: '核查情况',
    conclusion: '结论',
    order: '整改要求',
    deadline: '期限',
    feedback: '反馈举报人的内容',
    days: '延长天数（≤30）',
    of: '首次举报的案件编号',
    upheld: '异议成立',
    township: '乡镇',
    department: '或移交部门',
    publicName: '公示单位名称',
    publicNameHint: '将显示在公示页上。请填写核实后的单位名称，不要照抄举报内容；不填则显示为“未具名单位”。',
  },
  en: {
    note: 'Note',
    reason: 'Reason',
    findings: 'Findings',
    conclusion: 'Conclusion',
    order: 'Order',
    deadline: 'Deadline',
    feedback: 'Feedback to the reporter',
    days: 'Days (≤30)',
    of: 'Case number of the first report',
    upheld: 'Objection upheld',
    township: 'Township',
    department: 'or department',
    publicName: 'Unit name to publish',
    publicNameHint:
      'Shown on the public page. Enter the verified name of the unit, not the report’s wording; left empty it shows as unnamed.',
  },
};

function Text(props: { id: string; name: string; label: string; required?: boolean; area?: boolean }) {
  return (
    <label for={props.id}>
      {props.label}
      {props.area ? (
        <textarea id={props.id} name={props.name} rows={2} required={props.required} maxlength={4000} />
      ) : (
        <input id={props.id} name={props.name} type="text" required={props.required} maxlength={200} />
      )}
    </label>
  );
}

export function ActionForms(props: {
  lang: Lang;
  caseNumber: string;
  version: number;
  actions: Action[];
  townships: Place[];
  error?: string;
  /** Defaults of the re-check request: the unit and the villages of the case's township. */
  recheck?: { unitName?: string; villages?: Place[]; villageCode?: string };
}) {
  const { lang } = props;
  const f = F[lang];
  if (props.actions.length === 0) return <p>—</p>;
  return (
    <div class="actions">
      {props.error && (
        <p role="alert" class="field-error" id="action-error">
          {props.error}
        </p>
      )}
      {props.actions.map((action) => {
        const id = (field: string) => `a-${action}-${field}`;
        return (
          <details>
            <summary>{ACTION_LABELS[action][lang]}</summary>
            <form method="post" action={`/staff/cases/${props.caseNumber}/transitions`} data-action={action}>
              <input type="hidden" name="lang" value={lang} />
              <input type="hidden" name="action" value={action} />
              <input type="hidden" name="version" value={String(props.version)} />
              {['accept', 'start_verification', 'confirm_rectification'].includes(action) && (
                <Text id={id('note')} name="note" label={f.note} />
              )}
              {['reject', 'request_extension', 'refuse_extension', 'object'].includes(action) && (
                <Text id={id('reason')} name="reason" label={f.reason} required area />
              )}
              {action === 'record_findings' && (
                <Text id={id('findings')} name="findings" label={f.findings} required area />
              )}
              {(action === 'substantiate' || action === 'unsubstantiate') && (
                <Text id={id('conclusion')} name="conclusion" label={f.conclusion} required area />
              )}
              {action === 'close' && (
                <Text id={id('feedback')} name="feedback" label={f.feedback} required area />
              )}
              {(action === 'assign_township' || action === 'transfer') && (
                <label for={id('township')}>
                  {f.township}
                  <select
                    id={id('township')}
                    name={action === 'transfer' ? 'toTownshipCode' : 'townshipCode'}
                  >
                    <option value="">—</option>
                    {props.townships.map((t) => (
                      <option value={t.code}>{t.name}</option>
                    ))}
                  </select>
                </label>
              )}
              {action === 'transfer' && (
                <>
                  <Text id={id('department')} name="toDepartment" label={f.department} />
                  <Text id={id('reason')} name="reason" label={f.reason} required area />
                </>
              )}
              {action === 'order_rectification' && (
                <>
                  <Text id={id('order')} name="order" label={f.order} required area />
                  <label for={id('deadline')}>
                    {f.deadline}
                    <input id={id('deadline')} name="deadline" type="date" required />
                  </label>
                </>
              )}
              {action === 'approve_extension' && (
                <>
                  <label for={id('days')}>
                    {f.days}
                    <input id={id('days')} name="days" type="number" min={1} max={30} required />
                  </label>
                  <Text id={id('reason')} name="reason" label={f.reason} required area />
                </>
              )}
              {action === 'mark_duplicate' && (
                <Text id={id('of')} name="ofCaseNumber" label={f.of} required />
              )}
              {action === 'list_for_supervision' && (
                <>
                  <label for={id('deadline')}>
                    {f.deadline}
                    <input id={id('deadline')} name="deadline" type="date" required />
                  </label>
                  <Text id={id('publicName')} name="publicName" label={f.publicName} />
                  <small id={id('publicNameHint')}>{f.publicNameHint}</small>
                  <Text id={id('note')} name="note" label={f.note} />
                </>
              )}
              {action === 'review_objection' && (
                <>
                  <label>
                    <input type="checkbox" name="upheld" value="on" />
                    {f.upheld}
                  </label>
                  <Text id={id('reason')} name="reason" label={f.reason} required area />
                </>
              )}
              <RecheckFields action={action} lang={lang} {...props.recheck} />
              <button type="submit">{ACTION_LABELS[action][lang]}</button>
            </form>
          </details>
        );
      })}
    </div>
  );
}

/** Form fields → a transition request (numbers and booleans typed, blanks dropped). */
export function formToTransition(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(form)) {
    if (k === 'lang' || k === 'version' || v.trim() === '') continue;
    out[k] = k === 'days' ? Number(v) : v.trim();
  }
  if (form.action === 'review_objection') out.upheld = form.upheld === 'on';
  return out;
}
