import { errorMarker, markErrorClass } from './video-conductor-error.js';
import { ProviderError, type ProviderErrorOptions } from './provider-error.js';

/** The provider refused the call for now (HTTP 429). Always retryable. */
export class RateLimitError extends ProviderError {
  static override readonly marker: symbol = errorMarker('RateLimitError');
  override readonly name: string = 'RateLimitError';
  /** How long the provider asked to wait, in milliseconds; `undefined` when it did not say. */
  readonly retryAfterMs?: number;

  constructor(message: string, options: Omit<ProviderErrorOptions, 'isRetryable'> & { retryAfterMs?: number }) {
    super(message, { status: 429, ...options, code: options.code ?? 'RATE_LIMITED', isRetryable: true });
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}
markErrorClass(RateLimitError);
