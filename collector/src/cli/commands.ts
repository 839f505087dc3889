// Every command the CLI knows, in the order `burnrate --help` lists them. A new command is one
// file in commands/ and one line here.
import type { Command } from './command';
import { budgetsCommand } from './commands/budgets';
import { configCommand } from './commands/config';
import { exportCommand } from './commands/export';
import { keysCommand } from './commands/keys';
import { loginCommand, logoutCommand } from './commands/login';
import { migrateCommand } from './commands/migrate';
import { pricesCommand } from './commands/prices';
import { repriceCommand } from './commands/reprice';
import { startCommand } from './commands/start';
import { usersCommand } from './commands/users';
import { verifyCommand } from './commands/verify';

export const COMMANDS: Command[] = [
  startCommand,
  migrateCommand,
  configCommand,
  loginCommand,
  logoutCommand,
  keysCommand,
  usersCommand,
  budgetsCommand,
  exportCommand,
  pricesCommand,
  repriceCommand,
  verifyCommand,
];
