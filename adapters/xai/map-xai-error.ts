import { ProviderError, type VideoConductorError } from '@ring/video-conductor';
import { errorFromHttpStatus, parseRetryAfter } from '@ring/video-conductor/provider-kit';
import { redactSecret } from './redact-secret.js';

const provider = 'xai';

/** What {@link mapHttpError} needs to know about a non-2xx answer. */
export interface HttpFailure {
  /** `METHOD /path`, e.g. `POST /v1/videos/generations`. */
  operation: string;
  status: number;
  headers: Headers;
  bodyText: string;
  /** The key in use, so any echo of it can be redacted. */
  apiKey: string | undefined;
  /** The job concerned (status reads). A 404 then means `JOB_NOT_FOUND`. */
  requestId?: string;
  /** Now, in ms since the epoch (for HTTP-date `Retry-After`). */
  now: number;
  /** The request fields as the port names them, by wire name (`duration` → `durationSec`). */
  fieldNames: Readonly<Record<string, string>>;
}

/**
 * Maps an HTTP error answer to the SDK's errors with the kit's `errorFromHttpStatus`
 * (400/422 → `InvalidRequestError` naming the field, provider message kept, key redacted;
 * 401/403/404/429/5xx → `ProviderError`s and `RateLimitError`; a 404 of a status read is
 * `JOB_NOT_FOUND`). Every `ProviderError` carries the server's `Retry-After` as
 * `retryAfterMs`, which the kit's retry rules read.
 */
export function mapHttpError(failure: HttpFailure): VideoConductorError {
  const { operation, status, apiKey, requestId } = failure;
  const providerMessage = extractProviderMessage(failure.bodyText, apiKey);
  const message = `${operation} failed with ${status}${providerMessage ? `: ${providerMessage}` : ''}`;
  const retryAfterMs = parseRetryAfter(failure.headers, failure.now);
  const field = status === 400 || status === 422 ? fieldOf(providerMessage, failure.fieldNames) : undefined;
  return errorFromHttpStatus(message, {
    provider,
    status,
    jobNotFound: requestId !== undefined,
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(field === undefined ? {} : { field }),
    ...(field === 'apiKey' ? { invalidRequestCode: 'INVALID_API_KEY' } : {}),
  });
}

/** The port field a 400/422 is about: `apiKey` when the message speaks of the key. */
function fieldOf(providerMessage: string, fieldNames: Readonly<Record<string, string>>): string {
  return /\bapi[ _-]?key\b/i.test(providerMessage) ? 'apiKey' : fieldFromMessage(providerMessage, fieldNames);
}

/**
 * Maps a failure to get any answer (DNS, refused or reset connection, TLS…) to a retryable
 * `ProviderError` code `NETWORK_ERROR`. The raw error is replaced by a redacted copy in
 * `cause`: fetch implementations may attach the request (and its `Authorization` header).
 */
export function mapNetworkError(options: {
  operation: string;
  error: unknown;
  apiKey: string | undefined;
  requestId?: string;
}): ProviderError {
  const raw = unwrapKyError(options.error);
  const code = findErrorCode(raw);
  const refused = code === 'ECONNREFUSED';
  const error = new ProviderError(`${options.operation} failed: network error${code ? ` (${code})` : ''}`, {
    provider,
    code: 'NETWORK_ERROR',
    isRetryable: true,
    cause: sanitizeError(raw, options.apiKey),
    ...(refused ? { connectionRefused: true } : {}),
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
  });
  return error;
}

/** A retryable `ProviderError` code `TIMEOUT` for an attempt that outlived `timeoutMs`. */
export function createTimeoutError(options: { operation: string; timeoutMs: number; requestId?: string }): ProviderError {
  return new ProviderError(`${options.operation} timed out after ${options.timeoutMs} ms`, {
    provider,
    code: 'TIMEOUT',
    isRetryable: true,
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
  });
}

/** A non-retryable `ProviderError` code `INVALID_RESPONSE`: a 2xx answer we cannot read. */
export function createInvalidResponseError(options: {
  operation: string;
  status: number;
  detail: string;
  requestId?: string;
}): ProviderError {
  return new ProviderError(`${options.operation} returned an invalid response (status ${options.status}): ${options.detail}`, {
    provider,
    code: 'INVALID_RESPONSE',
    status: options.status,
    isRetryable: false,
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
  });
}

