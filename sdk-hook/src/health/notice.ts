import { log } from '../safety';

// The few failures that silently lose every span (no key, a rejected key, no collector, a full
// queue) must reach a person even when the app set no OTel diag logger, which is most apps. So
// they go to the console, the one place such a person looks, once per cause and then at most once
// per interval while the cause lasts. Everything else stays on the diag logger.

/** How long a cause stays quiet after it was said (a still-broken key is said again after this). */
export const NOTICE_INTERVAL_MS = 10 * 60_000;

export type NoticeCause = 'auth' | 'unreachable' | 'export-failed' | 'queue-full';

export interface NoticeSink {
  warn(message: string): void;
}

// console.warn, looked up at call time so a test (or an app) that replaces it is honoured.
const consoleSink: NoticeSink = { warn: (message) => console.warn(message) };

export class Notices {
  private readonly lastSaid = new Map<NoticeCause, number>();
  private readonly suppressed = new Map<NoticeCause, number>();

  constructor(
    private readonly sink: NoticeSink = consoleSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Says `message` for `cause` unless the same cause was said within the interval. */
  say(cause: NoticeCause, message: string): void {
    const at = this.now();
    const last = this.lastSaid.get(cause);
    if (last !== undefined && at - last < NOTICE_INTERVAL_MS) {
      this.suppressed.set(cause, (this.suppressed.get(cause) ?? 0) + 1);
      return;
    }
    const repeats = this.suppressed.get(cause) ?? 0;
    this.lastSaid.set(cause, at);
    this.suppressed.delete(cause);
    const text = `[burnrate] ${message}${repeats > 0 ? ` (${repeats} more like this since the last warning)` : ''}`;
    try {
      this.sink.warn(text);
    } catch {
      // A console that throws (closed stdio) must not break the export loop.
    }
    log.debug(text);
  }
}
