/**
 * `@ring/video-conductor/pg-boss` — video jobs as a durable [pg-boss](https://pgboss.io) queue
 * on the ledger's Postgres (or PGlite): delivery to whichever worker is free, retries with
 * backoff, expiry and redelivery of jobs whose worker died, a dead-letter queue, a recovery
 * sweep on a cron schedule, and graceful shutdown. `pg-boss` is an optional peer.
 *
 * How a job moves: the first delivery calls `conductor.submit` (the row is written, then the
 * provider is paid, then the request id is recorded); each later delivery calls
 * `conductor.resume(recordId, { timeoutMs: pollSliceMs })` and, while the provider is still
 * working, sends the next delivery with `startAfter` — so waiting holds no worker slot. A
 * delivery whose worker died expires and is delivered again; it continues from the ledger,
 * never submitting twice (an unknown submit outcome ends as `SUBMIT_OUTCOME_UNKNOWN`).
 *
 * Why the row is written by the worker and not by `enqueue`: the conductor's public API has
 * no "write a row to be submitted later" call (a `pending` row without a request id is, by
 * design, a submit whose outcome is unknown). `enqueue` therefore validates and plans, then
 * sends the job with the idempotency key as its `singletonKey`; the ledger's unique
 * idempotency key remains the guard against a second row and a second payment.
 *
 * @example
 * ```ts
 * import { PgBoss } from 'pg-boss';
 * import { createVideoQueue } from '@ring/video-conductor/pg-boss';
 *
 * const boss = new PgBoss(process.env.DATABASE_URL!);
 * await boss.start();
 * const queue = createVideoQueue({ boss, conductor, ledger });
 * await queue.enqueue({ prompt: 'A drone shot over Kyiv at dawn', idempotencyKey: 'kyiv-1' });
 * const worker = await queue.work({ concurrency: 4 });
 * process.once('SIGTERM', async () => {
 *   await worker.stop();
 *   await boss.stop({ graceful: true });
 * });
 * ```
 *
 * @module
 */
export { createVideoQueue } from './create-video-queue.js';
export { singletonKeyOf } from './queue-helpers.js';
export type {
  EnqueueVideoOptions,
  EnqueuedVideo,
  VideoQueue,
  VideoQueueCounts,
  VideoQueueSweepReport,
  VideoQueueWorker,
  WorkVideoQueueOptions,
} from './video-queue.js';
export type { VideoQueueOptions } from './video-queue-options.js';
export type { VideoJobData, VideoJobOutput } from './video-job-data.js';
