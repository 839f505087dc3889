import type { Attributes } from '@opentelemetry/api';
import { expect } from 'vitest';
import { Anthropic, GenAi, GenAiValue, Http, Url } from '../../../sdk-hook/src/semconv';
import { MODEL, RESPONSE_MODEL, USAGE } from './scriptedFetch';

// The whole attribute sets the tests expect, built from semconv names only. The native sets
// were read off @anthropic-ai/sdk 1.12.0 and 0.137.0 (identical); burnrate's fallback span has
// the same names minus the URL ones.

const SERVER: Attributes = {
  [GenAi.providerName]: GenAiValue.providerAnthropic,
  [Http.serverAddress]: 'api.anthropic.com',
  [Http.serverPort]: 443,
};

function nativeRequest(path: string): Attributes {
  return {
    ...SERVER,
    [Http.route]: path,
    [Http.requestMethod]: 'POST',
    [Url.scheme]: 'https',
    [Url.path]: path,
    [Url.full]: `https://api.anthropic.com${path}`,
  };
}

const CHAT: Attributes = {
  [GenAi.operationName]: GenAiValue.operationChat,
  [GenAi.requestModel]: MODEL,
  [GenAi.requestMaxTokens]: 256,
};

/** What the scripted MESSAGE's body gives (cache folded into input, as the SDK does). */
export const MESSAGE_ATTRIBUTES: Attributes = {
  [GenAi.responseId]: 'msg_01',
  [GenAi.responseModel]: RESPONSE_MODEL,
  [GenAi.inputTokens]: USAGE.input_tokens + USAGE.cache_read_input_tokens + USAGE.cache_creation_input_tokens,
  [GenAi.outputTokens]: USAGE.output_tokens,
  [GenAi.cacheReadTokens]: USAGE.cache_read_input_tokens,
  [GenAi.cacheWriteTokens]: USAGE.cache_creation_input_tokens,
  [Anthropic.cacheWrite5m]: USAGE.cache_creation.ephemeral_5m_input_tokens,
  [Anthropic.cacheWrite1h]: USAGE.cache_creation.ephemeral_1h_input_tokens,
  [Anthropic.serviceTier]: USAGE.service_tier,
  [Anthropic.stopReason]: 'end_turn',
};

export function responded(status: number, requestId: string): Attributes {
  return { [Http.statusCode]: status, [Anthropic.requestId]: requestId };
}

export const STREAMED: Attributes = {
  [GenAi.requestStream]: true,
  [GenAi.timeToFirstChunk]: expect.any(Number),
};

export function nativeCreate(...extra: Attributes[]): Attributes {
  return Object.assign({ ...nativeRequest('/v1/messages'), ...CHAT }, ...extra);
}

export function nativeCountTokens(...extra: Attributes[]): Attributes {
  return Object.assign({ ...nativeRequest('/v1/messages/count_tokens'), [GenAi.requestModel]: MODEL }, ...extra);
}

export function fallbackCreate(...extra: Attributes[]): Attributes {
  return Object.assign({ ...SERVER, ...CHAT }, ...extra);
}

export function fallbackCountTokens(...extra: Attributes[]): Attributes {
  return Object.assign({ ...SERVER, [GenAi.requestModel]: MODEL }, ...extra);
}

export function resent(count: number): Attributes {
  return { [Http.resendCount]: count };
}

export function failed(errorType: string): Attributes {
  return { [Http.errorType]: errorType };
}

export function counted(inputTokens: number): Attributes {
  return { [Anthropic.countTokensInput]: inputTokens };
}
