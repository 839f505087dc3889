import { expect, it } from 'vitest';
import { defaultLogFormat } from './logger';
import { readableLine } from './readableLines';

it('prints time, level, message and fields, with an error stack below', () => {
  const line = JSON.stringify({
    level: 'warn',
    time: '2026-12-06T12:04:05.123Z',
    pid: 1,
    hostname: 'h',
    requestId: 'r-1',
    msg: 'burnrate: 503',
    path: '/v1/traces',
    note: 'two words',
  });
  expect(readableLine(line)).toBe('12:04:05.123 WARN  burnrate: 503 requestId=r-1 path=/v1/traces note="two words"\n');
  const failed = readableLine(
    JSON.stringify({ level: 'error', time: '2026-12-06T12:04:05.123Z', msg: 'boom', err: { message: 'x', stack: 'Error: x\n    at f' } }),
  );
  expect(failed).toBe('12:04:05.123 ERROR boom\n    Error: x\n        at f\n');
  expect(readableLine('not json')).toBe('not json\n');
});

it('defaults to JSON lines in production or when stdout is not a terminal', () => {
  expect(defaultLogFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  expect(defaultLogFormat({}, false)).toBe('json');
  expect(defaultLogFormat({}, true)).toBe('pretty');
});
