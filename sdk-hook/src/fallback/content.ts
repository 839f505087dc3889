import type { Attributes } from '@opentelemetry/api';
import { Anthropic, GenAi } from '../semconv';

// Prompt and completion content, only when the app turned capture on, in the GenAI conventions'
// message/parts shape the SDK's native tracing uses, each attribute truncated to a bound.

type Json = Record<string, unknown>;
const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;

export function requestContent(body: unknown, maxLength: number): Attributes {
  if (!isObj(body)) return {};
  const attributes: Attributes = {};
  if (body['system'] !== undefined) {
    bounded(attributes, GenAi.systemInstructions, parts(body['system']), maxLength);
  }
  if (Array.isArray(body['messages'])) {
    const messages = body['messages'].filter(isObj).map((m) => ({ role: m['role'], parts: parts(m['content']) }));
    bounded(attributes, GenAi.inputMessages, messages, maxLength);
  }
  return attributes;
}

export function outputContent(content: unknown, maxLength: number): Attributes {
  const attributes: Attributes = {};
  if (content !== undefined) bounded(attributes, GenAi.outputMessages, [{ role: 'assistant', parts: parts(content) }], maxLength);
  return attributes;
}

function bounded(attributes: Attributes, name: string, value: unknown, maxLength: number): void {
  const json = JSON.stringify(value);
  if (json.length <= maxLength) {
    attributes[name] = json;
  } else {
    attributes[name] = json.slice(0, maxLength);
    attributes[Anthropic.contentTruncated] = true;
  }
}

function parts(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  return Array.isArray(content) ? content.filter(isObj).map(part) : [];
}

function part(block: Json): Json {
  switch (block['type']) {
    case 'text':
      return { type: 'text', content: block['text'] };
    case 'thinking':
      return { type: 'reasoning', content: block['thinking'] };
    case 'tool_use':
      return { type: 'tool_call', id: block['id'], name: block['name'], arguments: toolInput(block) };
    case 'tool_result':
      return { type: 'tool_call_response', id: block['tool_use_id'], response: block['content'] };
    default:
      // Images and documents are large and binary: their type only.
      return { type: `anthropic_${String(block['type'])}` };
  }
}

/** A streamed tool call has its input as the concatenated `partial_json` of its deltas. */
function toolInput(block: Json): unknown {
  if (typeof block['partial_json'] !== 'string') return block['input'];
  try {
    return JSON.parse(block['partial_json']);
  } catch {
    return block['partial_json'];
  }
}