const maxProviderMessageLength = 1000;

/**
 * The human part of an xAI error body. xAI answers `{ code, error: "message" }`; OpenAI-style
 * `{ error: { message } }` and `{ message }` / `{ detail }` are accepted too; anything else is
 * kept as (trimmed, truncated) text. Always redacted.
 */
function extractProviderMessage(bodyText: string, apiKey: string | undefined): string {
  const text = bodyText.trim();
  if (text === '') return '';
  let message = text;
  try {
    const body: unknown = JSON.parse(text);
    const candidate = pickMessage(body);
    if (candidate !== undefined) message = candidate;
  } catch {
    // Not JSON (an HTML error page from a proxy, plain text): keep the text.
  }
  message = redactSecret(message.replace(/\s+/g, ' ').trim(), apiKey);
  return message.length > maxProviderMessageLength ? `${message.slice(0, maxProviderMessageLength)}…` : message;
}

function pickMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  if (typeof record.error === 'string') return record.error;
  if (typeof record.error === 'object' && record.error !== null) {
    const nested = (record.error as Record<string, unknown>).message;
    if (typeof nested === 'string') return nested;
  }
  if (typeof record.message === 'string') return record.message;
  if (typeof record.detail === 'string') return record.detail;
  return undefined;
}

/**
 * The port field a provider message is obviously about: exactly one known wire field named
 * in it (`aspect_ratio`, `duration`…). `image`/`video` only count in an unambiguous form
 * (`image.url`, `video_url`, quoted) because the words appear in most messages. Else `''`.
 */
function fieldFromMessage(message: string, fieldNames: Readonly<Record<string, string>>): string {
  const found = new Set<string>();
  for (const [wire, field] of Object.entries(fieldNames)) {
    const name = escapeRegExp(wire);
    const pattern =
      wire === 'image' || wire === 'video'
        ? new RegExp(`(?:\\b${name}(?:\\.url|_url)\\b|[\`'"]${name}[\`'"])`, 'i')
        : new RegExp(`(?<![\\w-])${name}(?![\\w-])`, 'i');
    if (pattern.test(message)) found.add(field);
  }
  return found.size === 1 ? [...found][0]! : '';
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** ky wraps raw fetch failures in a `NetworkError` holding the `Request`; keep only its cause. */
function unwrapKyError(error: unknown): unknown {
  if (error instanceof Error && error.name === 'NetworkError' && 'request' in error && error.cause !== undefined) {
    return error.cause;
  }
  return error;
}

/** The first system error code (`ECONNREFUSED`, `ECONNRESET`…) in a cause chain. */
function findErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return code;
  const nested = (error as { errors?: unknown }).errors;
  if (Array.isArray(nested)) {
    for (const item of nested) {
      const found = findErrorCode(item, depth + 1);
      if (found) return found;
    }
  }
  return findErrorCode((error as { cause?: unknown }).cause, depth + 1);
}

/** A plain `Error` copy (name, redacted message, code, cause chain) with nothing else attached. */
function sanitizeError(error: unknown, apiKey: string | undefined, depth = 0): Error | undefined {
  if (error === undefined || error === null || depth > 4) return undefined;
  const source = error instanceof Error ? error : undefined;
  const message = source ? source.message : String(error);
  const cause = source ? sanitizeError(source.cause, apiKey, depth + 1) : undefined;
  const copy = new Error(redactSecret(message, apiKey), cause === undefined ? undefined : { cause });
  copy.name = redactSecret(source?.name ?? 'Error', apiKey);
  // Keep the system error code (an AggregateError from happy-eyeballs carries it on its members).
  const ownCode = (source as { code?: unknown } | undefined)?.code;
  const code = typeof ownCode === 'string' ? ownCode : findErrorCode({ errors: (source as { errors?: unknown } | undefined)?.errors });
  if (code !== undefined) Object.assign(copy, { code: redactSecret(code, apiKey) });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
