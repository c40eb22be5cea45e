/**
 * Small server-side SVG charts (bars and grouped bars) for the dashboards and the public page:
 * rendered into the page, no JavaScript, no third-party host. Each chart is an image with a title
 * and a one-line description; the page puts its data table right under it, so nothing is only in
 * the picture. A few hundred lines instead of a charting library keeps the functions small
 * (the dashboard function's size is printed by bench/dashboard.ts).
 */

/** Series colours: dark enough against white for text-size marks (WCAG 1.4.11 ≥ 3:1). */
export const SERIES_COLOURS = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#a16207'];

export interface Series {
  name: string;
  values: (number | null)[];
}

export interface BarChartProps {
  id: string;
  title: string;
  /** One sentence saying what the chart shows (read by screen readers; the table follows). */
  description: string;
  labels: string[];
  series: Series[];
  /** Values are percentages (axis 0–100, labels with %). */
  percent?: boolean;
  /** Horizontal bars (long category names, rankings). */
  horizontal?: boolean;
}

const fmt = (v: number, percent?: boolean) =>
  percent ? `${Math.round(v * 10) / 10}%` : Number.isInteger(v) ? String(v) : v.toFixed(1);

/** A round upper bound for an axis: 1, 2, 5 × 10^k at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 2;
  if (max <= 2) return 2;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function Legend(props: { series: Series[]; x: number; y: number }) {
  let x = props.x;
  return (
    <g>
      {props.series.map((s, i) => {
        const at = x;
        x += 28 + s.name.length * 13;
        return (
          <g>
            <rect
              x={at}
              y={props.y - 10}
              width="12"
              height="12"
              fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            />
            <text x={at + 16} y={props.y} font-size="13">
              {s.name}
            </text>
          </g>
        );
      })}
    </g>
  );
}

/** Vertical grouped bars: one group per label, one bar per series. */
function VerticalBars(p: BarChartProps) {
  const groups = p.labels.length;
  const perGroup = p.series.length;
  const left = 44;
  const top = 28;
  const plotH = 180;
  const groupW = Math.max(perGroup * 14 + 10, Math.min(64, 560 / Math.max(1, groups)));
  const width = left + groups * groupW + 12;
  const height = top + plotH + 44;
  const max = p.percent ? 100 : niceMax(Math.max(0, ...p.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const barW = Math.max(6, (groupW - 10) / perGroup);
  const ticks = p.percent || Number.isInteger(max / 2) ? [0, max / 2, max] : [0, max];
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby={`${p.id}-t ${p.id}-d`}
      class="chart"
    >
      <title id={`${p.id}-t`}>{p.title}</title>
      <desc id={`${p.id}-d`}>{p.description}</desc>
      <Legend series={p.series} x={left} y={14} />
      {ticks.map((t) => (
        <g>
          <line x1={left} x2={width - 8} y1={y(t)} y2={y(t)} stroke="#d0d4da" stroke-width="1" />
          <text x={left - 6} y={y(t) + 4} font-size="11" text-anchor="end">
            {fmt(t, p.percent)}
          </text>
        </g>
      ))}
      {p.labels.map((label, g) => {
        const gx = left + g * groupW + 5;
        return (
          <g>
            {p.series.map((s, i) => {
              const v = s.values[g];
              if (v === null || v === undefined) return null;
              return (
                <rect
                  x={gx + i * barW}
                  y={y(v)}
                  width={barW - 1}
                  height={Math.max(0, top + plotH - y(v))}
                  fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                >
                  <title>{`${label} ${s.name}: ${fmt(v, p.percent)}`}</title>
                </rect>
              );
            })}
            <text x={gx + (groupW - 10) / 2} y={top + plotH + 16} font-size="11" text-anchor="middle">
              {cut(label, Math.max(3, Math.floor(groupW / 11)))}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars: one row per label (long names, rankings), value printed at the bar's end. */
function HorizontalBars(p: BarChartProps) {
  const rows = p.labels.length;
  const perRow = p.series.length;
  const left = 118;
  const top = p.series.length > 1 ? 26 : 8;
  const rowH = Math.max(20, perRow * 14 + 6);
  const plotW = 300;
  const width = left + plotW + 60;
  const height = top + rows * rowH + 8;
  const max = p.percent ? 100 : niceMax(Math.max(0, ...p.series.flatMap((s) => s.values.map((v) => v ?? 0))));
  const barH = (rowH - 6) / perRow;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      role="img"
      aria-labelledby={`${p.id}-t ${p.id}-d`}
      class="chart"
    >
      <title id={`${p.id}-t`}>{p.title}</title>
      <desc id={`${p.id}-d`}>{p.description}</desc>
      {p.series.length > 1 && <Legend series={p.series} x={left} y={14} />}
      <line x1={left} x2={left} y1={top} y2={top + rows * rowH} stroke="#6b7280" stroke-width="1" />
      {p.labels.map((label, r) => {
        const ry = top + r * rowH + 3;
        return (
          <g>
            <text x={left - 6} y={ry + rowH / 2} font-size="12" text-anchor="end">
              {cut(label, 9)}
            </text>
            {p.series.map((s, i) => {
              const v = s.values[r];
              const bw = v === null || v === undefined ? 0 : (v / max) * plotW;
              return (
                <g>
                  <rect
                    x={left}
                    y={ry + i * barH}
                    width={bw}
                    height={barH - 1}
                    fill={SERIES_COLOURS[i % SERIES_COLOURS.length]}
                  />
                  <text x={left + bw + 4} y={ry + i * barH + barH - 3} font-size="11">
                    {v === null || v === undefined ? '—' : fmt(v, p.percent)}
                  </text>
                </g>
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

/** A bar chart as inline SVG; wrap it in a figure and follow it with its data table. */
export function BarChart(props: BarChartProps) {
  return props.horizontal ? <HorizontalBars {...props} /> : <VerticalBars {...props} />;
}
