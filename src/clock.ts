/** A source of the current time, injectable so tests run on fake time. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Calls `callback` every `intervalMs` milliseconds of this clock's time until the returned
   * function is called. Lets fake time drive periodic work, such as the conductor's heartbeat.
   * `undefined`: a real `setInterval` that does not keep the process alive.
   */
  every?(intervalMs: number, callback: () => void): () => void;
}

/** The real clock (`Date.now`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Calls `callback` every `intervalMs` ms on `clock`'s own timer when it has one, else on a real
 * one that does not keep the process alive (clocks written before `every` existed still work).
 *
 * @returns the function that stops it.
 */
export function repeatEvery(clock: Clock, intervalMs: number, callback: () => void): () => void {
  if (clock.every !== undefined) return clock.every(intervalMs, callback);
  const timer = setInterval(callback, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

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
