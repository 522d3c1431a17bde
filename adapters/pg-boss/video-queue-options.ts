import type { Ledger, VideoConductor } from '@ring/video-conductor';
import type { PgBoss } from 'pg-boss';

/** Options of {@link createVideoQueue}. */
export interface VideoQueueOptions {
  /**
   * A pg-boss instance (`new PgBoss(...)`), on the same database as the ledger. The queue does
   * not start or stop it: call `boss.start()` first and `boss.stop({ graceful: true })` last.
   */
  boss: PgBoss;
  /** Drives each job: `submit` on the first delivery, `resume` on the later ones. */
  conductor: VideoConductor;
  /**
   * The ledger the conductor writes to (the same instance or the same table). The queue reads
   * it to find a job's row by its idempotency key and, for the recovery sweep, rows without a
   * live job; it writes only when a job exhausts its retries (the row then says why).
   */
  ledger: Ledger;
  /** Name of the pg-boss queue. Its dead letters go to `<name>.dead`, the sweep to `<name>.sweep`. @default 'video-conductor' */
  name?: string;
  /**
   * How long a job waits before its next status check when the provider is still working, in
   * ms. The job is re-sent with `startAfter`, so the wait holds no worker slot. @default 5000
   */
  pollIntervalMs?: number;
  /**
   * How long one delivery may keep polling before it re-schedules itself, in ms. The default
   * checks the status once per delivery; a larger slice holds the worker slot and trades queue
   * round trips for latency. @default 1
   */
  pollSliceMs?: number;
  /** Retries of a delivery that failed (worker died, database error), with exponential backoff. @default 5 */
  retryLimit?: number;
  /** First retry delay, in seconds; doubled on each retry. @default 2 */
  retryDelaySeconds?: number;
  /**
   * How long one delivery may stay active before pg-boss takes it as lost (its worker died)
   * and delivers it again, in seconds. Must exceed one submit plus one download. @default 300
   */
  expireInSeconds?: number;
  /**
   * Cron expression of the recovery sweep ({@link VideoQueue.sweep}), run by one worker at a
   * time through a pg-boss schedule. `null`: no schedule. @default '* * * * *' (every minute)
   */
  sweepCron?: string | null;
  /** Rows not updated for this long are looked at by the sweep, in ms. @default 120000 */
  sweepStaleAfterMs?: number;
  /** Clock for `startAfter`, in epoch ms. @default Date.now */
  now?: () => number;
}
