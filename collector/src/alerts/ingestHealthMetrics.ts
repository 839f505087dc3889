// The ingest-health counters on /metrics, beside the usage counters.
import type { MetricFamily } from './prometheus';
import type { IngestHealthResponse } from '@burnrate/contract';

const counter = (name: string, help: string, samples: MetricFamily['samples']): MetricFamily => ({ name, help, type: 'counter', samples });

export function ingestHealthFamilies(h: IngestHealthResponse): MetricFamily[] {
  return [
    counter(
      'burnrate_ingest_spans_read_as_calls_total',
      'Spans read as Claude API calls since the collector started, by instrumentation scope.',
      h.scopes.map((s) => ({ labels: { scope: s.scope }, value: s.spansReadAsCalls })),
    ),
    counter(
      'burnrate_ingest_spans_not_understood_total',
      'Spans that look like model calls (gen_ai.*, llm.*, ai.*) but could not be read, by instrumentation scope: calls burnrate is not counting.',
      h.scopes.map((s) => ({ labels: { scope: s.scope }, value: s.spansNotUnderstood })),
    ),
    counter('burnrate_ingest_duplicates_merged_total', 'Spans merged into another span of the same API call (another instrumentation of it).', [
      { labels: {}, value: h.duplicatesMerged },
    ]),
    counter(
      'burnrate_ingest_spans_rejected_total',
      'Spans refused as malformed, by reason.',
      h.rejectionReasons.map((r) => ({ labels: { reason: r.reason }, value: r.spans })),
    ),
  ];
}
