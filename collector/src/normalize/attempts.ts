// One row per HTTP attempt. The sdk-hook adds an event per attempt with its real status; other
// instrumentations only count resends, so their earlier attempts get status 0 ("not reported")
// rather than a guessed 429.
import { Burnrate, Http } from '../semconv';
import type { Span } from '../otlp/model';
import type { AttemptRow, CallRow } from './callRow';
import { numberAttr, stringAttr } from './attributes';
import { accountOf, eventLimitFields, markWasted, spanLimitFields } from './limitClass';

function attemptsFromEvents(span: Span, call: CallRow): AttemptRow[] {
  const events = span.events.filter((event) => event.name === Burnrate.attemptEvent);
  return events.map((event, index) => {
    const retryAfterS = numberAttr(event.attributes, Burnrate.attemptRetryAfterS);
    const durationMs = numberAttr(event.attributes, Burnrate.attemptDurationMs);
    const attempt = numberAttr(event.attributes, Burnrate.attemptNumber);
    const statusCode = statusOf(numberAttr(event.attributes, Http.statusCode));
    const errorType = (stringAttr(event.attributes, Http.errorType) ?? '').slice(0, 128);
    const startTimeNs = event.timeNs > 0n ? event.timeNs : call.startTimeNs;
    return {
      ...attemptBase(call),
      ...eventLimitFields(event.attributes, statusCode, errorType, new Date(Number(startTimeNs / 1_000_000n))),
      attempt: attempt !== undefined && Number.isInteger(attempt) && attempt > 0 && attempt < 1000 ? attempt : index + 1,
      startTimeNs,
      durationMs: durationMs !== undefined && Number.isFinite(durationMs) && durationMs >= 0 ? durationMs : null,
      statusCode,
      errorType,
      retryAfterMs: retryAfterS !== undefined && Number.isFinite(retryAfterS) && retryAfterS >= 0 ? retryAfterS * 1000 : null,
      requestId: (stringAttr(event.attributes, Burnrate.attemptRequestId) ?? '').slice(0, 128),
    };
  });
}

function statusOf(code: number | undefined): number {
  return code !== undefined && Number.isInteger(code) && code >= 100 && code <= 599 ? code : 0;
}

function attemptBase(call: CallRow) {
  return { traceId: call.traceId, spanId: call.spanId, serviceName: call.serviceName, model: call.model, team: call.team };
}

function attemptsFromResendCount(span: Span, call: CallRow): AttemptRow[] {
  const rows: AttemptRow[] = [];
  const last = spanLimitFields(span, call);
  for (let attempt = 1; attempt <= call.retryCount + 1; attempt++) {
    const isLast = attempt === call.retryCount + 1;
    rows.push({
      ...attemptBase(call),
      attempt,
      startTimeNs: call.startTimeNs, // the SDK's span does not time its attempts
      durationMs: null,
      statusCode: isLast ? call.statusCode : 0,
      errorType: isLast ? call.errorType : '',
      retryAfterMs: null,
      requestId: isLast ? call.requestId : '',
      ...(isLast ? last : { limitClass: '' }),
    });
  }
  return rows;
}

export function attemptRows(span: Span, call: CallRow): AttemptRow[] {
  const fromEvents = attemptsFromEvents(span, call);
  const rows = fromEvents.length > 0 ? fromEvents : attemptsFromResendCount(span, call);
  const account = accountOf(span, call);
  for (const row of rows) row.account = account;
  return markWasted(rows);
}
