/**
 * The reward in the staff consoles: a section on the case page — status, amount, the engine's
 * line-by-line breakdown in words a finance officer checks (each line's name, value, explanation
 * and the document it applies), approvals, the claim window — with the forms the signed-in
 * officer may use now (reward-forms.tsx), and the reward queues by stage. Plain forms, no
 * JavaScript. Nothing here reads or shows the payee: the claim details leave the identity store
 * only through the reveal function's payment CSV, after the custodian's release.
 */

import type { Child } from 'hono/jsx';
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { type RewardLine, yuan } from '#shared/domain/reward-answer.ts';
import {
  lastDayOf,
  REWARD_STATUS_LABELS,
  type RewardAction,
  type RewardRecord,
} from '#shared/domain/reward-record.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { ListStage } from '#shared/repositories/reward-repository.ts';
import { REWARD_QUEUE_STAGES, StaffLayout } from './layout.tsx';
import { type RewardFactSuggestion, RewardForms } from './reward-forms.tsx';
import { money, rewardText, STEP_LABELS, stepCitation, stepValue } from './reward-text.ts';

/**
 * The engine's lines as a table a finance officer checks: the step by name, its value, the
 * explanation in the page language and the document it applies. The step codes and rule notes
 * stay in the API (`answer.lines`); here only a `data-step` attribute keeps them for tests.
 */
