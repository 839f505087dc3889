// Budgets' schema: versions 200–209 of the 200–299 range that budgets and alerts share.
import type { Migration } from '../store/migrations';
import { budgetsTableDdl } from './budgetsTable';

export const BUDGET_MIGRATIONS: Migration[] = [{ version: 200, name: 'budgets', statements: (g) => [budgetsTableDdl(g)] }];
