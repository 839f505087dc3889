// key_spend_spike: an ingest key spending far above its own usual rate. A leaked key's first sign
// is spend it never had, so a key with no history spikes as soon as it passes the minimum.
import { nanoToUsd, type AlertCondition } from '@burnrate/contract';
import { keySpend } from '../auth/keySpend';
import type { Gateway } from '../store/gateway';
import type { Finding } from './conditions';

type Spike = Extract<AlertCondition, { kind: 'key_spend_spike' }>;

const WEEK_MS = 7 * 86_400_000;

export async function keySpendSpikes(gateway: Gateway, now: Date, condition: Spike): Promise<Finding[]> {
  const windowMs = condition.windowMinutes * 60_000;
  const spend = await keySpend(gateway, now, windowMs);
  const findings: Finding[] = [];
  for (const s of spend.values()) {
    const recentUsd = nanoToUsd(s.dayNano);
    // The week before the window, scaled to the window's length.
    const usualUsd = (nanoToUsd(s.weekNano) * windowMs) / WEEK_MS;
    if (recentUsd < condition.minUsd || recentUsd <= condition.factor * usualUsd) continue;
    const times = usualUsd > 0 ? `${(recentUsd / usualUsd).toFixed(1)}× its usual` : 'with no spend in the week before';
    findings.push({
      subject: `key:${s.keyId}`,
      value: recentUsd,
      summary: `Key ${s.keyId} spent $${recentUsd.toFixed(2)} in the last ${condition.windowMinutes} min (${s.dayCalls} calls), ${times} ($${usualUsd.toFixed(2)}); if that is not expected, revoke or rotate it`,
      labels: { key_id: s.keyId, spent_usd: String(recentUsd), usual_usd: String(usualUsd) },
    });
  }
  return findings;
}
