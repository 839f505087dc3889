// Per routing rule, where its calls went: one bar per route, split by the model served.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { groupStyles } from '../../charts/palette';
import { formatPercent } from '../../format';
import { flowBars, type FlowRow } from '../../transforms/routing';

export function RouteFlowChart({ rows }: { rows: FlowRow[] }) {
  const { bars, targets } = flowBars(rows);
  const styles = groupStyles(targets);
  const order = new Map(styles.map((s, i) => [s.id, i]));
  const byOrder = (item: { dataKey?: unknown }) => order.get(String(item.dataKey)) ?? 0;
  return (
    <figure className="chart" role="img" aria-label="Share of each route's calls by served model" data-testid="chart-route-flow" data-series={styles.length}>
      <ResponsiveContainer width="100%" height={Math.max(120, 44 * bars.length + 60)}>
        <BarChart data={bars} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e6e8eb" />
          <XAxis type="number" domain={[0, 1]} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} tick={{ fontSize: 11, fill: '#5f6368' }} />
          <YAxis type="category" dataKey="from" width={110} tick={{ fontSize: 12, fill: '#202124' }} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatPercent(v) : String(v))} itemSorter={byOrder} />
          <Legend iconType="square" wrapperStyle={{ fontSize: 12 }} itemSorter={byOrder} />
          {styles.map((s) => (
            <Bar key={s.id} dataKey={s.id} name={s.label} stackId="route" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
