// For tests of budgets and alerts (collector/src/budgets, collector/src/alerts and test/e2e): a real collector on a data directory
// that can be reopened (to test restarts), and Claude API calls sent as OTLP/HTTP JSON spans
// through the real ingest path, shaped like the Anthropic SDK's own spans.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollector, type Collector } from '../../collector/src/app';
import type { CollectorModule } from '../../collector/src/collectorModule';
import type { AlertRule, AlertRuleListResponse } from '@burnrate/contract';
import { loadConfig } from '../../collector/src/config';
import { Burnrate, GenAi, Http, Resource } from '../../collector/src/semconv';
import { removeTestDir } from './removeTestDir';

export interface TestCollector {
  url: string;
  collector: Collector;
  dataDir: string;
  /** Closes the collector and keeps its data directory (for a restart on it). */
  close(): Promise<void>;
}

export const newDataDir = () => mkdtempSync(join(tmpdir(), 'burnrate-budgets-'));
export const removeDataDir = (dir: string) => removeTestDir(dir);

/** chDB holds one data directory per process: close a collector before opening the next on the same directory. */
export async function openTestCollector(dataDir: string, modules: CollectorModule[]): Promise<TestCollector> {
  // The tests' alert receivers listen on loopback: allowed the way a self-hosted receiver would be.
  const config = loadConfig({
    BURNRATE_DATA_DIR: dataDir,
    BURNRATE_PORT: '0',
    BURNRATE_BATCH_INTERVAL_MS: '10',
    BURNRATE_SERVE_DASHBOARD: 'false',
    BURNRATE_OUTBOUND_ALLOW: '127.0.0.1',
    BURNRATE_ACK: 'stored',
  }); // ack 'stored': tests read back right after a 200
  const collector = await createCollector(config, { modules });
  const { port } = await collector.listen(0, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}`, collector, dataDir, close: () => collector.close() };
}

export interface TestCall {
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  team?: string;
  feature?: string;
  service?: string;
  /** Start time; default now. */
  at?: Date;
  durationMs?: number;
  statusCode?: number;
  /** HTTP status of each attempt, as the sdk-hook reports them (one span event per attempt). */
  attemptStatuses?: number[];
  /** retry-after (seconds) the API sent with each non-final attempt, in attempt order. */
  retryAfterS?: number[];
  /** Rate-limit headers of the last attempt, e.g. { 'input_tokens.remaining': '5000' }. */
  rateLimits?: Record<string, string>;
  /** More attributes of each attempt's event, in attempt order (limit class, unified windows…). */
  attemptAttributes?: Array<Record<string, string | number | boolean>>;
  /** More span attributes (anthropic.organization.id…). */
  attributes?: Record<string, string>;
  errorType?: string;
}

function attr(key: string, value: string | number | boolean) {
  if (typeof value === 'string') return str(key, value);
  if (typeof value === 'boolean') return { key, value: { boolValue: value } };
  return Number.isInteger(value) ? int(key, value) : { key, value: { doubleValue: value } };
}

const ANTHROPIC_SDK_SCOPE = 'com.anthropic.sdk.typescript';

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });
const nanos = (ms: number) => (BigInt(Math.round(ms)) * 1_000_000n).toString();

function span(call: TestCall) {
  const start = (call.at ?? new Date()).getTime();
  const attributes = [
    str(GenAi.providerName, 'anthropic'),
    str(GenAi.operationName, 'chat'),
    str(GenAi.requestModel, call.model ?? 'claude-haiku-4-5'),
    int(GenAi.inputTokens, call.inputTokens ?? 0),
    int(GenAi.outputTokens, call.outputTokens ?? 0),
    int(Http.statusCode, call.statusCode ?? 200),
  ];
  if (call.team !== undefined) attributes.push(str(Burnrate.team, call.team));
  if (call.feature !== undefined) attributes.push(str(Burnrate.feature, call.feature));
  for (const [key, value] of Object.entries(call.rateLimits ?? {})) attributes.push(str(`${Burnrate.rateLimitPrefix}${key}`, value));
  for (const [key, value] of Object.entries(call.attributes ?? {})) attributes.push(str(key, value));
  if (call.errorType !== undefined) attributes.push(str(Http.errorType, call.errorType));
  return {
    traceId: randomBytes(16).toString('hex'),
    spanId: randomBytes(8).toString('hex'),
    name: 'anthropic.messages.create',
    kind: 3,
    startTimeUnixNano: nanos(start),
    endTimeUnixNano: nanos(start + (call.durationMs ?? 800)),
    attributes,
    events: (call.attemptStatuses ?? []).map((status, i) => ({
      name: Burnrate.attemptEvent,
      timeUnixNano: nanos(start + i),
      attributes: [
        int(Burnrate.attemptNumber, i + 1),
        int(Http.statusCode, status),
        ...(call.retryAfterS?.[i] !== undefined ? [int(Burnrate.attemptRetryAfterS, call.retryAfterS[i]!)] : []),
        ...Object.entries(call.attemptAttributes?.[i] ?? {}).map(([key, value]) => attr(key, value)),
      ],
    })),
    status: { code: (call.statusCode ?? 200) >= 400 ? 2 : 1 },
  };
}

export function otlpJson(calls: readonly TestCall[]): string {
  const byService = new Map<string, TestCall[]>();
  for (const call of calls) byService.set(call.service ?? 'test-app', [...(byService.get(call.service ?? 'test-app') ?? []), call]);
  return JSON.stringify({
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [str(Resource.serviceName, service)] },
      scopeSpans: [{ scope: { name: ANTHROPIC_SDK_SCOPE, version: '1.12.0' }, spans: list.map(span) }],
    })),
  });
}

/** Posts the calls; resolves once the collector answered 200 with every span accepted (i.e. stored). */
export async function postCalls(url: string, calls: readonly TestCall[]): Promise<void> {
  const res = await fetch(`${url}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: otlpJson(calls) });
  const text = await res.text();
  if (res.status !== 200 || text !== '{}') throw new Error(`POST /v1/traces answered ${res.status}: ${text}`);
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

export async function sendJson(method: string, url: string, body: unknown): Promise<Response> {
  return fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** Switches off every alert rule but those `keep` picks, so a test sees only the rule it drives. */
export async function keepOnlyRules(baseUrl: string, keep: (rule: AlertRule) => boolean): Promise<void> {
  const { rules } = await getJson<AlertRuleListResponse>(`${baseUrl}/api/v1/alerts/rules`);
  for (const rule of rules.filter((r) => !keep(r))) await sendJson('PATCH', `${baseUrl}/api/v1/alerts/rules/${rule.id}`, { enabled: false });
}
