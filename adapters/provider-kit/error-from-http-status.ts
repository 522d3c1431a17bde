import {
  InvalidRequestError,
  ProviderError,
  RateLimitError,
  type VideoConductorError,
  type VideoConductorErrorCode,
} from '@ring/video-conductor';

/** What {@link errorFromHttpStatus} needs besides the message. */
export interface HttpStatusErrorOptions {
  /** Provider id, e.g. `acme`. */
  provider: string;
  /** HTTP status of the error answer. */
  status: number;
  /** The provider's job id, for calls about a known job. */
  requestId?: string;
  /** Whether a 404 means the job is unknown (`JOB_NOT_FOUND`, status reads) rather than `NOT_FOUND`. @default false */
  jobNotFound?: boolean;
  /** The server's requested delay, in ms (see `parseRetryAfter`); kept on every `ProviderError`. */
  retryAfterMs?: number;
  /** The request field a 400/422 concerns, as the port names it; `''` for the whole request. @default '' */
  field?: string;
  /** Code of a 400/422 instead of `INVALID_REQUEST`, e.g. `INVALID_API_KEY`. */
  invalidRequestCode?: VideoConductorErrorCode | (string & {});
  /** A sanitised copy of the vendor error (never one holding headers or the request). */
  cause?: unknown;
}

/**
 * The package's error for an HTTP error answer of a provider, so every adapter classifies
 * statuses alike:
 *
 * | status | error | code | retryable |
 * |---|---|---|---|
 * | 400, 422 | `InvalidRequestError` | `INVALID_REQUEST` (or `invalidRequestCode`) | no |
 * | 401 | `ProviderError` | `AUTHENTICATION_FAILED` | no |
 * | 403 | `ProviderError` | `PERMISSION_DENIED` | no |
 * | 404 | `ProviderError` | `JOB_NOT_FOUND` when `jobNotFound`, else `NOT_FOUND` | no |
 * | 429 | `RateLimitError` | `RATE_LIMITED` | yes |
 * | 5xx | `ProviderError` | `SERVER_ERROR` | yes |
 * | other | `ProviderError` | `HTTP_ERROR` | 408/409/425: yes |
 *
 * @param message Names the operation and target, e.g. `POST /v1/videos failed with 503: …`
 *   (redacted: see `redactSecrets`).
 *
 * @example
 * ```ts
 * const error = errorFromHttpStatus('GET /v1/jobs/j1 failed with 404', { provider: 'acme', status: 404, requestId: 'j1', jobNotFound: true });
 * error.code; // 'JOB_NOT_FOUND'
 * ```
 */
export function errorFromHttpStatus(message: string, options: HttpStatusErrorOptions): VideoConductorError {
  const { provider, status, requestId, retryAfterMs, cause } = options;
  if (status === 400 || status === 422) {
    return new InvalidRequestError(message, {
      field: options.field ?? '',
      provider,
      ...(options.invalidRequestCode === undefined ? {} : { code: options.invalidRequestCode }),
      ...(cause === undefined ? {} : { cause }),
    });
  }
  const common = {
    provider,
    status,
    ...(requestId === undefined ? {} : { requestId }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(cause === undefined ? {} : { cause }),
  };
  if (status === 429) return new RateLimitError(message, common);
  const [code, isRetryable] = classify(status, options.jobNotFound === true);
  return new ProviderError(message, { ...common, code, ...(isRetryable === undefined ? {} : { isRetryable }) });
}

/** Code and retryability of a status other than 400/422/429; `undefined`: the status rule decides. */
function classify(status: number, jobNotFound: boolean): [VideoConductorErrorCode, boolean | undefined] {
  if (status === 401) return ['AUTHENTICATION_FAILED', false];
  if (status === 403) return ['PERMISSION_DENIED', false];
  if (status === 404) return [jobNotFound ? 'JOB_NOT_FOUND' : 'NOT_FOUND', false];
  if (status >= 500) return ['SERVER_ERROR', true];
  return ['HTTP_ERROR', undefined];
}
