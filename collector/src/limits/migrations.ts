// The limits module's schema: versions 700–709.
import type { Migration } from '../store/migrations';
import { spendLimitsTableDdl } from './spendLimitsTable';

export const LIMITS_MIGRATIONS: Migration[] = [{ version: 700, name: 'spend limits', statements: (g) => [spendLimitsTableDdl(g)] }];
