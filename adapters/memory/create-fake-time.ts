import type { Clock, Sleep } from '@ring/video-conductor';

/** A clock and a sleep that share fake time, from {@link createFakeTime}. */
export interface FakeTime {
  /** Reads the fake time. */
  readonly clock: Clock;
  /** Advances the fake time by `ms` at once instead of waiting; rejects at once when the signal is aborted. */
  readonly sleep: Sleep;
  /** Every `sleep` duration asked for, in ms, in order. */
  readonly sleeps: number[];
  /** The fake time now, in ms since the epoch. */
  now(): number;
  /** Moves the fake time forward without a sleep. */
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
  return {
    clock: { now: () => now },
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
      // Yield once so other tasks (an abort, a concurrent job) get their turn, as with a real timer.
      await Promise.resolve();
      signal?.throwIfAborted();
    },
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
  };
}
