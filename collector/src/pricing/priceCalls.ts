// The pricing stage of ingest: sets each call's exact cost and its lines, or leaves them null
// (unpriced) when its model has no price at the call's time.
import type { CallRow } from '../normalize/callRow';
import { priceCall } from './priceCall';
import type { PriceTable } from './priceTable';

export function priceCalls(table: PriceTable, calls: CallRow[]): void {
  for (const call of calls) priceOne(table, call);
}

/** Prices one stored-or-new call in place (ingest, and re-pricing history). */
export function priceOne(table: PriceTable, call: CallRow): void {
  const priced = priceCall(table, call, {
    model: call.model,
    at: new Date(Number(call.startTimeNs / 1_000_000n)),
    batch: call.batch,
    dataResidency: call.dataResidency,
    speed: call.speed,
    serviceTier: call.serviceTier,
    webSearchRequests: call.webSearchRequests ?? 0,
    provider: call.provider,
    cloudEndpoint: call.cloudEndpoint ?? '',
  });
  call.costNanoUsd = priced.priced ? priced.costNanoUsd : null;
  call.pricing = priced.priced
    ? {
        fastModeNanoUsd: priced.lines.fastMode,
        usOnlyNanoUsd: priced.lines.usOnly,
        webSearchNanoUsd: priced.lines.webSearch,
        source: priced.priceSource,
        from: priced.priceFrom,
      }
    : null;
}
