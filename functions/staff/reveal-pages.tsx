/** Identity reveal in the consoles: the request form on a case, the custodian's queue, the view. */
import { CsrfField } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { ReporterIdentity } from '#shared/domain/report.ts';
import { ROLE_LABELS, type StaffRole } from '#shared/domain/roles.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import type { RevealRequest } from '#shared/repositories/reveal-repository.ts';

export const revealText = {
  zh: {
    title: '举报人身份',
    request: '申请查看举报人身份',
    reason: '申请理由（将告知举报人，但不告知是谁）',
    send: '提交申请',
    mine: '我的申请',
    view: '查看身份',
    queue: '待审批的身份查看申请',
    none: '没有待审批的申请。',
    approve: '批准',
    refuse: '拒绝',
    decisionReason: '审批理由',
    status: { pending: '待审批', approved: '已批准', refused: '已拒绝' },
    name: '姓名',
    phone: '手机号码',
    idNumber: '身份证号码',
    employee: '被举报单位职工',
    viewed: '本次查看已记入审计链，并告知举报人（不含查看人）。',
  },
  en: {
    title: 'Reporter identity',
    request: "Request to see the reporter's identity",
    reason: 'Reason (the reporter is told why, not by whom)',
    send: 'Send request',
    mine: 'My requests',
    view: 'View identity',
    queue: 'Identity requests awaiting a decision',
    none: 'No pending requests.',
    approve: 'Approve',
    refuse: 'Refuse',
    decisionReason: 'Reason for the decision',
    status: { pending: 'pending', approved: 'approved', refused: 'refused' },
    name: 'Name',
    phone: 'Mobile',
    idNumber: 'ID number',
    employee: 'Employee of the unit',
    viewed: 'This view is recorded in the audit chain and the reporter is told (not who viewed).',
  },
} as const;

export function RevealSection(props: { lang: Lang; caseNumber: string; mine: RevealRequest[]; now: string }) {
  const t = revealText[props.lang];
  return (
    <section id="identity">
      <h2>{t.title}</h2>
      {props.mine.length > 0 && (
        <>
          <h3>{t.mine}</h3>
          <ul>
            {props.mine.map((r) => (
              <li>
                {shanghaiDateTime(r.createdAt)} · {t.status[r.status]} · {r.reason}
                {r.status === 'approved' && r.validUntil && r.validUntil > props.now && (
                  <>
                    {' '}
                    ·{' '}
                    <a href={`/staff/reveal/${props.caseNumber}/${r.requestId}?lang=${props.lang}`}>
                      {t.view}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={`/staff/cases/${props.caseNumber}/identity-requests`}>
        <CsrfField />
        <input type="hidden" name="lang" value={props.lang} />
        <label for="r-reason">
          {t.reason}
          <textarea id="r-reason" name="reason" rows={2} minlength={5} maxlength={1000} required />
        </label>
        <button type="submit">{t.request}</button>
      </form>
    </section>
  );
}

export function CustodianQueue(props: { lang: Lang; requests: RevealRequest[] }) {
  const t = revealText[props.lang];
  if (props.requests.length === 0) return <p>{t.none}</p>;
  return (
    <ul class="reveal-queue">
      {props.requests.map((r) => (
        <li>
          <article>
            <header>
              {r.caseNumber} · {ROLE_LABELS[r.requesterRole as StaffRole]?.[props.lang] ?? ''} ·{' '}
              {shanghaiDateTime(r.createdAt)}
            </header>
            <p>{r.reason}</p>
            <form method="post" action={`/staff/identity-requests/${r.caseNumber}/${r.requestId}/decision`}>
              <CsrfField />
              <input type="hidden" name="lang" value={props.lang} />
              <label for={`d-${r.requestId}`}>
                {t.decisionReason}
                <input
                  id={`d-${r.requestId}`}
                  name="reason"
                  type="text"
                  minlength={5}
                  maxlength={1000}
                  required
                />
              </label>
              <button type="submit" name="approve" value="yes">
                {t.approve}
              </button>{' '}
              <button type="submit" name="approve" value="no" class="secondary">
                {t.refuse}
              </button>
            </form>
          </article>
        </li>
      ))}
    </ul>
  );
}

export function IdentityView(props: { lang: Lang; identity: ReporterIdentity }) {
  const t = revealText[props.lang];
  const i = props.identity;
  return (
    <>
      <dl id="revealed-identity">
        <dt>{t.name}</dt>
        <dd>{i.name ?? '—'}</dd>
        <dt>{t.phone}</dt>
        <dd>{i.phone ?? '—'}</dd>
        <dt>{t.idNumber}</dt>
        <dd>{i.idNumber ?? '—'}</dd>
        <dt>{t.employee}</dt>
        <dd>{i.isEmployeeOfUnit ? '✓' : '—'}</dd>
      </dl>
      <p>
        <small>{t.viewed}</small>
      </p>
    </>
  );
}
