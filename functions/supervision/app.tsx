/**
 * The supervision app — its own function in AWS (the spreadsheet writer and the charts stay out
 * of the citizen and case-work bundles): the 考核 dashboard and its exports, the case list behind a
 * figure, and the auditor's chain view and access review. It only reads (the one write is the
 * access log line of an audit view): counters, markers, the county index, case records and
 * timelines.
 */
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { useCommonMiddleware, useErrorHandling } from '#functions/http/common.ts';
import { csrfProtection } from '#functions/http/csrf.tsx';
import { requireStaff } from '#functions/staff/auth.ts';
import { namesOf } from '#functions/staff/routes/context.ts';
import { pickLang } from '#functions/web/i18n.ts';
import type { StaffVerifier } from '#shared/auth/staff.ts';
import { CATEGORY_LABELS, normalizeCaseNumber } from '#shared/domain/case.ts';
import { levelOfCode } from '#shared/domain/division-code.ts';
import { parseFigureFilter } from '#shared/domain/figure-filter.ts';
import { shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { type DashboardPeriod, parsePeriod, periodDays } from '#shared/domain/supervision-period.ts';
import { NotFoundError, ValidationError } from '#shared/errors.ts';
import type { Logger } from '#shared/log.ts';
import type { AccessCursor } from '#shared/repositories/access-log-repository.ts';
import {
  accessReview,
  auditView,
  dashboard,
  figureCases,
  MAX_FIGURE_CASES,
  type SupervisionDeps,
} from '#shared/services/supervision.ts';
import { AccessReviewPage, AuditPage } from './audit-pages.tsx';
import { CaseListPage } from './case-list-page.tsx';
import { dashboardApi } from './dashboard-api.ts';
import { DashboardPage } from './dashboard-page.tsx';
import { attachment, caseListCsv, caseListRows, caseListXlsx, tablesCsv, tablesXlsx } from './exports.ts';
import { dashboardTables } from './figures.ts';
import { ACCESS_ACTIONS, CHANNEL_LABELS, FIGURES, type FieldError, text } from './text.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function periodOf(c: Context, now: Date): { period: DashboardPeriod } | { error: FieldError } {
  const parsed = parsePeriod(
    { period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') },
    now,
  );
  return parsed.ok
    ? { period: parsed.period }
    : { error: { field: parsed.field, zh: parsed.zh, en: parsed.en } };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A Shanghai calendar day's start as an ISO instant. */
const dayStart = (d: string) => new Date(Date.parse(`${d}T00:00:00+08:00`)).toISOString();

function encodeCursor(c: AccessCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}
function decodeCursor(raw: string | undefined): AccessCursor | undefined {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as AccessCursor;
    if (typeof v?.month !== 'string' || (v.key !== undefined && typeof v.key !== 'object')) throw new Error();
    return v;
  } catch {
    throw new ValidationError([{ field: 'cursor', en: 'the page link is not valid', zh: '翻页链接无效' }]);
  }
}

export function createSupervisionApp(
  deps: SupervisionDeps & { logger: Logger; edgeSecret?: string | undefined },
  verify: StaffVerifier,
) {
  const app = new Hono();
  useCommonMiddleware(app, deps.logger, { csrf: csrfProtection({ edgeSecret: deps.edgeSecret }) });
  app.route('/', dashboardApi(deps, verify));
  const guard = requireStaff(verify, { pages: true });
  app.use('/staff/dashboard', guard);
  app.use('/staff/dashboard/*', guard);
  app.use('/staff/access-review', guard);
  app.use('/staff/cases/*', guard);
  // Nothing here may be cached: figures are by jurisdiction, exports are confidential documents.
  app.use('/staff/*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  app.get('/staff/dashboard', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const now = deps.now();
    const place = c.req.query('place') || undefined;
    const query = {
      period: c.req.query('period'),
      from: c.req.query('from'),
      to: c.req.query('to'),
      place,
    };
    const p = periodOf(c, now);
    const format = c.req.query('format') ?? 'html';
    if (!['html', 'csv', 'xlsx'].includes(format))
      throw new ValidationError([
        { field: 'format', en: 'format must be csv or xlsx', zh: '格式应为 csv 或 xlsx' },
      ]);
    if ('error' in p) {
      if (format !== 'html')
        throw new ValidationError([{ field: p.error.field, en: p.error.en, zh: p.error.zh }]);
      return c.html(
        <DashboardPage
          lang={lang}
          staff={staff}
          view={null}
          tables={[]}
          now={now}
          query={query}
          errors={[p.error]}
        />,
        400,
      );
    }
    const view = await dashboard(deps, staff, p.period, place);
    const tables = dashboardTables(view);
    const fileBase = `考核统计-${view.scope.name}-${view.period.labelZh}`;
    const asciiBase = `dashboard-${view.scope.code}-${view.period.from}-${view.period.to}`;
    if (format === 'csv') {
      const only = c.req.query('table');
      const chosen = only ? tables.filter((t) => t.id === only) : tables;
      if (only && !chosen.length)
        throw new ValidationError([{ field: 'table', en: 'no such table', zh: '没有这个表格' }]);
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', attachment(`${asciiBase}.csv`, `${fileBase}.csv`));
      return c.body(tablesCsv(chosen, `${view.scope.name} · ${view.period.labelZh}`));
    }
    if (format === 'xlsx') {
      const buf = await tablesXlsx(tables, view.scope.name, view.period.labelZh);
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${asciiBase}.xlsx`, `${fileBase}.xlsx`));
      return c.body(new Uint8Array(buf));
    }
    return c.html(
      <DashboardPage
        lang={lang}
        staff={staff}
        view={view}
        tables={tables}
        now={now}
        query={query}
        errors={[]}
      />,
    );
  });

  app.get('/staff/dashboard/cases', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const p = periodOf(c, deps.now());
    if ('error' in p) throw new ValidationError([{ field: p.error.field, en: p.error.en, zh: p.error.zh }]);
    const figure = c.req.query('figure') ?? '';
    if (!FIGURES[figure])
      throw new ValidationError([
        { field: 'figure', en: 'choose a figure from the list', zh: '请从列表中选择一个数字' },
      ]);
    const filtered = parseFigureFilter(c.req.query());
    if (!filtered.ok) throw new ValidationError(filtered.issues);
    const filter = filtered.filter;
    const format = c.req.query('format') ?? 'html';
    if (!['html', 'csv', 'xlsx'].includes(format))
      throw new ValidationError([
        { field: 'format', en: 'format must be html, csv or xlsx', zh: '格式应为网页、csv 或 xlsx' },
      ]);
    const place = c.req.query('place') || undefined;
    const found = await figureCases(deps, staff, p.period, figure, place, filter);
    const name = await namesOf(deps, [found.scope, ...found.rows.map((r) => r.place)]);
    const rows = caseListRows(found.rows, name);
    const t = text[lang];
    const filterWords = [
      ...(filter.category ? [CATEGORY_LABELS[filter.category][lang]] : []),
      ...(filter.channel ? [CHANNEL_LABELS[filter.channel][lang]] : []),
      ...(filter.timing ? [t.timings[filter.timing]] : []),
    ];
    const figureName = (FIGURES[figure] ?? { zh: figure, en: figure })[lang];
    const title = [FIGURES[figure]!.zh, ...filterWords, name(found.scope), p.period.labelZh].join('-');
    const ascii = `cases-${figure.replace(/[^a-z_]/gi, '-')}-${found.scope}-${p.period.from}-${p.period.to}`;
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header('Content-Disposition', attachment(`${ascii}.csv`, `案件清单-${title}.csv`));
      return c.body(caseListCsv(rows));
    }
    if (format === 'xlsx') {
      c.header('Content-Type', XLSX_TYPE);
      c.header('Content-Disposition', attachment(`${ascii}.xlsx`, `案件清单-${title}.xlsx`));
      return c.body(new Uint8Array(await caseListXlsx(rows, title)));
    }
    const qs = new URL(c.req.url).searchParams;
    const link = (fmt: string) => {
      const q = new URLSearchParams(qs);
      q.set('format', fmt);
      return `/staff/dashboard/cases?${q.toString()}`;
    };
    const back = new URLSearchParams(qs);
    for (const k of ['figure', 'format', 'category', 'channel', 'timing']) back.delete(k);
    if (back.get('place') === staff.jurisdiction) back.delete('place');
    // The case search of the same place and days: every case received there, not only this figure's.
    const search = new URLSearchParams(periodDays(p.period));
    if (levelOfCode(found.scope) === 'township') search.set('township', found.scope);
    if (lang === 'en') search.set('lang', 'en');
    const periodLabel = lang === 'zh' ? p.period.labelZh : p.period.labelEn;
    return c.html(
      <CaseListPage
        lang={lang}
        staff={staff}
        title={[figureName, ...filterWords, name(found.scope), periodLabel].join(' · ')}
        rows={rows}
        truncated={found.truncated ? MAX_FIGURE_CASES : null}
        downloads={{ csv: link('csv'), xlsx: link('xlsx') }}
        back={`/staff/dashboard?${back.toString()}`}
        searchHref={`/staff/search?${search.toString()}`}
        filters={[
          { label: t.figure, value: figureName },
          { label: t.place, value: name(found.scope) },
          { label: t.period, value: periodLabel },
          ...(filter.category ? [{ label: t.category, value: CATEGORY_LABELS[filter.category][lang] }] : []),
          ...(filter.channel ? [{ label: t.channel, value: CHANNEL_LABELS[filter.channel][lang] }] : []),
          ...(filter.timing ? [{ label: t.timing, value: t.timings[filter.timing] }] : []),
        ]}
      />,
    );
  });

  app.get('/staff/cases/:caseNumber/audit', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const caseNumber = normalizeCaseNumber(c.req.param('caseNumber'));
    if (!caseNumber) throw new NotFoundError('case not found');
    const view = await auditView(deps, staff, caseNumber);
    return c.html(<AuditPage lang={lang} staff={staff} view={view} />);
  });

  app.get('/staff/access-review', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const staff = c.get('staff');
    const now = deps.now();
    const today = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const monthAgo = new Date(now.getTime() + 8 * 3600_000 - 30 * 86_400_000).toISOString().slice(0, 10);
    const q = {
      staffId: c.req.query('staff')?.trim() || undefined,
      action: c.req.query('action') || undefined,
      from: c.req.query('from') || monthAgo,
      to: c.req.query('to') || today,
    };
    const errors: FieldError[] = [];
    if (!DAY.test(q.from) || Number.isNaN(Date.parse(q.from)))
      errors.push({
        field: 'from',
        zh: '起始日期格式应为 2026-11-01',
        en: 'from must be a date like 2026-11-01',
      });
    if (!DAY.test(q.to) || Number.isNaN(Date.parse(q.to)))
      errors.push({
        field: 'to',
        zh: '截止日期格式应为 2026-11-30',
        en: 'to must be a date like 2026-11-30',
      });
    if (!errors.length && q.to < q.from)
      errors.push({ field: 'to', zh: '截止日期不能早于起始日期', en: 'to must not be before from' });
    if (q.action && !ACCESS_ACTIONS[q.action])
      errors.push({ field: 'action', zh: '请从列表中选择操作', en: 'choose an action from the list' });
    if (q.staffId && q.staffId.length > 128)
      errors.push({ field: 'staff', zh: '工作人员编号过长', en: 'staff id is too long' });
    const format = c.req.query('format') ?? 'html';
    if (errors.length) {
      if (format === 'csv') throw new ValidationError(errors);
      return c.html(
        <AccessReviewPage lang={lang} staff={staff} query={q} entries={[]} csvHref="#" errors={errors} />,
        400,
      );
    }
    const toNext = new Date(Date.parse(`${q.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const limit = format === 'csv' ? 1000 : 50;
    const page = await accessReview(deps, staff, {
      from: dayStart(q.from),
      to: dayStart(toNext),
      ...(q.staffId ? { staffId: q.staffId } : {}),
      ...(q.action ? { action: [q.action] } : {}),
      limit,
      cursor: decodeCursor(c.req.query('cursor')),
    });
    const params = new URLSearchParams();
    if (lang === 'en') params.set('lang', 'en');
    if (q.staffId) params.set('staff', q.staffId);
    if (q.action) params.set('action', q.action);
    params.set('from', q.from);
    params.set('to', q.to);
    if (format === 'csv') {
      c.header('Content-Type', 'text/csv; charset=utf-8');
      c.header(
        'Content-Disposition',
        attachment(`access-review-${q.from}-${q.to}.csv`, `访问审查-${q.from}至${q.to}.csv`),
      );
      return c.body(
        stringify(
          [
            ['时间', '工作人员编号', '操作', '案件编号'],
            ...page.entries.map((e) => [
              shanghaiDateTime(e.at, { seconds: true }),
              e.staffId,
              ACCESS_ACTIONS[e.action]?.zh ?? e.action,
              e.caseNumber,
            ]),
          ],
          { bom: true, record_delimiter: 'windows' },
        ),
      );
    }
    const csv = new URLSearchParams(params);
    csv.set('format', 'csv');
    const cursorRaw = c.req.query('cursor');
    if (cursorRaw) csv.set('cursor', cursorRaw);
    let nextHref: string | undefined;
    if (page.next) {
      const n = new URLSearchParams(params);
      n.set('cursor', encodeCursor(page.next));
      nextHref = `/staff/access-review?${n.toString()}`;
    }
    return c.html(
      <AccessReviewPage
        lang={lang}
        staff={staff}
        query={q}
        entries={page.entries}
        {...(nextHref ? { nextHref } : {})}
        csvHref={`/staff/access-review?${csv.toString()}`}
        errors={[]}
      />,
    );
  });

  useErrorHandling(app, deps.logger);
  return app;
}
