/**
 * Staff search: the results page `/staff/search` (a whole case number opens that case; words,
 * state, category, township and dates list the jurisdiction's cases newest first, as cards on a
 * phone) and, for API clients, `GET /api/v1/cases` with `q`, `from`, `to` or a final state. The
 * queue's filter for a final state (已办结, 不予受理, 已移交) lands here too: the open-case queue
 * does not hold final cases, the archive does.
 */
import type { Context } from 'hono';
import { Hono } from 'hono';
import { parseOrThrow } from '#functions/http/validation.ts';
import { type Lang, pickLang } from '#functions/web/i18n.ts';
import type { StaffPrincipal, StaffVerifier } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, type CaseRecord, STATUS_LABELS } from '#shared/domain/case.ts';
import { levelOfCode } from '#shared/domain/division-code.ts';
import { figureListQuery } from '#shared/domain/figure-filter.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '#shared/errors.ts';
import {
  isArchiveStatus,
  type SearchDeps,
  type SearchQuery,
  searchCases,
} from '#shared/services/case-search.ts';
import { staffCaseView } from '../api.ts';
import { requireStaff } from '../auth.ts';
import { StaffLayout } from '../layout.tsx';
import { SearchQuerySchema } from '../schemas.ts';

export { SearchQuerySchema };

export const searchText = {
  zh: {
    title: '案件查询',
    q: '案件编号或关键词',
    qHint: '输入完整案件编号直接打开案件；或输入被举报单位名称、举报内容中的词语，多个词用空格分开。',
    status: '状态',
    category: '类别',
    township: '乡镇（街道）',
    from: '收到日期（从）',
    to: '收到日期（到）',
    all: '全部',
    submit: '查询',
    clear: '清除条件',
    results: '查询结果',
    none: '没有符合条件的案件。',
    noneOnPage: '这一批没有符合条件的案件，可以继续查找更早的案件。',
    more: '更早的案件',
    first: '回到最新',
    received: '收到',
    unit: '被举报单位',
    due: '期限',
    notFound: (n: string) => `没有找到编号为 ${n} 的案件。请核对编号；只能查到您辖区内的案件。`,
    errorsTitle: '请修改以下内容',
    unnamed: '未填写单位',
  },
  en: {
    title: 'Find cases',
    q: 'Case number or words',
    qHint:
      "A whole case number opens the case; otherwise words of the unit's name or of the report, separated by spaces.",
    status: 'Status',
    category: 'Category',
    township: 'Township',
    from: 'Received from',
    to: 'Received until',
    all: 'All',
    submit: 'Search',
    clear: 'Clear',
    results: 'Results',
    none: 'No cases match.',
    noneOnPage: 'Nothing matched in this batch; look further back for older cases.',
    more: 'Older cases',
    first: 'Back to newest',
    received: 'Received',
    unit: 'Unit',
    due: 'Due',
    notFound: (n: string) =>
      `No case ${n} was found. Check the number; only cases in your area can be found.`,
    errorsTitle: 'Please correct the following',
    unnamed: 'Unit not named',
  },
} as const;

export const searchRefused = {
  zh: '您的岗位不查阅案件，因此不能查询案件。',
  en: 'Your role does not read cases, so it cannot search them.',
};

/** Whether a queue request (`GET /api/v1/cases`, `/staff`) is a search or asks for a final state. */
export const isSearchRequest = (q: Record<string, string | undefined>) =>
  Boolean(q.q?.trim() || q.from || q.to || isArchiveStatus(q.status));

const excerpt = (text: string, n = 60) =>
  [...text].length > n ? `${[...text].slice(0, n).join('')}…` : text;

export interface SearchPageProps {
  lang: Lang;
  staff: StaffPrincipal;
  query: Record<string, string>;
  cases: CaseRecord[];
  cursor?: string;
  townships?: { code: string; name: string }[];
  placeName: (code?: string) => string;
  errors: { field: string; en: string; zh: string }[];
  notFound?: string;
  now: Date;
}

