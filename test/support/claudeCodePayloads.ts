// OTLP/JSON logs exports shaped the way Claude Code's monitoring documentation describes them
// (https://code.claude.com/docs/en/monitoring-usage): resource service.name "claude-code", scope
// com.anthropic.claude_code.events, body "claude_code.<event>", the standard attributes
// (session.id, user.*, organization.id, terminal.type), OTEL_RESOURCE_ATTRIBUTES keys copied
// onto every event, and the api_request / api_error attributes. Claude Code writes most event
// values as strings ("cost_usd": "0.0123", "input_tokens": "1200"), so the builder does too.
// The names burnrate reads come from semconv.ts; the rest are what Claude Code also sends.
import { CLAUDE_CODE_SERVICE_PREFIX, ClaudeCodeAttr as A, ClaudeCodeEvent, Resource } from '../../collector/src/semconv';

export interface ClaudeCodeUser {
  email?: string;
  accountUuid?: string;
  accountId?: string;
  /** The anonymous installation id Claude Code always sends. */
  id: string;
}

export interface ApiRequestEvent {
  kind?: 'api_request';
  model: string;
  costUsd: string;
  durationMs: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** ISO 8601, as event.timestamp; also the record's timeUnixNano. */
  timestamp: string;
  sequence: number;
  requestId?: string;
  speed?: 'fast' | 'normal';
  querySource?: string;
}

export interface ApiErrorEvent {
  kind: 'api_error';
  model: string;
  error: string;
  statusCode?: number;
  durationMs: number;
  attempt: number;
  timestamp: string;
  sequence: number;
}

export interface OtherEvent {
  kind: 'user_prompt' | 'tool_result';
  timestamp: string;
  sequence: number;
}

export type ClaudeCodeEventSpec = ApiRequestEvent | ApiErrorEvent | OtherEvent;

export interface ClaudeCodeExportSpec {
  sessionId: string;
  user: ClaudeCodeUser;
  organizationId?: string;
  /** What an administrator put in OTEL_RESOURCE_ATTRIBUTES, e.g. { department: 'engineering', 'team.id': 'platform' }. */
  resourceAttributes?: Record<string, string>;
  serviceName?: string;
  events: ClaudeCodeEventSpec[];
}

type KeyValue = { key: string; value: Record<string, unknown> };

const str = (key: string, value: string): KeyValue => ({ key, value: { stringValue: value } });
const int = (key: string, value: number): KeyValue => ({ key, value: { intValue: String(value) } });

function nanos(iso: string): string {
  return (BigInt(Date.parse(iso)) * 1_000_000n).toString();
}

function eventAttributes(event: ClaudeCodeEventSpec): KeyValue[] {
  switch (event.kind) {
    case undefined:
    case 'api_request':
      return [
        str(A.model, event.model),
        str(A.costUsd, event.costUsd),
        str(A.durationMs, String(event.durationMs)),
        str(A.inputTokens, String(event.inputTokens)),
        str(A.outputTokens, String(event.outputTokens)),
        str(A.cacheReadTokens, String(event.cacheReadTokens)),
        str(A.cacheCreationTokens, String(event.cacheCreationTokens)),
        ...(event.requestId ? [str(A.requestId, event.requestId)] : []),
        str(A.speed, event.speed ?? 'normal'),
        str(A.querySource, event.querySource ?? 'repl_main_thread'),
      ];
    case 'api_error':
      return [
        str(A.model, event.model),
        str('error', event.error),
        ...(event.statusCode !== undefined ? [int(A.statusCode, event.statusCode)] : []),
        str(A.durationMs, String(event.durationMs)),
        int(A.attempt, event.attempt),
        str(A.speed, 'normal'),
      ];
    case 'user_prompt':
      return [str('prompt_length', '42'), str('prompt', '<REDACTED>')];
    case 'tool_result':
      return [str('tool_name', 'Read'), str('success', 'true'), str('duration_ms', '12')];
  }
}

export function claudeCodeLogsExport(spec: ClaudeCodeExportSpec): Record<string, unknown> {
  const custom = Object.entries(spec.resourceAttributes ?? {}).map(([key, value]) => str(key, value));
  const standard: KeyValue[] = [
    str(A.sessionId, spec.sessionId),
    str(A.userId, spec.user.id),
    ...(spec.user.email ? [str(A.userEmail, spec.user.email)] : []),
    ...(spec.user.accountUuid ? [str(A.userAccountUuid, spec.user.accountUuid)] : []),
    ...(spec.user.accountId ? [str(A.userAccountId, spec.user.accountId)] : []),
    ...(spec.organizationId ? [str('organization.id', spec.organizationId)] : []),
    str('terminal.type', 'vscode'),
    ...custom,
  ];
  return {
    resourceLogs: [
      {
        resource: {
          attributes: [
            str(Resource.serviceName, spec.serviceName ?? CLAUDE_CODE_SERVICE_PREFIX),
            str('service.version', '2.1.230'),
            str('os.type', 'linux'),
            str('host.arch', 'amd64'),
            ...custom,
          ],
        },
        scopeLogs: [
          {
            scope: { name: 'com.anthropic.claude_code.events', version: '2.1.230' },
            logRecords: spec.events.map((event) => ({
              timeUnixNano: nanos(event.timestamp),
              observedTimeUnixNano: nanos(event.timestamp),
              body: { stringValue: `claude_code.${event.kind ?? 'api_request'}` },
              attributes: [
                ...standard,
                str(A.eventName, event.kind ?? ClaudeCodeEvent.apiRequest),
                str(A.eventTimestamp, event.timestamp),
                int(A.eventSequence, event.sequence),
                ...eventAttributes(event),
              ],
            })),
          },
        ],
      },
    ],
  };
}

/** Claude Code's cost and token counters (delta sums), as its metrics exporter sends them. */
export function claudeCodeMetricsExport(model: string, at: string): Record<string, unknown> {
  const point = (value: number, type?: string) => ({
    startTimeUnixNano: nanos(at),
    timeUnixNano: nanos(at),
    asDouble: value,
    attributes: [str(A.model, model), ...(type ? [str('type', type)] : [])],
  });
  return {
    resourceMetrics: [
      {
        resource: { attributes: [str(Resource.serviceName, CLAUDE_CODE_SERVICE_PREFIX)] },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: '2.1.230' },
            metrics: [
              { name: 'claude_code.cost.usage', unit: 'USD', sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(0.0123)] } },
              {
                name: 'claude_code.token.usage',
                unit: 'tokens',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [point(1200, 'input'), point(350, 'output'), point(8192, 'cacheRead'), point(1024, 'cacheCreation')],
                },
              },
            ],
          },
        ],
      },
    ],
  };
}
