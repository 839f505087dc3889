// What ingest made of what it received (GET /api/v1/ingest-health).

/** GET /api/v1/ingest-health: what the OTLP traces endpoint made of what it received since the collector started. */
export interface IngestHealthResponse {
  since: string;
  /** API calls stored (each once, however many spans told of it). */
  callsStored: number;
  /** Spans merged into another span of the same call (a third-party span around the SDK's, the same message id). */
  duplicatesMerged: number;
  /** Spans received again (exporter retries): already stored, nothing new. */
  repeatsIgnored: number;
  spansRejected: number;
  scopes: { scope: string; spansReadAsCalls: number; spansNotUnderstood: number }[];
  rejectionReasons: { reason: string; spans: number }[];
}
