import { ErrorTypeValue, Header } from './semconv';

// The hook supports several SDK versions at once, so it recognises the SDK's errors by their
// class names and fields instead of importing the classes (an `instanceof` against one SDK
// copy fails for another).

function classNames(error: unknown): string[] {
  const names: string[] = [];
  for (let proto = Object.getPrototypeOf(error ?? {}); proto && proto !== Object.prototype;) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string') names.push(name);
    proto = Object.getPrototypeOf(proto);
  }
  return names;
}

/** An abort by the application is a cancellation, not a failure (as the SDK treats it). */
export function isCancellation(error: unknown): boolean {
  const names = classNames(error);
  return names.includes('APIUserAbortError') || (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError');
}

/**
 * The `error.type` of a failed call, as the SDK's native tracing derives it: the API's error
 * type when the response had one, else its status code; connection failures by kind; and
 * burnrate's own for a call its budget guard refused.
 */
export function callErrorType(error: unknown): string {
  const names = classNames(error);
  if (names.includes('BudgetExceededError')) return ErrorTypeValue.budgetExceeded;
  if (names.includes('APIConnectionTimeoutError')) return ErrorTypeValue.timeout;
  if (names.includes('APIConnectionError')) return streamErrorEventType(error) ?? ErrorTypeValue.connection;
  if (names.includes('APIError') && typeof error === 'object' && error !== null) {
    const { type, status, error: body } = error as { type?: unknown; status?: unknown; error?: unknown };
    const bodyType = apiErrorType(body);
    if (typeof type === 'string' && type) return type;
    if (bodyType) return bodyType;
    if (typeof status === 'number') return String(status);
  }
  return ErrorTypeValue.client;
}

/** `{ type: 'error', error: { type } }` (a response body) or `{ type }` (its inner error). */
export function apiErrorType(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const inner = (body as { error?: unknown }).error;
  const type = typeof inner === 'object' && inner !== null ? (inner as { type?: unknown }).type : (body as { type?: unknown }).type;
  return typeof type === 'string' && type && type !== 'error' ? type : undefined;
}

export interface ApiErrorBody {
  type?: string;
  /** error.details.error_code: the tier spend cap's `enforced_spend_limit_reached`. */
  code?: string;
  /** The error's message, bounded: it says which spend limit refused and when access resumes. */
  message?: string;
}

const MAX_MESSAGE_CHARS = 512;

/** `{ type: 'error', error: { type, message, details: { error_code } } }`, whatever of it is there. */
export function apiErrorBody(body: unknown): ApiErrorBody {
  const read: ApiErrorBody = {};
  const type = apiErrorType(body);
  if (type) read.type = type;
  const inner = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof inner !== 'object' || inner === null) return read;
  const { message, details } = inner as { message?: unknown; details?: unknown };
  if (typeof message === 'string' && message) read.message = message.slice(0, MAX_MESSAGE_CHARS);
  const code = typeof details === 'object' && details !== null ? (details as { error_code?: unknown }).error_code : undefined;
  if (typeof code === 'string' && code) read.code = code.slice(0, 64);
  return read;
}

/** The exception class of a network-level failure of one attempt (`TypeError`, `AbortError`). */
export function exceptionClass(error: unknown): string {
  if (error instanceof Error) {
    // DOMException's class name says nothing; its `name` (AbortError, TimeoutError) does.
    if (error.name && error.name !== 'Error') return error.name;
    return error.constructor?.name || 'Error';
  }
  return typeof error;
}

/**
 * 0.39 turns an `error` event inside a stream (an `overloaded_error` after the 200, say) into an
 * APIConnectionError whose message is the event's raw data, as it has no status to build an API
 * error from; 0.137 and 1.x throw an APIError with the type.
 */
function streamErrorEventType(error: unknown): string | undefined {
  const message = (error as { message?: unknown }).message;
  if (typeof message !== 'string' || !message.startsWith('{')) return undefined;
  try {
    return apiErrorType(JSON.parse(message));
  } catch {
    return undefined;
  }
}

/**
 * The request id of an SDK error: 1.x and 0.137 keep the response's web `Headers`, 0.39 a plain
 * object of lower-cased names (behind a Proxy).
 */
export function errorRequestId(error: unknown): string | undefined {
  const headers = (error as { headers?: unknown } | null | undefined)?.headers;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const get = (headers as { get?: unknown }).get;
  const id = typeof get === 'function' ? get.call(headers, Header.requestId) : (headers as Record<string, unknown>)[Header.requestId];
  return typeof id === 'string' && id ? id : undefined;
}
