import { ProviderError, VideoConductorError } from '@ring/video-conductor';
import { errorFromHttpStatus, parseRetryAfter, redactSecrets } from '@ring/video-conductor/provider-kit';
import type { RunwaySdkModule } from './load-runway-sdk.js';

const provider = 'runway';
/** Longest piece of an upstream error body kept in a message. */
const maxDetailLength = 300;

/** What {@link mapRunwayError} needs besides the thrown value. */
export interface RunwayErrorContext {
  /** `METHOD /path`, e.g. `POST /v1/text_to_video`: what messages name. */
  operation: string;
  /** The task concerned (reads, cancels): errors carry it and a 404 means `JOB_NOT_FOUND`. */
  requestId?: string;
  /** The key in use, so any echo of it is redacted. */
  apiKey: string;
  /** Now, in ms since the epoch (for HTTP-date `Retry-After`). */
  now: number;
  /** The per-attempt limit, in ms, named by a `TIMEOUT`. */
  timeoutMs: number;
}

/**
 * Maps what the official SDK throws to the package's errors, never passing the SDK error on
 * (its message holds the response body, which a careless upstream may use to echo the key):
 *
 * - `APIError` with a status → the kit's `errorFromHttpStatus` (400/422 `InvalidRequestError`,
 *   401/403/404/429/5xx `ProviderError`s, `Retry-After` kept as `retryAfterMs`); the body's
 *   `error` text is kept, redacted and shortened;
 * - `APIConnectionTimeoutError` → retryable `TIMEOUT`;
 * - `APIConnectionError` → retryable `NETWORK_ERROR`, with `connectionRefused` when the
 *   cause says `ECONNREFUSED` (nothing was sent, so even a billable POST may be repeated);
 * - anything else (e.g. a body that is not JSON) → `INVALID_RESPONSE`.
 */
export function mapRunwayError(error: unknown, sdk: RunwaySdkModule, context: RunwayErrorContext): VideoConductorError {
  if (VideoConductorError.isInstance(error)) return error;
  const { operation, requestId, apiKey } = context;
  const requestIdPart = requestId === undefined ? {} : { requestId };
  if (error instanceof sdk.APIConnectionTimeoutError) {
    return new ProviderError(`${operation} timed out after ${context.timeoutMs} ms`, { provider, code: 'TIMEOUT', isRetryable: true, ...requestIdPart });
  }
  if (error instanceof sdk.APIConnectionError) {
    const code = findErrorCode(error.cause);
    return new ProviderError(`${operation} failed: network error${code === undefined ? '' : ` (${code})`}`, {
      provider,
      code: 'NETWORK_ERROR',
      isRetryable: true,
      ...(code === 'ECONNREFUSED' ? { connectionRefused: true } : {}),
      ...(code === undefined ? {} : { cause: { code } }),
      ...requestIdPart,
    });
  }
  if (error instanceof sdk.APIError && typeof error.status === 'number') {
    // A body that is not JSON arrives as the message (after the status) instead of `error`.
    const detail = detailOf(error.error ?? error.message.replace(/^\d{3}\s*/, ''), apiKey);
    const retryAfterMs = parseRetryAfter(error.headers, context.now);
    return errorFromHttpStatus(`${operation} failed with ${error.status}${detail === '' ? '' : `: ${detail}`}`, {
      provider,
      status: error.status,
      jobNotFound: requestId !== undefined,
      ...requestIdPart,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: { status: error.status, ...(detail === '' ? {} : { detail }) },
    });
  }
  const kind = error instanceof SyntaxError ? 'the body is not valid JSON' : 'unexpected answer';
  return new ProviderError(`${operation} failed: ${kind}`, { provider, code: 'INVALID_RESPONSE', isRetryable: false, ...requestIdPart });
}

/** The readable part of an error body (`{ "error": "…" }` in Runway's answers), redacted and shortened. */
function detailOf(body: unknown, apiKey: string): string {
  let text = '';
  if (typeof body === 'string') text = body;
  else if (typeof body === 'object' && body !== null) {
    const message = (body as { error?: unknown }).error;
    text = typeof message === 'string' ? message : JSON.stringify(body);
  }
  const clean = redactSecrets(text, [apiKey]).replace(/\s+/g, ' ').trim();
  return clean.length > maxDetailLength ? `${clean.slice(0, maxDetailLength)}…` : clean;
}

/** A system error code (`ECONNREFUSED`, `ENOTFOUND`…) anywhere down the cause chain. */
function findErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
