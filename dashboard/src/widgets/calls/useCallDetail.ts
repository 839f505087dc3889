import { callDetailUrl } from '../../api/requests';
import type { CallDetailResponse } from '../../api/types';
import { useApi } from '../../hooks/useApi';

/** `ref` is "traceId/spanId@startTime", as the list writes it into the URL. */
export function parseCallRef(ref: string): { traceId: string; spanId: string; at?: string } | undefined {
  const match = /^([0-9a-f]{32})\/([0-9a-f]{16})(?:@(.+))?$/.exec(ref);
  return match ? { traceId: match[1]!, spanId: match[2]!, at: match[3] } : undefined;
}

export const callRef = (row: { traceId: string; spanId: string; startTime: string }) => `${row.traceId}/${row.spanId}@${row.startTime}`;

export function useCallDetail(ref: string) {
  const parsed = parseCallRef(ref);
  return useApi<CallDetailResponse>(parsed ? callDetailUrl(parsed.traceId, parsed.spanId, parsed.at) : null);
}
