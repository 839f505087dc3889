// The pricing stage of ingest: sets each call's exact cost, or leaves it null (unpriced) when
// its model has no price at the call's time.
import type { CallRow } from '../normalize/callRow';
import { priceCall } from './priceCall';
import type { PriceTable } from './priceTable';

export function priceCalls(table: PriceTable, calls: CallRow[]): void {
  for (const call of calls) {
    const priced = priceCall(table, call, {
      model: call.model,
      at: new Date(Number(call.startTimeNs / 1_000_000n)),
      batch: call.batch,
      dataResidency: call.dataResidency,
      speed: call.speed,
      serviceTier: call.serviceTier,
    });
    call.costNanoUsd = priced.priced ? priced.costNanoUsd : null;
  }
}
