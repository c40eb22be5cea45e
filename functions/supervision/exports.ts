/**
 * Exports for the monthly report upward (月报) and for finance: the dashboard's tables and the case
 * list behind a figure, as CSV (UTF-8 with a byte-order mark, so Excel opens Chinese correctly) and
 * XLSX (write-excel-file), with Chinese headers and the period and jurisdiction in the sheet and the
 * file name. Never reporter data or report text: the rows come from counters and from the case
 * list markers (number, place, category, channel, dates, status, deadline met). The spreadsheet
 * writer (with its zip library, most of this function's own code) is loaded by the first XLSX
 * download, not at every cold start: a dashboard page never needs it.
 */
import { stringify } from 'csv-stringify/sync';
import { CATEGORY_LABELS, STATUS_LABELS } from '#shared/domain/case.ts';
import { shanghaiDate } from '#shared/domain/shanghai-time.ts';
import type { FigureCaseRow } from '#shared/services/supervision.ts';
import type { Cell, Table } from './figures.ts';
import { CLOCK_LABELS } from './text.ts';

/** The spreadsheet writer, imported on the first XLSX download. */
const xlsxWriter = async () => (await import('write-excel-file/node')).default;

/** A cell a spreadsheet would run as a formula is prefixed with an apostrophe (CSV injection). */
const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

/** A table as rows of strings and numbers: heading row, then one row per place (code and name). */
export function tableRows(t: Table): (string | number | null)[][] {
  const head = [t.headZh, '代码', ...t.columns.map((c) => c.zh)];
  return [
    head,
    ...t.rows.map((r) => [
      safe(r.label),
      r.total || t.id === 'trend' || t.id === 'by_category' ? '' : r.place,
      ...t.columns.map((c) => r.cells[c.key] ?? null),
    ]),
  ];
}

const csvValue = (v: Cell) => (v === null || v === undefined ? '' : String(v));

/** One table, or all of them (each under its title, a blank line between), as CSV with a BOM. */
export function tablesCsv(tables: Table[], title: string): string {
  const records: string[][] = [[title]];
  for (const t of tables) {
    records.push([], [t.zh], ...tableRows(t).map((r) => r.map(csvValue)));
  }
  return stringify(records, { bom: true, record_delimiter: 'windows' });
}

/** Sheet names: at most 31 characters, none of []:*?/\ */
export const sheetName = (s: string) => s.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);

/** Every table as a sheet of one workbook; each sheet starts with the jurisdiction and period. */
export async function tablesXlsx(tables: Table[], scopeName: string, periodZh: string): Promise<Buffer> {
  const sheets = tables.map((t) => {
    const rows = tableRows(t);
    return {
      sheet: sheetName(`${t.zh} ${scopeName} ${periodZh}`),
      data: [
        [{ value: `${scopeName} · ${periodZh} · ${t.zh}`, fontWeight: 'bold' as const }],
        ...rows.map((r, i) =>
          r.map((v) =>
            v === null ? null : { value: v, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) },
          ),
        ),
      ],
      columns: [{ width: 18 }, { width: 11 }, ...t.columns.map(() => ({ width: 12 }))],
    };
  });
  return (await xlsxWriter())(sheets).toBuffer();
}

export const CASE_LIST_HEADERS = [
  '案件编号',
  '乡镇（街道）',
  '类别',
  '渠道',
  '收到日期',
  '事项日期',
  '当前状态',
  '受理日期',
  '办结日期',
  '时限',
  '是否按时',
] as const;

const CHANNEL_ZH = { web: '网页', sms: '短信', phone: '电话', coordinator: '村安全员巡查' } as const;

/** The case list behind a figure as rows (headers first). */
export function caseListRows(rows: FigureCaseRow[], placeName: (code: string) => string): string[][] {
  return [
    [...CASE_LIST_HEADERS],
    ...rows.map((r) => [
      r.caseNumber,
      placeName(r.place),
      r.category ? CATEGORY_LABELS[r.category].zh : '',
      r.channel ? CHANNEL_ZH[r.channel] : '',
      r.summary ? shanghaiDate(r.summary.createdAt) : '',
      shanghaiDate(r.at),
      r.summary ? STATUS_LABELS[r.summary.status].zh : '',
      r.summary?.acceptedAt ? shanghaiDate(r.summary.acceptedAt) : '',
      r.summary?.closedAt ? shanghaiDate(r.summary.closedAt) : '',
      r.clock ? CLOCK_LABELS[r.clock].zh : '',
      r.met === undefined ? '' : r.met ? '按时' : '超时',
    ]),
  ];
}

export function caseListCsv(rows: string[][]): string {
  return stringify(rows, { bom: true, record_delimiter: 'windows' });
}

export async function caseListXlsx(rows: string[][], title: string): Promise<Buffer> {
  return (await xlsxWriter())([
    {
      sheet: sheetName(title),
      data: [
        [{ value: title, fontWeight: 'bold' as const }],
        ...rows.map((r, i) =>
          r.map((v) => ({ value: v, ...(i === 0 ? { fontWeight: 'bold' as const } : {}) })),
        ),
      ],
      columns: CASE_LIST_HEADERS.map((_, i) => ({ width: i === 0 ? 18 : 12 })),
    },
  ]).toBuffer();
}

/**
 * Content-Disposition for a download with a Chinese file name: an ASCII fallback and the UTF-8
 * name (RFC 6266 / 5987).
 */
export function attachment(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
