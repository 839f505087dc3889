// Every name Claude Code's telemetry uses that burnrate reads, in one place (as semconv.ts holds
// the span names). Source: Claude Code's monitoring documentation,
// https://code.claude.com/docs/en/monitoring-usage ("Standard attributes", "API request event",
// "API error event", "Multi-team organization support", "Service information").
import { Burnrate } from '../semconv';

/** Log records: the event is named in the body ("claude_code.api_request"), in event.name
 * ("api_request") and, from SDKs that have the field, in LogRecord.event_name. */
export const ClaudeCodeEvent = {
  bodyPrefix: 'claude_code.',
  apiRequest: 'api_request',
  apiError: 'api_error',
} as const;

export const ClaudeCodeAttr = {
  eventName: 'event.name',
  eventTimestamp: 'event.timestamp', // ISO 8601
  eventSequence: 'event.sequence', // monotonically increasing within a session
  sessionId: 'session.id',
  model: 'model',
  costUsd: 'cost_usd', // Claude Code's own estimate; burnrate prices from its own table
  durationMs: 'duration_ms',
  inputTokens: 'input_tokens', // the API usage block's input_tokens: uncached input
  outputTokens: 'output_tokens',
  cacheReadTokens: 'cache_read_tokens',
  cacheCreationTokens: 'cache_creation_tokens', // 5-minute and 1-hour writes together
  requestId: 'request_id',
  clientRequestId: 'client_request_id',
  speed: 'speed', // "fast" or "normal"
  querySource: 'query_source', // repl_main_thread, compact, a subagent name, …
  statusCode: 'status_code', // api_error only
  attempt: 'attempt', // api_error only: attempts made, 1 = no retry
  userId: 'user.id', // anonymous per-installation id
  userEmail: 'user.email', // when signed in with OAuth
  userAccountId: 'user.account_id',
  userAccountUuid: 'user.account_uuid',
} as const;

/** Resource: service.name is "claude-code", or "claude-code-desktop" for the desktop Code tab. */
export const CLAUDE_CODE_SERVICE_PREFIX = 'claude-code';
export const CLAUDE_CODE_SCOPE_PREFIX = 'com.anthropic.claude_code';

/**
 * Where a team comes from, first match wins. Claude Code copies OTEL_RESOURCE_ATTRIBUTES onto
 * every event as well as the resource; its documentation's example for teams is
 * `department=engineering,team.id=platform`. burnrate's own name comes first so an
 * administrator can set it explicitly.
 */
export const TEAM_KEYS = [Burnrate.team, 'team.id', 'team', 'department'] as const;

/**
 * Who made the request, first match wins: an explicit burnrate.user, the signed-in email, the
 * `enduser.id` the documentation suggests setting for API-key and cloud-provider deployments
 * (which have no Claude account), the account ids, and last the anonymous installation id.
 */
export const USER_KEYS = [Burnrate.user, ClaudeCodeAttr.userEmail, 'enduser.id', ClaudeCodeAttr.userAccountId, ClaudeCodeAttr.userAccountUuid, ClaudeCodeAttr.userId] as const;
