/**
 * The questionnaire inside a report form (the citizen's, the operator's phone intake and the
 * coordinator's patrol report): one fieldset per group of categories. Only the chosen category's
 * group is shown and submitted (the others are `hidden` and `disabled`). Without JavaScript the
 * "questions for this category" button re-renders the form with the group; with JavaScript
 * (app.js) the group appears as soon as a category is chosen.
 */

import type { FieldIssue } from '#shared/errors.ts';
import { questionnaire } from '#shared/questionnaire.ts';
import type { Lang } from './i18n.ts';
import { formField } from './layout.tsx';

const T = {
  zh: {
    show: '回答该类别的几个问题',
    optional: '以下问题都可以不答；知道多少答多少。',
    choose: '请选择',
  },
  en: {
    show: 'Questions for this category',
    optional: 'Every question is optional; answer what you know.',
    choose: 'Choose',
  },
};

/** Radios up to this many options; a list above (a long list of radios is a long scroll on a phone). */
const MAX_RADIOS = 6;

export function QuestionnaireFields(props: {
  lang: Lang;
  values: Record<string, string>;
  errors: FieldIssue[];
}) {
  const { lang, values, errors } = props;
  const t = T[lang];
  const category = values.category ?? '';
  const errorOf = (id: string) =>
    errors.find((e) => e.field === `answers.${id}` || formField(e.field) === id);
  return (
    <div class="questionnaire">
      <button type="submit" name="action" value="questions" class="secondary" formnovalidate data-no-js-only>
        {t.show}
      </button>
      {questionnaire.groups.map((group) => {
        const shown = group.categories.includes(category as never);
        return (
          <fieldset
            data-questions-for={group.categories.join(' ')}
            id={`questions-${group.id}`}
            hidden={!shown}
            disabled={!shown}
          >
            <legend>{group.title[lang]}</legend>
            <p>
              <small>{t.optional}</small>
            </p>
            {group.questions.map((q) => {
              const name = `answers.${q.id}`;
              const id = `f-${q.id}`;
              const error = errorOf(q.id);
              const describedBy = [q.hint ? `h-${q.id}` : '', error ? `e-${q.id}` : '']
                .filter(Boolean)
                .join(' ');
              const aria: Record<string, string> = {};
              if (describedBy) aria['aria-describedby'] = describedBy;
              if (error) aria['aria-invalid'] = 'true';
              const value = values[name] ?? '';
              const hint = q.hint && <small id={`h-${q.id}`}>{q.hint[lang]}</small>;
              const message = error && (
                <small id={`e-${q.id}`} class="field-error">
                  {lang === 'zh' ? error.zh : error.en}
                </small>
              );
              const options = q.options ?? [];
              if (q.type === 'multi' || (q.type === 'choice' && options.length <= MAX_RADIOS)) {
                const chosen = new Set(value.split(',').filter(Boolean));
                return (
                  <fieldset class="question" id={id} {...aria}>
                    <legend>{q.label[lang]}</legend>
                    {hint}
                    {options.map((o) => (
                      <label>
                        <input
                          type={q.type === 'multi' ? 'checkbox' : 'radio'}
                          name={name}
                          value={o.value}
                          checked={chosen.has(o.value)}
                        />
                        {o[lang]}
                      </label>
                    ))}
                    {message}
                  </fieldset>
                );
              }
              return (
                <label for={id}>
                  {q.label[lang]}
                  {q.type === 'choice' ? (
                    <select id={id} name={name} {...aria}>
                      <option value="">{t.choose}</option>
                      {options.map((o) => (
                        <option value={o.value} selected={value === o.value}>
                          {o[lang]}
                        </option>
                      ))}
                    </select>
                  ) : q.type === 'count' ? (
                    <input id={id} name={name} type="text" inputmode="numeric" value={value} {...aria} />
                  ) : q.type === 'date' ? (
                    <input id={id} name={name} type="date" value={value} {...aria} />
                  ) : (
                    <input id={id} name={name} type="text" maxlength={q.max ?? 200} value={value} {...aria} />
                  )}
                  {hint}
                  {message}
                </label>
              );
            })}
          </fieldset>
        );
      })}
    </div>
  );
}
