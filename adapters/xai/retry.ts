import { ProviderError, retryWithBackoff, systemSleep, VideoConductorError, type Sleep } from '@ring/video-conductor';
import { isConnectionRefused, retryAfterHintOf } from './map-xai-error.js';
import { xaiDefaultMaxRetries, type XaiOptions } from './xai-options.js';

/** Decides whether a failed attempt may be repeated. */
export type RetryRule = (error: unknown) => boolean;

/**
 * Rule for read-only calls (status reads): repeat anything the error marks retryable —
 * 408/409/425/429/5xx, network failures, timeouts.
 */
export const retryReadRule: RetryRule = (error) => VideoConductorError.isInstance(error) && error.isRetryable;

/**
 * Rule for billable calls (video submit, image generation): repeat only when the request
 * provably started no job — HTTP 429 (rejected before acceptance), HTTP 503 (service not
 * accepting work) or a refused connection (nothing was sent). Never after a timeout, 500,
 * 502, 504 or a reset connection: the job may exist and be billed, and sending again could
 * pay twice.
 */
export const retryBillableRule: RetryRule = (error) =>
  ProviderError.isInstance(error) && (error.status === 429 || error.status === 503 || isConnectionRefused(error));

/** How {@link withRetry} repeats an operation. */
export interface RetrySettings {
  /** Repeats after the first attempt; `0` disables retries. */
  maxRetries: number;
  sleep: Sleep;
  /** Jitter source in `[0, 1)`. */
  random: () => number;
}

/** Retry settings of both providers, from the factory options. */
export function retrySettingsOf(options: XaiOptions): RetrySettings {
  return {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? xaiDefaultMaxRetries)),
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
  };
}

/** First backoff step, in ms (doubles each retry). */
const baseDelayMs = 500;
/** Longest backoff step, in ms. */
const maxDelayMs = 8000;
/**
 * Longest server-requested wait honoured inside one call, in ms. A longer `Retry-After` is
 * returned to the caller (as `RateLimitError.retryAfterMs`) instead of blocking the call.
 */
const maxRetryAfterMs = 60_000;

/**
 * The retry of both xAI providers: core's {@link retryWithBackoff} (backoff with jitter,
 * `Retry-After` honoured, nothing after an abort) with the adapter's rule deciding which
 * errors may be repeated.
 */
export function withRetry<T>(
  operation: () => Promise<T>,
  settings: RetrySettings & { rule: RetryRule; signal?: AbortSignal | undefined },
): Promise<T> {
  return retryWithBackoff(operation, {
    maxRetries: settings.maxRetries,
    baseDelayMs,
    maxDelayMs,
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
