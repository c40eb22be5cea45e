/**
 * The frame of every console page: a one-line header (brand, the role's queues, slots for the
 * search form and the inbox link, and an account menu with language and sign-out) and the main
 * column. Works without JavaScript; on a phone the header stays one line.
 */

import { tryGetContext } from 'hono/context-storage';
import type { Child } from 'hono/jsx';
import { assetHref } from '#functions/assets/hashed.ts';
import { CSRF_FIELD, csrfToken } from '#functions/http/csrf.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import type { StaffRole } from '#shared/domain/roles.ts';
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
    brand: '吹哨工作台',
    notFound: '没有找到',
    notFoundHint: '案件编号不存在，或不在您的辖区内。',
    refusedTitle: '没有办成',
    backToQueue: '回到待办案件',
    menu: '账号',
    jurisdiction: '辖区',
    nav: '工作台导航',
    identityQueue: '身份查看申请',
    switchLang: 'English',
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
    phoneIntakeAnother: '再登记一件',
    whereItWent: '案件去向',
    routedTo: (name: string) => `已交办${name}，乡镇受理期限从现在起算。`,
    inTriage: '地点还不能确定，案件在待分派队列；地名匹配会先试一次，请随后打开案件交办乡镇。',
    openCase: '打开案件',
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
    brand: 'Chuishao staff',
    notFound: 'Not found',
    notFoundHint: 'There is no such case, or it is outside your jurisdiction.',
    refusedTitle: 'That was not done',
    backToQueue: 'Back to open cases',
    menu: 'Account',
    jurisdiction: 'Jurisdiction',
    nav: 'Staff navigation',
    identityQueue: 'Identity requests',
    switchLang: '中文',
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
    phoneIntakeAnother: 'Take another report',
    whereItWent: 'Where the case went',
    routedTo: (name: string) => `Assigned to ${name}; the township's time to accept starts now.`,
    inTriage:
      'The place is not certain yet, so the case waits in routing; the place matcher tries first, then open the case to assign a township.',
    openCase: 'Open the case',
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

/**
 * Optional parts of the header other modules fill in: `search` (a search form, shown in the header
 * on a desk and as its own row under it on a phone) and `inbox` (a link with the unread count,
 * kept on the header's one line). A page may pass them through StaffLayout's `header` prop; a
 * middleware may set them for every page at once with `c.set('staffHeader', { search, inbox })`
 * (the staff app runs hono's contextStorage, so the layout finds them).
 */
export interface StaffHeaderSlots {
  search?: Child;
  inbox?: Child;
}

declare module 'hono' {
  interface ContextVariableMap {
    staffHeader?: StaffHeaderSlots;
  }
}

/** The header slots set for this request by a middleware, if any. */
const requestSlots = (): StaffHeaderSlots => {
  const c = tryGetContext();
  return (c?.get('staffHeader') as StaffHeaderSlots | undefined) ?? {};
};

/**
 * The sign-out form's CSRF field. The layout is also drawn by apps that run no CSRF middleware
 * (their pages have no forms of their own); there the field is left out rather than failing the
 * page, and the staff app refuses that sign-out with its own page.
 */
function SignOutToken() {
  try {
    return <input type="hidden" name={CSRF_FIELD} value={csrfToken()} />;
  } catch {
    return null;
  }
}

/** A staff member's short name for the header: "张督（建安区应急管理局）" → "张督". */
const shortName = (name: string) => name.split(/[（(]/)[0]?.trim() || name;

export function StaffHeader(props: { lang: Lang; staff?: StaffPrincipal; path?: string } & StaffHeaderSlots) {
  const { lang, staff } = props;
  const t = staffText[lang];
  const other = lang === 'zh' ? 'en' : 'zh';
  return (
    <header class="staff-header">
      <nav aria-label={t.nav}>
        <a class="brand" href={`/staff?lang=${lang}`}>
          {t.brand}
        </a>
        {staff && (
          <ul class="staff-nav">
            {staff.role !== 'identity_custodian' && staff.role !== 'village_coordinator' && (
              <li>
                <a href={`/staff?lang=${lang}`}>{t.queue}</a>
              </li>
            )}
            {staff.role === 'identity_custodian' && (
              <li>
                <a href={`/staff/identity-requests?lang=${lang}`}>{t.identityQueue}</a>
              </li>
            )}
            {REWARD_QUEUE_STAGES[staff.role].length > 0 && (
              <li>
                <a href={`/staff/rewards?lang=${lang}`}>{t.rewards}</a>
              </li>
            )}
            {SUPERVISION_NAV.has(staff.role) && (
              <li>
                <a href={`/staff/dashboard?lang=${lang}`}>{lang === 'zh' ? '考核统计' : 'Dashboard'}</a>
              </li>
            )}
            {staff.role === 'auditor' && (
              <li>
                <a href={`/staff/access-review?lang=${lang}`}>
                  {lang === 'zh' ? '访问审查' : 'Access review'}
                </a>
              </li>
            )}
            {props.inbox && <li class="slot-inbox">{props.inbox}</li>}
          </ul>
        )}
        {staff ? (
          <details class="account">
            <summary>{shortName(staff.name)}</summary>
            <div class="account-menu">
              <p>
                {staff.name}
                <br />
                <small>
                  {t.roles[staff.role]} · {t.jurisdiction} {staff.jurisdiction}
                </small>
              </p>
              <a href={`${props.path ?? ''}?lang=${other}`} lang={other === 'zh' ? 'zh-CN' : 'en'}>
                {t.switchLang}
              </a>
              <form method="post" action="/staff/sign-out">
                <SignOutToken />
                <button type="submit" class="secondary">
                  {t.signOut}
                </button>
              </form>
            </div>
          </details>
        ) : (
          <a href={`?lang=${other}`} lang={other === 'zh' ? 'zh-CN' : 'en'}>
            {t.switchLang}
          </a>
        )}
      </nav>
      {props.search && <div class="slot-search">{props.search}</div>}
    </header>
  );
}

/** Roles with a 考核 dashboard (functions/supervision). */
const SUPERVISION_NAV = new Set(['county_supervisor', 'operator', 'auditor', 'township_officer']);

export function StaffLayout(props: {
  lang: Lang;
  title: string;
  staff?: StaffPrincipal;
  /** The page's own path, for the language switch (defaults to the current page). */
  path?: string;
  header?: StaffHeaderSlots;
  children: Child;
}) {
  const t = staffText[props.lang];
  return (
    <html lang={props.lang === 'zh' ? 'zh-CN' : 'en'}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <link rel="icon" href="data:," />
        <title>{`${props.title} · ${t.title}`}</title>
        <link rel="stylesheet" href={assetHref('/assets/pico.min.css')} />
        <link rel="stylesheet" href={assetHref('/assets/app.css')} />
        <link rel="stylesheet" href={assetHref('/assets/staff.css')} />
        <script src={assetHref('/assets/staff.js')} defer />
      </head>
      <body class="staff">
        <StaffHeader
          lang={props.lang}
          staff={props.staff}
          path={props.path}
          {...(props.header ?? (props.staff ? requestSlots() : {}))}
        />
        <main>{props.children}</main>
      </body>
    </html>
  );
}
