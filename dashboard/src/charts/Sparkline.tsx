// A KPI's small trend: a line with no axes.
import { Area, AreaChart, ResponsiveContainer } from 'recharts';

export function Sparkline({ values, color = '#0072b2' }: { values: (number | null)[]; color?: string }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <div className="sparkline" aria-hidden="true">
      <ResponsiveContainer width="100%" height={36}>
        <AreaChart data={data} margin={{ top: 2, right: 0, bottom: 2, left: 0 }}>
          <Area
            type="monotone"
            dataKey="v"
            stroke={color}
            fill={color}
            fillOpacity={0.15}
            strokeWidth={1.5}
            isAnimationActive={false}
            connectNulls
            dot={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
