/**
 * Follow-up: sign in with case number + access key, see progress and messages, add information,
 * and — once finance has awarded a reward — see the notice and claim it.
 */
import { CsrfField } from '#functions/http/csrf.tsx';
import { CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import { yuan } from '#shared/domain/reward-answer.ts';
import { lastDayOf, REWARD_STATUS_LABELS } from '#shared/domain/reward-record.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { FieldIssue } from '#shared/errors.ts';
import type { ReporterView } from '#shared/services/follow-up.ts';
import type { reporterRewardView } from '#shared/services/rewards.ts';
import { UploadStatus } from './direct-uploads.tsx';
import { EvidenceField, evidenceText } from './evidence-field.tsx';
import type { Lang, Messages } from './i18n.ts';
import { ErrorSummary, Layout } from './layout.tsx';

export function FollowUpPage(props: { lang: Lang; t: Messages; caseNumber?: string; notice?: string }) {
  const { lang, t } = props;
  return (
    <Layout lang={lang} t={t} title={t.followUpTitle} path="/follow-up">
      <h1>{t.followUpTitle}</h1>
      {props.notice && (
        <p role="alert" class="field-error">
          {props.notice}
        </p>
      )}
      <p>{t.followUpIntro}</p>
      <form method="post" action="/follow-up">
        <CsrfField />
        <input type="hidden" name="lang" value={lang} />
        <label for="f-caseNumber">
          {t.caseNumber}
          <input
            id="f-caseNumber"
            name="caseNumber"
            type="text"
            inputmode="numeric"
            required
            value={props.caseNumber ?? ''}
          />
        </label>
        <label for="f-accessKey">
          {t.accessKey}
          <input
            id="f-accessKey"
            name="accessKey"
            type="password"
            inputmode="numeric"
            autocomplete="off"
            required
          />
        </label>
        <button type="submit">{t.view}</button>
      </form>
    </Layout>
  );
}

/** What the reporter sees of the reward (shared/services/rewards.ts reporterRewardView). */
export type ReporterReward = NonNullable<ReturnType<typeof reporterRewardView>>;

/** What the reporter typed, shown again after a validation error (a no-store page, their own). */
export interface ClaimValues {
  name?: string;
  idNumber?: string;
  bankName?: string;
  bankAccount?: string;
}

/** The reward notice and, while it may be claimed, the claim form. */
export function RewardNotice(props: {
  lang: Lang;
  t: Messages;
  reward: ReporterReward;
  errors: FieldIssue[];
  values: ClaimValues;
}) {
  const { lang, t, reward: r } = props;
  const has = (field: string) => props.errors.some((e) => e.field === field);
  const described = (field: string) => (has(field) ? 'errors' : undefined);
  return (
    <section id="reward">
      <h2 id="f-reward" tabindex={-1}>
        {t.rewardTitle}
      </h2>
      {r.status !== 'notified' && <ErrorSummary t={t} lang={lang} errors={props.errors} />}
      <dl>
        <dt>{t.rewardStatus}</dt>
        <dd id="reward-status">{REWARD_STATUS_LABELS[r.status][lang]}</dd>
        {r.amountYuan !== undefined && (
          <>
            <dt>{t.rewardAmount}</dt>
            <dd id="reward-amount">
              {yuan(r.amountYuan)} {t.yuan}
            </dd>
          </>
        )}
        {r.claimWindowEndsAt && (r.status === 'notified' || r.status === 'expired') && (
          <>
            <dt>{t.rewardLastDay}</dt>
            <dd>
              <time id="reward-last-day" datetime={lastDayOf(r.claimWindowEndsAt)}>
                {lastDayOf(r.claimWindowEndsAt)}
              </time>
            </dd>
          </>
        )}
        {r.claimedAt && (
          <>
            <dt>{t.rewardClaimedAt}</dt>
            <dd>
              <time datetime={r.claimedAt}>{shanghaiDateTime(r.claimedAt)}</time>
            </dd>
          </>
        )}
        {r.paidAt && (
          <>
            <dt>{t.rewardPaidAt}</dt>
            <dd>
              <time datetime={r.paidAt}>{shanghaiDateTime(r.paidAt)}</time>
            </dd>
          </>
        )}
      </dl>
      {r.status === 'refused' && <p>{t.rewardRefused}</p>}
      {r.status === 'expired' && <p>{t.rewardLapsed}</p>}
      {r.status === 'claimed' && <p id="claim-done">{t.claimDone}</p>}
      {r.status === 'notified' && (
        <>
          <h3>{t.claimTitle}</h3>
          <p id="claim-privacy">{t.claimPrivacy}</p>
          <ErrorSummary t={t} lang={lang} errors={props.errors} />
          <form method="post" action="/follow-up/reward-claim">
            <CsrfField />
            <input type="hidden" name="lang" value={lang} />
            <label for="f-name">
              {t.claimName}
              <input
                id="f-name"
                name="name"
                type="text"
                autocomplete="name"
                required
                minlength={2}
                maxlength={50}
                value={props.values.name ?? ''}
                aria-invalid={has('name') ? 'true' : undefined}
                aria-describedby={described('name')}
              />
            </label>
            <label for="f-idNumber">
              {t.claimIdNumber}
              <input
                id="f-idNumber"
                name="idNumber"
                type="text"
                autocomplete="off"
                required
                maxlength={18}
                value={props.values.idNumber ?? ''}
                aria-invalid={has('idNumber') ? 'true' : undefined}
                aria-describedby={described('idNumber')}
              />
            </label>
            <label for="f-bankName">
              {t.claimBankName}
              <input
                id="f-bankName"
                name="bankName"
                type="text"
                required
                minlength={2}
                maxlength={60}
                placeholder={t.claimBankNameHint}
                value={props.values.bankName ?? ''}
                aria-invalid={has('bankName') ? 'true' : undefined}
                aria-describedby={described('bankName')}
              />
            </label>
            <label for="f-bankAccount">
              {t.claimBankAccount}
              <input
                id="f-bankAccount"
                name="bankAccount"
                type="text"
                inputmode="numeric"
                autocomplete="off"
                required
                maxlength={40}
                value={props.values.bankAccount ?? ''}
                aria-invalid={has('bankAccount') ? 'true' : undefined}
                aria-describedby={described('bankAccount')}
              />
            </label>
            <button type="submit">{t.claimSubmit}</button>
          </form>
        </>
      )}
    </section>
  );
}

export function CaseViewPage(props: {
  lang: Lang;
  t: Messages;
  view: ReporterView;
  errors?: FieldIssue[];
  /** Offer the objection form (closed case, inside the window, no objection yet). */
  objectionOpen?: boolean;
  /** The reward notice, once finance has decided (null before). */
  reward?: ReporterReward | null;
  /** Errors of the claim form (shown in the reward section, not beside the message form). */
  claimErrors?: FieldIssue[];
  claimValues?: ClaimValues;
  /** Refused files of the evidence form. */
  evidenceErrors?: FieldIssue[];
}) {
  const { lang, t, view } = props;
  const eventLabel = (type: string) => (t as unknown as Record<string, string>)[type] ?? type;
  return (
    <Layout lang={lang} t={t} title={view.caseNumber} path="/follow-up">
      <h1>
        {t.caseNumber} <output id="case-number">{view.caseNumber}</output>
      </h1>
      <p>
        {CATEGORY_LABELS[view.category][lang]} · {t.statusNow}:{' '}
        <strong id="case-status">{STATUS_LABELS[view.status][lang]}</strong>
      </p>
      {view.nextDeadline && (
        <p id="case-deadline">
          {t.deadlineLabel}（
          {(t as unknown as Record<string, string>)[`period_${view.nextDeadline.period}`] ??
            view.nextDeadline.period}
          ）：
          <time datetime={view.nextDeadline.dueDate}>{view.nextDeadline.dueDate}</time>
          {view.nextDeadline.provisional ? t.deadlineProvisional : ''}
        </p>
      )}
      {props.reward && (
        <RewardNotice
          lang={lang}
          t={t}
          reward={props.reward}
          errors={props.claimErrors ?? []}
          values={props.claimValues ?? {}}
        />
      )}
      <section>
        <h2>{t.timeline}</h2>
        <ol>
          {view.timeline.map((e) => (
            <li>
              <time datetime={e.at}>{shanghaiDateTime(e.at)}</time> —{' '}
              {eventLabel(e.action ? `action_${e.action}` : e.type)}
              {e.status ? ` · ${STATUS_LABELS[e.status][lang]}` : ''}
              {e.text && <p>{e.text}</p>}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h2>{t.messages}</h2>
        {view.messages.length === 0 ? (
          <p>{t.noMessages}</p>
        ) : (
          <ul class="messages">
            {view.messages.map((m) => (
              <li class={`from-${m.from}`}>
                <small>
                  {m.from === 'reporter' ? t.fromReporter : t.fromStaff} ·{' '}
                  <time datetime={m.at}>{shanghaiDateTime(m.at)}</time>
                </small>
                <p>{m.text}</p>
              </li>
            ))}
          </ul>
        )}
        <ErrorSummary t={t} lang={lang} errors={props.errors ?? []} />
        <form method="post" action="/follow-up/message">
          <CsrfField />
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="idempotencyKey" value={crypto.randomUUID()} />
          <label for="f-text">
            {t.addMessage}
            <textarea id="f-text" name="text" rows={4} maxlength={2000} required />
          </label>
          <button type="submit">{t.send}</button>
        </form>
      </section>
      <section id="evidence">
        <h2>{evidenceText[lang].sectionTitle}</h2>
        <p>{evidenceText[lang].sectionIntro}</p>
        <ErrorSummary t={t} lang={lang} errors={props.evidenceErrors ?? []} />
        <UploadStatus lang={lang} caseNumber={view.caseNumber} />
        <form method="post" action="/follow-up/evidence" enctype="multipart/form-data">
          <CsrfField />
          <input type="hidden" name="lang" value={lang} />
          <EvidenceField
            lang={lang}
            errors={props.evidenceErrors ?? []}
            direct="/follow-up/evidence/uploads"
          />
          <button type="submit">{evidenceText[lang].upload}</button>
        </form>
      </section>
      {props.objectionOpen && (
        <section>
          <h2>{t.objectTitle}</h2>
          <p>
            <small>{t.objectHint}</small>
          </p>
          <form method="post" action="/follow-up/objection">
            <CsrfField />
            <input type="hidden" name="lang" value={lang} />
            <label for="f-reason">
              {t.objectReason}
              <textarea id="f-reason" name="reason" rows={4} minlength={5} maxlength={2000} required />
            </label>
            <button type="submit">{t.objectSubmit}</button>
          </form>
        </section>
      )}
      <form method="post" action="/follow-up/sign-out">
        <CsrfField />
        <input type="hidden" name="lang" value={lang} />
        <button type="submit" class="secondary">
          {t.signOut}
        </button>
      </form>
    </Layout>
  );
}
