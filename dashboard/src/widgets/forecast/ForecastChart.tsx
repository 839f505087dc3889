// The month day by day: what each day cost, and what each day still to come is expected to cost.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatUsd, formatUsdShort } from '../../format';
import type { ForecastResponse } from '../../api/financeTypes';
import { forecastRows } from './forecastView';

export function ForecastChart({ forecast }: { forecast: ForecastResponse }) {
  return (
    <figure className="chart" role="img" aria-label="Spend per day this month, actual and expected" data-testid="chart-forecast">
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={forecastRows(forecast)} margin={{ top: 8, right: 8, bottom: 0, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e6e8eb" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: '#5f6368' }} tickLine={false} minTickGap={8} />
          <YAxis tickFormatter={formatUsdShort} width={50} tick={{ fontSize: 11, fill: '#5f6368' }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? formatUsd(v) : String(v ?? ''))} />
          <Legend iconType="square" wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="actual" name="Spent" stackId="day" fill="#e4572e" isAnimationActive={false} />
          <Bar dataKey="expected" name="Expected" stackId="day" fill="#e4572e" fillOpacity={0.3} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
