import type { ReactNode } from 'react';
import { Sparkline } from '../charts/Sparkline';

/** One headline number with its trend. `testId` marks the value for the browser tests. */
export function Kpi({
  label,
  value,
  detail,
  trend,
  testId,
  tone,
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  trend?: (number | null)[];
  testId: string;
  tone?: 'bad' | 'good';
}) {
  return (
    <div className={`kpi${tone ? ` kpi-${tone}` : ''}`}>
      <div className="kpi-label">{label}</div>
      <div className="kpi-value" data-testid={testId}>
        {value}
      </div>
      {detail && <div className="kpi-detail">{detail}</div>}
      {trend && <Sparkline values={trend} color={tone === 'bad' ? '#d55e00' : '#0072b2'} />}
    </div>
  );
}
