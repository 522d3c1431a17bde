/**
 * A counting semaphore with a FIFO queue: callers beyond `limit` wait, in the order they
 * arrived. A waiting caller whose signal aborts leaves the queue and rejects with the reason.
 */
export class Semaphore {
  private active = 0;
  private readonly queue: { grant: () => void; reject: (reason: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

  constructor(private readonly limit: number) {}

  /** Waits for a slot; resolves with the function that gives it back (call it exactly once). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.active < this.limit && this.queue.length === 0) {
      this.active += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry: (typeof this.queue)[number] = { grant: resolve, reject, signal };
      if (signal !== undefined) {
        entry.onAbort = () => {
          const index = this.queue.indexOf(entry);
          if (index >= 0) this.queue.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.queue.push(entry);
    });
    return this.releaser();
  }

  /** Runs `task` holding a slot. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next === undefined) {
        this.active -= 1;
        return;
      }
      // The slot passes straight to the next caller: `active` stays the same.
      if (next.onAbort !== undefined) next.signal?.removeEventListener('abort', next.onAbort);
      next.grant();
    };
  }
}
