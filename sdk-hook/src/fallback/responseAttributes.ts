import type { Attributes } from '@opentelemetry/api';
import { Anthropic, Burnrate, GenAi, GenAiValue, Http, SpanName, serverToolUseAttribute } from '../semconv';

// Pure mappings from a request body / parsed response to the attributes the SDK's native
// tracing (1.x, and 0.x from 0.134) puts on its call span, so a dashboard reads the same names
// whatever SDK made the call. Values of the wrong type are skipped.

type Json = Record<string, unknown>;

const isObj = (value: unknown): value is Json => typeof value === 'object' && value !== null;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const int = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

function put(attributes: Attributes, name: string, value: string | number | boolean | undefined): void {
  if (value !== undefined) attributes[name] = value;
}

/** What a call span starts with: known before the request is sent. */
export function requestAttributes(spanName: string, body: unknown, baseURL: unknown): Attributes {
  const server = serverAttributes(baseURL);
  const attributes: Attributes = { [GenAi.providerName]: providerOf(server[Http.serverAddress]), ...server };
  const params = isObj(body) ? body : {};
  if (spanName === SpanName.messagesCreate) {
    attributes[GenAi.operationName] = GenAiValue.operationChat;
    put(attributes, GenAi.requestModel, str(params['model']));
    put(attributes, GenAi.requestMaxTokens, int(params['max_tokens']));
    if (params['stream'] === true) attributes[GenAi.requestStream] = true;
    Object.assign(attributes, billingRequestAttributes(params));
  } else {
    put(attributes, GenAi.requestModel, str(params['model']));
  }
  return attributes;
}

/**
 * AnthropicBedrock and AnthropicVertex clients send to the cloud's host, whose prices and model ids
 * are the cloud's: name the provider as the GenAI conventions do (native tracing reads the client's own).
 */
function providerOf(host: unknown): string {
  if (typeof host !== 'string') return GenAiValue.providerAnthropic;
  if (/^bedrock-runtime(-fips)?\.[a-z0-9-]+\.amazonaws\.com$/.test(host)) return GenAiValue.providerBedrock;
  if (host === 'aiplatform.googleapis.com' || host.endsWith('-aiplatform.googleapis.com')) return GenAiValue.providerVertex;
  return GenAiValue.providerAnthropic;
}

function serverAttributes(baseURL: unknown): Attributes {
  try {
    const { hostname, port, protocol } = new URL(String(baseURL));
    return {
      [Http.serverAddress]: hostname.replace(/^\[(.*)\]$/, '$1'),
      [Http.serverPort]: port ? Number(port) : protocol === 'http:' ? 80 : 443,
    };
  } catch {
    return {};
  }
}

/**
 * The attributes of a Message (a parsed response, or one rebuilt from stream events).
 * `complete` is false for a stream cut before `message_delta`: its stop reason and output count
 * are still the placeholders of `message_start`, so they are left out, as the SDK does.
 */
export function messageAttributes(message: unknown, complete = true): Attributes {
  if (!isObj(message)) return {};
  const attributes: Attributes = {};
  put(attributes, GenAi.responseId, str(message['id']));
  put(attributes, GenAi.responseModel, str(message['model']));
  if (complete) put(attributes, Anthropic.stopReason, str(message['stop_reason']));
  const usage = message['usage'];
  if (!isObj(usage)) return attributes;
  const input = int(usage['input_tokens']);
  const cacheRead = int(usage['cache_read_input_tokens']);
  const cacheWrite = int(usage['cache_creation_input_tokens']);
  // The SDK's gen_ai.usage.input_tokens folds the cache in: uncached + reads + writes.
  if (input !== undefined) attributes[GenAi.inputTokens] = input + (cacheRead ?? 0) + (cacheWrite ?? 0);
  put(attributes, GenAi.cacheReadTokens, cacheRead);
  put(attributes, GenAi.cacheWriteTokens, cacheWrite);
  const split = usage['cache_creation'];
  if (isObj(split)) {
    put(attributes, Anthropic.cacheWrite5m, int(split['ephemeral_5m_input_tokens']));
    put(attributes, Anthropic.cacheWrite1h, int(split['ephemeral_1h_input_tokens']));
  }
  put(attributes, Anthropic.serviceTier, str(usage['service_tier']));
  if (complete) put(attributes, GenAi.outputTokens, int(usage['output_tokens']));
  Object.assign(attributes, billingUsageAttributes(usage));
  return attributes;
}

/**
 * What a request asks for that changes its price: fast mode, US-only inference, a service tier.
 * The SDK's native tracing records only the service tier; the middleware adds the rest from the
 * same body, so both paths carry the same names.
 */
export function billingRequestAttributes(body: unknown, native = false): Attributes {
  const attributes: Attributes = {};
  if (!isObj(body)) return attributes;
  put(attributes, Burnrate.requestSpeed, str(body['speed']));
  put(attributes, Burnrate.requestInferenceGeo, str(body['inference_geo']));
  if (!native) put(attributes, Anthropic.requestServiceTier, str(body['service_tier']));
  return attributes;
}

/**
 * What the response usage says was served and charged beyond tokens: its speed, where it ran,
 * and the server tools' request counts (every integer field of usage.server_tool_use, so a
 * counter the API adds later is recorded too).
 */
export function billingUsageAttributes(usage: unknown): Attributes {
  const attributes: Attributes = {};
  if (!isObj(usage)) return attributes;
  put(attributes, Burnrate.usageSpeed, str(usage['speed']));
  put(attributes, Burnrate.usageInferenceGeo, str(usage['inference_geo']));
  const tools = usage['server_tool_use'];
  if (isObj(tools)) {
    for (const [field, value] of Object.entries(tools)) {
      if (/^[a-z0-9_]{1,64}$/.test(field)) put(attributes, serverToolUseAttribute(field), int(value));
    }
  }
  return attributes;
}

export function countTokensAttributes(data: unknown): Attributes {
  const attributes: Attributes = {};
  if (isObj(data)) put(attributes, Anthropic.countTokensInput, int(data['input_tokens']));
  return attributes;
}
