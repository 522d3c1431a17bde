import type { Clock, Sleep } from '@ring/video-conductor';

/** A clock and a sleep that share fake time, from {@link createFakeTime}. */
export interface FakeTime {
  /** Reads the fake time; its `every` timers fire as the fake time passes them. */
  readonly clock: Clock;
  /**
   * Advances the fake time by `ms` at once instead of waiting (firing the clock's `every`
   * timers it passes); rejects at once when the signal is aborted.
   */
  readonly sleep: Sleep;
  /** Every `sleep` duration asked for, in ms, in order. */
  readonly sleeps: number[];
  /** The fake time now, in ms since the epoch. */
  now(): number;
  /** Moves the fake time forward without a sleep, firing the clock's `every` timers it passes. */
  advance(ms: number): void;
}

/**
 * Fake time for poll loops: pass `clock` and `sleep` to `createVideoConductor` (and `clock`
 * to `MemoryLedger`) and a ten-minute job runs in microseconds.
 *
 * @param startMs Initial time in ms since the epoch. @default Date.parse('2026-01-01T00:00:00Z')
 * @example
 * ```ts
 * const time = createFakeTime();
 * const conductor = createVideoConductor({ provider, clock: time.clock, sleep: time.sleep, ledger: new MemoryLedger({ clock: time.clock }) });
 * ```
 */
export function createFakeTime(startMs = Date.parse('2026-01-01T00:00:00Z')): FakeTime {
  let now = startMs;
  const sleeps: number[] = [];
  const timers = new Set<{ dueMs: number; intervalMs: number; callback: () => void }>();
  const moveTo = (target: number) => {
    // Timers fire in time order, each at its own due time, as a real clock would.
    for (;;) {
      let next: { dueMs: number; intervalMs: number; callback: () => void } | undefined;
      for (const timer of timers) if (timer.dueMs <= target && (next === undefined || timer.dueMs < next.dueMs)) next = timer;
      if (next === undefined) break;
      now = next.dueMs;
      next.dueMs += next.intervalMs;
      next.callback();
    }
    now = target;
  };
  return {
    clock: {
      now: () => now,
      every: (intervalMs, callback) => {
        // At least 1 ms, so a zero interval cannot loop forever within one advance.
        const timer = { dueMs: now + Math.max(1, intervalMs), intervalMs: Math.max(1, intervalMs), callback };
        timers.add(timer);
        return () => void timers.delete(timer);
      },
    },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      moveTo(now + ms);
      // Yield once so other tasks (an abort, a concurrent job) get their turn, as with a real timer.
      await Promise.resolve();
      signal?.throwIfAborted();
    },
    sleeps,
    now: () => now,
    advance: (ms) => moveTo(now + ms),
  };
}
