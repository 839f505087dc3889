// The one time-series chart every widget draws with: stacked areas, stacked bars or lines over
// time buckets, series and formatting given by the widget's typed config.
import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BudgetOverlay } from './budgetOverlayShape';
import type { ChartRow } from '../transforms/series';
import type { SeriesStyle } from './palette';

export interface TimeChartProps {
  rows: ChartRow[];
  series: SeriesStyle[];
  kind: 'area' | 'bar' | 'line';
  stacked?: boolean;
  format: (value: number) => string;
  axisFormat?: (value: number) => string;
  height?: number;
  /** Read by people using a screen reader, and by the browser tests. */
  label: string;
  testId: string;
  /** Fixed bounds, or a floor and a minimum top (so an all-zero ratio does not scale to 400%). */
  yDomain?: [number, number] | { minTop: number };
  /** A daily budget: its line, and the days over it shaded. */
  budget?: BudgetOverlay;
}

/**
 * Buckets with at least one value. An area needs two neighbouring points to draw anything, so a
 * range with a few scattered calls (3 calls in the last hour: 3 of 60 minute buckets) would show
 * an empty chart under a full legend; such a chart is drawn as bars, and lines get dots.
 */
export function filledBuckets(rows: ChartRow[], series: SeriesStyle[]): number {
  return rows.filter((row) => series.some((s) => row[s.id] !== null && row[s.id] !== undefined)).length;
}

export function TimeChart({
  rows,
  series,
  kind: asked,
  stacked = false,
  format,
  axisFormat = format,
  height = 240,
  label,
  testId,
  yDomain,
  budget,
}: TimeChartProps) {
  const stackId = stacked ? 'stack' : undefined;
  const filled = filledBuckets(rows, series);
  const sparse = filled <= 3 || filled * 2 < rows.length;
  const kind = asked === 'area' && sparse ? 'bar' : asked;
  // Dots only where a line would otherwise be a point or two; a smoothed curve would invent
  // values between a peak and its zero neighbours, so overlay lines are straight.
  const dots = filled <= 3;
  // Legend and tooltip in the series' own order (the API ranks groups), not alphabetical.
  const order = new Map(series.map((s, i) => [s.id, i]));
  const byOrder = (item: { dataKey?: unknown }) => order.get(String(item.dataKey)) ?? 0;
  const domain = yDomain === undefined ? undefined : Array.isArray(yDomain) ? yDomain : [0, (max: number) => Math.max(max, yDomain.minTop)];
  return (
    <figure className="chart" role="img" aria-label={label} data-testid={testId} data-series={series.length} data-drawn={kind}>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e6e8eb" />
          <XAxis dataKey="label" minTickGap={28} tick={{ fontSize: 11, fill: '#5f6368' }} tickLine={false} axisLine={{ stroke: '#dadce0' }} />
          <YAxis
            tickFormatter={axisFormat}
            width={60}
            tick={{ fontSize: 11, fill: '#5f6368' }}
            tickLine={false}
            axisLine={false}
            domain={domain as [number, number] | undefined}
          />
          <Tooltip
            formatter={(value) => (typeof value === 'number' ? format(value) : String(value ?? ''))}
            labelStyle={{ fontWeight: 600 }}
            itemSorter={byOrder}
          />
          {series.length > 1 && <Legend iconType="square" wrapperStyle={{ fontSize: 12 }} itemSorter={byOrder} />}
          {series.map((s) =>
            (s.kind ?? kind) === 'area' ? (
              <Area
                key={s.id}
                type="monotone"
                dataKey={s.id}
                name={s.label}
                stackId={stackId}
                stroke={s.color}
                fill={s.color}
                fillOpacity={0.55}
                isAnimationActive={false}
                connectNulls
              />
            ) : (s.kind ?? kind) === 'bar' ? (
              <Bar key={s.id} dataKey={s.id} name={s.label} stackId={stackId} fill={s.color} isAnimationActive={false} />
            ) : (
              <Line
                key={s.id}
                type={s.kind === 'line' && kind !== 'line' ? 'linear' : 'monotone'}
                dataKey={s.id}
                name={s.label}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.kind === 'line' && kind !== 'line' ? '4 3' : undefined}
                dot={dots}
                isAnimationActive={false}
                connectNulls
              />
            ),
          )}
          {budget?.over.map((d) => (
            <ReferenceArea key={d.day} x1={d.x1} x2={d.x2} className="over-budget-area" fill="#d93025" fillOpacity={0.12} ifOverflow="extendDomain" />
          ))}
          {budget && (
            <ReferenceLine
              y={budget.lineUsd}
              className="budget-line"
              stroke="#d93025"
              strokeDasharray="6 4"
              ifOverflow="extendDomain"
              label={{ value: budget.lineLabel, position: 'insideTopRight', fontSize: 11, fill: '#d93025' }}
            />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
