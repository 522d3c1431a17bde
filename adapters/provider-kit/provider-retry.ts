import { ProviderError, retryWithBackoff, VideoConductorError, type Sleep } from '@ring/video-conductor';

/**
 * Decides whether a failed attempt may be repeated.
 *
 * @example
 * ```ts
 * const retryConflicts: RetryRule = (error) => ProviderError.isInstance(error) && error.status === 409;
 * ```
 */
export type RetryRule = (error: unknown) => boolean;

/**
 * The rule for read-only calls (status reads, downloads): repeat whatever the error marks
 * retryable — 408/409/425/429/5xx, network failures, timeouts.
 *
 * @example
 * ```ts
 * await withProviderRetry(() => readStatus(id), { rule: retryReadRule, maxRetries: 2, sleep: systemSleep });
 * ```
 */
export const retryReadRule: RetryRule = (error) => VideoConductorError.isInstance(error) && error.isRetryable;

/**
 * The rule for billable calls (a video submit, an image generation): repeat only when the
 * request provably started no job — HTTP 429 (rejected before acceptance), HTTP 503 (the
 * service is not accepting work) or a refused connection (nothing was sent). Never after a
 * timeout, a 500, 502 or 504 or a reset connection: the job may exist and be billed, and
 * sending again could pay twice.
 *
 * @example
 * ```ts
 * await withProviderRetry(() => submitJob(input), { rule: retryBillableRule, maxRetries: 2, sleep: systemSleep });
 * ```
 */
export const retryBillableRule: RetryRule = (error) =>
  ProviderError.isInstance(error) && (error.status === 429 || error.status === 503 || error.connectionRefused === true);

/**
 * The delay the server asked for before the call that failed with `error` may be repeated,
 * in ms: `ProviderError.retryAfterMs` (set from `Retry-After` on a 429 or any other answer).
 *
 * @returns The delay, or `undefined` when `error` carries none.
 *
 * @example
 * ```ts
 * retryAfterOf(new RateLimitError('slow down', { provider: 'acme', retryAfterMs: 2000 })); // 2000
 * ```
 */
export function retryAfterOf(error: unknown): number | undefined {
  return ProviderError.isInstance(error) ? error.retryAfterMs : undefined;
}

/**
 * How {@link withProviderRetry} repeats a provider call. Backoff starts at 0.5 s and doubles
 * up to 8 s, with jitter.
 */
export interface ProviderRetrySettings {
  /** Which failures may be repeated: {@link retryReadRule} or {@link retryBillableRule}. */
  rule: RetryRule;
  /** Repeats after the first attempt; `0` disables retrying. */
  maxRetries: number;
  /** Waits between attempts; inject a fake in tests. */
  sleep: Sleep;
  /** Jitter source in `[0, 1)`. @default Math.random */
  random?: () => number;
  /** Stops retrying (and waiting) at once; the abort reason is thrown. */
  signal?: AbortSignal | undefined;
}

/** First backoff step, in ms (doubles each retry). */
const baseDelayMs = 500;
/** Longest backoff step, in ms. */
const maxDelayMs = 8000;

/**
 * Longest server-requested wait honoured inside one call, in ms. A longer `Retry-After` is
 * handed back to the caller (the error keeps `retryAfterMs`) instead of blocking the call.
 *
 * @example
 * ```ts
 * if ((retryAfterOf(error) ?? 0) > providerMaxRetryAfterMs) console.warn('the provider asks for a long pause');
 * ```
 */
export const providerMaxRetryAfterMs = 60_000;

/**
 * The retry of a provider adapter, in one place: core's backoff with jitter, the server's
 * `Retry-After` honoured (up to {@link providerMaxRetryAfterMs}), nothing after an abort,
 * and `settings.rule` deciding which failures may be repeated. Map vendor errors to
 * `VideoConductorError`s inside `operation` so the rule can read their facts.
 *
 * @param operation One attempt of the call.
 * @returns What the first successful attempt returned; else the last failure is thrown.
 *
 * @example
 * ```ts
 * import { systemSleep } from '@ring/video-conductor';
 * import { retryBillableRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
 *
 * const { requestId } = await withProviderRetry(() => client.submit(input), {
 *   rule: retryBillableRule,
 *   maxRetries: 2,
 *   sleep: systemSleep,
 *   signal: options?.signal,
 * });
 * ```
 */
export function withProviderRetry<T>(operation: () => Promise<T>, settings: ProviderRetrySettings): Promise<T> {
  return retryWithBackoff(operation, {
    maxRetries: settings.maxRetries,
    baseDelayMs,
    maxDelayMs,
    sleep: settings.sleep,
    random: settings.random ?? Math.random,
    signal: settings.signal,
    retryAfterMs: retryAfterOf,
    shouldRetry: (error) => {
      const requested = retryAfterOf(error);
      return settings.rule(error) && !(requested !== undefined && requested > providerMaxRetryAfterMs);
    },
  });
}
