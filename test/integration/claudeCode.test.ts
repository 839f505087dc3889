// Claude Code's OTLP exports over HTTP into the embedded store, out of the query API: each
// api_request a priced call attributed to its user and team, beside every app's calls.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeCodeModule } from '../../collector/src/claudeCode/module';
import { claudeCodeLogsExport, claudeCodeMetricsExport, type ClaudeCodeExportSpec } from '../support/claudeCodePayloads';
import { encodeLogsRequestFromJson } from '../../collector/src/otlp/decodeLogs';
import { encodeMetricsRequestFromJson } from '../../collector/src/otlp/decodeMetrics';
import { startCollector, type RunningCollector } from '../support/collector';

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_GZIP = { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' };
const RANGE = 'from=2026-11-21T00:00:00Z&to=2026-11-22T00:00:00Z';

// Two developers, two teams (set through OTEL_RESOURCE_ATTRIBUTES as the Claude Code docs show).
const ADA: ClaudeCodeExportSpec = {
  sessionId: 'ada-session-1',
  user: { id: 'inst-ada', email: 'ada@example.com', accountUuid: 'acct-ada' },
  organizationId: 'org-1',
  resourceAttributes: { department: 'engineering', 'team.id': 'platform' },
  events: [
    { kind: 'user_prompt', timestamp: '2026-11-21T09:00:00Z', sequence: 1 },
    {
      model: 'claude-sonnet-4-6',
      costUsd: '0.0151476',
      durationMs: 4000,
      inputTokens: 1200,
      outputTokens: 350,
      cacheReadTokens: 8192,
      cacheCreationTokens: 1024,
      timestamp: '2026-11-21T09:00:04Z',
      sequence: 2,
      requestId: 'req_ada_1',
    },
    {
      model: 'claude-haiku-4-5-20251001',
      costUsd: '0.0015',
      durationMs: 800,
      inputTokens: 900,
      outputTokens: 120,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      timestamp: '2026-11-21T09:00:05Z',
      sequence: 3,
      requestId: 'req_ada_2',
      querySource: 'compact',
    },
    { kind: 'tool_result', timestamp: '2026-11-21T09:00:06Z', sequence: 4 },
  ],
};

const GRACE: ClaudeCodeExportSpec = {
  sessionId: 'grace-session-1',
  user: { id: 'inst-grace', email: 'grace@example.com' },
  resourceAttributes: { department: 'data' },
  events: [
    {
      model: 'claude-opus-4-6',
      costUsd: '0.0171',
      durationMs: 9000,
      inputTokens: 3000,
      outputTokens: 64,
      cacheReadTokens: 1000,
      cacheCreationTokens: 0,
      timestamp: '2026-11-21T11:00:09Z',
      sequence: 1,
      requestId: 'req_grace_1',
    },
    {
      kind: 'api_error',
      model: 'claude-opus-4-6',
      error: 'Overloaded',
      statusCode: 529,
      durationMs: 60_000,
      attempt: 11,
      timestamp: '2026-11-21T11:05:00Z',
      sequence: 2,
    },
  ],
};

// By hand from the published prices (USD per MTok × 1000 = nano-dollars per token):
//  ada sonnet-4-6: 1200×3000 + 350×15000 + 8192×300 + 1024×3750 (write of unknown TTL → 5 min) = 15,147,600
//  ada haiku-4-5:  900×1000 + 120×5000 = 1,500,000
//  grace opus-4-6: 3000×5000 + 64×25000 + 1000×500 = 17,100,000; the failed call has no tokens
const ADA_NANO = 15_147_600n + 1_500_000n;
const GRACE_NANO = 17_100_000n;

let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({ BURNRATE_MAX_BODY_BYTES: '200000' }, [claudeCodeModule()]);
});
afterAll(async () => running?.stop());

const post = (path: string, body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${running.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });

