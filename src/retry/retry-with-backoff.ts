import type { Sleep } from '../clock.js';

/** How {@link retryWithBackoff} spaces its attempts. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. @default 2 */
  maxRetries?: number;
  /** Delay before the first retry, in ms; doubled each time. @default 500 */
  baseDelayMs?: number;
  /** Upper bound of one delay, in ms (a `Retry-After` above it still wins). @default 30000 */
  maxDelayMs?: number;
  /** Whether an error is worth another attempt. Never called for aborts. */
  shouldRetry: (error: unknown, attempt: number) => boolean;
  /** The delay the server asked for, in ms (e.g. from `Retry-After`); `undefined` to use backoff. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Waits between attempts; injectable for tests. */
  sleep: Sleep;
  /** Source of jitter in [0, 1). @default Math.random */
  random?: () => number;
  /** Stops retrying (and waiting) at once. */
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
}

/**
 * Runs `operation` and repeats it while it fails with a retryable error: exponential
 * backoff with full jitter, honouring a server-requested delay, and never after an abort.
 * The single retry mechanism of the package; adapters use it too.
 *
 * @example
 * ```ts
 * const response = await retryWithBackoff(() => fetch(url), {
 *   shouldRetry: (error) => VideoConductorError.isInstance(error) && error.isRetryable,
 *   sleep: systemSleep,
 * });
 * ```
 */
export async function retryWithBackoff<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const maxRetries = options.maxRetries ?? 2;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    options.signal?.throwIfAborted();
    try {
      return await operation(attempt);
    } catch (error) {
      // After an abort the caller wants the abort, not whatever the interrupted attempt raised.
      if (options.signal?.aborted) throw options.signal.reason;
      if (attempt >= maxRetries || !options.shouldRetry(error, attempt)) throw error;
      const requested = options.retryAfterMs?.(error);
      const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
      // Full jitter spreads retries of many clients; a server's explicit wish is honoured as a floor.
      const delayMs = requested !== undefined ? Math.max(requested, 0) : Math.round(backoff * (0.5 + random() / 2));
      options.onRetry?.({ error, attempt, delayMs });
      await options.sleep(delayMs, options.signal);
    }
  }
}
