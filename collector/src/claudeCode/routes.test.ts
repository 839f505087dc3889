// The /v1/logs and /v1/metrics edge with the store replaced by a recorder: encodings, gzip,
// limits and error answers, without ClickHouse (test/integration/claudeCode.test.ts has the store).
import express from 'express';
import type { Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claudeCodeRouter, METRICS_HINT } from './claudeCodeRoutes';
import { openAccess } from '../auth/middleware';
import { errorMiddleware } from '../api/errors';
import type { CallRow } from '../normalize/callRow';
import { decodeLogsResponse, encodeLogsRequestFromJson } from '../otlp/decodeLogs';
import { encodeMetricsRequestFromJson } from '../otlp/decodeMetrics';
import { otlpType } from '../otlp/exportMessages';
import { StoreError } from '../store/gateway';
import { BackpressureError, type RowBatch } from '../store/writer';
import { claudeCodeLogsExport, claudeCodeMetricsExport, type ClaudeCodeExportSpec } from '../../../test/support/claudeCodePayloads';
import { requestIds } from '../api/requestId';
import { capturedLog } from '../../../test/support/capturedLog';

const statusType = otlpType('RpcStatus');

const SPEC: ClaudeCodeExportSpec = {
  sessionId: 'session-1',
  user: { id: 'inst-1', email: 'ada@example.com' },
  resourceAttributes: { 'team.id': 'platform' },
  events: [
    {
      model: 'claude-sonnet-4-6',
      costUsd: '0.01',
      durationMs: 100,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      timestamp: '2026-11-21T10:00:00Z',
      sequence: 1,
    },
    { kind: 'user_prompt', timestamp: '2026-11-21T09:59:59Z', sequence: 0 },
  ],
};

interface Served {
  url: string;
  written: RowBatch[];
  warnings: string[];
  failWith: Error | undefined;
  close(): Promise<void>;
}

/** A fresh router (its own "logs seen" state) on a loopback port, with a recording store. */
async function serve(ingestProject?: string): Promise<Served> {
  const served = { written: [] as RowBatch[], warnings: [] as string[], failWith: undefined as Error | undefined } as Served;
  const app = express();
  app.use(requestIds(capturedLog('warn').logger)); // as app.ts does first: each request's logger
  // What the auth middleware leaves: auth off, or a key scoped to a project.
  app.use(openAccess);
  if (ingestProject) {
    app.use((_req, res, next) => {
      res.locals.ingestProject = ingestProject;
      next();
    });
  }
  app.use(
    claudeCodeRouter({
      write: async (batch) => {
        if (served.failWith) throw served.failWith;
        served.written.push(batch);
        return { inserted: batch.calls.length, duplicates: 0 };
      },
      priceCalls: (calls: CallRow[]) => calls.forEach((call) => (call.costNanoUsd = 42n)),
      limits: { maxBodyBytes: 20_000, maxDecompressedBytes: 100_000 },
      nowNs: () => BigInt(Date.parse('2026-11-21T12:00:00Z')) * 1_000_000n,
      warn: (message) => served.warnings.push(message),
    }),
  );
  app.use(errorMiddleware);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  served.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  served.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return served;
}

let served: Served;
beforeAll(async () => {
  served = await serve();
});
afterAll(() => served.close());
beforeEach(() => {
  served.written = [];
  served.failWith = undefined;
});

