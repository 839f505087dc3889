import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { attemptCount } from '../attempts';
import { callErrorType, errorRequestId, isCancellation } from '../errors';
import { safely } from '../safety';
import { Anthropic, ErrorTypeValue, GenAi, Header, Http, SpanName } from '../semconv';
import { outputContent, requestContent } from './content';
import { observeStream, type StreamEnd } from './observeStream';
import { countTokensAttributes, messageAttributes, requestAttributes } from './responseAttributes';
import { StreamedMessage } from './streamedMessage';

/**
 * What the span reads of a response: a web Response (1.x, or any client given a `fetch`), or
 * node-fetch's (0.39's default transport), which is no `instanceof Response`.
 */
export interface ResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
}

export interface CallSettings {
  tracer: Tracer;
  /** Max length of each content attribute; undefined when content capture is off. */
  contentMaxLength: number | undefined;
}

/**
 * The span burnrate makes for one API call of an SDK without native tracing, ended exactly once,
 * with the outcome the native span would have: OK, ERROR with `error.type`, or no status when
 * the app cancelled.
 */
export class Call {
  readonly startedAt = performance.now();
  private ended = false;
  private responseSeen = false;

  private constructor(
    readonly name: string,
    readonly span: Span,
    private readonly settings: CallSettings,
  ) {}

  static start(settings: CallSettings, name: string, body: unknown, baseURL: unknown, scoped: Attributes): Call {
    const attributes = { ...requestAttributes(name, body, baseURL), ...scoped };
    if (settings.contentMaxLength !== undefined && name === SpanName.messagesCreate) {
      Object.assign(attributes, requestContent(body, settings.contentMaxLength));
    }
    const span = settings.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
    return new Call(name, span, settings);
  }

  get hasResponse(): boolean {
    return this.responseSeen;
  }

  /** The final HTTP response has arrived (the body may not have been read yet). */
  onResponse(response: ResponseLike): void {
    this.responseSeen = true;
    safely('record the response', () => {
      this.span.setAttribute(Http.statusCode, response.status);
      const requestId = response.headers.get(Header.requestId);
      if (requestId) this.span.setAttribute(Anthropic.requestId, requestId);
    });
  }

  succeed(data: unknown): void {
    safely('record the response body', () => {
      if (this.name === SpanName.countTokens) {
        this.span.setAttributes(countTokensAttributes(data));
        return;
      }
      this.span.setAttributes(messageAttributes(data));
      if (this.settings.contentMaxLength !== undefined && typeof data === 'object' && data !== null) {
        this.span.setAttributes(outputContent((data as { content?: unknown }).content, this.settings.contentMaxLength));
      }
    });
    this.finish({ code: SpanStatusCode.OK });
  }

  /** The app read the raw Response (asResponse) without a parse: nothing more will be known. */
  succeedWithoutBody(): void {
    this.finish({ code: SpanStatusCode.OK });
  }

  fail(error: unknown): void {
    safely('record the error', () => {
      const { status } = (error ?? {}) as { status?: unknown };
      if (typeof status === 'number') this.span.setAttribute(Http.statusCode, status);
      const requestId = errorRequestId(error);
      if (requestId) this.span.setAttribute(Anthropic.requestId, requestId);
    });
    this.finish(errorStatus(error));
  }

  /** A streamed body: the span ends when the app's read of it ends. */
  watchStream(stream: AsyncIterable<unknown>, signal: AbortSignal | undefined): void {
    const message = new StreamedMessage(this.settings.contentMaxLength !== undefined);
    observeStream(stream, signal, {
      onItem: (event, arrivedAt) => message.onEvent(event, arrivedAt),
      onEnd: (end) => this.endStream(message, end),
    });
  }

  private endStream(message: StreamedMessage, end: StreamEnd): void {
    safely('record the stream', () => {
      if (message.firstChunkAt !== undefined) {
        this.span.setAttribute(GenAi.timeToFirstChunk, (message.firstChunkAt - this.startedAt) / 1000);
      }
      const snapshot = message.snapshot;
      if (snapshot) this.span.setAttributes(messageAttributes(snapshot.message, snapshot.complete));
      if (message.blocks && this.settings.contentMaxLength !== undefined) {
        this.span.setAttributes(outputContent(message.blocks, this.settings.contentMaxLength));
      }
    });
    if (end.reason === 'failed') this.finish(errorStatus(end.error));
    else if (end.reason === 'canceled') this.finish(undefined);
    else if (message.sawStop) this.finish({ code: SpanStatusCode.OK });
    // The app saw the stream end quietly, but the Message never finished: only the span fails.
    else this.finish({ code: SpanStatusCode.ERROR, errorType: ErrorTypeValue.streamCut });
  }

  private finish(status: { code: SpanStatusCode; errorType?: string } | undefined): void {
    if (this.ended) return;
    this.ended = true;
    safely('end the call span', () => {
      const attempts = attemptCount(this.span);
      if (attempts > 1) this.span.setAttribute(Http.resendCount, attempts - 1);
      if (status?.errorType !== undefined) this.span.setAttribute(Http.errorType, status.errorType);
      if (status) this.span.setStatus({ code: status.code });
      this.span.end();
    });
  }
}

/** ERROR with the SDK's error type, or no status at all for the app's own abort. */
function errorStatus(error: unknown): { code: SpanStatusCode; errorType?: string } | undefined {
  if (isCancellation(error)) return undefined;
  return { code: SpanStatusCode.ERROR, errorType: callErrorType(error) };
}
