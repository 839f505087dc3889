// What keys, users and budgets commands do, whichever way they reach the store: through a
// running collector's API (httpAdmin.ts), or by opening the store when none runs (storeAdmin.ts).
import type { Budget, BudgetStatus, Role, UserSummary } from '@burnrate/contract';
import type { KeyRecord, KeyScope } from '../../auth/authStore';
import type { ValidBudgetInput } from '../../budgets/budget';

export type KeySummary = Omit<KeyRecord, 'secretHash'>;

export interface Admin {
  /** Where changes go, for messages: "the collector at …" or "the store in …". */
  where: string;
  listKeys(): Promise<KeySummary[]>;
  createKey(input: { name: string; project: string; scope: KeyScope; expiresInDays?: number }): Promise<{ key: string; record: KeySummary }>;
  /** A new key in place of a live one; the old works for overlapHours. undefined: no live key with that id. */
  rotateKey(id: string, overlapHours: number, expiresInDays?: number): Promise<{ key: string; record: KeySummary; oldExpiresAt: string } | undefined>;
  /** false when there is no such key. */
  revokeKey(id: string): Promise<boolean>;
  listUsers(): Promise<UserSummary[]>;
  createUser(username: string, role: Role, password: string): Promise<void>;
  /** Sets a new password (and enables a disabled account); false when there is no such user. */
  setPassword(username: string, password: string): Promise<boolean>;
  disableUser(username: string): Promise<boolean>;
  budgetStatuses(): Promise<BudgetStatus[]>;
  /** Creates the budget, or changes the one with the same name; says which. */
  saveBudget(input: ValidBudgetInput): Promise<{ budget: Budget; created: boolean }>;
  close(): Promise<void>;
}

/** An error the store or the API gave for a request a person made (shown as is, exit 1). */
export class AdminError extends Error {}
