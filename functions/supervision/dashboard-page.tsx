/**
 * The 考核 dashboard page: period chooser, key figures, three charts each followed by its data
 * tables (every count links to its cases), downloads, and the form for the case list behind a
 * figure. No JavaScript.
 */
import { BarChart } from '#functions/http/charts.tsx';
import { StaffLayout } from '#functions/staff/layout.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { CATEGORIES, CATEGORY_LABELS } from '#shared/domain/case.ts';
import { shanghaiDate, shanghaiDateTime } from '#shared/domain/shanghai-time.ts';
import { closeDaysPercentile, overallOnTime } from '#shared/domain/supervision-figures.ts';
import type { DashboardPeriod } from '#shared/domain/supervision-period.ts';
import type { DashboardView } from '#shared/services/supervision.ts';
import { DataTable, ErrorList, Section } from './data-table.tsx';
import { onTimeByPlace, type Table } from './figures.ts';
import { FIGURES, type FieldError, text } from './text.ts';

/** The tables `ids`, each in its section under its heading and note. */
function TableSections(props: {
  ids: readonly string[];
  tables: Map<string, Table>;
  lang: Lang;
  period: DashboardPeriod;
  scope: string;
  drillHref: (county: string) => string;
}) {
  const zh = props.lang === 'zh';
  return (
    <>
      {props.ids.map((id) => {
        const table = props.tables.get(id)!;
        return (
          <Section id={id} title={zh ? table.zh : table.en} note={zh ? table.noteZh : table.noteEn}>
            <DataTable
              table={table}
              lang={props.lang}
              period={props.period}
              scope={props.scope}
              drillHref={props.drillHref}
            />
          </Section>
        );
      })}
    </>
  );
}

