/**
 * The staff header's search box and inbox link (with the unread count), as components the console
 * layout drops in. The count is looked up while the page renders, through the request context
 * (hono/context-storage, installed by the search and inbox routes), so the layout needs no new prop.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { contextStorage, tryGetContext } from 'hono/context-storage';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { UNREAD_CAP } from '#shared/repositories/inbox-repository.ts';

declare module 'hono' {
  interface ContextVariableMap {
    /** How many inbox entries a staff member has not read (set for console requests). */
    inboxUnread?: (staff: StaffPrincipal) => Promise<number>;
  }
}

export const headerText = {
  zh: {
    search: '搜索',
    searchLabel: '搜索案件（编号、单位或举报内容）',
    searchPlaceholder: '案件编号或关键词',
    inbox: '消息',
    unreadSuffix: '条未读',
  },
  en: {
    search: 'Search',
    searchLabel: 'Search cases (number, unit or report words)',
    searchPlaceholder: 'Case number or words',
    inbox: 'Inbox',
    unreadSuffix: 'unread',
  },
} as const;

/** Installs the request context and the unread counter for every later handler. */
export function headerToolsMiddleware(
  count: (staff: StaffPrincipal) => Promise<number>,
): MiddlewareHandler[] {
  return [
    contextStorage(),
    async (c: Context, next) => {
      c.set('inboxUnread', count);
      await next();
    },
  ];
}

/** The header's search form: one field, GET /staff/search (works without JavaScript). */
export function SearchBox(props: { lang: Lang; value?: string }) {
  const t = headerText[props.lang];
  return (
    <form method="get" action="/staff/search" class="header-search">
      <input type="hidden" name="lang" value={props.lang} />
      <input
        type="search"
        name="q"
        aria-label={t.searchLabel}
        placeholder={t.searchPlaceholder}
        value={props.value ?? ''}
        maxlength={200}
      />
      <button type="submit" class="secondary">
        {t.search}
      </button>
    </form>
  );
}

/** The unread count of this request's staff member (0 when it cannot be read: the header never fails a page). */
export async function unreadOf(c: Context, staff: StaffPrincipal): Promise<number> {
  const counter = c.get('inboxUnread');
  try {
    return counter ? await counter(staff) : 0;
  } catch {
    return 0;
  }
}

/** The inbox link with the unread count (no count when none). */
export function InboxLinkView(props: { lang: Lang; unread: number }) {
  const t = headerText[props.lang];
  const { unread } = props;
  return (
    <a href={`/staff/inbox?lang=${props.lang}`} id="inbox-link">
      {t.inbox}
      {unread > 0 && (
        <>
          {' '}
          <mark class="unread-count" id="inbox-unread">
            {unread > UNREAD_CAP ? `${UNREAD_CAP}+` : unread}
          </mark>
          <span class="visually-hidden">{t.unreadSuffix}</span>
        </>
      )}
    </a>
  );
}

/** The inbox link with the unread count, read through the request context (outside the console's header slot). */
export async function InboxLink(props: { lang: Lang; staff: StaffPrincipal }) {
  const c = tryGetContext();
  return <InboxLinkView lang={props.lang} unread={c ? await unreadOf(c, props.staff) : 0} />;
}

/** The inbox link of this request's signed-in staff member (the console header's slot). */
export async function HeaderInbox(props: { lang: Lang }) {
  const c = tryGetContext();
  const staff = c?.get('staff') as StaffPrincipal | undefined;
  if (!c || !staff) return null;
  return <InboxLinkView lang={props.lang} unread={await unreadOf(c, staff)} />;
}
