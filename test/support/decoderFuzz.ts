// One fuzz case through the OTLP trace decoder in-process: the functions POST /v1/traces calls
// (decode → normalize → the export response), minus the socket and the store. Far under a
// millisecond a case, where the HTTP route costs several: the fuzz suites run most of their
// decoder cases here and keep a share over HTTP for the edge.
import { normalize } from '../../collector/src/normalize/normalize';
import { decodeTraces, OtlpDecodeError, type OtlpEncoding } from '../../collector/src/otlp/decode';
import { encodeExportResponse } from '../../collector/src/otlp/exportMessages';

export type DecoderOutcome = { kind: 'ok' } | { kind: 'partial'; reason: string } | { kind: 'rejected'; reason: string };

/** What the route would answer: 200, 200 with a partial success, or 400 (a decode error). Anything else throws (the route's 500). */
export function decodeInProcess(body: Buffer, encoding: OtlpEncoding): DecoderOutcome {
  let batch;
  try {
    batch = normalize(decodeTraces(body, encoding));
  } catch (error) {
    if (error instanceof OtlpDecodeError) return { kind: 'rejected', reason: error.message };
    throw error;
  }
  for (const call of batch.calls)
    for (const count of [call.inputTokens, call.outputTokens, call.cacheReadTokens, call.cacheWrite5mTokens, call.cacheWrite1hTokens])
      if (!Number.isSafeInteger(count) || count < 0) throw new Error(`a call with token count ${count} got through`);
  const partial = batch.rejected.length > 0 ? { rejected: batch.rejected.length, errorMessage: batch.rejected.map((r) => r.reason).join('; ') } : undefined;
  encodeExportResponse('traces', partial, encoding);
  return partial ? { kind: 'partial', reason: partial.errorMessage } : { kind: 'ok' };
}
