import {
  InvalidRequestError,
  ProviderError,
  UnsupportedCapabilityError,
  VideoConductorError,
} from '@ring/video-conductor';
import { errorFromHttpStatus, parseRetryAfter, redactSecrets } from '@ring/video-conductor/provider-kit';

/** Which model call failed. */
export type ModelCall = 'doStart' | 'doStatus';

/** What {@link toVideoConductorError} needs besides the error. */
export interface ErrorContext {
  /** The bridge's provider id. */
  provider: string;
  call: ModelCall;
  /** The job concerned (`doStatus`). A 404 then means `JOB_NOT_FOUND`. */
  requestId?: string;
  /** Now, in ms since the epoch (for HTTP-date `Retry-After`). */
  now: number;
}

/** The shape of the AI SDK's `APICallError` that the mapping reads. */
interface ApiCallErrorLike {
  message: string;
  url?: unknown;
  statusCode?: unknown;
  responseHeaders?: unknown;
  isRetryable?: unknown;
  cause?: unknown;
}

/**
 * The AI SDK marks its errors with `Symbol.for('vercel.ai.error…')`, like this package does:
 * checking the marker recognises them from any copy of `@ai-sdk/provider` without importing it.
 */
function hasAiSdkMarker(error: unknown, name?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const marker = Symbol.for(name === undefined ? 'vercel.ai.error' : `vercel.ai.error.${name}`);
  return (error as Record<symbol, unknown>)[marker] === true;
}

const maxMessageLength = 500;

/**
 * Maps whatever an AI SDK model call threw to this package's errors — never a raw vendor
 * error, never a header, a request body or a URL query (API keys live there):
 *
 * - `APICallError` with a status, by the kit's `errorFromHttpStatus`: 400/422 → `InvalidRequestError`; 401 → `ProviderError`
 *   `AUTHENTICATION_FAILED`; 403 → `PERMISSION_DENIED`; 404 → `JOB_NOT_FOUND` (`doStatus`) or
 *   `NOT_FOUND`; 429 → `RateLimitError`; 5xx → retryable `SERVER_ERROR`; other → `HTTP_ERROR`;
 *   each `ProviderError` with `retryAfterMs` from `retry-after-ms` / `Retry-After`;
 * - `APICallError` without a status (no answer) → retryable `NETWORK_ERROR`;
 * - `LoadAPIKeyError` → `InvalidRequestError` `MISSING_API_KEY`; `InvalidArgumentError` →
 *   `InvalidRequestError`; `UnsupportedFunctionalityError` → `UnsupportedCapabilityError`;
 * - response parsing errors (`InvalidResponseDataError`, `TypeValidationError`,
 *   `JSONParseError`, `EmptyResponseBodyError`) → `ProviderError` `INVALID_RESPONSE`;
 * - a bare `fetch` network failure (`TypeError: fetch failed`, `ECONNRESET`…) → retryable
 *   `NETWORK_ERROR`;
 * - anything else → `ProviderError` `PROVIDER_ERROR`, not retryable.
 *
 * Messages name the call and its target, e.g. `doStart https://api.x.ai/v1/videos/generations
 * failed with 503: …`, with credential-shaped text redacted. `cause` is a plain copy holding
 * only the original's name and redacted message.
 */
export function toVideoConductorError(error: unknown, context: ErrorContext): VideoConductorError {
  if (VideoConductorError.isInstance(error)) return error;
  const { provider, call, requestId } = context;
  const common = { provider, ...(requestId === undefined ? {} : { requestId }) };
  const cause = sanitizedCopy(error);
  const text = cause.message;

  if (hasAiSdkMarker(error, 'AI_APICallError')) {
    const apiError = error as ApiCallErrorLike;
    const target = describeUrl(apiError.url);
    const status = typeof apiError.statusCode === 'number' ? apiError.statusCode : undefined;
    if (status === undefined) {
      const refused = findErrorCode(apiError.cause) === 'ECONNREFUSED';
      return new ProviderError(`${call} ${target} failed: network error (${text})`, {
        ...common,
        code: 'NETWORK_ERROR',
        isRetryable: true,
        cause,
        ...(refused ? { connectionRefused: true } : {}),
      });
    }
    const message = `${call} ${target} failed with ${status}${text ? `: ${text}` : ''}`;
    const retryAfterMs = parseRetryAfter(apiError.responseHeaders, context.now);
    return errorFromHttpStatus(message, {
      ...common,
      status,
      cause,
      jobNotFound: call === 'doStatus',
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }

  const label = `${call} of the AI SDK model failed`;
  if (hasAiSdkMarker(error, 'AI_LoadAPIKeyError')) {
    return new InvalidRequestError(`${label}: ${text}`, { field: 'apiKey', code: 'MISSING_API_KEY', provider, cause });
  }
  if (hasAiSdkMarker(error, 'AI_InvalidArgumentError')) {
    const argument = (error as { argument?: unknown }).argument;
    return new InvalidRequestError(`${label}: ${text}`, { field: typeof argument === 'string' ? argument : '', provider, cause });
  }
  if (hasAiSdkMarker(error, 'AI_UnsupportedFunctionalityError')) {
    const functionality = (error as { functionality?: unknown }).functionality;
    return new UnsupportedCapabilityError(`${label}: ${text}`, {
      field: '',
      capability: typeof functionality === 'string' ? functionality : 'unknown',
      provider,
    });
  }
  if (['AI_InvalidResponseDataError', 'AI_TypeValidationError', 'AI_JSONParseError', 'AI_EmptyResponseBodyError'].some((name) => hasAiSdkMarker(error, name))) {
    return new ProviderError(`${label}: the response could not be read: ${text}`, { ...common, code: 'INVALID_RESPONSE', isRetryable: false, cause });
  }
  if (isNetworkFailure(error)) {
    // A fetch that failed on the way and that the model did not wrap: nothing was answered.
    const refused = findErrorCode(error) === 'ECONNREFUSED';
    return new ProviderError(`${label}: network error (${text})`, { ...common, code: 'NETWORK_ERROR', isRetryable: true, cause, ...(refused ? { connectionRefused: true } : {}) });
  }
  return new ProviderError(`${label}: ${text}`, { ...common, code: 'PROVIDER_ERROR', isRetryable: false, cause });
}

/** Node's and browsers' `fetch` rejection (`TypeError: fetch failed` / `Failed to fetch`), or a socket error code. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError && /^(fetch failed|failed to fetch)$/i.test(error.message)) return true;
  const code = findErrorCode(error);
  return code !== undefined && /^(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/.test(code);
}

/** Origin and path of a URL; never its query string (where some APIs take the key). */
function describeUrl(url: unknown): string {
  if (typeof url !== 'string') return 'the provider';
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the provider';
  }
}

/**
 * A plain `Error` with the original's name and redacted, shortened message. The original
 * is dropped: an AI SDK `APICallError` holds the request body, the URL and the response
 * headers, and fetch errors may hold the request with its `Authorization` header.
 */
function sanitizedCopy(error: unknown): Error {
  const raw = error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
  let message = redactSecrets(raw.replace(/\s+/g, ' ').trim());
  if (message.length > maxMessageLength) message = `${message.slice(0, maxMessageLength)}…`;
  const copy = new Error(message);
  copy.name = error instanceof Error ? error.name : 'Error';
  const code = findErrorCode(error);
  if (code !== undefined) Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}

/** The first `code` string (e.g. `ECONNREFUSED`) along an error's `cause` chain. */
function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
