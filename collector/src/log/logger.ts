// The collector's one logger (pino), created at start (main.ts, or app.ts when a test builds a
// collector) and handed to every part that logs: nothing in the collector logs through console.
// JSON lines for a log pipeline, readable lines in a terminal; both on stdout, the stream
// container runtimes collect.
import { pino, type DestinationStream, type Logger } from 'pino';
import { readableLines } from './readableLines';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  level: LogLevel;
  /** Left out: JSON lines in production (NODE_ENV=production) or when stdout is not a terminal, else readable lines. */
  format?: LogFormat;
  /** Where the lines go (stdout when left out); tests pass a collecting stream. */
  destination?: DestinationStream;
}

export function defaultLogFormat(env: NodeJS.ProcessEnv = process.env, terminal = process.stdout.isTTY): LogFormat {
  return env.NODE_ENV !== 'production' && terminal ? 'pretty' : 'json';
}

export function createLogger(options: LoggerOptions): Logger {
  const format = options.format ?? defaultLogFormat();
  // Synchronous writes: a line written just before process.exit (a failed start, SIGTERM) is not lost.
  const stdout = pino.destination({ fd: 1, sync: true });
  const destination = options.destination ?? (format === 'pretty' ? readableLines(stdout) : stdout);
  return pino(
    {
      level: options.level,
      // Level names, not pino's numbers, so a line reads the same in JSON and in a terminal.
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
