import type { VideoConductorErrorCode } from './video-conductor-error-code.js';
import { errorMarker, isRetryableHttpStatus, markErrorClass, VideoConductorError } from './video-conductor-error.js';

/** Options of {@link ProviderError}. */
export interface ProviderErrorOptions {
  /** Provider id, e.g. `xai`. */
  provider: string;
  /** Defaults to `PROVIDER_ERROR`. */
  code?: VideoConductorErrorCode | (string & {});
  /** HTTP status of the upstream response; `undefined` for network failures and job failures. */
  status?: number;
  /** The provider's job id, when the failure concerns a known job. */
  requestId?: string;
  /** The ledger record the failure concerns, when the conductor knows it. */
  recordId?: string;
  /**
   * The connection was refused: nothing reached the provider, so no job started. The
   * conductor treats such a failed submit as provably spending nothing.
   */
  connectionRefused?: boolean;
  /**
   * How long the server asked to wait before the call is repeated, in ms (`Retry-After` on
   * a 429 or a 503, say); `undefined` when it did not say.
   */
  retryAfterMs?: number;
  /** Defaults to a rule on `status` (408/409/425/429/5xx retryable); `false` when there is no status. */
  isRetryable?: boolean;
  cause?: unknown;
}

/**
 * A provider call failed, or the provider reported that a job failed. Carries the HTTP
 * status and the provider's request id; never the API key.
 *
 * The transport facts a retry decision needs are public fields, so the conductor, the
 * provider kit's retry rules and callers all read the same thing: `status`,
 * `connectionRefused` (nothing was sent) and `retryAfterMs` (the server's requested delay).
 *
 * @example
 * ```ts
 * throw new ProviderError('POST /v1/videos/generations failed with 503', {
 *   provider: 'acme',
 *   status: 503,
 *   code: 'SERVER_ERROR',
 *   retryAfterMs: 2000,
 * });
 * ```
 */
export class ProviderError extends VideoConductorError {
  static override readonly marker: symbol = errorMarker('ProviderError');
  override readonly name: string = 'ProviderError';
  readonly provider: string;
  /** HTTP status, when an HTTP response was received. */
  readonly status?: number;
  /** The provider's job id, when known. */
  readonly requestId?: string;
  /** The ledger record id, when known. */
  readonly recordId?: string;
  /** `true` when the connection was refused (nothing was sent); `undefined` otherwise. */
  readonly connectionRefused?: true;
  /** How long the server asked to wait before a repeat, in ms; `undefined` when it did not say. */
  readonly retryAfterMs?: number;

  constructor(message: string, options: ProviderErrorOptions) {
    super(message, {
      code: options.code ?? 'PROVIDER_ERROR',
      cause: options.cause,
      isRetryable: options.isRetryable ?? (options.status === undefined ? false : isRetryableHttpStatus(options.status)),
    });
    this.provider = options.provider;
    if (options.status !== undefined) this.status = options.status;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.recordId !== undefined) this.recordId = options.recordId;
    if (options.connectionRefused === true) this.connectionRefused = true;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
markErrorClass(ProviderError);
