// The billing facts of a natively traced call (speed, inference_geo, server_tool_use), which the
// SDK's own span leaves out, read from the response as the SDK itself reads it: the parsed Message
// before the SDK gets it, or each stream chunk before the SDK gets it. So the attributes are on the
// span before the SDK can end it, with no second read of the body and no added wait. Only a
// successful `messages.create` response is tapped; anything unexpected leaves the bytes untouched.
import type { Span } from '@opentelemetry/api';
import { billingUsageAttributes } from './fallback/responseAttributes';
import { safely } from './safety';

type Json = Record<string, unknown>;
const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;

/**
 * The response to hand the SDK, reporting its usage as the SDK reads it: a Message through
 * `json()` (how the SDK parses one) on the same Response object; a stream through a copy of the
 * Response whose body passes chunk by chunk through a tap (the SDK reads a stream's body through
 * internals an own `body` property does not reach).
 */
export function tapUsage(span: Span, response: Response): Response {
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok) return response;
  if (type.includes('application/json')) tapJson(span, response);
  else if (type.includes('text/event-stream')) return tapStream(span, response);
  return response;
}

/** The parsed Message is looked at before the SDK gets it: no copy of the body, no extra parse. */
function tapJson(span: Span, response: Response): void {
  const json = response.json.bind(response);
  Object.defineProperty(response, 'json', {
    configurable: true,
    value: async () => {
      const message: unknown = await json();
      safely('read the usage', () => {
        if (isObj(message)) span.setAttributes(billingUsageAttributes(message['usage']));
      });
      return message;
    },
  });
}

function tapStream(span: Span, response: Response): Response {
  const body = response.body;
  if (!body || typeof body.pipeThrough !== 'function') return response;
  const reader = sseUsage(span);
  const decoder = new TextDecoder();
  const tapped = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        safely('read the usage', () => reader.text(decoder.decode(chunk, { stream: true })));
        controller.enqueue(chunk);
      },
      flush() {
        safely('read the usage', () => reader.end());
      },
    }),
  );
  const copy = new Response(tapped, { status: response.status, statusText: response.statusText, headers: response.headers });
  // The SDK logs the response's url; a constructed Response has none of its own.
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}

interface UsageReader {
  text(piece: string): void;
  end(): void;
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
        safely('read a usage event', () => onLine(complete));
      }
    },
    end() {
      if (line) onLine(line);
    },
  };
}