export function SearchPage(props: SearchPageProps) {
  const { lang, query } = props;
  const t = searchText[lang];
  const params = (extra: Record<string, string>) =>
    new URLSearchParams({
      ...Object.fromEntries(Object.entries(query).filter(([k, v]) => v && k !== 'cursor')),
      lang,
      ...extra,
    }).toString();
  const asked = Object.entries(query).some(([k, v]) => v && k !== 'cursor' && k !== 'lang');
  const fieldError = (field: string) => props.errors.find((e) => e.field === field);
  const nowIso = props.now.toISOString();
  return (
    <StaffLayout lang={lang} title={t.title} staff={props.staff}>
      <h1>{t.title}</h1>
      {props.errors.length > 0 && (
        <section role="alert" class="errors" id="errors" tabindex={-1}>
          <h2>{t.errorsTitle}</h2>
          <ul>
            {props.errors.map((e) => (
              <li>
                <a href={`#s-${e.field}`}>{lang === 'zh' ? e.zh : e.en}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <form method="get" action="/staff/search" class="search-filters">
        <input type="hidden" name="lang" value={lang} />
        <label for="s-q">
          {t.q}
          <input
            id="s-q"
            type="search"
            name="q"
            value={query.q ?? ''}
            maxlength={200}
            aria-describedby="s-q-hint"
            aria-invalid={fieldError('q') ? 'true' : undefined}
          />
          <small id="s-q-hint">{t.qHint}</small>
        </label>
        <div class="filter-grid">
          <label for="s-status">
            {t.status}
            <select id="s-status" name="status" aria-invalid={fieldError('status') ? 'true' : undefined}>
              <option value="">{t.all}</option>
              {Object.entries(STATUS_LABELS)
                .filter(([k]) => k !== 'received')
                .map(([k, v]) => (
                  <option value={k} selected={query.status === k}>
                    {v[lang]}
                  </option>
                ))}
            </select>
          </label>
          <label for="s-category">
            {t.category}
            <select
              id="s-category"
              name="category"
              aria-invalid={fieldError('category') ? 'true' : undefined}
            >
              <option value="">{t.all}</option>
              {Object.entries(CATEGORY_LABELS).map(([k, v]) => (
                <option value={k} selected={query.category === k}>
                  {v[lang]}
                </option>
              ))}
            </select>
          </label>
          {props.townships && props.townships.length > 0 && (
            <label for="s-township">
              {t.township}
              <select
                id="s-township"
                name="township"
                aria-invalid={fieldError('township') ? 'true' : undefined}
              >
                <option value="">{t.all}</option>
                {props.townships.map((tw) => (
                  <option value={tw.code} selected={query.township === tw.code}>
                    {tw.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label for="s-from">
            {t.from}
            <input
              id="s-from"
              type="date"
              name="from"
              value={query.from ?? ''}
              aria-invalid={fieldError('from') ? 'true' : undefined}
            />
          </label>
          <label for="s-to">
            {t.to}
            <input
              id="s-to"
              type="date"
              name="to"
              value={query.to ?? ''}
              aria-invalid={fieldError('to') ? 'true' : undefined}
            />
          </label>
        </div>
        <div class="form-actions">
          <button type="submit">{t.submit}</button>
          {asked && (
            <a href={`/staff/search?lang=${lang}`} class="secondary">
              {t.clear}
            </a>
          )}
        </div>
      </form>
      {props.notFound && (
        <p role="alert" id="not-found">
          {t.notFound(props.notFound)}
        </p>
      )}
      {asked && !props.notFound && props.errors.length === 0 && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t.results}</h2>
          {props.cases.length === 0 ? (
            <p id="no-results">{props.cursor ? t.noneOnPage : t.none}</p>
          ) : (
            <ol class="case-cards" id="results">
              {props.cases.map((c) => {
                const overdue = Boolean(c.due && c.due.dueAt < nowIso);
                return (
                  <li>
                    <article class={overdue ? 'case-card overdue' : 'case-card'}>
                      <header>
                        <a href={`/staff/cases/${c.caseNumber}?lang=${lang}`}>{c.caseNumber}</a>
                        <span class={`badge status-${c.status}`}>{STATUS_LABELS[c.status][lang]}</span>
                      </header>
                      <p class="card-unit">
                        <span class="visually-hidden">{t.unit}: </span>
                        {c.unitName || t.unnamed}
                      </p>
                      <p class="card-text">{excerpt(c.description)}</p>
                      <p class="card-meta">
                        {CATEGORY_LABELS[c.category][lang]}
                        {c.townshipCode ? ` · ${props.placeName(c.townshipCode)}` : ''} · {t.received}{' '}
                        <time datetime={c.createdAt}>{shanghaiDateTime(c.createdAt)}</time>
                        {c.due && (
                          <>
                            {' '}
                            · {t.due} <time datetime={c.due.dueAt}>{c.due.dueDate}</time>
                          </>
                        )}
                      </p>
                    </article>
                  </li>
                );
              })}
            </ol>
          )}
          <nav aria-label={t.results} class="pager">
            {query.cursor && <a href={`/staff/search?${params({})}`}>{t.first}</a>}
            {props.cursor && (
              <a href={`/staff/search?${params({ cursor: props.cursor })}`} id="next-page" rel="next">
                {t.more}
              </a>
            )}
          </nav>
        </section>
      )}
    </StaffLayout>
  );
}

/** The search routes; mounted before the staff API so `GET /api/v1/cases` searches when asked to. */
export function searchRoutes(deps: SearchDeps, verify: StaffVerifier) {
  const app = new Hono();
  const pageGuard = requireStaff(verify, { pages: true });
  const apiGuard = requireStaff(verify, { pages: false });

  const queryOf = (c: Context) =>
    Object.fromEntries(
      ['q', 'status', 'category', 'township', 'from', 'to', 'cursor'].flatMap((k) => {
        const v = c.req.query(k);
        return v ? [[k, v]] : [];
      }),
    ) as Record<string, string>;

  /** Names of the places on a page, looked up once. */
  const namesOf = async (codes: (string | undefined)[]) => {
    const unique = [...new Set(codes.filter((c): c is string => Boolean(c)))];
    const places = await Promise.all(unique.map((code) => deps.directory.get(code)));
    const names = new Map(places.filter((p) => p !== null).map((p) => [p.code, p.name]));
    return (code?: string) => (code ? (names.get(code) ?? '') : '');
  };

  // The queue's filter for a final state shows the archive (the queue holds only open cases).
  app.get('/staff', (c, next) => {
    if (!isArchiveStatus(c.req.query('status'))) return next();
    const lang = pickLang(c.req.query('lang'));
    const q = new URLSearchParams({ ...queryOf(c), lang });
    return c.redirect(`/staff/search?${q.toString()}`, 303);
  });

  app.get('/staff/search', pageGuard, async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    // A dashboard figure's link: its cases are the figure's markers, which the supervision
    // function lists; the search could only approximate them by status and dates.
    const figureList = c.req.query('figure') ? figureListQuery(c.req.query()) : null;
    if (figureList?.ok) return c.redirect(`/staff/dashboard/cases?${figureList.query}`, 303);
    const query = queryOf(c);
    const townships =
      levelOfCode(staff.jurisdiction) === 'county'
        ? await deps.directory.children(staff.jurisdiction)
        : undefined;
    const render = async (
      cases: CaseRecord[],
      cursor: string | undefined,
      errors: SearchPageProps['errors'],
      status: 200 | 400 | 403 | 404,
      notFound?: string,
    ) => {
      c.header('Cache-Control', 'no-store');
      return c.html(
        <SearchPage
          lang={lang}
          staff={staff}
          query={query}
          cases={cases}
          cursor={cursor}
          townships={townships}
          placeName={await namesOf(cases.map((x) => x.townshipCode))}
          errors={errors}
          notFound={notFound}
          now={deps.now()}
        />,
        status,
      );
    };
    if (figureList && !figureList.ok) return render([], undefined, figureList.issues, 400);
    const asked = Object.keys(query).length > 0;
    if (!asked) return render([], undefined, [], 200);
    try {
      const result = await searchCases(deps, staff, { ...(query as Partial<SearchQuery>), limit: 20 });
      if (result.kind === 'case') return c.redirect(`/staff/cases/${result.caseNumber}?lang=${lang}`, 303);
      return render(result.cases, result.cursor, [], 200);
    } catch (err) {
      if (err instanceof ValidationError) return render([], undefined, err.issues, 400);
      if (err instanceof NotFoundError) return render([], undefined, [], 404, query.q?.trim());
      if (err instanceof ForbiddenError)
        return render([], undefined, [{ field: 'q', ...searchRefused }], 403);
      throw err;
    }
  });

  // API clients: the queue endpoint searches when given words, dates or a final state.
  app.get('/api/v1/cases', async (c, next) => {
    if (!isSearchRequest(c.req.query())) return next();
    let response: Response | undefined;
    await apiGuard(c, async () => {
      response = await searchApi(c);
    });
    return response ?? c.res;
  });

  const searchApi = async (c: Context): Promise<Response> => {
    const q = parseOrThrow(SearchQuerySchema, c.req.query(), 'query');
    c.header('Cache-Control', 'no-store');
    try {
      const result = await searchCases(deps, c.get('staff'), { ...q, limit: q.limit ?? 25 });
      if (result.kind === 'case') {
        const stored = await deps.cases.get(result.caseNumber);
        return c.json({ cases: stored ? [staffCaseView(stored.record)] : [] });
      }
      return c.json({
        cases: result.cases.map(staffCaseView),
        ...(result.cursor ? { cursor: result.cursor } : {}),
      });
    } catch (err) {
      // An unknown case number and one outside the jurisdiction answer alike: nothing found.
      if (err instanceof NotFoundError) return c.json({ cases: [] });
      throw err;
    }
  };

  return app;
}
