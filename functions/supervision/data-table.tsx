/**
 * The dashboard's building blocks: a data table whose count cells link to the cases behind them,
 * the section each table sits in, and the error list of a bad query. Kept apart from the page so
 * the page only arranges charts and tables.
 */
import type { Child } from 'hono/jsx';
import type { Lang } from '#functions/web/i18n.ts';
import { levelOfCode } from '#shared/domain/division-code.ts';
import { type DashboardPeriod, periodDays } from '#shared/domain/supervision-period.ts';
import type { Column, Table, TableRow } from './figures.ts';
import { type FieldError, text } from './text.ts';

export function ErrorList(props: { lang: Lang; errors: FieldError[] }) {
  if (!props.errors.length) return null;
  return (
    <section role="alert" class="errors" id="errors" tabindex={-1}>
      <h2>{text[props.lang].errorsTitle}</h2>
      <ul>
        {props.errors.map((e) => (
          <li>
            <a href={`#f-${e.field}`}>{props.lang === 'zh' ? e.zh : e.en}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * A figure cell's link: the case search's query (days, township or county) with the figure and its
 * filters; the search hands a query naming a figure to the figure's case list, which lists exactly
 * the cases the cell counts.
 */
export function searchLink(
  period: Pick<DashboardPeriod, 'from' | 'to'>,
  place: string | null,
  col: Column,
  row: TableRow,
): string {
  const days = periodDays(period);
  const q = new URLSearchParams();
  const filter = { ...col.filter, ...row.filter };
  for (const k of ['category', 'channel', 'timing']) if (filter[k]) q.set(k, filter[k]);
  if (place && levelOfCode(place) === 'township') q.set('township', place);
  else if (place && levelOfCode(place) === 'county') q.set('county', place);
  q.set('from', days.from);
  q.set('to', days.to);
  if (col.figure) q.set('figure', col.figure);
  return `/staff/search?${q.toString()}`;
}

function fmtCell(v: unknown, col: Column, lang: Lang): string {
  if (v === null || v === undefined) return text[lang].noData;
  if (col.kind === 'rate') return `${v}%`;
  if (col.kind === 'yuan' && typeof v === 'number') return v.toLocaleString('zh-CN');
  return String(v);
}

/** A data table with a caption; count cells link to their cases. */
export function DataTable(props: {
  table: Table;
  lang: Lang;
  period: DashboardPeriod;
  /** The dashboard's own place (total rows link to the whole jurisdiction). */
  scope: string;
  drillHref?: (county: string) => string;
}) {
  const { table: t, lang } = props;
  const zh = lang === 'zh';
  return (
    <section class="table-scroll" aria-labelledby={`cap-${t.id}`} tabindex={0}>
      <table id={`table-${t.id}`} class="figures">
        <caption id={`cap-${t.id}`}>{zh ? t.zh : t.en}</caption>
        <thead>
          <tr>
            <th scope="col">{zh ? t.headZh : t.headEn}</th>
            {t.columns.map((c) => (
              <th scope="col">{zh ? c.zh : c.en}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {t.rows.map((r) => {
            const place =
              t.id === 'trend' || t.id === 'by_category' || r.total
                ? levelOfCode(props.scope) === 'city'
                  ? null
                  : props.scope
                : r.place;
            const period =
              t.id === 'trend'
                ? { from: r.label, to: r.label }
                : { from: props.period.from, to: props.period.to };
            return (
              <tr class={r.total ? 'total' : undefined}>
                <th scope="row">
                  {r.drill && props.drillHref ? <a href={props.drillHref(r.drill)}>{r.label}</a> : r.label}
                </th>
                {t.columns.map((c) => {
                  const v = r.cells[c.key];
                  const shown = fmtCell(v, c, lang);
                  return (
                    <td data-key={c.key}>
                      {c.figure && typeof v === 'number' && v > 0 ? (
                        <a href={searchLink(period, place, c, r)}>{shown}</a>
                      ) : (
                        shown
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function Section(props: { id: string; title: string; note: string; children: Child }) {
  return (
    <section id={`s-${props.id}`} aria-labelledby={`h-${props.id}`}>
      <h2 id={`h-${props.id}`}>{props.title}</h2>
      <p class="note">{props.note}</p>
      {props.children}
    </section>
  );
}

/** Options of the period chooser: the last 12 months, 8 quarters and 3 years. */
