/**
 * What the case page shows beside the report: whether it is a village coordinator's patrol report,
 * the reporter's answers to the category's questionnaire (a summary, marked as the reporter's own
 * account, never verified facts) and the village re-check (复查) when one was asked for, with the
 * coordinator's photos.
 */

import type { Lang } from '#functions/web/i18n.ts';
import type { CaseRecord } from '#shared/domain/case.ts';
import { summarizeAnswers } from '#shared/domain/questionnaire.ts';
import { questionnaire } from '#shared/questionnaire.ts';
import type { EvidenceSummary } from '#shared/services/evidence.ts';
import { RecheckSummary } from './recheck-forms.tsx';

const T = {
  zh: {
    coordinator: '村安全生产协管员巡查报告',
    coordinatorHint: '协管员履职中发现并报告，不予奖励。',
    answers: '举报人回答的问题',
    answersHint: '以下为举报人所述，未经核实。',
    coordinatorAnswers: '协管员回答的问题',
    coordinatorAnswersHint: '以下为协管员巡查所见，未经核实。',
  },
  en: {
    coordinator: 'Patrol report of the village safety coordinator',
    coordinatorHint: 'Found and reported in the course of their duties; never rewarded.',
    answers: "The reporter's answers",
    answersHint: 'What the reporter says; not verified.',
    coordinatorAnswers: "The coordinator's answers",
    coordinatorAnswersHint: 'What the coordinator saw on patrol; not verified.',
  },
};

export function CaseExtras(props: {
  lang: Lang;
  record: CaseRecord;
  placeName: (code?: string) => string;
  /** The photos of the current re-check (recheck-forms.tsx `recheckPhotos`). */
  recheckPhotos?: EvidenceSummary[];
}) {
  const { lang, record } = props;
  const t = T[lang];
  const lines = summarizeAnswers(questionnaire, record.category, record.answers, lang);
  return (
    <>
      {record.coordinator && (
        <section id="coordinator-report" aria-labelledby="coordinator-report-title">
          <h2 id="coordinator-report-title">{t.coordinator}</h2>
          <p>
            {record.coordinator.name} · {props.placeName(record.coordinator.villageCode)}
          </p>
          <p>
            <small>{t.coordinatorHint}</small>
          </p>
        </section>
      )}
      {lines.length > 0 && (
        <section id="answers" aria-labelledby="answers-title">
          <h2 id="answers-title">{record.coordinator ? t.coordinatorAnswers : t.answers}</h2>
          <p>
            <small>{record.coordinator ? t.coordinatorAnswersHint : t.answersHint}</small>
          </p>
          <dl>
            {lines.map((l) => (
              <>
                <dt>{l.label}</dt>
                <dd data-answer={l.id}>{l.value}</dd>
              </>
            ))}
          </dl>
        </section>
      )}
      <RecheckSummary
        lang={lang}
        record={record}
        {...(props.recheckPhotos ? { photos: props.recheckPhotos } : {})}
        {...(record.recheck ? { villageName: props.placeName(record.recheck.villageCode) } : {})}
      />
    </>
  );
}
