// The finance module: chargeback (JSON, CSV, FOCUS), the budget days every spend chart marks,
// period-end forecasts, cache ROI, what-if repricing, cost per run and scheduled digests. Its only
// table holds the digests; every figure is read from llm_calls (and budgets from theirs), so it
// never disagrees with the other screens.
import { Router } from 'express';
import type { CollectorModule } from '../collectorModule';
import { budgetDaysRouter } from './budgetDaysRoute';
import { cacheRoiRouter } from './cacheRoiRoute';
import { chargebackRouter } from './chargebackRoutes';
import { forecastRouter } from './forecastRoutes';
import { runsRouter } from './runsRoutes';
import { whatIfRouter } from './whatIfRoute';
import { digestRouter } from './digests/digestRoutes';
import { digestSender, startDigestSchedule } from './digests/digestsModule';
import { DIGEST_MIGRATIONS } from './digests/digestsTable';
import type { DeliveryPolicy } from '../alerts/delivery';

export function financeModule(options: { now?: () => Date; digestCheckEveryMs?: number; delivery?: DeliveryPolicy } = {}): CollectorModule {
  const now = options.now ?? (() => new Date());
  const digestOptions = { now, checkEveryMs: options.digestCheckEveryMs, delivery: options.delivery };
  let stopDigests: (() => void) | undefined;
  return {
    name: 'finance',
    migrations: DIGEST_MIGRATIONS,
    router: (context) =>
      Router().use(
        chargebackRouter(context.gateway, now),
        budgetDaysRouter(context.gateway),
        forecastRouter(context.gateway, now),
        cacheRoiRouter(context.gateway, context.prices),
        whatIfRouter(context.gateway, context.prices),
        runsRouter(context.gateway),
        digestRouter({ gateway: context.gateway, now, send: digestSender(context, digestOptions) }),
      ),
    start: (context) => {
      stopDigests = startDigestSchedule(context, digestOptions);
    },
    stop: () => stopDigests?.(),
  };
}
