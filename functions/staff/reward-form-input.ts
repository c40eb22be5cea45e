/**
 * What the reward forms on the case page post, read back: the facts form and the decision forms
 * → the bodies the reward service validates (the same schemas as the API), and the service's
 * refusals → the message and status the page shows above the form.
 */
import type { Lang } from '#functions/web/i18n.ts';
import { ForbiddenError, RefusedError, StaleVersionError, ValidationError } from '#shared/errors.ts';
import { rewardText } from './reward-text.ts';

export function rewardFormError(
  err: unknown,
  lang: Lang,
): { status: 400 | 403 | 409 | 412; message: string } | null {
  const t = rewardText[lang];
  if (err instanceof ValidationError)
    return {
      status: 400,
      message: err.issues.map((i) => (lang === 'zh' ? i.zh : i.en)).join(lang === 'zh' ? '；' : '; '),
    };
  const said = (e: ForbiddenError | RefusedError) => (lang === 'zh' ? (e.zh ?? e.message) : e.message);
  if (err instanceof ForbiddenError) return { status: 403, message: `${t.forbidden}${said(err)}` };
  if (err instanceof RefusedError) return { status: 409, message: `${t.refused}${said(err)}` };
  if (err instanceof StaleVersionError) return { status: 412, message: t.stale };
  return null;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
/** A whole number, or the text as typed so the schema names the field. */
const whole = (v: string | undefined): number | string | undefined =>
  blank(v) ? undefined : /^\d+$/.test(v!.trim()) ? Number(v!.trim()) : v!.trim();

/**
 * The facts form → the reward facts body (RewardFactsBodySchema). Blank amounts count as 0 once a
 * group is started; the penalty total is the sum of its parts, computed here rather than typed.
 */
export function formToRewardFacts(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    category: form.category ?? '',
    alreadyKnownToAuthority: form.alreadyKnownToAuthority === 'on',
    excludedReason: blank(form.excludedReason) ? null : form.excludedReason!.trim(),
  };
  const joint = whole(form.jointSignatories);
  if (joint !== undefined) out.jointSignatories = joint;
  const penaltyFields = ['decisionNo', 'unitYuan', 'individualsYuan', 'confiscatedYuan'];
  if (penaltyFields.some((k) => !blank(form[k]))) {
    const parts = {
      unitYuan: whole(form.unitYuan) ?? 0,
      individualsYuan: whole(form.individualsYuan) ?? 0,
      confiscatedYuan: whole(form.confiscatedYuan) ?? 0,
    };
    const numbers = Object.values(parts).filter((v): v is number => typeof v === 'number');
    out.penalty = {
      decisionNo: form.decisionNo?.trim() ?? '',
      ...parts,
      totalYuan: numbers.reduce((a, b) => a + b, 0),
    };
  }
  const accidentFields = ['grade', 'deaths', 'seriousInjuries', 'directLossYuan', 'concealedDeaths'];
  if (accidentFields.some((k) => !blank(form[k]))) {
    out.accident = {
      ...(blank(form.grade) ? {} : { grade: form.grade!.trim() }),
      deaths: whole(form.deaths) ?? 0,
      seriousInjuries: whole(form.seriousInjuries) ?? 0,
      directLossYuan: whole(form.directLossYuan) ?? 0,
      concealedDeaths: whole(form.concealedDeaths) ?? 0,
    };
  }
  if (!blank(form.listedSituationId)) {
    const proposed = whole(form.listedSituationProposedYuan);
    out.listedSituation = {
      id: form.listedSituationId!.trim(),
      ...(proposed !== undefined ? { proposedYuan: proposed } : {}),
    };
  }
  return out;
}

/** A decision form → the decision body (RewardDecisionSchema); numbers typed, blanks dropped. */
export function formToRewardDecision(form: Record<string, string>): Record<string, unknown> {
  const action = form.action ?? '';
  const out: Record<string, unknown> = { action };
  if (action === 'approve') {
    const amount = whole(form.amountYuan);
    if (amount !== undefined) out.amountYuan = amount;
    if (!blank(form.reason)) out.reason = form.reason!.trim();
  }
  if (action === 'refuse' || action === 'extend_claim') out.reason = form.reason?.trim() ?? '';
  if (action === 'extend_claim') out.days = whole(form.days);
  if (action === 'mark_paid') out.reference = form.reference?.trim() ?? '';
  return out;
}
