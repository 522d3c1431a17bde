import { ProviderError, retryWithBackoff, VideoConductorError, type Sleep } from '@ring/video-conductor';
import { isConnectionRefused, retryAfterHintOf } from './map-ai-sdk-error.js';

/** Decides whether a failed attempt may be repeated. */
export type RetryRule = (error: unknown) => boolean;

/** `doStatus` is read-only: repeat whatever the error marks retryable (429, 5xx, network). */
export const retryReadRule: RetryRule = (error) => VideoConductorError.isInstance(error) && error.isRetryable;

/**
 * `doStart` spends money: repeat only when the request provably started no job — HTTP 429,
 * HTTP 503, or a refused connection. Never after a 500, 502, 504, a timeout or a reset
 * connection: the job may exist and be billed.
 */
export const retryBillableRule: RetryRule = (error) =>
  ProviderError.isInstance(error) && (error.status === 429 || error.status === 503 || isConnectionRefused(error));

/** Longest server-requested wait honoured inside one call, in ms; a longer one goes back to the caller. */
const maxRetryAfterMs = 60_000;

/**
 * Core's {@link retryWithBackoff} (backoff 0.5 s doubling to 8 s with jitter, `Retry-After`
 * honoured, nothing after an abort) with the bridge's rule deciding what may be repeated.
 */
export function withRetry<T>(
  operation: () => Promise<T>,
  settings: { rule: RetryRule; maxRetries: number; sleep: Sleep; random: () => number; signal?: AbortSignal | undefined },
): Promise<T> {
  return retryWithBackoff(operation, {
    maxRetries: settings.maxRetries,
    baseDelayMs: 500,
    maxDelayMs: 8000,
    sleep: settings.sleep,
    random: settings.random,
    signal: settings.signal,
    retryAfterMs: retryAfterHintOf,
    shouldRetry: (error) => {
      const hinted = retryAfterHintOf(error);
      return settings.rule(error) && !(hinted !== undefined && hinted > maxRetryAfterMs);
    },
  });
}
