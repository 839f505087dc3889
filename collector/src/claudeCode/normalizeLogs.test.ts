import { describe, expect, it } from 'vitest';
import { decodeLogs, encodeLogsRequestFromJson } from '../otlp/decodeLogs';
import type { CallRow } from '../normalize/callRow';
import { stableCallIds } from './callId';
import { normalizeClaudeCodeLogs } from './normalizeLogs';
import { Burnrate, ClaudeCodeAttr, Resource } from '../semconv';
import { claudeCodeLogsExport, type ApiRequestEvent, type ClaudeCodeExportSpec } from '../../../test/support/claudeCodePayloads';

const NOW_NS = BigInt(Date.parse('2026-11-21T12:00:00Z')) * 1_000_000n;

const REQUEST: ApiRequestEvent = {
  model: 'claude-sonnet-4-6',
  costUsd: '0.02129160',
  durationMs: 2500,
  inputTokens: 15_000,
  outputTokens: 350,
  cacheReadTokens: 8192,
  cacheCreationTokens: 2048,
  timestamp: '2026-11-21T10:00:02.500Z',
  sequence: 7,
  requestId: 'req_011CVxyz',
  querySource: 'repl_main_thread',
};

function spec(overrides: Partial<ClaudeCodeExportSpec> = {}): ClaudeCodeExportSpec {
  return {
    sessionId: 'a1b2c3d4-0000-4000-8000-000000000001',
    user: { id: 'inst-9f8e', email: 'ada@example.com', accountUuid: '11111111-2222-4333-8444-555555555555' },
    organizationId: 'org-uuid-1',
    resourceAttributes: { department: 'engineering', 'team.id': 'platform', cost_center: 'eng-123' },
    events: [REQUEST],
    ...overrides,
  };
}

function rows(exportSpec: ClaudeCodeExportSpec, encoding: 'json' | 'protobuf' = 'json') {
  const json = claudeCodeLogsExport(exportSpec);
  const body = encoding === 'json' ? Buffer.from(JSON.stringify(json)) : encodeLogsRequestFromJson(json);
  return normalizeClaudeCodeLogs(decodeLogs(body, encoding), NOW_NS);
}

