// Keys, users and budgets straight in the store, for when no collector runs on it.
import type { Budget } from '@burnrate/contract';
import { AuthError, AuthStore } from '../../auth/authStore';
import { amountNanoOf } from '../../budgets/budget';
import { createBudget, listBudgets, replaceBudget } from '../../budgets/budgetsTable';
import { budgetStatuses, budgetToApi } from '../../budgets/status';
import type { Config } from '../../config';
import { openStore } from '../withStore';
import { AdminError, type Admin } from './admin';

async function authChange<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AuthError) throw new AdminError(error.message);
    throw error;
  }
}

export async function storeAdmin(config: Config): Promise<Admin> {
  const gateway = await openStore(config);
  const auth = new AuthStore(gateway);
  await auth.reload();
  return {
    where: gateway.kind === 'embedded' ? `the store in ${config.BURNRATE_DATA_DIR}` : `ClickHouse at ${config.CLICKHOUSE_URL}`,
    listKeys: async () => auth.listKeys(),
    createKey: (input) => auth.createKey(input),
    revokeKey: (id) => auth.revokeKey(id),
    rotateKey: (id, overlapHours, expiresInDays) => auth.rotateKey(id, overlapHours, expiresInDays),
    listUsers: async () => auth.listUsers(),
    createUser: async (username, role, password) => {
      if (auth.getUser(username)) throw new AdminError(`user ${username} exists; change the password with burnrate users password`);
      await authChange(() => auth.saveUser(username, role, password));
    },
    setPassword: async (username, password) => {
      const user = auth.getUser(username);
      if (!user) return false;
      await authChange(() => auth.saveUser(username, user.role, password));
      return true;
    },
    disableUser: (username) => authChange(() => auth.disableUser(username)),
    budgetStatuses: async () => budgetStatuses(gateway, await listBudgets(gateway), new Date()),
    saveBudget: async (input) => {
      const existing = (await listBudgets(gateway)).find((b) => b.name === input.name);
      const saved = existing ? await replaceBudget(gateway, existing, input, amountNanoOf(input)) : await createBudget(gateway, input);
      const budget: Budget = budgetToApi(saved);
      return { budget, created: !existing };
    },
    close: () => gateway.close(),
  };
}
