/**
 * The reward's forms on the case page (facts, approval, refusal, claim extension, release request,
 * payment): one form per action the officer may take now. What they post is read back by
 * reward-form-input.ts.
 */
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import { ACCIDENT_GRADE_LABELS, ACCIDENT_GRADES } from '#shared/domain/accident-grade.ts';
import { yuan } from '#shared/domain/reward-answer.ts';
import {
  EXCLUSION_REASONS,
  REWARD_CATEGORIES,
  REWARD_CATEGORY_LABELS,
  type RecordedFactFields,
} from '#shared/domain/reward-facts.ts';
import type { RewardAction, RewardRecord } from '#shared/domain/reward-record.ts';
import { CLAIM_EXTENSION_MAX_DAYS } from '#shared/domain/reward-workflow.ts';
import { money, rewardText } from './reward-text.ts';

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
  const f: RecordedFactFields | undefined =
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
export function RewardForms(props: {
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
              <CsrfField />
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
              <button type="submit" class={action === 'refuse' ? 'danger' : ''}>
                {label}
              </button>
            </form>
          </details>
        );
      })}
    </div>
  );
}
