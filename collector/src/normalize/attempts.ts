// One row per HTTP attempt. The sdk-hook adds an event per attempt with its real status; other
// instrumentations only count resends, so their earlier attempts get status 0 ("not reported")
// rather than a guessed 429. Each failed attempt carries the limit that refused it (limitClass.ts).
import { Burnrate, Http } from '../semconv';
import type { Span } from '../otlp/model';
import type { AttemptRow, CallRow } from './callRow';
import { numberAttr, stringAttr } from './attributes';
import { accountOf, eventLimitFields, markWasted, NO_LIMIT, spanLimitFields, type LimitFields } from './limitClass';

// Rows are built as literals of one shape (every column set at once; only the rare wasted retry
// gains `wasted` later): this runs per span on ingest.
function attemptsFromEvents(span: Span, call: CallRow, account: string, into: AttemptRow[]): number {
  let index = 0;
  for (const event of span.events) {
    if (event.name !== Burnrate.attemptEvent) continue;
    index++;
    const retryAfterS = numberAttr(event.attributes, Burnrate.attemptRetryAfterS);
    const durationMs = numberAttr(event.attributes, Burnrate.attemptDurationMs);
    const attempt = numberAttr(event.attributes, Burnrate.attemptNumber);
    const statusCode = statusOf(numberAttr(event.attributes, Http.statusCode));
    const errorType = (stringAttr(event.attributes, Http.errorType) ?? '').slice(0, 128);
    const startTimeNs = event.timeNs > 0n ? event.timeNs : call.startTimeNs;
    const limit = eventLimitFields(event.attributes, statusCode, errorType, startTimeNs);
    into.push(
      attemptRow(
        call,
        attempt !== undefined && Number.isInteger(attempt) && attempt > 0 && attempt < 1000 ? attempt : index,
        startTimeNs,
        durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0 ? durationMs : null,
        statusCode,
        errorType,
        retryAfterS !== undefined && Number.isFinite(retryAfterS) && retryAfterS >= 0 ? retryAfterS * 1000 : null,
        (stringAttr(event.attributes, Burnrate.attemptRequestId) ?? '').slice(0, 128),
        limit,
        account,
      ),
    );
  }
  return index;
}

/**
 * One attempt row, every column named in one literal so every row has the same shape. Not a spread
 * of the limit's columns into the rest: spreading an object per attempt was a tenth of normalize.
 */
function attemptRow(
  call: CallRow,
  attempt: number,
  startTimeNs: bigint,
  durationMs: number | null,
  statusCode: number,
  errorType: string,
  retryAfterMs: number | null,
  requestId: string,
  limit: Readonly<LimitFields>,
  account: string,
): AttemptRow {
  return {
    traceId: call.traceId,
    spanId: call.spanId,
    attempt,
    startTimeNs,
    durationMs,
    statusCode,
    errorType,
    retryAfterMs,
    requestId,
    serviceName: call.serviceName,
    model: call.model,
    team: call.team,
    limitClass: limit.limitClass,
    limitDetail: limit.limitDetail,
    resumesAt: limit.resumesAt,
    errorCode: limit.errorCode,
    failFast: limit.failFast,
    account,
    unifiedStatus: limit.unifiedStatus,
    unified5hUtilization: limit.unified5hUtilization,
    unified5hReset: limit.unified5hReset,
    unified7dUtilization: limit.unified7dUtilization,
    unified7dReset: limit.unified7dReset,
  };
}

function statusOf(code: number | undefined): number {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 599 ? code : 0;
}

function attemptsFromResendCount(span: Span, call: CallRow, account: string, into: AttemptRow[]): void {
  const lastLimit = spanLimitFields(span, call);
  for (let attempt = 1; attempt <= call.retryCount + 1; attempt++) {
    const last = attempt === call.retryCount + 1;
    into.push(
      attemptRow(
        call,
        attempt,
        call.startTimeNs, // the SDK's span does not time its attempts
        null,
        last ? call.statusCode : 0,
        last ? call.errorType : '',
        null,
        last ? call.requestId : '',
        last ? lastLimit : NO_LIMIT,
        account,
      ),
    );
  }
}

/** Appends the call's attempt rows to `into`: one per attempt event, else one per resend. */
export function attemptRows(span: Span, call: CallRow, into: AttemptRow[] = []): AttemptRow[] {
  const first = into.length;
  const account = accountOf(span, call);
  if (attemptsFromEvents(span, call, account, into) === 0) attemptsFromResendCount(span, call, account, into);
  // Only a retried call can have wasted a retry.
  if (into.length - first > 1) markWasted(into.slice(first));
  return into;
}
