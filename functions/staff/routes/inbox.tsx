/**
 * The staff inbox: `/staff/inbox` lists the notifications addressed to the signed-in role in its
 * jurisdiction, newest first, unread ones marked; opening one marks it read and goes to its case.
 * `GET /api/v1/inbox` gives the same to API clients.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { CsrfField } from '#functions/http/csrf.tsx';
import { parseOrThrow } from '#functions/http/validation.ts';
import { type Lang, pickLang } from '#functions/web/i18n.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type Category } from '#shared/domain/case.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { NotFoundError, ValidationError } from '#shared/errors.ts';
import type { NotificationKind } from '#shared/notify.ts';
import { UNREAD_CAP } from '#shared/repositories/inbox-repository.ts';
import {
  type InboxDeps,
  type InboxItem,
  inboxPage,
  markAllRead,
  openInboxEntry,
} from '#shared/services/inbox.ts';
import { requireStaff } from '../auth.ts';
import { StaffLayout } from '../layout.tsx';
import { InboxQuerySchema } from '../schemas.ts';

export const KIND_LABELS: Record<NotificationKind, { zh: string; en: string }> = {
  case_assigned: { zh: '新交办案件', en: 'New case assigned' },
  case_transferred_in: { zh: '转入案件', en: 'Case transferred in' },
  triage_needed: { zh: '待分派举报', en: 'Report awaiting routing' },
  deadline_reminder: { zh: '期限将到', en: 'Deadline approaching' },
  deadline_escalation: { zh: '逾期督办', en: 'Deadline passed' },
  reward_facts_needed: { zh: '待录入奖励事实', en: 'Reward facts needed' },
  reward_to_approve: { zh: '奖励待审批', en: 'Reward to approve' },
  reward_claimed: { zh: '奖励已申领，请申请调取领奖人信息', en: 'Reward claimed: request the payee' },
  payee_release_requested: { zh: '领奖人信息调取待批', en: 'Payee release requested' },
  payee_released: { zh: '领奖人信息已交付，可以支付', en: 'Payee released: pay' },
  identity_requested: { zh: '身份查看申请待审批', en: 'Identity request to decide' },
  identity_decided: { zh: '身份查看申请已有结果', en: 'Identity request decided' },
};

export const inboxText = {
  zh: {
    title: '消息',
    unread: '未读',
    read: '已读',
    unreadCount: (n: number) =>
      n === 0 ? '没有未读消息。' : `${n > UNREAD_CAP ? `${UNREAD_CAP}+` : n} 条未读。`,
    markAll: '全部标为已读',
    none: '还没有消息。新交办、转入、期限提醒、逾期督办、奖励和身份查看申请的通知会出现在这里。',
    caseLabel: '案件',
    due: '期限',
    sent: '通知于',
    more: '更早的消息',
    first: '回到最新',
    notFound: '没有找到这条消息。',
  },
  en: {
    title: 'Inbox',
    unread: 'Unread',
    read: 'Read',
    unreadCount: (n: number) =>
      n === 0 ? 'Nothing unread.' : `${n > UNREAD_CAP ? `${UNREAD_CAP}+` : n} unread.`,
    markAll: 'Mark all as read',
    none: 'No messages yet. New assignments, transfers, deadline reminders, escalations, reward steps and identity requests appear here.',
    caseLabel: 'Case',
    due: 'Due',
    sent: 'sent',
    more: 'Older messages',
    first: 'Back to newest',
    notFound: 'That message was not found.',
  },
} as const;

const label = (kind: string, lang: Lang) => KIND_LABELS[kind as NotificationKind]?.[lang] ?? kind;
const categoryLabel = (category: string, lang: Lang) => CATEGORY_LABELS[category as Category]?.[lang] ?? '';

export function InboxPage(props: {
  lang: Lang;
  staff: Parameters<typeof StaffLayout>[0]['staff'];
  items: InboxItem[];
  unread: number;
  cursor?: string;
  paged: boolean;
  error?: string;
}) {
  const { lang } = props;
  const t = inboxText[lang];
  return (
    <StaffLayout lang={lang} title={t.title} staff={props.staff}>
      <h1>{t.title}</h1>
      {props.error && (
        <p role="alert" class="field-error">
          {props.error}
        </p>
      )}
      <p id="inbox-summary">{t.unreadCount(props.unread)}</p>
      {props.unread > 0 && (
        <form method="post" action="/staff/inbox/read-all" class="inbox-read-all">
          <CsrfField />
          <input type="hidden" name="lang" value={lang} />
          <button type="submit" class="secondary">
            {t.markAll}
          </button>
        </form>
      )}
      {props.items.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ol class="inbox-list" id="inbox">
          {props.items.map((e) => (
            <li class={e.unread ? 'unread' : ''}>
              <a href={`/staff/inbox/open?id=${encodeURIComponent(e.id)}&lang=${lang}`}>
                {e.unread ? <span class="badge unread-badge">{t.unread}</span> : null}{' '}
                <strong>{label(e.kind, lang)}</strong>
                <span class="inbox-meta">
                  {t.caseLabel} {e.caseNumber} · {categoryLabel(e.category, lang)}
                  {e.dueDate ? ` · ${t.due} ${e.dueDate}` : ''} · {t.sent}{' '}
                  <time datetime={e.at}>{shanghaiDateTime(e.at)}</time>
                </span>
              </a>
            </li>
          ))}
        </ol>
      )}
      <nav class="pager" aria-label={t.title}>
        {props.paged && <a href={`/staff/inbox?lang=${lang}`}>{t.first}</a>}
        {props.cursor && (
          <a href={`/staff/inbox?lang=${lang}&cursor=${props.cursor}`} rel="next">
            {t.more}
          </a>
        )}
      </nav>
    </StaffLayout>
  );
}

export function inboxRoutes(deps: InboxDeps, verify: StaffVerifier) {
  const app = new Hono();
  const pageGuard = requireStaff(verify, { pages: true });
  app.use('/api/v1/inbox', requireStaff(verify, { pages: false }));
  app.use('/api/v1/inbox/*', requireStaff(verify, { pages: false }));

  const page = async (c: Context, lang: Lang, cursor?: string, error?: string) => {
    const staff = c.get('staff');
    c.header('Cache-Control', 'no-store');
    try {
      const result = await inboxPage(deps, staff, { limit: 25, cursor });
      return c.html(
        <InboxPage
          lang={lang}
          staff={staff}
          items={result.items}
          unread={result.unread}
          cursor={result.cursor}
          paged={Boolean(cursor)}
          error={error}
        />,
        error ? 404 : 200,
      );
    } catch (err) {
      if (err instanceof ValidationError)
        return page(c, lang, undefined, lang === 'zh' ? err.issues[0]?.zh : err.issues[0]?.en);
      throw err;
    }
  };

  app.get('/staff/inbox', pageGuard, (c) => page(c, pickLang(c.req.query('lang')), c.req.query('cursor')));

  app.get('/staff/inbox/open', pageGuard, async (c) => {
    const lang = pickLang(c.req.query('lang'));
    try {
      const entry = await openInboxEntry(deps, c.get('staff'), c.req.query('id') ?? '');
      return c.redirect(`/staff/cases/${entry.caseNumber}?lang=${lang}`, 303);
    } catch (err) {
      if (err instanceof NotFoundError) return page(c, lang, undefined, inboxText[lang].notFound);
      throw err;
    }
  });

  app.post('/staff/inbox/read-all', pageGuard, async (c) => {
    const form = await c.req.parseBody();
    const lang = pickLang(c.req.query('lang'), typeof form.lang === 'string' ? form.lang : undefined);
    await markAllRead(deps, c.get('staff'));
    return c.redirect(`/staff/inbox?lang=${lang}`, 303);
  });

  app.get('/api/v1/inbox', async (c) => {
    const q = parseOrThrow(InboxQuerySchema, c.req.query(), 'query');
    const result = await inboxPage(deps, c.get('staff'), { limit: q.limit ?? 25, cursor: q.cursor });
    c.header('Cache-Control', 'no-store');
    return c.json({
      unread: result.unread,
      items: result.items.map((e) => ({
        id: e.id,
        kind: e.kind,
        caseNumber: e.caseNumber,
        jurisdiction: e.jurisdiction,
        category: e.category,
        ...(e.dueDate ? { dueDate: e.dueDate } : {}),
        at: e.at,
        unread: e.unread,
        link: `/staff/cases/${e.caseNumber}`,
      })),
      ...(result.cursor ? { cursor: result.cursor } : {}),
    });
  });

  app.post('/api/v1/inbox/read-all', async (c) => {
    await markAllRead(deps, c.get('staff'));
    return c.body(null, 204);
  });

  app.post('/api/v1/inbox/:id/read', async (c) => {
    await openInboxEntry(deps, c.get('staff'), c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
