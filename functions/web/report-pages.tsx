/** The citizen's pages: what to report and the privacy promise, the form, the confirmation. */

import { CsrfField } from '#functions/http/csrf.tsx';
import { formatAccessKey } from '#shared/domain/access-key-format.ts';
import { CATEGORIES, CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import type { Place } from '#shared/domain/place.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { EvidenceField, evidenceText } from './evidence-field.tsx';
import type { Lang, Messages } from './i18n.ts';
import { ErrorSummary, formField, Layout } from './layout.tsx';
import { QuestionnaireFields } from './questionnaire-fields.tsx';

export type FormValues = Record<string, string>;

export interface FormData {
  counties: Place[];
  townships: Map<string, Place[]>;
  villages: Place[];
}

function Field(props: {
  name: string;
  label: string;
  errors: FieldIssue[];
  lang: Lang;
  hint?: string;
  children: (attrs: Record<string, string | boolean>) => unknown;
}) {
  const error = props.errors.find((e) => formField(e.field) === props.name);
  const describedBy = [props.hint ? `h-${props.name}` : '', error ? `e-${props.name}` : '']
    .filter(Boolean)
    .join(' ');
  const attrs: Record<string, string | boolean> = { id: `f-${props.name}`, name: props.name };
  if (describedBy) attrs['aria-describedby'] = describedBy;
  if (error) attrs['aria-invalid'] = 'true';
  return (
    <label for={`f-${props.name}`}>
      {props.label}
      {props.children(attrs) as never}
      {props.hint && <small id={`h-${props.name}`}>{props.hint}</small>}
      {error && (
        <small id={`e-${props.name}`} class="field-error">
          {props.lang === 'zh' ? error.zh : error.en}
        </small>
      )}
    </label>
  );
}

export function HomePage(props: {
  lang: Lang;
  t: Messages;
  values: FormValues;
  errors: FieldIssue[];
  places: FormData;
}) {
  const { lang, t, values, errors, places } = props;
  return (
    <Layout lang={lang} t={t} title={t.formTitle} path="/">
      <hgroup>
        <h1>{t.siteName}</h1>
        <p>{t.tagline}</p>
      </hgroup>
      <section>
        <h2>{t.whatToReport}</h2>
        <ul>
          {t.whatList.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
        <p>
          <small>{t.notHere}</small>
        </p>
      </section>
      <section>
        <h2>{t.privacyTitle}</h2>
        <ul>
          {t.privacyList.map((item) => (
            <li>{item}</li>
          ))}
        </ul>
      </section>
      <section id="report">
        <h2>{t.formTitle}</h2>
        <ErrorSummary t={t} lang={lang} errors={errors} />
        <ReportForm
          action="/report"
          lang={lang}
          t={t}
          values={values}
          errors={errors}
          places={places}
          proofOfWork
        />
      </section>
    </Layout>
  );
}

export function CreatedPage(props: {
  lang: Lang;
  t: Messages;
  caseNumber: string;
  accessKey: string;
  status: string;
  /** How many evidence files were stored with the report. */
  filesAdded?: number;
}) {
  const { lang, t } = props;
  return (
    <Layout lang={lang} t={t} title={t.createdTitle} path="/follow-up">
      <article>
        <h1>{t.createdTitle}</h1>
        <p role="alert">
          <strong>{t.createdIntro}</strong>
        </p>
        <dl class="credentials">
          <dt>{t.caseNumber}</dt>
          <dd>
            <output id="case-number">{props.caseNumber}</output>
          </dd>
          <dt>{t.accessKey}</dt>
          <dd>
            <output id="access-key">{formatAccessKey(props.accessKey)}</output>
          </dd>
          <dt>{t.statusNow}</dt>
          <dd>{STATUS_LABELS[props.status as keyof typeof STATUS_LABELS]?.[lang] ?? props.status}</dd>
        </dl>
        {props.filesAdded ? <p id="files-added">{evidenceText[lang].saved(props.filesAdded)}</p> : null}
        <p>{t.createdNext}</p>
        <p>
          <a href={`/follow-up?lang=${lang}`}>{t.followUpTitle}</a>
        </p>
      </article>
    </Layout>
  );
}

/** The report form, shared by the citizen page and the operator's phone intake (same fields, same schema). */
export function ReportForm(props: {
  action: string;
  lang: Lang;
  t: Messages;
  values: FormValues;
  errors: FieldIssue[];
  places: FormData;
  /** The anonymous citizen form: the page's script fills `pow` with a solved proof-of-work. */
  proofOfWork?: boolean;
}) {
  const { lang, t, values, errors, places } = props;
  const v = (k: string) => values[k] ?? '';
  return (
    <form method="post" action={props.action} enctype="multipart/form-data" novalidate>
      <CsrfField />
      <input type="hidden" name="lang" value={lang} />
      <input type="hidden" name="idempotencyKey" value={v('idempotencyKey')} />
      {props.proofOfWork && <input type="hidden" name="pow" value="" data-pow={t.powChecking} />}
      <fieldset>
        <legend>{t.category}</legend>
        {errors
          .filter((e) => e.field === 'category')
          .map((e) => (
            <small id="e-category" class="field-error">
              {lang === 'zh' ? e.zh : e.en}
            </small>
          ))}
        {CATEGORIES.map((c, i) => (
          <label>
            <input
              type="radio"
              name="category"
              value={c}
              checked={v('category') === c}
              required
              {...(i === 0 ? { id: 'f-category' } : {})}
              {...(errors.some((e) => e.field === 'category') ? { 'aria-describedby': 'e-category' } : {})}
            />
            {CATEGORY_LABELS[c][lang]}
          </label>
        ))}
      </fieldset>
      <QuestionnaireFields lang={lang} values={values} errors={errors} />
      <Field name="description" label={t.description} hint={t.descriptionHint} errors={errors} lang={lang}>
        {(a) => (
          <textarea {...a} rows={6} required minlength={10} maxlength={5000}>
            {v('description')}
          </textarea>
        )}
      </Field>
      <Field name="unitName" label={t.unitName} hint={t.unitNameHint} errors={errors} lang={lang}>
        {(a) => <input {...a} type="text" maxlength={200} value={v('unitName')} />}
      </Field>
      <Field name="occurredAt" label={t.occurredAt} errors={errors} lang={lang}>
        {(a) => <input {...a} type="date" value={v('occurredAt')} />}
      </Field>
      <label>
        <input type="checkbox" name="imminentDanger" value="on" checked={v('imminentDanger') === 'on'} />
        {t.imminentDanger}
      </label>
      <fieldset>
        <legend>{t.where}</legend>
        <Field name="countyCode" label={t.county} errors={errors} lang={lang}>
          {(a) => (
            <select {...a} data-county-select>
              <option value="">{t.chooseCounty}</option>
              {places.counties.map((p) => (
                <option value={p.code} selected={v('countyCode') === p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="townshipCode" label={t.township} errors={errors} lang={lang}>
          {(a) => (
            <select {...a} data-township-select>
              <option value="">{t.chooseTownship}</option>
              {places.counties.map((county) => (
                <optgroup label={county.name} data-county={county.code}>
                  {(places.townships.get(county.code) ?? []).map((p) => (
                    <option value={p.code} selected={v('townshipCode') === p.code}>
                      {p.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field name="villageCode" label={t.village} errors={errors} lang={lang}>
          {(a) => (
            <select {...a} data-village-select>
              <option value="">{t.chooseVillage}</option>
              {places.villages.map((p) => (
                <option value={p.code} selected={v('villageCode') === p.code}>
                  {p.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" name="action" value="villages" class="secondary" formnovalidate data-no-js-only>
          {t.loadVillages}
        </button>
        <Field name="address" label={t.address} hint={t.addressHint} errors={errors} lang={lang}>
          {(a) => <input {...a} type="text" maxlength={300} value={v('address')} />}
        </Field>
      </fieldset>
      <EvidenceField lang={lang} errors={errors} />
      <fieldset>
        <legend>{t.identityTitle}</legend>
        <p>
          <small>{t.identityHint}</small>
        </p>
        <Field name="name" label={t.name} errors={errors} lang={lang}>
          {(a) => <input {...a} type="text" maxlength={50} autocomplete="off" value={v('name')} />}
        </Field>
        <Field name="phone" label={t.phone} errors={errors} lang={lang}>
          {(a) => <input {...a} type="tel" inputmode="numeric" autocomplete="off" value={v('phone')} />}
        </Field>
        <Field name="idNumber" label={t.idNumber} errors={errors} lang={lang}>
          {(a) => <input {...a} type="text" autocomplete="off" maxlength={18} value={v('idNumber')} />}
        </Field>
        <label>
          <input
            type="checkbox"
            name="isEmployeeOfUnit"
            value="on"
            checked={v('isEmployeeOfUnit') === 'on'}
          />
          {t.isEmployee}
        </label>
      </fieldset>
      <button type="submit" name="action" value="submit">
        {t.submit}
      </button>
    </form>
  );
}