async function get(path: string) {
  const res = await fetch(`${running.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

describe('Claude Code → /v1/logs → store → query API', () => {
  it('each-api-request-is-a-priced-call-attributed-to-its-user-and-team', async () => {
    const json = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(ADA)), JSON_TYPE);
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});
    const pb = await post('/v1/logs', gzipSync(encodeLogsRequestFromJson(claudeCodeLogsExport(GRACE))), PROTO_GZIP);
    expect(pb.status).toBe(200);

    const s = await get(`/api/v1/summary?${RANGE}`);
    expect(s).toMatchObject({
      calls: 4,
      errors: 1,
      unpricedCalls: 0,
      inputTokens: 1200 + 900 + 3000,
      outputTokens: 350 + 120 + 64,
      cacheReadTokens: 8192 + 1000,
      cacheWrite5mTokens: 1024,
      cacheWrite1hTokens: 0,
      costNanoUsd: (ADA_NANO + GRACE_NANO).toString(),
      costUsd: Number(ADA_NANO + GRACE_NANO) / 1e9,
    });

    const byTeam = await get(`/api/v1/breakdown?by=team&${RANGE}`);
    expect(byTeam.rows.map((r: { key: string; calls: number; costNanoUsd: string }) => [r.key, r.calls, r.costNanoUsd])).toEqual([
      ['data', 2, GRACE_NANO.toString()],
      ['platform', 2, ADA_NANO.toString()],
    ]);
    const byUser = await get(`/api/v1/breakdown?by=user&${RANGE}`);
    expect(byUser.rows.map((r: { key: string }) => r.key).sort()).toEqual(['ada@example.com', 'grace@example.com']);
    const byService = await get(`/api/v1/breakdown?by=service&${RANGE}`);
    expect(byService.rows.map((r: { key: string; calls: number }) => [r.key, r.calls])).toEqual([['claude-code', 4]]);
    const byModel = await get(`/api/v1/breakdown?by=model&${RANGE}`);
    expect(byModel.rows.map((r: { key: string }) => r.key).sort()).toEqual(['claude-haiku-4-5', 'claude-opus-4-6', 'claude-sonnet-4-6']);
  });

  it('an-exporter-retry-in-either-encoding-is-not-counted-twice', async () => {
    const before = await get(`/api/v1/summary?${RANGE}`);
    expect((await post('/v1/logs', gzipSync(encodeLogsRequestFromJson(claudeCodeLogsExport(ADA))), PROTO_GZIP)).status).toBe(200);
    expect((await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(GRACE)), JSON_TYPE)).status).toBe(200);
    expect(await get(`/api/v1/summary?${RANGE}`)).toEqual(before);
  });

  it('metrics-are-acknowledged-and-add-nothing', async () => {
    const before = await get(`/api/v1/summary?${RANGE}`);
    const metrics = claudeCodeMetricsExport('claude-sonnet-4-6', '2026-11-21T09:00:04Z');
    expect((await post('/v1/metrics', JSON.stringify(metrics), JSON_TYPE)).status).toBe(200);
    expect((await post('/v1/metrics', gzipSync(encodeMetricsRequestFromJson(metrics)), PROTO_GZIP)).status).toBe(200);
    expect(await get(`/api/v1/summary?${RANGE}`)).toEqual(before);
  });

  it('a-refused-record-is-reported-and-its-neighbours-are-stored', async () => {
    const spec: ClaudeCodeExportSpec = {
      ...ADA,
      sessionId: 'ada-session-2',
      events: [
        {
          model: 'claude-sonnet-4-6',
          costUsd: '0',
          durationMs: 10,
          inputTokens: 10,
          outputTokens: -1,
          cacheReadTokens: 0,
          cacheCreationTokens: 0,
          timestamp: '2026-11-21T12:00:00Z',
          sequence: 1,
        },
        {
          model: 'claude-sonnet-4-6',
          costUsd: '0',
          durationMs: 10,
          inputTokens: 10,
          outputTokens: 1,
          cacheReadTokens: 0,
          cacheCreationTokens: 0,
          timestamp: '2026-11-21T12:00:01Z',
          sequence: 2,
        },
      ],
    };
    const res = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(spec)), JSON_TYPE);
    expect(res.status).toBe(200);
    expect((await res.json()).partialSuccess.rejectedLogRecords).toBe('1');
    const s = await get(`/api/v1/summary?${RANGE}`);
    expect(s.calls).toBe(5);
  });
});
