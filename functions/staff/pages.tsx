/** Server-rendered staff consoles (zh/en, usable on a phone) over the same services as the staff API. */
import type { Child } from 'hono/jsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type CaseEvent, type CaseRecord, STATUS_LABELS } from '#shared/domain/case.ts';
import type { StaffRole } from '#shared/domain/lifecycle.ts';
import type { ListStage } from '#shared/repositories/reward-repository.ts';

/**
 * The reward queues each role works (tabs of /staff/rewards, in workflow order). The service allows
 * a little more (a supervisor may also list `approve`); the consoles show each role the stages where
 * it acts, and the auditor all of them.
 */
export const REWARD_QUEUE_STAGES: Record<StaffRole, readonly ListStage[]> = {
  operator: [],
  township_officer: [],
  county_supervisor: ['facts'],
  finance_officer: ['facts', 'approve', 'release', 'pay'],
  identity_custodian: ['release'],
  auditor: ['facts', 'approve', 'release', 'pay'],
  village_coordinator: [],
};

export const staffText = {
  zh: {
    title: '吹哨 · 工作台',
    signIn: '工作人员登录',
    signInLocal: '本地演示账号（仅 npm start）',
    signInAws: '通过统一身份认证登录',
    signOut: '退出',
    queue: '待办案件',
    rewards: '举报奖励',
    overdue: '已逾期',
    due: '期限',
    status: '状态',
    category: '类别',
    township: '乡镇',
    filter: '筛选',
    all: '全部',
    next: '下一页',
    none: '没有待办案件。',
    caseTitle: '案件',
    content: '举报内容',
    unit: '被举报单位',
    location: '地点',
    imminent: '紧急（现场人员有危险）',
    identity: '举报人身份',
    identitySealed: '已加密封存，工作人员不可见',
    anonymous: '匿名',
    employee: '举报人系本单位职工',
    timeline: '处理记录（审计链）',
    messageReporter: '给举报人发消息',
    internalNote: '仅内部备注（举报人不可见）',
    send: '发送',
    actions: '可执行的操作',
    phoneIntake: '电话举报登记',
    phoneIntakeHint: '按来电人的口述登记；身份信息只在来电人愿意时填写，加密封存。',
    phoneIntakeDone: '已登记',
    phoneIntakeReadBack: '请把案件编号和查询密码读给来电人，并请其记下。本页关闭后无法再查看查询密码。',
    roles: {
      operator: '话务员',
      township_officer: '乡镇安监员',
      county_supervisor: '县级监督',
      finance_officer: '财务',
      identity_custodian: '身份保管人',
      auditor: '审计',
      village_coordinator: '村安全生产协管员',
    },
  },
  en: {
    title: 'Chuishao · Staff',
    signIn: 'Staff sign-in',
    signInLocal: 'Local demo accounts (npm start only)',
    signInAws: 'Sign in with the staff directory',
    signOut: 'Sign out',
    queue: 'Open cases',
    rewards: 'Rewards',
    overdue: 'overdue',
    due: 'Due',
    status: 'Status',
    category: 'Category',
    township: 'Township',
    filter: 'Filter',
    all: 'All',
    next: 'Next page',
    none: 'No open cases.',
    caseTitle: 'Case',
    content: 'Report',
    unit: 'Unit reported',
    location: 'Location',
    imminent: 'Imminent danger',
    identity: 'Reporter identity',
    identitySealed: 'sealed; not visible to staff',
    anonymous: 'anonymous',
    employee: 'The reporter works at the unit',
    timeline: 'Timeline (audit chain)',
    messageReporter: 'Message the reporter',
    internalNote: 'Internal note only (not shown to the reporter)',
    send: 'Send',
    actions: 'Actions available now',
    phoneIntake: 'Phone report',
    phoneIntakeHint: 'Key in what the caller says; identity only if the caller wishes, sealed.',
    phoneIntakeDone: 'Report recorded',
    phoneIntakeReadBack:
      'Read the case number and access key to the caller and ask them to write them down. The key cannot be shown again.',
    roles: {
      operator: 'Operator',
      township_officer: 'Township officer',
      county_supervisor: 'County supervisor',
      finance_officer: 'Finance officer',
      identity_custodian: 'Identity custodian',
      auditor: 'Auditor',
      village_coordinator: 'Village safety coordinator',
    },
  },
} as const;

