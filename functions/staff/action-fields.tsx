/**
 * The fields of the lifecycle action forms: text and date inputs and the township picker that show
 * a refused form's values and errors again, the hidden inputs every form posts, and the confirmation
 * box of the actions that end a case. Apart from the forms themselves (action-forms.tsx), which
 * choose which fields each action needs.
 */
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { Action } from '#shared/domain/lifecycle/index.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { FORM_TEXT as F } from './action-text.ts';
import type { RoutingPlaces } from './routing-help.ts';

/** The form's inputs as sent, to show again after a refusal. */
export type FormEcho = Record<string, string>;

export interface FailedAction {
  action: string;
  issues: FieldIssue[];
  values: FormEcho;
}

/** The id of an action form's field (error links and labels point at it). */
export const fieldId = (action: string, field: string) => `a-${action}-${field}`;

/** Where the error summary links for an issue of an action's form. */
export const actionFieldHref = (action: string, field: string) =>
  `#${fieldId(action, field === 'toTownshipCode' || field === 'townshipCode' ? 'township' : field)}`;

/** A text input or text area, with its error and the value sent when the form was refused. */
export function Text(props: {
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

/** A date input, with its error and the value sent when the form was refused. */
export function DateField(props: {
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

/** The inputs every action form posts: the CSRF token, language, action and case version. */
export function Hidden(props: { lang: Lang; action: Action; version: number }) {
  return (
    <>
      <CsrfField />
      <input type="hidden" name="lang" value={props.lang} />
      <input type="hidden" name="action" value={props.action} />
      <input type="hidden" name="version" value={String(props.version)} />
    </>
  );
}

/** The ticked confirmation an action that ends a case needs. */
export function ConfirmBox(props: { action: Action; lang: Lang; label: string; failed?: FailedAction }) {
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