export function periodOptions(now: Date): { value: string; label: string }[] {
  const [y, m] = shanghaiDate(now).split('-').map(Number) as [number, number];
  const out: { value: string; label: string }[] = [];
  for (let i = 0; i < 12; i++) {
    const t = y * 12 + (m - 1) - i;
    const ym = `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
    out.push({ value: ym, label: `${ym.slice(0, 4)}年${Number(ym.slice(5))}月` });
  }
  const q = Math.floor((m - 1) / 3);
  for (let i = 0; i < 8; i++) {
    const t = y * 4 + q - i;
    out.push({
      value: `${Math.floor(t / 4)}-Q${(t % 4) + 1}`,
      label: `${Math.floor(t / 4)}年第${(t % 4) + 1}季度`,
    });
  }
  for (let i = 0; i < 3; i++) out.push({ value: String(y - i), label: `${y - i}年` });
  return out;
}

export function DashboardPage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  view: DashboardView | null;
  tables: Table[];
  now: Date;
  query: { period?: string; from?: string; to?: string; place?: string };
  errors: FieldError[];
}) {
  const { lang, view } = props;
  const t = text[lang];
  const zh = lang === 'zh';
  const q = props.query;
  const periodParams = new URLSearchParams();
  if (view) {
    if (view.period.kind === 'range') {
      periodParams.set('from', view.period.from);
      periodParams.set('to', view.period.to);
    } else periodParams.set('period', q.period ?? view.period.from);
  }
  const withParams = (extra: Record<string, string>) => {
    const p = new URLSearchParams(periodParams);
    if (q.place) p.set('place', q.place);
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    if (lang === 'en') p.set('lang', 'en');
    return `/staff/dashboard?${p.toString()}`;
  };
  const drillHref = (county: string) => {
    const p = new URLSearchParams(periodParams);
    p.set('place', county);
    if (lang === 'en') p.set('lang', 'en');
    return `/staff/dashboard?${p.toString()}`;
  };
  const tableById = new Map(props.tables.map((x) => [x.id, x]));
  const sections = (ids: readonly string[]) =>
    view && (
      <TableSections
        ids={ids}
        tables={tableById}
        lang={lang}
        period={view.period}
        scope={view.scope.code}
        drillHref={drillHref}
      />
    );
  const title = view ? `${t.dashboard} · ${view.scope.name}` : t.dashboard;
  const total = view?.total;
  const onTime = total ? overallOnTime(total.counters) : null;
  const median = total ? closeDaysPercentile(total.counters, 0.5) : null;
  const options = periodOptions(props.now);
  const selected = q.from || q.to ? '' : (q.period ?? view?.period.from ?? '');
  return (
    <StaffLayout lang={lang} title={title} staff={props.staff}>
      <div class="dashboard">
        <h1>{title}</h1>
        {view && (
          <p class="lead">
            {zh ? view.period.labelZh : view.period.labelEn}
            {view.parent && (
              <>
                {' · '}
                <a href={drillHref(view.parent.code).replace(/([?&])place=\d+&?/, '$1')}>{t.backToCity}</a>
              </>
            )}
          </p>
        )}
        <ErrorList lang={lang} errors={props.errors} />
        <form method="get" action="/staff/dashboard" class="period">
          {lang === 'en' && <input type="hidden" name="lang" value="en" />}
          {q.place && <input type="hidden" name="place" value={q.place} />}
          <label for="f-period">{t.choosePeriod}</label>
          <select id="f-period" name="period">
            {options.map((o) => (
              <option value={o.value} selected={o.value === selected}>
                {o.label}
              </option>
            ))}
          </select>
          <button type="submit">{t.show}</button>
        </form>
        <details open={Boolean(q.from || q.to)}>
          <summary>{t.custom}</summary>
          <form method="get" action="/staff/dashboard" class="period">
            {lang === 'en' && <input type="hidden" name="lang" value="en" />}
            {q.place && <input type="hidden" name="place" value={q.place} />}
            {(['from', 'to'] as const).map((f) => (
              <>
                <label for={`f-${f}`}>
                  {t[f]} <small>{t.monthHint}</small>
                </label>
                <input
                  id={`f-${f}`}
                  name={f}
                  type="month"
                  value={q[f] ?? ''}
                  aria-invalid={props.errors.some((e) => e.field === f) ? 'true' : undefined}
                />
              </>
            ))}
            <button type="submit" class="secondary">
              {t.show}
            </button>
          </form>
        </details>
        {view && total && (
          <>
            <section aria-labelledby="h-key">
              <h2 id="h-key">{t.keyFigures}</h2>
              <dl class="key-figures">
                <div>
                  <dt>{t.received}</dt>
                  <dd id="kf-received">{total.counters.received ?? 0}</dd>
                </div>
                <div>
                  <dt>{t.closed}</dt>
                  <dd id="kf-closed">{total.counters.closed ?? 0}</dd>
                </div>
                <div>
                  <dt>{t.onTime}</dt>
                  <dd id="kf-on-time">
                    {onTime?.rate === null || !onTime ? t.noData : `${Math.round(onTime.rate * 1000) / 10}%`}
                  </dd>
                </div>
                <div>
                  <dt>{t.overdue}</dt>
                  <dd id="kf-overdue">{total.overdue}</dd>
                </div>
                <div>
                  <dt>{t.median}</dt>
                  <dd id="kf-median">{median === null ? t.noData : `${median} ${t.days}`}</dd>
                </div>
              </dl>
              <p class="note">
                {t.readAt} {shanghaiDateTime(view.readAt)}
              </p>
              <p>
                {t.downloads}: <a href={withParams({ format: 'csv' })}>{t.csv}</a> ·{' '}
                <a href={withParams({ format: 'xlsx' })}>{t.xlsx}</a>
              </p>
            </section>
            <figure>
              <BarChart
                id="chart-trend"
                title={t.chartTrend}
                description={t.chartTrendDesc}
                labels={view.months.map((m) =>
                  !zh
                    ? m.month
                    : view.period.from.slice(0, 4) === view.period.to.slice(0, 4)
                      ? `${Number(m.month.slice(5))}月`
                      : `${m.month.slice(2, 4)}年${Number(m.month.slice(5))}月`,
                )}
                series={[
                  { name: t.received, values: view.months.map((m) => m.counters.received ?? 0) },
                  { name: t.closed, values: view.months.map((m) => m.counters.closed ?? 0) },
                ]}
              />
            </figure>
            {sections(['trend', 'received', 'outcomes'])}
            <figure>
              <BarChart
                id="chart-on-time"
                title={t.chartOnTime}
                description={t.chartOnTimeDesc}
                horizontal
                percent
                labels={onTimeByPlace(view).map((r) => r.label)}
                series={[
                  {
                    name: t.onTime,
                    values: onTimeByPlace(view).map((r) =>
                      r.rate === null ? null : Math.round(r.rate * 1000) / 10,
                    ),
                  },
                ]}
              />
            </figure>
            {sections(['ranking', 'on_time', 'duration'])}
            <figure>
              <BarChart
                id="chart-category"
                title={t.chartCategory}
                description={t.chartCategoryDesc}
                labels={CATEGORIES.map((c) => CATEGORY_LABELS[c][lang])}
                series={tableById.get('by_category')!.columns.map((c) => ({
                  name: zh ? c.zh : c.en,
                  values: tableById.get('by_category')!.rows.map((r) => Number(r.cells[c.key] ?? 0)),
                }))}
              />
            </figure>
            {sections(['by_category', 'objections', 'rewards'])}
            <section aria-labelledby="h-cases">
              <h2 id="h-cases">{t.caseList}</h2>
              <p class="note">{t.caseListHint}</p>
              <form method="get" action="/staff/dashboard/cases">
                {lang === 'en' && <input type="hidden" name="lang" value="en" />}
                {[...periodParams.entries()].map(([k, v]) => (
                  <input type="hidden" name={k} value={v} />
                ))}
                <label for="f-figure">{t.figure}</label>
                <select id="f-figure" name="figure">
                  {Object.entries(FIGURES).map(([k, v]) => (
                    <option value={k}>{v[lang]}</option>
                  ))}
                </select>
                <label for="f-place">{t.place}</label>
                <select id="f-place" name="place">
                  <option value={view.scope.code}>
                    {view.scope.name}（{t.all}）
                  </option>
                  {view.rows
                    .filter((r) => r.place !== view.scope.code)
                    .map((r) => (
                      <option value={r.place}>{r.name}</option>
                    ))}
                </select>
                <label for="f-format">{t.format}</label>
                <select id="f-format" name="format">
                  <option value="html">{t.html}</option>
                  <option value="csv">CSV</option>
                  <option value="xlsx">Excel (XLSX)</option>
                </select>
                <button type="submit">{t.open}</button>
              </form>
            </section>
          </>
        )}
      </div>
    </StaffLayout>
  );
}