export function StaffLayout(props: { lang: Lang; title: string; staff?: StaffPrincipal; children: Child }) {
  const t = staffText[props.lang];
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${t.title}`}</title>
        <link rel="stylesheet" href="/assets/pico.min.css" />
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <header>
          <nav aria-label={t.title}>
            <ul>
              <li>
                <strong>
                  <a href={`/staff?lang=${props.lang}`}>{t.title}</a>
                </strong>
              </li>
            </ul>
            <ul>
              {props.staff && REWARD_QUEUE_STAGES[props.staff.role].length > 0 && (
                <li>
                  <a href={`/staff/rewards?lang=${props.lang}`}>{t.rewards}</a>
                </li>
              )}
              {props.staff && (
                <li>
                  {props.staff.name} · {t.roles[props.staff.role]}
                </li>
              )}
              <li>
                <a href={`?lang=${props.lang === 'zh' ? 'en' : 'zh'}`}>
                  {props.lang === 'zh' ? 'English' : '中文'}
                </a>
              </li>
              {props.staff && (
                <li>
                  <form method="post" action="/staff/sign-out" class="inline">
                    <button type="submit" class="secondary">
                      {t.signOut}
                    </button>
                  </form>
                </li>
              )}
            </ul>
          </nav>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}

const shanghai = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
  });

export function QueuePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  cases: CaseRecord[];
  now: Date;
  query: Record<string, string>;
  cursor?: string;
  placeName: (code?: string) => string;
  /** County staff can narrow their queue to one township. */
  townships?: { code: string; name: string }[];
}) {
  const { lang } = props;
  const t = staffText[lang];
  const nowIso = props.now.toISOString();
  const nextQuery = new URLSearchParams({
    ...props.query,
    lang,
    ...(props.cursor ? { cursor: props.cursor } : {}),
  });
  return (
    <StaffLayout lang={lang} title={t.queue} staff={props.staff}>
      <h1>{t.queue}</h1>
      {(props.staff.role === 'operator' || props.staff.role === 'county_supervisor') && (
        <p>
          <a href={`/staff/intake?lang=${lang}`}>{t.phoneIntake}</a>
        </p>
      )}
      <form method="get" action="/staff" class="filters">
        <input type="hidden" name="lang" value={lang} />
        <label for="q-status">
          {t.status}
          <select id="q-status" name="status">
            <option value="">{t.all}</option>
            {Object.entries(STATUS_LABELS).map(([k, v]) => (
              <option value={k} selected={props.query.status === k}>
                {v[lang]}
              </option>
            ))}
          </select>
        </label>
        <label for="q-category">
          {t.category}
          <select id="q-category" name="category">
            <option value="">{t.all}</option>
            {Object.entries(CATEGORY_LABELS).map(([k, v]) => (
              <option value={k} selected={props.query.category === k}>
                {v[lang]}
              </option>
            ))}
          </select>
        </label>
        {props.townships && props.townships.length > 0 && (
          <label for="q-township">
            {t.township}
            <select id="q-township" name="township">
              <option value="">{t.all}</option>
              {props.townships.map((tw) => (
                <option value={tw.code} selected={props.query.township === tw.code}>
                  {tw.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">{t.filter}</button>
      </form>
      {props.cases.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.caseTitle}</th>
                <th scope="col">{t.category}</th>
                <th scope="col">{t.township}</th>
                <th scope="col">{t.status}</th>
                <th scope="col">{t.due}</th>
              </tr>
            </thead>
            <tbody>
              {props.cases.map((c) => {
                const overdue = Boolean(c.due && c.due.dueAt < nowIso);
                return (
                  <tr class={overdue ? 'overdue' : ''}>
                    <td>
                      <a href={`/staff/cases/${c.caseNumber}?lang=${lang}`}>{c.caseNumber}</a>
                    </td>
                    <td>{CATEGORY_LABELS[c.category][lang]}</td>
                    <td>{props.placeName(c.townshipCode) || '—'}</td>
                    <td>{STATUS_LABELS[c.status][lang]}</td>
                    <td>
                      {c.due?.dueDate ?? '—'}
                      {overdue && <strong class="field-error"> {t.overdue}</strong>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {props.cursor && <a href={`/staff?${nextQuery.toString()}`}>{t.next}</a>}
    </StaffLayout>
  );
}

export function CasePage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  record: CaseRecord;
  events: CaseEvent[];
  placeName: (code?: string) => string;
  actions: Child;
  identity?: Child;
  /** The reward of a substantiated case (reward-pages.tsx), when there is one. */
  reward?: Child;
  /** Coordinator mark, questionnaire answers, village re-check (case-extras.tsx). */
  extras?: Child;
}) {
  const { lang, record: c } = props;
  const t = staffText[lang];
  return (
    <StaffLayout lang={lang} title={c.caseNumber} staff={props.staff}>
      <h1>
        {t.caseTitle} <output id="case-number">{c.caseNumber}</output>
      </h1>
      <p>
        {CATEGORY_LABELS[c.category][lang]} ·{' '}
        <strong id="case-status">{STATUS_LABELS[c.status][lang]}</strong>
        {c.due && (
          <>
            {' '}
            · {t.due}: <time datetime={c.due.dueAt}>{c.due.dueDate}</time> ({c.due.period})
          </>
        )}
      </p>
      <section>
        <h2>{t.content}</h2>
        <p id="case-description">{c.description}</p>
        <dl>
          {c.unitName && (
            <>
              <dt>{t.unit}</dt>
              <dd>{c.unitName}</dd>
            </>
          )}
          <dt>{t.location}</dt>
          <dd>
            {[c.location.countyCode, c.location.townshipCode, c.location.villageCode]
              .map((code) => props.placeName(code))
              .filter(Boolean)
              .join(' · ')}
            {c.location.address ? ` · ${c.location.address}` : ''}
          </dd>
          {c.imminentDanger && <dd class="field-error">{t.imminent}</dd>}
          <dt>{t.identity}</dt>
          <dd>
            {c.hasIdentity ? t.identitySealed : t.anonymous}
            {c.reporterIsEmployee ? ` · ${t.employee}` : ''}
          </dd>
        </dl>
      </section>
      {props.extras}
      <section>
        <h2>{t.actions}</h2>
        {props.actions}
      </section>
      {props.reward}
      {props.identity}
      <section>
        <h2>{t.messageReporter}</h2>
        <form method="post" action={`/staff/cases/${c.caseNumber}/messages`}>
          <input type="hidden" name="lang" value={lang} />
          <label for="m-text">
            {t.messageReporter}
            <textarea id="m-text" name="text" rows={3} required maxlength={4000} />
          </label>
          <label>
            <input type="checkbox" name="internal" value="on" />
            {t.internalNote}
          </label>
          <button type="submit">{t.send}</button>
        </form>
      </section>
      <section>
        <h2>{t.timeline}</h2>
        <ol class="timeline">
          {props.events.map((e) => (
            <li class={e.reporterVisible ? '' : 'internal'}>
              <time datetime={e.at}>{shanghai(e.at, lang)}</time> ·{' '}
              {e.type === 'transition' ? e.action : e.action ? `${e.type} · ${e.action}` : e.type}
              {e.status ? ` → ${STATUS_LABELS[e.status][lang]}` : ''}
              {e.actor.kind === 'staff' ? ` · ${e.actor.staffId}` : ` · ${e.actor.kind}`}
              {e.text && <p>{e.text}</p>}
            </li>
          ))}
        </ol>
      </section>
    </StaffLayout>
  );
}
