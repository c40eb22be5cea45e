/**
 * The staff consoles: server-rendered pages, form posts and downloads for people, with the staff
 * token in an HttpOnly cookie, served by the staff, reveal and supervision functions. Part of the
 * route table (table.ts); not in the OpenAPI document.
 */
import { page, type RouteEntry } from './types.ts';

const C = ['Console'];
const S = 'staff';
const cookie = 'staff-cookie';

export const STAFF_CONSOLE: RouteEntry[] = [
  page('GET /staff', S, cookie, '工作台队列 · The queue', C),
  page('GET /staff/search', S, cookie, '案件检索 · Search', C),
  page('GET /staff/inbox', S, cookie, '消息 · Inbox', C),
  page('GET /staff/inbox/open', S, cookie, '打开消息 · Open a message (marks it read)', C),
  page('POST /staff/inbox/read-all', S, cookie, '全部已读 · Mark all read', C),
  page('GET /staff/sign-in', S, 'none', '登录 · Sign in', C),
  page('POST /staff/sign-out', S, cookie, '退出 · Sign out', C),
  page('GET /staff/intake', S, cookie, '电话受理 · Phone intake form', C),
  page('POST /staff/intake', S, cookie, '电话受理提交 · Phone intake posted', C),
  page('GET /staff/cases/:caseNumber', S, cookie, '案件页 · The case page', C),
  page('GET /staff/cases/:caseNumber/evidence/:id', S, cookie, '证据文件 · An evidence file', C),
  page('GET /staff/cases/:caseNumber/evidence/:id/thumbnail', S, cookie, '证据缩略图 · A thumbnail', C),
  page('POST /staff/cases/:caseNumber/reward/facts', S, cookie, '奖励事实 · Reward facts posted', C),
  page('POST /staff/cases/:caseNumber/reward/decisions', S, cookie, '奖励决定 · Reward decision posted', C),
  page('POST /staff/cases/:caseNumber/transitions', S, cookie, '办理动作 · A lifecycle action posted', C),
  page(
    'POST /staff/cases/:caseNumber/identity-requests',
    S,
    cookie,
    '申请查看身份 · Identity request posted',
    C,
  ),
  page('POST /staff/cases/:caseNumber/messages', S, cookie, '留言 · Message posted', C),
  page('GET /staff/rewards', S, cookie, '奖励队列 · Rewards by stage', C),
  page('POST /staff/rewards/:caseNumber/release', S, cookie, '放行领款人 · Release a payee', C),
  page('GET /staff/identity-requests', S, cookie, '身份申请 · Identity requests', C),
  page(
    'POST /staff/identity-requests/:caseNumber/:requestId/decision',
    S,
    cookie,
    '身份申请决定 · Decision posted',
    C,
  ),
  page('GET /staff/coordinator', S, cookie, '村安全员工作台 · Coordinator home', C),
  page('GET /staff/coordinator/report', S, cookie, '巡查上报 · Patrol report form', C),
  page('POST /staff/coordinator/report', S, cookie, '巡查上报提交 · Patrol report posted', C),
  page('GET /staff/coordinator/reports/:caseNumber', S, cookie, '我的上报 · One own report', C),
  page('GET /staff/coordinator/rechecks/:taskId', S, cookie, '复查任务 · A re-check task', C),
  page('POST /staff/coordinator/rechecks/:taskId', S, cookie, '复查结果 · Re-check posted', C),
  page('GET /staff/reveal/payment-batch.csv', 'reveal', cookie, '支付批次 · Payment batch (CSV)', C),
  page('GET /staff/reveal/:caseNumber/:requestId', 'reveal', cookie, '查看身份 · The identity page', C),
  page('GET /staff/dashboard', 'supervision', cookie, '考核看板 · Dashboard (html, csv, xlsx)', C),
  page('GET /staff/dashboard/cases', 'supervision', cookie, '看板案件清单 · Cases behind a figure', C),
  page('GET /staff/cases/:caseNumber/audit', 'supervision', cookie, '审计链 · A case’s audit chain', C),
  page('GET /staff/access-review', 'supervision', cookie, '访问复核 · Access review', C),
];
