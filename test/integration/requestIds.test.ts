// Every request has an id: the caller's X-Request-Id when it is plain, else a new one; the answer
// echoes it, and every line the collector logs for the request carries it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { capturedLog } from '../support/capturedLog';
import { startCollector, type RunningCollector } from '../support/collector';

const log = capturedLog('debug');
let running: RunningCollector;

beforeAll(async () => {
  running = await startCollector({}, [], { logger: log.logger });
});
afterAll(async () => running?.stop());

const linesOf = (requestId: string) => log.lines.filter((line) => line.requestId === requestId);

it("keeps the caller's id, echoes it, and carries it in the request's log lines", async () => {
  // A percent-escape that does not decode: the error middleware logs one warning for it.
  const answer = await fetch(`${running.url}/api/v1/keys/%zz`, { method: 'DELETE', headers: { 'X-Request-Id': 'support-ticket-4711' } });
  expect(answer.status).toBe(400);
  expect(answer.headers.get('x-request-id')).toBe('support-ticket-4711');
  await expect.poll(() => linesOf('support-ticket-4711').map((line) => line.msg)).toEqual([expect.stringContaining('malformed path'), 'request answered']);
  expect(linesOf('support-ticket-4711')[1]).toMatchObject({ level: 'debug', method: 'DELETE', status: 400 });
});

it('gives a request without an id a new one, different for each request', async () => {
  const [first, second] = await Promise.all([fetch(`${running.url}/healthz`), fetch(`${running.url}/healthz`)]);
  const ids = [first!.headers.get('x-request-id'), second!.headers.get('x-request-id')];
  for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  expect(ids[0]).not.toBe(ids[1]);
  await expect.poll(() => linesOf(ids[0]!)).toEqual([expect.objectContaining({ msg: 'request answered', path: '/healthz', status: 200 })]);
});

it('replaces an id that could forge or flood a log line', async () => {
  for (const hostile of ['a b" level=error', 'x'.repeat(500)]) {
    const answer = await fetch(`${running.url}/healthz`, { headers: { 'X-Request-Id': hostile } });
    const id = answer.headers.get('x-request-id')!;
    expect(id).not.toBe(hostile);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.lines.some((line) => line.requestId === hostile)).toBe(false);
  }
});
