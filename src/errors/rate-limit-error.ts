import { errorMarker, markErrorClass } from './video-conductor-error.js';
import { ProviderError, type ProviderErrorOptions } from './provider-error.js';

/** The provider refused the call for now (HTTP 429). Always retryable. */
export class RateLimitError extends ProviderError {
  static override readonly marker: symbol = errorMarker('RateLimitError');
  override readonly name: string = 'RateLimitError';
  // `retryAfterMs` (how long the provider asked to wait, in ms) is inherited from ProviderError.

  constructor(message: string, options: Omit<ProviderErrorOptions, 'isRetryable'>) {
    super(message, { status: 429, ...options, code: options.code ?? 'RATE_LIMITED', isRetryable: true });
  }
}
markErrorClass(RateLimitError);