const post = (path: string, body: Buffer | string, headers: Record<string, string>, base = served.url) =>
  fetch(`${base}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTO_TYPE = { 'content-type': 'application/x-protobuf' };

describe('POST /v1/logs', () => {
  it('json-export-writes-priced-calls-and-answers-an-empty-response', async () => {
    const res = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(SPEC)), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({});
    expect(served.written).toHaveLength(1);
    expect(served.written[0]!.attempts).toEqual([]);
    expect(served.written[0]!.calls.map((c) => [c.model, c.user, c.team, c.costNanoUsd])).toEqual([['claude-sonnet-4-6', 'ada@example.com', 'platform', 42n]]);
  });

  it('a-key-scoped-to-a-project-writes-calls-for-that-project', async () => {
    const scoped = await serve('dev-tools');
    expect((await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(SPEC)), JSON_TYPE, scoped.url)).status).toBe(200);
    expect(scoped.written[0]!.calls.map((c) => c.project)).toEqual(['dev-tools']);
    await scoped.close();
  });

  it('gzipped-protobuf-export-answers-in-protobuf', async () => {
    const body = gzipSync(encodeLogsRequestFromJson(claudeCodeLogsExport(SPEC)));
    const res = await post('/v1/logs', body, { ...PROTO_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-protobuf');
    expect(decodeLogsResponse(new Uint8Array(await res.arrayBuffer()))).toEqual({});
    expect(served.written[0]!.calls).toHaveLength(1);
  });

  it('refused-records-are-named-in-partial-success-and-the-rest-is-kept', async () => {
    const spec: ClaudeCodeExportSpec = { ...SPEC, events: [...SPEC.events, { ...(SPEC.events[0] as object), sequence: 2, outputTokens: 1.5 } as never] };
    const res = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(spec)), JSON_TYPE);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      partialSuccess: {
        rejectedLogRecords: '1',
        errorMessage: '1 log record(s) refused: api_request #2: output_tokens must be an integer between 0 and 100000000, got "1.5"',
      },
    });
    expect(served.written[0]!.calls).toHaveLength(1);

    const pb = await post('/v1/logs', encodeLogsRequestFromJson(claudeCodeLogsExport(spec)), PROTO_TYPE);
    expect(decodeLogsResponse(new Uint8Array(await pb.arrayBuffer()))).toMatchObject({ partialSuccess: { rejectedLogRecords: 1 } });
  });

  it('bad-json-is-400-with-a-status-body', async () => {
    const res = await post('/v1/logs', '{"resourceLogs": ', JSON_TYPE);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toMatch(/^body is not valid JSON/);
    const notArray = await post('/v1/logs', '{"resourceLogs": {}}', JSON_TYPE);
    expect(notArray.status).toBe(400);
  });

  it('bad-protobuf-is-400-in-protobuf', async () => {
    const res = await post('/v1/logs', Buffer.from([0x0a, 0xff, 0xff, 0xff]), PROTO_TYPE);
    expect(res.status).toBe(400);
    const status = statusType.toObject(statusType.decode(new Uint8Array(await res.arrayBuffer())));
    expect(status.message).toMatch(/not a valid OTLP protobuf ExportLogsServiceRequest/);
  });

  it('unknown-content-type-is-415-and-oversized-body-413', async () => {
    expect((await post('/v1/logs', 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/v1/logs', 'x'.repeat(20_001), JSON_TYPE)).status).toBe(413);
    const bomb = gzipSync(Buffer.from(JSON.stringify({ resourceLogs: [], pad: 'x'.repeat(200_000) })));
    expect((await post('/v1/logs', bomb, { ...JSON_TYPE, 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('a-store-that-is-behind-is-503-with-retry-after', async () => {
    served.failWith = new BackpressureError(3);
    const res = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(SPEC)), JSON_TYPE);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    served.failWith = new StoreError('down', true);
    const down = await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(SPEC)), JSON_TYPE);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
  });
});

describe('POST /v1/metrics', () => {
  it('claude-code-metrics-are-acknowledged-not-stored-and-hinted-once', async () => {
    const fresh = await serve();
    const json = claudeCodeMetricsExport('claude-sonnet-4-6', '2026-11-21T10:00:00Z');
    const res = await post('/v1/metrics', JSON.stringify(json), JSON_TYPE, fresh.url);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const pb = await post('/v1/metrics', encodeMetricsRequestFromJson(json), PROTO_TYPE, fresh.url);
    expect(pb.status).toBe(200);
    expect((await pb.arrayBuffer()).byteLength).toBe(0);
    expect(fresh.written).toEqual([]);
    expect(fresh.warnings).toEqual([METRICS_HINT]);
    await fresh.close();
  });

  it('no-hint-once-log-events-arrive', async () => {
    const fresh = await serve();
    await post('/v1/logs', JSON.stringify(claudeCodeLogsExport(SPEC)), JSON_TYPE, fresh.url);
    await post('/v1/metrics', JSON.stringify(claudeCodeMetricsExport('claude-sonnet-4-6', '2026-11-21T10:00:00Z')), JSON_TYPE, fresh.url);
    expect(fresh.warnings).toEqual([]);
    await fresh.close();
  });

  it('garbage-metrics-are-400', async () => {
    expect((await post('/v1/metrics', '[1,2]', JSON_TYPE)).status).toBe(400);
    expect((await post('/v1/metrics', Buffer.from([0x0a, 0x05, 0x12]), PROTO_TYPE)).status).toBe(400);
  });
});