describe('normalizeClaudeCodeLogs', () => {
  it('api-request-becomes-one-call-row-with-every-field', () => {
    const { calls, rejected } = rows(spec());
    expect(rejected).toEqual([]);
    const ids = stableCallIds([
      'claude-code',
      'api_request',
      spec().sessionId,
      '7',
      REQUEST.timestamp,
      REQUEST.requestId!,
      '',
      'inst-9f8e',
      String(BigInt(Date.parse(REQUEST.timestamp)) * 1_000_000n),
    ]);
    const expected: CallRow = {
      callKey: `span:${ids.traceId}:${ids.spanId}`,
      sourceRank: 1,
      traceId: ids.traceId,
      spanId: ids.spanId,
      parentSpanId: '',
      // Logged at 10:00:02.500 after 2.5 s: the call started at 10:00:00.
      startTimeNs: BigInt(Date.parse('2026-11-21T10:00:00Z')) * 1_000_000n,
      durationMs: 2500,
      serviceName: 'claude-code',
      environment: '',
      resourceAttributes: {
        [Resource.serviceName]: 'claude-code',
        'service.version': '2.1.230',
        'os.type': 'linux',
        'host.arch': 'amd64',
        department: 'engineering',
        'team.id': 'platform',
        cost_center: 'eng-123',
      },
      scopeName: 'com.anthropic.claude_code.events',
      instrumentation: 'claude-code',
      provider: 'anthropic',
      operation: 'chat',
      requestModel: 'claude-sonnet-4-6',
      responseModel: '',
      model: 'claude-sonnet-4-6',
      // Claude Code's input_tokens is already uncached input (not 15000 − 8192 − 2048); writes of
      // unknown TTL count as 5-minute ones.
      inputTokens: 15_000,
      outputTokens: 350,
      cacheReadTokens: 8192,
      cacheWrite5mTokens: 2048,
      cacheWrite1hTokens: 0,
      serviceTier: '',
      stream: false,
      ttftMs: null,
      stopReason: '',
      statusCode: 0,
      errorType: '',
      retryCount: 0,
      requestId: 'req_011CVxyz',
      batch: false,
      dataResidency: false,
      speed: 'standard',
      // The row is normalize's (callRowOf): every row carries the server-tool counts and endpoint.
      webSearchRequests: 0,
      webFetchRequests: 0,
      cloudEndpoint: '',
      rateLimits: {},
      team: 'platform',
      project: '',
      feature: 'repl_main_thread',
      user: 'ada@example.com',
      tenant: '',
      route: '',
      routeReason: '',
      routeRequestedModel: '',
      routeFallbackFrom: '',
      sessionId: 'a1b2c3d4-0000-4000-8000-000000000001',
      costNanoUsd: null,
    };
    expect(calls).toEqual([expected]);
  });

  it('protobuf-and-json-exports-give-the-same-rows', () => {
    expect(rows(spec(), 'protobuf')).toEqual(rows(spec(), 'json'));
  });

  it('prompts-and-tool-results-are-skipped-not-refused', () => {
    const { calls, rejected } = rows(
      spec({
        events: [
          { kind: 'user_prompt', timestamp: '2026-11-21T10:00:00Z', sequence: 6 },
          REQUEST,
          { kind: 'tool_result', timestamp: '2026-11-21T10:00:03Z', sequence: 8 },
        ],
      }),
    );
    expect(calls).toHaveLength(1);
    expect(rejected).toEqual([]);
  });

  it('a-retried-export-hashes-to-the-same-ids-and-each-request-to-its-own', () => {
    const first = rows(spec({ events: [REQUEST, { ...REQUEST, sequence: 8, timestamp: '2026-11-21T10:00:05Z', requestId: 'req_2' }] })).calls;
    const retried = rows(spec({ events: [REQUEST, { ...REQUEST, sequence: 8, timestamp: '2026-11-21T10:00:05Z', requestId: 'req_2' }] })).calls;
    expect(retried.map((c) => c.spanId)).toEqual(first.map((c) => c.spanId));
    expect(new Set(first.map((c) => `${c.traceId}/${c.spanId}`)).size).toBe(2);
    // Same moment, same request id, but another session: another call.
    const otherSession = rows(spec({ sessionId: 'other-session' })).calls[0]!;
    expect(otherSession.spanId).not.toBe(first[0]!.spanId);
  });

  it('team-comes-from-otel-resource-attributes-and-burnrate-team-wins', () => {
    expect(rows(spec({ resourceAttributes: { department: 'finance' } })).calls[0]!.team).toBe('finance');
    expect(rows(spec({ resourceAttributes: { department: 'finance', 'team.id': 'ledger' } })).calls[0]!.team).toBe('ledger');
    expect(rows(spec({ resourceAttributes: { [ClaudeCodeAttr.teamId]: 'ledger', [Burnrate.team]: 'payments' } })).calls[0]!.team).toBe('payments');
    expect(rows(spec({ resourceAttributes: {} })).calls[0]!.team).toBe('');
  });

  it('user-is-the-email-else-enduser-id-else-the-account-else-the-installation', () => {
    expect(rows(spec()).calls[0]!.user).toBe('ada@example.com');
    const apiKeyUser = spec({ user: { id: 'inst-1' }, resourceAttributes: { 'enduser.id': 'jdoe@example.com' } });
    expect(rows(apiKeyUser).calls[0]!.user).toBe('jdoe@example.com');
    expect(rows(spec({ user: { id: 'inst-1', accountUuid: 'acct-uuid' } })).calls[0]!.user).toBe('acct-uuid');
    expect(rows(spec({ user: { id: 'inst-1' } })).calls[0]!.user).toBe('inst-1');
  });

  it('api-error-is-a-failed-call-with-its-status-and-retries-and-no-tokens', () => {
    const { calls } = rows(
      spec({
        events: [
          {
            kind: 'api_error',
            model: 'claude-opus-4-6',
            error: 'Overloaded',
            statusCode: 529,
            durationMs: 30_000,
            attempt: 11,
            timestamp: '2026-11-21T11:00:00Z',
            sequence: 9,
          },
        ],
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      model: 'claude-opus-4-6',
      statusCode: 529,
      errorType: 'http_529',
      retryCount: 10,
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWrite5mTokens: 0,
      durationMs: 30_000,
    });
    const noStatus = rows(
      spec({
        events: [
          { kind: 'api_error', model: 'claude-opus-4-6', error: 'ECONNRESET', durationMs: 5, attempt: 1, timestamp: '2026-11-21T11:00:00Z', sequence: 10 },
        ],
      }),
    );
    expect(noStatus.calls[0]).toMatchObject({ statusCode: 0, errorType: 'error', retryCount: 0 });
  });

  it('a-bad-token-count-refuses-that-record-only', () => {
    const { calls, rejected } = rows(
      spec({
        events: [
          { ...REQUEST, inputTokens: -5 },
          { ...REQUEST, sequence: 8, timestamp: '2026-11-21T10:00:09Z' },
        ],
      }),
    );
    expect(calls).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/^api_request #7: input_tokens must be an integer/);
  });

  it('a-request-without-a-model-is-refused', () => {
    const json = claudeCodeLogsExport(spec()) as { resourceLogs: { scopeLogs: { logRecords: { attributes: { key: string }[] }[] }[] }[] };
    const record = json.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    record.attributes = record.attributes.filter((kv) => kv.key !== 'model');
    const { calls, rejected } = normalizeClaudeCodeLogs(decodeLogs(Buffer.from(JSON.stringify(json)), 'json'), NOW_NS);
    expect(calls).toEqual([]);
    expect(rejected[0]!.reason).toBe('api_request #7: api_request has no model attribute');
  });

  it('without-timeUnixNano-the-event-timestamp-dates-the-call', () => {
    const json = claudeCodeLogsExport(spec({ events: [{ ...REQUEST, durationMs: 0 }] })) as {
      resourceLogs: { scopeLogs: { logRecords: Record<string, unknown>[] }[] }[];
    };
    const record = json.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    delete record.timeUnixNano;
    delete record.observedTimeUnixNano;
    const { calls } = normalizeClaudeCodeLogs(decodeLogs(Buffer.from(JSON.stringify(json)), 'json'), NOW_NS);
    expect(calls[0]!.startTimeNs).toBe(BigInt(Date.parse(REQUEST.timestamp)) * 1_000_000n);
  });

  it('a-record-dated-days-ahead-is-refused', () => {
    const { calls, rejected } = rows(spec({ events: [{ ...REQUEST, timestamp: '2026-11-25T00:00:00Z' }] }));
    expect(calls).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/more than 24 h in the future/);
  });

  it('a-bare-api_request-event-name-counts-only-from-claude-code', () => {
    const json = claudeCodeLogsExport(spec({ serviceName: 'some-other-app' })) as {
      resourceLogs: { scopeLogs: { scope: { name: string }; logRecords: Record<string, unknown>[] }[] }[];
    };
    const scope = json.resourceLogs[0]!.scopeLogs[0]!;
    delete scope.logRecords[0]!.body;
    const decode = () => normalizeClaudeCodeLogs(decodeLogs(Buffer.from(JSON.stringify(json)), 'json'), NOW_NS).calls;
    expect(decode()).toHaveLength(1); // still Claude Code's scope
    scope.scope.name = 'my.app';
    expect(decode()).toEqual([]);
  });

  it('newer-sdks-name-the-event-in-LogRecord-event_name-alone', () => {
    const json = claudeCodeLogsExport(spec()) as {
      resourceLogs: { scopeLogs: { logRecords: { body?: unknown; eventName?: string; attributes: { key: string }[] }[] }[] }[];
    };
    const record = json.resourceLogs[0]!.scopeLogs[0]!.logRecords[0]!;
    delete record.body;
    record.attributes = record.attributes.filter((kv) => kv.key !== ClaudeCodeAttr.eventName);
    record.eventName = 'claude_code.api_request';
    expect(normalizeClaudeCodeLogs(decodeLogs(Buffer.from(JSON.stringify(json)), 'json'), NOW_NS).calls).toHaveLength(1);
    record.eventName = 'claude_code.tool_result';
    expect(normalizeClaudeCodeLogs(decodeLogs(Buffer.from(JSON.stringify(json)), 'json'), NOW_NS).calls).toHaveLength(0);
  });

  it('fast-mode-and-context-tagged-models-keep-their-meaning', () => {
    const { calls } = rows(spec({ events: [{ ...REQUEST, model: 'claude-opus-4-6[1m]', speed: 'fast' }] }));
    expect(calls[0]).toMatchObject({ requestModel: 'claude-opus-4-6[1m]', model: 'claude-opus-4-6', speed: 'fast' });
  });
});
