/** Options of the failed-authentication throttle of {@link withMcpGuard}. */
export interface FailedAuthThrottleOptions {
  /**
   * Refused requests one client address may make within `windowMs` before it is shut out for
   * `windowMs` (every request of the address is then answered `429` with `Retry-After`, a
   * valid token included, so guessing cannot go on). A request with a valid token clears the
   * count. `Infinity` turns throttling off.
   * @default 10
   */
  maxFailures?: number;
  /** Length of the counting window and of the shut-out, in ms. @default 60000 (1 min) */
  windowMs?: number;
  /**
   * Most client addresses remembered at once; past it, expired entries are dropped, then the
   * oldest. Bounds the memory an attacker spraying addresses can take (about 100 bytes each).
   * @default 10000
   */
  maxClients?: number;
  /** The clock, in ms since the epoch; inject it in tests. @default Date.now */
  now?: () => number;
}

interface ClientFailures {
  failures: number;
  windowStart: number;
  blockedUntil: number;
}

/** Counts refused requests per client address; see {@link FailedAuthThrottleOptions}. */
export interface FailedAuthThrottle {
  /** Seconds the address must wait (for `Retry-After`), or `0` when it may try. */
  retryAfterSec(address: string): number;
  /** Records a refused request; returns the seconds to wait when this one shut the address out, else `0`. */
  fail(address: string): number;
  /** Forgets the address's failures (a valid token was presented). */
  succeed(address: string): void;
  /** Addresses remembered (for tests of the memory bound). */
  readonly size: number;
}

/** The throttle behind {@link withMcpGuard}'s `failedAuth` option. */
export function createFailedAuthThrottle(options: FailedAuthThrottleOptions = {}): FailedAuthThrottle {
  const { maxFailures = 10, windowMs = 60_000, maxClients = 10_000, now = Date.now } = options;
  const clients = new Map<string, ClientFailures>();
  const waitOf = (entry: ClientFailures | undefined, at: number) => (entry === undefined || entry.blockedUntil <= at ? 0 : Math.ceil((entry.blockedUntil - at) / 1000));

  const makeRoom = (at: number) => {
    if (clients.size < maxClients) return;
    for (const [address, entry] of clients) {
      if (entry.blockedUntil <= at && at - entry.windowStart >= windowMs) clients.delete(address);
    }
    // Still full: drop the oldest (a Map iterates in insertion order).
    while (clients.size >= maxClients) clients.delete(clients.keys().next().value!);
  };

  return {
    retryAfterSec(address) {
      return waitOf(clients.get(address), now());
    },
    fail(address) {
      if (!Number.isFinite(maxFailures)) return 0;
      const at = now();
      let entry = clients.get(address);
      if (entry === undefined) {
        makeRoom(at);
        entry = { failures: 0, windowStart: at, blockedUntil: 0 };
        clients.set(address, entry);
      } else if (at - entry.windowStart >= windowMs && entry.blockedUntil <= at) {
        entry.failures = 0;
        entry.windowStart = at;
      }
      entry.failures += 1;
      if (entry.failures >= maxFailures) {
        entry.blockedUntil = at + windowMs;
        return waitOf(entry, at);
      }
      return 0;
    },
    succeed(address) {
      clients.delete(address);
    },
    get size() {
      return clients.size;
    },
  };
}
