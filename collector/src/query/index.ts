// The query module: hourly rollups (migration 100) and the read API the dashboard uses.
import { Router } from 'express';
import type { CollectorModule } from '../collectorModule';
import { callsSearchMigrations } from '../store/query/callsSearch';
import { rollupFeedMigrations } from '../store/query/rollupFeeds';
import { rollupIntegrityMigrations } from '../store/query/rollupIntegrity';
import { RATE_LIMITS_HOURLY, ROLLUPS, rollupMigrations, timeColumn } from '../store/query/rollups';
import { attemptPeaksRouter } from './attemptPeaksRoute';
import { callsRouter } from './callsRoutes';
import { rateLimitsRouter } from './rateLimitsRoute';
import { timeseriesRouter } from './timeseriesRoute';
import { verifyRouter } from './verifyRoute';

export const queryModule: CollectorModule = {
  name: 'query',
  migrations: [...rollupMigrations, ...rollupIntegrityMigrations, ...callsSearchMigrations, ...rollupFeedMigrations],
  rollupTables: [...ROLLUPS, RATE_LIMITS_HOURLY].map((def) => ({ table: def.table, timeColumn: timeColumn(def) })),
  router: ({ gateway, prices }) => {
    const router = Router();
    router.use(timeseriesRouter(gateway, prices), callsRouter(gateway), rateLimitsRouter(gateway), attemptPeaksRouter(gateway), verifyRouter(gateway));
    return router;
  },
};
