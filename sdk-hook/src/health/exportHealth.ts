import { Env } from '../semconv';
import { Notices } from './notice';

/** What `burnrate.health()` returns. */
export interface BurnrateHealth {
  /** Spans the collector accepted. */
  exportedSpans: number;
  /** Spans dropped because the export queue was full (the collector slow or down). */
  droppedSpans: number;
  /** Spans in exports that failed (rejected key, collector unreachable or erroring, timed out). */
  failedSpans: number;
  /** Spans waiting in the queue now. */
  queuedSpans: number;
  /** The last export failure, or undefined if none happened since start. */
  lastError: { message: string; at: Date } | undefined;
}

export interface ExportTarget {
  url: string;
  hasKey: boolean;
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE']);

/**
 * Counts what happened to every span handed to the exporter, and turns the failures that lose
 * every span into one console warning each that names the fix.
 */
export class ExportHealth {
  exported = 0;
  dropped = 0;
  failed = 0;
  lastError: { message: string; at: Date } | undefined;

  constructor(
    private readonly target: ExportTarget,
    private readonly notices: Notices = new Notices(),
  ) {}

  succeeded(spans: number): void {
    this.exported += spans;
  }

  droppedFromFullQueue(maxQueueSize: number): void {
    this.dropped++;
    this.notices.say(
      'queue-full',
      `dropping spans: the export queue is full (${maxQueueSize} spans) because the collector at ${this.target.url} ` +
        'does not take them fast enough. Check that it is up and reachable, or raise instrument({ maxQueueSize }). ' +
        'burnrate.health() counts what was lost.',
    );
  }

  exportFailed(spans: number, error: unknown): void {
    this.failed += spans;
    const described = describe(error);
    this.lastError = { message: described.message, at: new Date() };
    this.notices.say(described.cause, described.advice(this.target));
  }
}

interface Described {
  cause: 'auth' | 'unreachable' | 'export-failed';
  message: string;
  advice(target: ExportTarget): string;
}

function describe(error: unknown): Described {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' && message ? message : String(error);
  if (code === 401 || code === 403) {
    return {
      cause: 'auth',
      message: `collector answered ${code}: ${text}`,
      advice: ({ url, hasKey }) =>
        hasKey
          ? `the collector at ${url} refused the ingest key (HTTP ${code}): it is wrong, revoked or not an ingest key. ` +
            `Set ${Env.ingestKey} to a valid ingest key (burnrate keys create). No spans are recorded until then.`
          : `the collector at ${url} needs an ingest key (HTTP ${code}) and none is set. ` +
            `Set ${Env.ingestKey} (or instrument({ ingestKey })) to a key from \`burnrate keys create\`. No spans are recorded until then.`,
    };
  }
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return {
      cause: 'unreachable',
      message: text,
      advice: ({ url }) =>
        `cannot reach the collector at ${url} (${code}). Start it (npx burnrate start) or set ${Env.endpoint} to where it runs. ` +
        'Spans wait in a bounded queue meanwhile.',
    };
  }
  // Ours (the processor's backstop) or the OTLP exporter's own deadline ("Request timed out").
  if (code === 'TIMEOUT' || /timed out/i.test(text)) {
    return {
      cause: 'unreachable',
      message: text,
      advice: ({ url }) =>
        `the collector at ${url} did not answer in time. Check that it is up and that ${Env.endpoint} points at it. ` +
        'Spans wait in a bounded queue meanwhile.',
    };
  }
  return {
    cause: 'export-failed',
    message: text,
    advice: ({ url }) => `exporting spans to the collector at ${url} failed: ${text}. Check the collector's log.`,
  };
}

/** The error an export that outlived its timeout counts as. */
export function exportTimeoutError(millis: number): Error & { code: string } {
  return Object.assign(new Error(`no answer within ${millis} ms`), { code: 'TIMEOUT' });
}
