// One row per HTTP attempt. The sdk-hook adds an event per attempt with its real status; other
// instrumentations only count resends, so their earlier attempts get status 0 ("not reported")
// rather than a guessed 429. Each failed attempt carries the limit that refused it (limitClass.ts).
import { Burnrate, Http } from '../semconv';
import type { Span } from '../otlp/model';
import type { AttemptRow, CallRow } from './callRow';
import { numberAttr, stringAttr } from './attributes';
import { accountOf, eventLimitFields, markWasted, spanLimitFields } from './limitClass';

// Rows are built as literals with few spreads: this runs per span on ingest.
function attemptsFromEvents(span: Span, call: CallRow, into: AttemptRow[]): number {
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
    into.push({
      ...eventLimitFields(event.attributes, statusCode, errorType, new Date(Number(startTimeNs / 1_000_000n))),
      traceId: call.traceId,
      spanId: call.spanId,
      attempt: attempt !== undefined && Number.isInteger(attempt) && attempt > 0 && attempt < 1000 ? attempt : index,
      startTimeNs,
      durationMs: durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0 ? durationMs : null,
      statusCode,
      errorType,
      retryAfterMs: retryAfterS !== undefined && Number.isFinite(retryAfterS) && retryAfterS >= 0 ? retryAfterS * 1000 : null,
      requestId: (stringAttr(event.attributes, Burnrate.attemptRequestId) ?? '').slice(0, 128),
      serviceName: call.serviceName,
      model: call.model,
      team: call.team,
    });
  }
  return index;
}

function statusOf(code: number | undefined): number {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 599 ? code : 0;
}

function attemptsFromResendCount(span: Span, call: CallRow, into: AttemptRow[]): void {
  const lastLimit = spanLimitFields(span, call);
  for (let attempt = 1; attempt <= call.retryCount + 1; attempt++) {
    const last = attempt === call.retryCount + 1;
    into.push({
      ...(last ? lastLimit : { limitClass: '' }),
      traceId: call.traceId,
      spanId: call.spanId,
      attempt,
      startTimeNs: call.startTimeNs, // the SDK's span does not time its attempts
      durationMs: null,
      statusCode: last ? call.statusCode : 0,
      errorType: last ? call.errorType : '',
      retryAfterMs: null,
      requestId: last ? call.requestId : '',
      serviceName: call.serviceName,
      model: call.model,
      team: call.team,
    });
  }
}

/** Appends the call's attempt rows to `into`: one per attempt event, else one per resend. */
export function attemptRows(span: Span, call: CallRow, into: AttemptRow[] = []): AttemptRow[] {
  const first = into.length;
  if (attemptsFromEvents(span, call, into) === 0) attemptsFromResendCount(span, call, into);
  const account = accountOf(span, call);
  for (let i = first; i < into.length; i++) into[i]!.account = account;
  // Only a retried call can have wasted a retry.
  if (into.length - first > 1) markWasted(into.slice(first));
  return into;
}
