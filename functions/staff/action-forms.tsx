/**
 * One small form per lifecycle action the signed-in role may take now, each with a line saying
 * what it does; each posts to the transitions route with the case version it was drawn with
 * (If-Match in the API). Actions that end a case (不予受理, 办结, 重复举报) are styled apart and
 * need a ticked confirmation, so they are never taken by a stray tap, with or without JavaScript.
 * The fields are in action-fields.tsx, the wording in action-text.ts.
 */

import type { Lang } from '#functions/web/i18n.ts';
import type { Action } from '#shared/domain/lifecycle/index.ts';
import { ACTION_LABELS } from '#shared/domain/lifecycle-labels.ts';
import type { Place } from '#shared/domain/place.ts';
import type { FieldIssue } from '#shared/errors.ts';
import {
  ConfirmBox,
  DateField,
  type FailedAction,
  fieldId,
  Hidden,
  Text,
  TownshipPicker,
} from './action-fields.tsx';
import { ACTION_EXPLAIN, DESTRUCTIVE, FORM_TEXT as F } from './action-text.ts';
import { RecheckFields } from './recheck-forms.tsx';
import type { RoutingPlaces, TownshipChoice } from './routing-help.ts';

export { ACTION_LABELS };

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
