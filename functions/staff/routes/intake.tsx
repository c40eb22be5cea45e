/** Phone intake: the operator keys in a caller's report with the citizen form. */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { ReportSchema } from '#functions/http/schemas.ts';
import { readMultipart } from '#functions/http/uploads.ts';
import { parseOrThrow } from '#functions/http/validation.ts';
import { attachToNewCase, collectIssues } from '#functions/web/evidence-field.tsx';
import { formPlaces, formToReport } from '#functions/web/forms.ts';
import { dictionaries, type Lang } from '#functions/web/i18n.ts';
import { ErrorSummary } from '#functions/web/layout.tsx';
import { type FormValues, ReportForm } from '#functions/web/report-pages.tsx';
import { formatAccessKey } from '#shared/domain/access-key-format.ts';
import type { FieldIssue } from '#shared/errors.ts';
import { ForbiddenError, ValidationError } from '#shared/errors.ts';
import { prepareEvidence } from '#shared/services/evidence.ts';
import { canTakePhoneReports, phoneIntake } from '#shared/services/staff-cases.ts';
import { StaffLayout, staffText } from '../layout.tsx';
import { type ConsoleDeps, langOf, namesOf } from './context.ts';

export function intakeRoutes(deps: ConsoleDeps) {
  const app = new Hono();

  const intakePage = async (
    c: Context,
    lang: Lang,
    values: FormValues,
    errors: FieldIssue[],
    status: 200 | 400,
  ) => {
    const places = await formPlaces(deps, values.townshipCode);
    const t = staffText[lang];
    return c.html(
      <StaffLayout lang={lang} title={t.phoneIntake} staff={c.get('staff')}>
        <h1>{t.phoneIntake}</h1>
        <p>{t.phoneIntakeHint}</p>
        <ErrorSummary t={dictionaries[lang]} lang={lang} errors={errors} />
        <ReportForm
          action="/staff/intake"
          lang={lang}
          t={dictionaries[lang]}
          values={values}
          errors={errors}
          places={places}
        />
      </StaffLayout>,
      status,
    );
  };

  app.get('/staff/intake', (c) => {
    if (!canTakePhoneReports(c.get('staff')))
      throw new ForbiddenError('role cannot take phone reports', { zh: '只有话务员和县级人员登记电话举报' });
    return intakePage(c, langOf(c), { idempotencyKey: crypto.randomUUID() }, [], 200);
  });

  app.post('/staff/intake', async (c) => {
    const { values, files } = await readMultipart(c);
    const lang = langOf(c, values);
    if (values.action === 'villages' || values.action === 'questions')
      return intakePage(c, lang, values, [], 200);
    try {
      // The report and its files are checked together, so every problem is listed at once.
      const [input, prepared] = await collectIssues(
        () => parseOrThrow(ReportSchema, formToReport(values)),
        () => prepareEvidence(files),
      );
      const staff = c.get('staff');
      const created = await phoneIntake(deps, staff, input, values.idempotencyKey);
      await attachToNewCase(deps, created.caseNumber, prepared, 'phone_intake', {
        kind: 'staff',
        staffId: staff.id,
      });
      // Where the case went: its township when the place was chosen, else the triage queue.
      const record = (await deps.cases.get(created.caseNumber))?.record;
      const placeName = await namesOf(deps, [record?.townshipCode]);
      c.header('Cache-Control', 'no-store');
      const t = staffText[lang];
      return c.html(
        <StaffLayout lang={lang} title={t.phoneIntake} staff={c.get('staff')}>
          <h1>{t.phoneIntakeDone}</h1>
          <p role="alert">{t.phoneIntakeReadBack}</p>
          <dl class="credentials">
            <dt>{dictionaries[lang].caseNumber}</dt>
            <dd>
              <output id="case-number">{created.caseNumber}</output>
            </dd>
            <dt>{dictionaries[lang].accessKey}</dt>
            <dd>
              <output id="access-key">{formatAccessKey(created.accessKey)}</output>
            </dd>
          </dl>
          <h2>{t.whereItWent}</h2>
          <p id="routed-to">
            {record?.townshipCode ? t.routedTo(placeName(record.townshipCode)) : t.inTriage}
          </p>
          <p>
            <a href={`/staff/cases/${created.caseNumber}?lang=${lang}`} id="open-case">
              {t.openCase}
            </a>
          </p>
          <p>
            <a href={`/staff/intake?lang=${lang}`} class="button secondary">
              {t.phoneIntakeAnother}
            </a>
          </p>
        </StaffLayout>,
        201,
      );
    } catch (err) {
      if (err instanceof ValidationError) return intakePage(c, lang, values, err.issues, 400);
      throw err;
    }
  });

  return app;
}
