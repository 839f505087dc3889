// Never silently ignore a model call: spans that look like model calls but cannot be read are
// told in the OTLP answer (partial_success, rejected 0), counted per scope on
// /api/v1/ingest-health and /metrics, beside the calls read and the duplicates merged.
import { afterAll, beforeAll, expect, it } from 'vitest';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { DEFAULT_MODULES } from '../../collector/src/modules';
import type { IngestHealthResponse } from '@burnrate/contract';
import { conformanceExport } from '../support/fixtures';
import { postTraces, startCollector, type RunningCollector } from '../support/collector';
import { UNKNOWN_SCOPE, unknownScopeExport } from '../support/unknownScope';

const JSON_TYPE = { 'content-type': 'application/json' };
let running: RunningCollector;
beforeAll(async () => {
  running = await startCollector({}, DEFAULT_MODULES);
});
afterAll(async () => running?.stop());

it("an unknown scope's unreadable gen_ai spans: a warning in the answer, counted per scope", async () => {
  const res = await postTraces(running.url, JSON.stringify(unknownScopeExport(3)), JSON_TYPE);
  expect(res.status).toBe(200);
  const answer = await res.json();
  expect(answer.partialSuccess.rejectedSpans).toBe('0');
  expect(answer.partialSuccess.errorMessage).toContain(`3 span(s) look like model calls but burnrate could not read them (${UNKNOWN_SCOPE}: 3)`);
  const health = (await (await fetch(`${running.url}/api/v1/ingest-health`)).json()) as IngestHealthResponse;
  expect(health.scopes).toEqual([{ scope: UNKNOWN_SCOPE, spansReadAsCalls: 0, spansNotUnderstood: 3 }]);
  expect(health.callsStored).toBe(0);
});

it('a double-instrumented call: both scopes read, one call stored, one merged; an exporter retry is a repeat', async () => {
  const body = conformanceExport('openinference+native', 'create-cache', 'json');
  expect(await (await postTraces(running.url, body, JSON_TYPE)).json()).toEqual({});
  await postTraces(running.url, body, JSON_TYPE);
  const health = (await (await fetch(`${running.url}/api/v1/ingest-health`)).json()) as IngestHealthResponse;
  expect(health.scopes.filter((s) => s.spansReadAsCalls > 0).map((s) => [s.scope, s.spansReadAsCalls])).toEqual([
    ['@arizeai/openinference-instrumentation-anthropic', 2],
    ['com.anthropic.sdk.typescript', 2],
  ]);
  expect([health.callsStored, health.duplicatesMerged, health.repeatsIgnored]).toEqual([1, 2, 1]);
});

it('/metrics counts spans not understood and duplicates merged', async () => {
  const text = await (await fetch(`${running.url}/metrics`)).text();
  const families = parsePrometheusTextFormat(text);
  const value = (name: string, labels: Record<string, string> = {}) =>
    families
      .find((f) => f.name === name)
      ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => (m as { labels?: Record<string, string> }).labels?.[k] === v))?.value;
  expect(value('burnrate_ingest_spans_not_understood_total', { scope: UNKNOWN_SCOPE })).toBe('3');
  expect(value('burnrate_ingest_duplicates_merged_total')).toBe('2');
});

it("the collector's own process: event-loop delay and memory on /metrics and on /healthz (sign-in off)", async () => {
  const families = parsePrometheusTextFormat(await (await fetch(`${running.url}/metrics`)).text());
  const delay = families.find((f) => f.name === 'burnrate_event_loop_delay_seconds')!;
  expect(delay.metrics.map((m) => (m as { labels: Record<string, string> }).labels.quantile)).toEqual(['0.5', '0.99', '1']);
  expect(Number(families.find((f) => f.name === 'burnrate_process_resident_memory_bytes')!.metrics[0]!.value)).toBeGreaterThan(0);
  const health = await (await fetch(`${running.url}/healthz`)).json();
  expect(health.process.eventLoopDelayMs.max).toBeGreaterThanOrEqual(health.process.eventLoopDelayMs.p50);
  expect(health.process.rssBytes).toBeGreaterThan(0);
  // The heap's limit and who set it (launchFlags.test.ts starts one with a small heap).
  const heapLimit = families.find((f) => f.name === 'burnrate_process_heap_limit_bytes')!.metrics[0] as { value: string; labels: Record<string, string> };
  expect(Number(heapLimit.value)).toBe(health.process.heapLimitBytes);
  expect(heapLimit.labels.sized_by).toBe(health.process.heapSizedBy);
});
