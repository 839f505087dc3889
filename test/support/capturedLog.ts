// A real collector logger (pino, as main.ts makes it) whose lines are kept in memory, parsed, for
// tests that assert what was logged (and which request it was logged for).
import { createLogger, type Logger, type LogLevel } from '../../collector/src/log/logger';

export interface LogLine {
  level: string;
  msg: string;
  requestId?: string;
  [field: string]: unknown;
}

export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** The messages logged at this level. */
  messages(level: string): string[];
}

export function capturedLog(level: LogLevel = 'debug'): CapturedLog {
  const lines: LogLine[] = [];
  const logger = createLogger({ level, format: 'json', destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } });
  return { logger, lines, messages: (at) => lines.filter((l) => l.level === at).map((l) => l.msg) };
}