export function Breakdown(props: { lang: Lang; lines: RewardLine[]; ruleSetId: string; category?: string }) {
  const { lang } = props;
  const t = rewardText[lang];
  return (
    <div class="table-scroll">
      {/* On a phone each line stacks its cells under their labels (app.css .stack-on-phone). */}
      <table id="reward-breakdown" class="stack-on-phone">
        <caption>{t.breakdown}</caption>
        <thead>
          <tr>
            <th scope="col">{t.step}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.explanation}</th>
            <th scope="col">{t.rule}</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr data-step={l.step}>
              <td data-label={t.step}>{STEP_LABELS[l.step]?.[lang] ?? t.step}</td>
              <td data-label={t.value}>
                {l.step === 'rule_set'
                  ? `${t.version} ${l.value.toString().split('@')[1] ?? ''}`
                  : stepValue(l.value, l.step, lang)}
              </td>
              <td data-label={t.explanation}>{lang === 'zh' ? l.zh : l.en}</td>
              <td data-label={t.rule}>
                <small>
                  {stepCitation(l.step, { ruleSetId: props.ruleSetId, category: props.category }, lang)}
                </small>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The reward section of the staff case page. */
export function RewardSection(props: {
  lang: Lang;
  caseNumber: string;
  caseCategory: string;
  reward: RewardRecord;
  actions: RewardAction[];
  error?: string | undefined;
  /** Staff display names (ids stay in the API and the audit chain). */
  name?: (id: string) => string;
  /** Defaults for the facts form (questionnaire answers, the coordinator exclusion). */
  suggested?: RewardFactSuggestion | undefined;
}) {
  const { lang, reward: r } = props;
  const name = props.name ?? ((id: string) => id);
  const t = rewardText[lang];
  const a = r.answer;
  const needed = r.secondApprovalRequired ? 2 : 1;
  return (
    <section id="reward">
      <h2>{t.title}</h2>
      {props.error && (
        <p role="alert" class="field-error" id="reward-error">
          {props.error}
        </p>
      )}
      <dl class="summary">
        <dt>{t.status}</dt>
        <dd id="reward-status">{REWARD_STATUS_LABELS[r.status][lang]}</dd>
        {a && (
          <>
            <dt>{t.determination}</dt>
            <dd>{t.determinations[a.determination]}</dd>
            <dt>{t.ruleSet}</dt>
            <dd id="reward-rule-set">
              {stepCitation('rule_set', { ruleSetId: a.ruleSet.id }, lang)} · {t.version} {a.ruleSet.version}
            </dd>
          </>
        )}
        {(r.amountYuan !== undefined || a?.range) && (
          <>
            <dt>{r.amountYuan !== undefined ? t.amount : t.range}</dt>
            <dd id="reward-amount">
              {r.amountYuan !== undefined
                ? money(r.amountYuan, lang)
                : a?.range
                  ? `${yuan(a.range.minYuan)}–${money(a.range.maxYuan, lang)}`
                  : ''}
            </dd>
          </>
        )}
        {r.manualReason && (
          <>
            <dt>{t.manualReason}</dt>
            <dd>{r.manualReason}</dd>
          </>
        )}
        {r.factsRecordedBy && r.factsRecordedAt && (
          <>
            <dt>{t.factsBy}</dt>
            <dd>
              {name(r.factsRecordedBy)} ·{' '}
              <time datetime={r.factsRecordedAt}>{shanghaiDateTime(r.factsRecordedAt)}</time>
            </dd>
          </>
        )}
        {a && a.determination !== 'ineligible' && (
          <>
            <dt>{t.approvals}</dt>
            <dd id="reward-approvals">
              {t.approvalsNeeded(r.approvals.length, needed)}
              {r.approvals.length > 0 && (
                <ul>
                  {r.approvals.map((ap) => (
                    <li>
                      {name(ap.staffId)} · <time datetime={ap.at}>{shanghaiDateTime(ap.at)}</time> ·{' '}
                      {money(ap.amountYuan, lang)}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </>
        )}
        {r.refusal && (
          <>
            <dt>{t.refusal}</dt>
            <dd>
              {r.refusal.reason} · {name(r.refusal.staffId)}
            </dd>
          </>
        )}
        {r.claimWindowEndsAt && (
          <>
            <dt>{t.claimLastDay}</dt>
            <dd>
              <time id="reward-last-day" datetime={lastDayOf(r.claimWindowEndsAt)}>
                {lastDayOf(r.claimWindowEndsAt)}
              </time>
            </dd>
          </>
        )}
        {r.extensions.length > 0 && (
          <>
            <dt>{t.extensions}</dt>
            {r.extensions.map((e) => (
              <dd>
                {lastDayOf(e.until)} · {e.reason} · {name(e.staffId)}
              </dd>
            ))}
          </>
        )}
        {r.claimedAt && (
          <>
            <dt>{t.claimedAt}</dt>
            <dd>
              <time datetime={r.claimedAt}>{shanghaiDateTime(r.claimedAt)}</time>
            </dd>
            <dt>{t.release}</dt>
            <dd>
              {r.releasedTo
                ? `${t.releasedTo} ${name(r.releasedTo)}`
                : r.releaseRequestedBy
                  ? `${t.releaseRequested} ${name(r.releaseRequestedBy)}`
                  : t.awaitingRequest}
              <br />
              <small>{t.payeeSealed}</small>
            </dd>
          </>
        )}
        {r.paidAt && (
          <>
            <dt>{t.paid}</dt>
            <dd>
              <time datetime={r.paidAt}>{shanghaiDateTime(r.paidAt)}</time> · {t.reference}{' '}
              {r.paymentReference} · {r.paidBy ? name(r.paidBy) : ''}
            </dd>
          </>
        )}
      </dl>
      {a && (
        <Breakdown
          lang={lang}
          lines={a.lines}
          ruleSetId={a.ruleSet.id}
          category={r.facts?.category ?? props.caseCategory}
        />
      )}
      <RewardForms
        lang={lang}
        caseNumber={props.caseNumber}
        reward={r}
        actions={props.actions}
        caseCategory={props.caseCategory}
        suggested={props.suggested}
      />
    </section>
  );
}

// ── Queues ────────────────────────────────────────────────────────────────────────────────────

/** The stage a role's queue opens on: finance works approvals first; others their first stage. */
export function defaultRewardStage(role: StaffPrincipal['role']): ListStage | undefined {
  const stages = REWARD_QUEUE_STAGES[role];
  return role === 'finance_officer' ? 'approve' : stages[0];
}

export function RewardQueuePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  stage: ListStage;
  rewards: RewardRecord[];
  cursor?: string | undefined;
  error?: string | undefined;
  /** Staff display names (ids stay in the API and the audit chain). */
  name?: (id: string) => string;
}) {
  const { lang, staff, stage } = props;
  const name = props.name ?? ((id: string) => id);
  const t = rewardText[lang];
  const stages = REWARD_QUEUE_STAGES[staff.role];
  // The custodian cannot read cases: no case links, and the release happens here.
  const readsCases = staff.role !== 'identity_custodian';
  const next = new URLSearchParams({ stage, lang, ...(props.cursor ? { cursor: props.cursor } : {}) });
  return (
    <StaffLayout lang={lang} title={`${t.queue} · ${t.stages[stage]}`} staff={staff}>
      <h1>{t.queue}</h1>
      {stages.length > 1 && (
        <nav aria-label={t.queue}>
          <ul class="tabs">
            {stages.map((s) => (
              <li>
                <a
                  href={`/staff/rewards?stage=${s}&lang=${lang}`}
                  aria-current={s === stage ? 'page' : undefined}
                >
                  {s === stage ? <strong>{t.stages[s]}</strong> : t.stages[s]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <h2 id="reward-stage">{t.stages[stage]}</h2>
      {props.error && (
        <p role="alert" class="field-error" id="reward-error">
          {props.error}
        </p>
      )}
      {stage === 'pay' && staff.role === 'finance_officer' && (
        <p>
          <a href="/staff/reveal/payment-batch.csv" id="payment-batch" download>
            {t.csv}
          </a>
          <br />
          <small>{t.csvHint}</small>
        </p>
      )}
      {props.rewards.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div>
          <table id="reward-queue" class="queue">
            <thead>
              <tr>
                <th scope="col">{t.caseNumber}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.amount}</th>
                <th scope="col">{stage === 'release' || stage === 'pay' ? t.release : t.ruleSet}</th>
                <th scope="col">{t.updated}</th>
              </tr>
            </thead>
            <tbody>
              {props.rewards.map((r) => (
                <tr>
                  <td class="case-cell">
                    {readsCases ? (
                      <a href={`/staff/cases/${r.caseNumber}?lang=${lang}#reward`}>{r.caseNumber}</a>
                    ) : (
                      r.caseNumber
                    )}
                  </td>
                  <td data-label={t.status}>{REWARD_STATUS_LABELS[r.status][lang]}</td>
                  <td data-label={t.amount}>
                    {r.amountYuan !== undefined
                      ? money(r.amountYuan, lang)
                      : r.answer?.range
                        ? `${yuan(r.answer.range.minYuan)}–${yuan(r.answer.range.maxYuan)}`
                        : '—'}
                    {stage === 'approve' && r.amountYuan !== undefined && (
                      <small>
                        {' '}
                        ({t.approvalsNeeded(r.approvals.length, r.secondApprovalRequired ? 2 : 1)})
                      </small>
                    )}
                  </td>
                  <td data-label={stage === 'release' || stage === 'pay' ? t.release : t.ruleSet}>
                    {stage === 'release' || stage === 'pay' ? (
                      <ReleaseCell lang={lang} staff={staff} reward={r} name={name} />
                    ) : r.answer ? (
                      stepCitation('rule_set', { ruleSetId: r.answer.ruleSet.id }, lang)
                    ) : (
                      '—'
                    )}
                  </td>
                  <td data-label={t.updated}>
                    <time datetime={r.updatedAt}>{shanghaiDateTime(r.updatedAt)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.cursor && <a href={`/staff/rewards?${next.toString()}`}>{t.next}</a>}
    </StaffLayout>
  );
}

/** Where the payee details stand; the custodian's release button when a request waits. */
function ReleaseCell(props: {
  lang: Lang;
  staff: StaffPrincipal;
  reward: RewardRecord;
  name: (id: string) => string;
}): Child {
  const { lang, reward: r, name } = props;
  const t = rewardText[lang];
  if (r.releasedTo) return `${t.releasedTo} ${name(r.releasedTo)}`;
  if (!r.releaseRequestedBy) return t.awaitingRequest;
  return (
    <>
      {t.releaseRequested} {name(r.releaseRequestedBy)}
      {props.staff.role === 'identity_custodian' && (
        <form method="post" action={`/staff/rewards/${r.caseNumber}/release`} class="inline">
          <CsrfField />
          <input type="hidden" name="lang" value={lang} />
          <input type="hidden" name="version" value={String(r.version)} />
          <button type="submit" aria-label={`${t.actions.release} · ${r.caseNumber}`}>
            {t.actions.release}
          </button>
        </form>
      )}
    </>
  );
}

/** A page for a queue the role cannot open, or a stage that does not exist. */
export function RewardQueueRefused(props: { lang: Lang; staff: StaffPrincipal; message: string }) {
  const t = rewardText[props.lang];
  return (
    <StaffLayout lang={props.lang} title={t.queue} staff={props.staff}>
      <h1>{t.queue}</h1>
      <p role="alert">{props.message}</p>
    </StaffLayout>
  );
}
