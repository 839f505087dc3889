import type { Span } from '../../otlp/model';
import type { Instrumentation } from '../callRow';
import type { ReportedUsage } from '../usage';

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
}

/** Returns the call's facts when the span is a Claude API call in this adapter's convention. */
export type Adapter = (span: Span, scopeName: string) => CallFacts | undefined;

export function isClaudeModel(model: string | undefined): boolean {
  return model !== undefined && /claude/i.test(model);
}
