/** A source of the current time, injectable so tests run on fake time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Waits `ms` milliseconds, or rejects with the signal's reason as soon as it aborts.
 * Injectable (`sleep` option) so poll loops run instantly in tests.
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep, over `setTimeout`; honours the abort signal immediately. */
export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
