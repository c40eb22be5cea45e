/**
 * The public page: major hazards listed for supervision with their rectification status,
 * and anonymised monthly counts. Renders only what shared/services/public-stats.ts hands it — a
 * whitelist of listing fields and suppressed cells — so nothing of a report can reach it.
 */
import { BarChart } from '#functions/http/charts.tsx';
import { CATEGORY_LABELS } from '#shared/domain/case.ts';
import { type Cell, formatListingCursor, type PublicListing } from '#shared/domain/public-record.ts';
import { shanghaiDate } from '#shared/domain/shanghai-time.ts';
import type { CellRow, PublicPageView } from '#shared/services/public-stats.ts';
import type { Lang, Messages } from './i18n.ts';
import { Layout } from './layout.tsx';

export const PUBLIC_PATH = '/public';

function CellText(props: { cell: Cell; t: Messages; threshold: number }) {
  const { cell } = props;
  // As a string: hono/jsx renders a bare 0 as nothing.
  if (cell.kind === 'count') return <>{String(cell.n)}</>;
  if (cell.kind === 'small') return <>{`<${props.threshold}`}</>;
  return <>{props.t.pubWithheld}</>;
}

function CountTable(props: {
  t: Messages;
  caption: string;
  firstColumn: string;
  rows: { label: string; cells: CellRow }[];
  totals: CellRow;
  threshold: number;
}) {
  const { t } = props;
  const cell = (c: Cell) => <CellText cell={c} t={t} threshold={props.threshold} />;
  return (
    <table class="public-counts">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{props.firstColumn}</th>
          <th scope="col">{t.pubReceived}</th>
          <th scope="col">{t.pubSubstantiated}</th>
          <th scope="col">{t.pubClosed}</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr>
            <th scope="row">{r.label}</th>
            <td>{cell(r.cells.received)}</td>
            <td>{cell(r.cells.substantiated)}</td>
            <td>{cell(r.cells.closed)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t.pubTotal}</th>
          <td>{cell(props.totals.received)}</td>
          <td>{cell(props.totals.substantiated)}</td>
          <td>{cell(props.totals.closed)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function Listing(props: { l: PublicListing; lang: Lang; t: Messages }) {
  const { l, t, lang } = props;
  const place = [l.countyName, l.townshipName].filter(Boolean).join(lang === 'zh' ? '' : ', ');
  return (
    <article class="listed-hazard">
      <h3>{l.unitName ?? t.pubUnnamedUnit}</h3>
      <dl>
        <dt>{t.pubPlace}</dt>
        <dd>{place}</dd>
        <dt>{t.pubCategory}</dt>
        <dd>{CATEGORY_LABELS[l.category][lang]}</dd>
        <dt>{t.pubListedOn}</dt>
        <dd>
          <time datetime={shanghaiDate(l.listedAt)}>{shanghaiDate(l.listedAt)}</time>
        </dd>
        <dt>{t.pubSupervisionDeadline}</dt>
        <dd>
          <time datetime={l.supervisionDeadline}>{l.supervisionDeadline}</time>
        </dd>
        <dt>{t.pubStatus}</dt>
        <dd>
          <strong>{t[`pubStatus_${l.status}`]}</strong>
          {l.rectificationDeadline && (
            <>
              {' · '}
              {t.pubRectificationBy} <time datetime={l.rectificationDeadline}>{l.rectificationDeadline}</time>
            </>
          )}
          {l.rectificationConfirmedOn && (
            <>
              {' · '}
              {t.pubConfirmedOn}{' '}
              <time datetime={l.rectificationConfirmedOn}>{l.rectificationConfirmedOn}</time>
            </>
          )}
          {l.closedOn && (
            <>
              {' · '}
              {t.pubClosedOn} <time datetime={l.closedOn}>{l.closedOn}</time>
            </>
          )}
        </dd>
      </dl>
    </article>
  );
}

const monthLabel = (month: string, lang: Lang) =>
  lang === 'zh' ? `${month.slice(0, 4)}年${Number(month.slice(5))}月` : month;

export function PublicPage(props: {
  lang: Lang;
  t: Messages;
  view: PublicPageView;
  /** Whether this is a later page of listings (then a link back to the newest). */
  paged: boolean;
  notice?: string;
}) {
  const { lang, t, view } = props;
  const n = view.threshold;
  return (
    <Layout lang={lang} t={t} title={t.pubTitle} path={PUBLIC_PATH}>
      <h1>{t.pubTitle}</h1>
      <p>{t.pubIntro}</p>
      <p>
        <small>{t.pubNeverShown}</small>
      </p>
      {props.notice && (
        <p role="alert" class="errors">
          {props.notice}
        </p>
      )}

      <section aria-labelledby="listed">
        <h2 id="listed">{t.pubListedTitle}</h2>
        {view.listings.length === 0 && <p>{t.pubNone}</p>}
        {view.listings.map((l) => (
          <Listing l={l} lang={lang} t={t} />
        ))}
        {(view.next || props.paged) && (
          <nav aria-label={t.pubListedNav}>
            <ul>
              {props.paged && (
                <li>
                  <a href={`${PUBLIC_PATH}?lang=${lang}`}>{t.pubFirst}</a>
                </li>
              )}
              {view.next && (
                <li>
                  <a
                    href={`${PUBLIC_PATH}?lang=${lang}&before=${encodeURIComponent(formatListingCursor(view.next))}#listed`}
                    rel="next"
                  >
                    {t.pubNext}
                  </a>
                </li>
              )}
            </ul>
          </nav>
        )}
      </section>

      <section aria-labelledby="counts">
        <h2 id="counts">{t.pubCountsTitle}</h2>
        <p>
          <small>{t.pubCountsIntro.replaceAll('{n1}', String(n - 1)).replaceAll('{n}', String(n))}</small>
        </p>
        <figure class="public-chart">
          <BarChart
            id="chart-months"
            title={t.pubByMonth}
            description={
              lang === 'zh'
                ? `柱形图，按月份比较收到、属实和办结的件数；小于 ${n} 的数字不画出。数据见下表。`
                : `Bar chart of received, substantiated and closed by month; counts under ${n} are not drawn. Data in the table below.`
            }
            labels={[...view.months].reverse().map((m) => monthLabel(m.month, lang))}
            series={(['received', 'substantiated', 'closed'] as const).map((k) => ({
              name: { received: t.pubReceived, substantiated: t.pubSubstantiated, closed: t.pubClosed }[k],
              values: [...view.months]
                .reverse()
                .map((m) => (m.cells[k].kind === 'count' ? m.cells[k].n : null)),
            }))}
          />
        </figure>
        <CountTable
          t={t}
          caption={t.pubByMonth}
          firstColumn={t.pubMonth}
          rows={view.months.map((m) => ({ label: monthLabel(m.month, lang), cells: m.cells }))}
          totals={view.totals}
          threshold={n}
        />
        <figure class="public-chart">
          <BarChart
            id="chart-counties"
            title={t.pubByCounty}
            description={
              lang === 'zh'
                ? `条形图，各县（市、区）收到的举报件数；小于 ${n} 的数字不画出。数据见下表。`
                : `Bar chart of reports received by county; counts under ${n} are not drawn. Data in the table below.`
            }
            horizontal
            labels={view.byCounty.map((c) => c.name ?? t.pubUnlocated)}
            series={[
              {
                name: t.pubReceived,
                values: view.byCounty.map((c) =>
                  c.cells.received.kind === 'count' ? c.cells.received.n : null,
                ),
              },
            ]}
          />
        </figure>
        <CountTable
          t={t}
          caption={t.pubByCounty}
          firstColumn={t.pubCounty}
          rows={view.byCounty.map((c) => ({ label: c.name ?? t.pubUnlocated, cells: c.cells }))}
          totals={view.totals}
          threshold={n}
        />
        <CountTable
          t={t}
          caption={t.pubByCategory}
          firstColumn={t.pubCategory}
          rows={view.byCategory.map((c) => ({ label: CATEGORY_LABELS[c.category][lang], cells: c.cells }))}
          totals={view.totals}
          threshold={n}
        />
      </section>
    </Layout>
  );
}
