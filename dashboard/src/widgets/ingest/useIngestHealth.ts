// The ingest-health panel's data: counters since the collector started (not the range).
import type { IngestHealthResponse } from '../../api/types';
import { useApi } from '../../hooks/useApi';
import { useClock } from '../../state/refresh';

export const INGEST_HEALTH_PATH = '/api/v1/ingest-health';

export function useIngestHealth() {
  const { now } = useClock();
  return useApi<IngestHealthResponse>(INGEST_HEALTH_PATH, { reloadKey: now.getTime() });
}

export const notUnderstoodTotal = (health: IngestHealthResponse) => health.scopes.reduce((n, s) => n + s.spansNotUnderstood, 0);
