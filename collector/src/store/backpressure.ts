// Refusals the OTLP edge turns into 503 + Retry-After (the OTLP/HTTP spec's "retry later").

/** The store cannot take more right now; the client should retry after a while. */
export class BackpressureError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    reason = 'too many rows waiting',
    /** Already logged (rate-limited) where it was decided: the edge adds no line per request. */
    readonly logged = false,
  ) {
    super(`the store is behind (${reason}); retry in ${retryAfterSeconds} s`);
  }
}
