// The burnrate command line: finds the command, prints help, and turns failures into exit
// codes (2 for bad arguments, with the usage; 1 for anything else, with what went wrong).
import { ConfigError, loadConfigWithSources } from '../config';
import { UsageError, type Command } from './command';
import { COMMANDS } from './commands';

const HELP_FLAGS = new Set(['--help', '-h', 'help']);

export function overallUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: burnrate <command> [options]',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "burnrate <command> --help shows a command's options.",
    'With a collector running (BURNRATE_URL, else http://BURNRATE_HOST:BURNRATE_PORT), keys, users',
    'and budgets go through its API (sign in with `burnrate login` when auth is on); without one,',
    'they open the store in BURNRATE_DATA_DIR (or CLICKHOUSE_URL) directly.',
  ].join('\n');
}

const commandUsage = (command: Command) => `usage:\n${command.usage.replace(/^/gm, '  ')}`;

export function findCommand(name: string | undefined): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** Runs a command line; returns the exit code after printing any error for a person to read. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || HELP_FLAGS.has(name)) {
    (name === undefined ? console.error : console.log)(overallUsage());
    return name === undefined ? 2 : 0;
  }
  const command = findCommand(name);
  if (!command) {
    console.error(`burnrate: unknown command ${name}\n\n${overallUsage()}`);
    return 2;
  }
  if (args.some((a) => a === '--help' || a === '-h')) {
    console.log(commandUsage(command));
    return 0;
  }
  try {
    const { config, sources } = loadConfigWithSources();
    await command.run(args, { config, sources, print: (line) => console.log(line) });
    return 0;
  } catch (error) {
    const badArguments = String((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS');
    if (error instanceof UsageError || badArguments) {
      console.error(`burnrate ${name}: ${(error as Error).message}\n\n${commandUsage(command)}`);
      return 2;
    }
    console.error(`burnrate: ${error instanceof ConfigError ? error.message : (error as Error).message}`);
    return 1;
  }
}
