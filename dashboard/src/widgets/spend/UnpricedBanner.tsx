// Loud, because unpriced calls make every spend figure on the page too low.
import { formatCount } from '../../format';
import type { SummaryResponse } from '../../api/types';

export function UnpricedBanner({ summary }: { summary: SummaryResponse }) {
  if (summary.unpricedCalls === 0) return null;
  return (
    <div className="banner bad" role="alert" data-testid="unpriced-banner">
      <strong>{formatCount(summary.unpricedCalls)} calls have no price</strong> and are not in these totals:{' '}
      {summary.unpricedModels.join(', ') || 'unknown models'}. Add their prices in a pricing file (<code>BURNRATE_PRICING_FILE</code>).
    </div>
  );
}
