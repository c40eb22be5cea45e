/**
 * The list of the cases behind one dashboard figure: which figure, place, period and filters it
 * shows (in words, never codes), the cases with their status and dates (never report text or
 * anything about the reporter), and its CSV and XLSX downloads.
 */
import { StaffLayout } from '#functions/staff/layout.tsx';
import type { Lang } from '#functions/web/i18n.ts';
import type { StaffPrincipal } from '#shared/auth/staff.ts';
import { text } from './text.ts';

export function CaseListPage(props: {
  lang: Lang;
  staff: StaffPrincipal;
  title: string;
  rows: string[][];
  truncated: number | null;
  downloads: { csv: string; xlsx: string };
  back: string;
  searchHref: string;
  /** What the list is filtered by, as people read it: 数字 收到举报, 地区 灵井镇 … */
  filters: { label: string; value: string }[];
}) {
  const t = text[props.lang];
  const [head, ...body] = props.rows;
  return (
    <StaffLayout lang={props.lang} title={props.title} staff={props.staff}>
      <div class="dashboard">
        <h1>{props.title}</h1>
        <p>
          <a href={props.back}>← {t.dashboard}</a> · <a href={props.searchHref}>{t.searchLink}</a>
        </p>
        <dl id="list-filter" class="list-filter">
          {props.filters.map((f) => (
            <div>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        {props.truncated !== null && <p role="status">{t.truncated(props.truncated)}</p>}
        <p>
          {t.downloads}: <a href={props.downloads.csv}>CSV</a> ·{' '}
          <a href={props.downloads.xlsx}>Excel (XLSX)</a>
        </p>
        <section class="table-scroll" aria-labelledby="cap-cases" tabindex={0}>
          <table class="figures">
            <caption id="cap-cases">
              {t.cases}：{body.length}
            </caption>
            <thead>
              <tr>
                {head!.map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {body.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/staff/cases/${r[0]}?lang=${props.lang}`}>{r[0]}</a>
                  </th>
                  {r.slice(1).map((v) => (
                    <td>{v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </StaffLayout>
  );
}
