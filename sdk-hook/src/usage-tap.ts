// The billing facts of a natively traced call (speed, inference_geo, server_tool_use), which the
// SDK's own span leaves out, read from the response body as the SDK itself reads it. The body is
// passed through a tap: each chunk is looked at *before* the SDK gets it, so the attributes are on
// the span before the SDK can end it, with no second read of the body and no added wait. Only a
// successful `messages.create` response is tapped; anything unexpected leaves the bytes untouched.
import type { Span } from '@opentelemetry/api';
import { billingUsageAttributes } from './fallback/response-attributes';
import { guard } from './safety';

// A Message is a few KB; one far larger is not worth holding to find its usage.
const MAX_JSON_BYTES = 4 * 1024 * 1024;

type Json = Record<string, unknown>;
const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/** The response to hand the SDK: a tapped copy for a Message or its stream, else the same object. */
export function tapUsage(span: Span, response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  const body = response.body;
  if (!response.ok || !body || typeof body.pipeThrough !== 'function') return response;
  const reader = type.includes('text/event-stream') ? sseUsage(span) : type.includes('application/json') ? jsonUsage(span) : undefined;
  if (!reader) return response;
  const decoder = new TextDecoder();
  const tap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      guard('read the usage', () => reader.text(decoder.decode(chunk, { stream: true })));
      controller.enqueue(chunk);
    },
    flush() {
      guard('read the usage', () => reader.end());
    },
  });
  const tapped = new Response(body.pipeThrough(tap), { status: response.status, statusText: response.statusText, headers: response.headers });
  // The SDK logs the response's url; a constructed Response has none of its own.
  Object.defineProperty(tapped, 'url', { value: response.url });
  return tapped;
}

interface UsageReader {
  text(piece: string): void;
  end(): void;
}

function jsonUsage(span: Span): UsageReader {
  let text = '';
  let tooBig = false;
  return {
    text(piece) {
      if (tooBig) return;
      text += piece;
      if (text.length > MAX_JSON_BYTES) {
        tooBig = true;
        text = '';
      }
    },
    end() {
      if (tooBig || text === '') return;
      const message: unknown = JSON.parse(text);
      if (isObj(message)) span.setAttributes(billingUsageAttributes(message['usage']));
    },
  };
}

/** SSE: the usage rides on `message_start` (message.usage) and `message_delta` (usage, cumulative). */
function sseUsage(span: Span): UsageReader {
  let line = '';
  const onLine = (l: string) => {
    // Only two event kinds matter: skip parsing every content delta.
    if (!l.startsWith('data:') || !(l.includes('"message_start"') || l.includes('"message_delta"'))) return;
    const event: unknown = JSON.parse(l.slice(5));
    if (!isObj(event)) return;
    const usage = event['type'] === 'message_start' && isObj(event['message']) ? event['message']['usage'] : event['usage'];
    span.setAttributes(billingUsageAttributes(usage));
  };
  return {
    text(piece) {
      line += piece;
      let end: number;
      while ((end = line.search(/\r?\n/)) >= 0) {
        const complete = line.slice(0, end);
        line = line.slice(end + (line[end] === '\r' ? 2 : 1));
        guard('read a usage event', () => onLine(complete));
      }
    },
    end() {
      if (line) onLine(line);
    },
  };
}
