// What every `burnrate` command is: a name, a one-line summary for `burnrate --help`, its own
// usage for `burnrate <command> --help` and for bad arguments, and what it does.
import type { Config, ConfigSources } from '../config';

/** Bad arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

export interface CliContext {
  config: Config;
  sources: ConfigSources;
  print(line: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** The lines after `usage:`; each starts with `burnrate <name>`. */
  usage: string;
  /** `start` keeps serving after run() returns; every other command's process exits then. */
  keepsRunning?: boolean;
  run(args: string[], context: CliContext): Promise<void>;
}
