// The terminal form of the collector's log: "12:04:05.123 WARN  message key=value …", one line per
// entry. Written here rather than taken from pino-pretty: pino-pretty runs as a transport in a
// worker thread (a file the bundle would have to ship) and brings a dozen packages for what is
// thirty lines. Fields pino adds to every line (pid, hostname) are left out.
import type { DestinationStream } from 'pino';

const SKIPPED = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'err']);

function valueText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** One JSON log line as a readable line (newline included); a line that is not JSON passes through. */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => `${key}=${valueText(value)}`);
  // An error's stack goes on the lines below, as Node prints it.
  const err = entry.err as { stack?: unknown; message?: unknown } | undefined;
  const stack = err ? `\n    ${String(err.stack ?? err.message).replaceAll('\n', '\n    ')}` : '';
  return `${[time, level, String(entry.msg ?? ''), ...fields].filter(Boolean).join(' ')}${stack}\n`;
}

export function readableLines(out: DestinationStream): DestinationStream {
  return { write: (line: string) => out.write(readableLine(line)) };
}
