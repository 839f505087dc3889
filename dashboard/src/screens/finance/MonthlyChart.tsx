// Month over month: each month's spend stacked by the biggest teams (projects, …).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { colorOf, OTHER_COLOR } from '../../charts/palette';
import { formatUsd, formatUsdShort } from '../../format';
import { monthlySeries, OTHER_KEY } from './chargebackView';
import type { ChargebackResponse } from '../../api/financeTypes';

export function MonthlyChart({ report }: { report: ChargebackResponse }) {
  const { keys, rows } = monthlySeries(report);
  return (
    <div data-testid="chart-chargeback-months" role="img" aria-label="Spend per month">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="month" />
          <YAxis tickFormatter={formatUsdShort} width={60} />
          <Tooltip formatter={(v) => formatUsd(Number(v))} />
          <Legend />
          {keys.map((key) => (
            <Bar key={key} dataKey={key} stackId="spend" fill={key === OTHER_KEY ? OTHER_COLOR : colorOf(key)} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
