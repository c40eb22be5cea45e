/**
 * What the command prints after a run: which demo user to sign in as and what each will find, and
 * the reporter-side case numbers and access keys (made-up demo data). Kept apart from the run so
 * the wording can change without touching what the demo does.
 */
import { user } from './cast.ts';
import type { DemoResult } from './run.ts';
import type { ReportName } from './stories.ts';

/** What to look at, and as whom. */
export function summary(r: DemoResult, baseUrl: string): string {
  const c = r.cases;
  const n = (name: ReportName) => c[name].caseNumber;
  const name = (id: string) => user(id).name;
  const created = Object.values(c).filter((x) => x.created).length;
  const lines = [
    `Demo data is in ${baseUrl} (${r.seconds.toFixed(1)} s).`,
    created === Object.keys(c).length
      ? `Filed ${created} web reports and staged them through the workflow.`
      : `${Object.keys(c).length - created} of ${Object.keys(c).length} demo reports were already there (same Idempotency-Keys): nothing was duplicated, unfinished steps were completed.`,
    '',
    `Sign in at ${baseUrl}/staff as (paths below are under ${baseUrl}):`,
    `  ${name('officer-lingjing')}  /staff — new report ${n('freshLingjing')} to accept (受理), ${n('verifying')} under verification (a question to the reporter is out), ${n('rectifying')} rectification to confirm`,
    `  ${name('officer-shenhou')}  /staff — new reports ${n('freshShenhou')}, ${n('addressRouted')} (routed from its address)${r.sms.caseNumber ? ` and the SMS report ${r.sms.caseNumber}` : ' and the SMS report'}`,
    `  ${name('operator-xuchang')}  /staff — triage: ${n('triage')} (陈庄 is seven villages; the candidates are on its timeline)`,
    `  ${name('supervisor-jianan')}  /staff/rewards?stage=facts — record the penalty for ${n('rectifying')} (listed for supervision)`,
    `  ${name('supervisor-yuzhou')}  /staff/rewards?stage=facts — record the penalty for ${n('rewardFacts')}`,
    `  ${name('finance-xuchang')}  /staff/rewards?stage=approve — approve the reward of ${n('rewardApprove')}`,
    `  ${name('custodian-xuchang')}  /staff/identity-requests — ${name('officer-lingjing')} asks to see the reporter of ${n('verifying')}`,
    `  ${name('auditor-xuchang')}  /staff — every open case and its audit trail (npm run -s audit:verify -- ${n('rewardNotified')})`,
    '',
    `As the reporter, at ${baseUrl}/follow-up (case number + access key):`,
    `  award notified, claim it:      ${n('rewardNotified')}  ${c.rewardNotified.accessKey}`,
    `  closed with feedback (异议):    ${n('closed')}  ${c.closed.accessKey}`,
    `  staff asked a question:        ${n('verifying')}  ${c.verifying.accessKey}`,
    r.sms.caseNumber
      ? `  SMS report:                    ${r.sms.caseNumber}  ${r.sms.accessKey}  (phone: /local/sms?number=${encodeURIComponent(r.sms.number)})`
      : `  SMS conversation:              /local/sms?number=${encodeURIComponent(r.sms.number)}`,
    '',
    `Public page: ${baseUrl}/public lists ${r.publicName} (挂牌督办) and this month's counts. Staff notifications: /local/outbox.`,
  ];
  if (r.skipped.length)
    lines.push(
      '',
      'Left as they were (moved on by hand since the last run):',
      ...r.skipped.map((s) => `  ${s}`),
    );
  return lines.join('\n');
}
