// CORS is closed unless configured: only listed origins get the headers a browser needs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCollector, type RunningCollector } from '../support/collector';

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_CORS_ORIGINS: 'https://ops.example.com' });
});
afterAll(async () => running?.stop());

it('a listed origin may read and preflight; any other origin gets no CORS headers', async () => {
  const allowed = await fetch(`${running.url}/healthz`, { headers: { origin: 'https://ops.example.com' } });
  expect(allowed.headers.get('access-control-allow-origin')).toBe('https://ops.example.com');
  const preflight = await fetch(`${running.url}/v1/traces`, {
    method: 'OPTIONS',
    headers: { origin: 'https://ops.example.com', 'access-control-request-method': 'POST' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-headers')).toContain('x-burnrate-key');
  const other = await fetch(`${running.url}/healthz`, { headers: { origin: 'https://evil.example' } });
  expect(other.headers.get('access-control-allow-origin')).toBeNull();
});
