import type { Span } from '../otlp/model';
import type { Attribution, Instrumentation } from './callRow';
import type { ReportedUsage } from './usage';

/** What one convention says about a call; the parts every convention shares are read elsewhere. */
export interface CallFacts {
  instrumentation: Instrumentation;
  provider: string;
  operation: string;
  requestModel: string;
  responseModel: string;
  usage: ReportedUsage;
  stream: boolean;
  ttftMs: number | null;
  stopReason: string;
  serviceTier: string;
  requestId: string;
  /** The message id the API gave (msg_…), '' when the call failed or the convention does not say. */
  responseId: string;
  /** When the span's http.* attributes do not say: read from the convention's own places. */
  statusCode?: number;
  errorType?: string;
  retryCount?: number;
  /**
   * For sources that are their own record of a call (Claude Code's log events): keyed by the
   * source's ids, never merged with another span by response or request id.
   */
  ownIdentity?: boolean;
  /** When the source times the call itself rather than by start and end. */
  durationMs?: number;
  /** The speed the call ran at, when the convention names it its own way. */
  speed?: string;
  /** Attribution the convention reads from names of its own (Claude Code's team.id, user.email…). */
  attribution?: Partial<Attribution>;
}

/** What an adapter may ask of the export a span came in. */
export interface ExportContext {
  /** The spans of this export whose parent is `span` (built on first use: most exports never ask). */
  children(span: Span): Span[];
}

/** Returns the call's facts when the span is a Claude API call in this adapter's convention. */
export type Adapter = (span: Span, scopeName: string, context: ExportContext) => CallFacts | undefined;

export function isClaudeModel(model: string | undefined): boolean {
  // No regex per span: toLowerCase returns the same string when it is lowercase already.
  return model !== undefined && model.toLowerCase().includes('claude');
}
