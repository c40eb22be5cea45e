/**
 * The staff search and inbox as one sub-app of the staff app: the header's unread counter, the
 * search pages and API, the inbox pages and API. Mounted before the staff API, so that
 * `GET /api/v1/cases` with words, dates or a final state is answered by the search.
 */
import { Hono } from 'hono';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import type { CaseRepository } from '#shared/repositories/case-repository.ts';
import type { DirectoryRepository } from '#shared/repositories/directory-repository.ts';
import type { InboxRepository } from '#shared/repositories/inbox-repository.ts';
import type { SearchRepository } from '#shared/repositories/search-repository.ts';
import { unreadCount } from '#shared/services/inbox.ts';
import { headerToolsMiddleware } from './header-tools.tsx';
import { inboxRoutes } from './inbox.tsx';
import { searchRoutes } from './search.tsx';

export interface SearchInboxDeps {
  cases: CaseRepository;
  directory: DirectoryRepository;
  search: SearchRepository;
  inbox: InboxRepository;
  regionCode: string;
  now: () => Date;
}

export function searchInboxRoutes(deps: SearchInboxDeps, verify: StaffVerifier) {
  const app = new Hono();
  for (const mw of headerToolsMiddleware((staff) => unreadCount(deps, staff))) app.use('*', mw);
  app.route('/', searchRoutes(deps, verify));
  app.route('/', inboxRoutes(deps, verify));
  return app;
}
