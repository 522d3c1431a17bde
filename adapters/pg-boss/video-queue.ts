import type { GenerateVideoRequest, VideoPlan, VideoRecord, VideoStatus } from '@ring/video-conductor';
import type { VideoJobOutput } from './video-job-data.js';

/** Options of {@link VideoQueue.enqueue}. */
export interface EnqueueVideoOptions {
  /** Run no earlier than this (a `Date`, or seconds from now). `undefined`: at once. */
  startAfter?: Date | number;
  /** pg-boss priority; higher runs first. @default 0 */
  priority?: number;
}

/** What {@link VideoQueue.enqueue} returns, at once. */
export interface EnqueuedVideo {
  /**
   * The ledger row, when one already exists for the idempotency key (a second enqueue of the
   * same clip). `null` for a new job: its row is written by the worker that takes the job,
   * right before the provider is paid (see the module notes on why not here).
   */
  recordId: string | null;
  /** The pg-boss job that drives the clip; `null` when the row has already ended (nothing to do). */
  jobId: string | null;
  /** The idempotency key (the caller's, or a new UUID): the ledger's unique key; the job's `singletonKey` derives from it. */
  idempotencyKey: string;
  /** The resolved plan and its estimated cost. */
  plan: VideoPlan;
  /** `false` when this call changed nothing: the clip was already queued, running or finished. */
  created: boolean;
  /** The row's status when it exists. */
  status: VideoStatus | null;
}

/** Options of {@link VideoQueue.work}. */
export interface WorkVideoQueueOptions {
  /** Jobs this process runs at once. @default 4 */
  concurrency?: number;
  /** Aborting stops fetching new jobs and waits for the running ones (graceful). */
  signal?: AbortSignal;
  /** How often an idle worker looks for jobs, in seconds (pg-boss `pollingIntervalSeconds`, ≥ 0.5). @default 2 */
  pollingIntervalSeconds?: number;
  /** Also run the dead-letter and sweep workers in this process. @default true */
  maintenance?: boolean;
  /** Called after each delivery (for logs and tests). */
  onJob?: (event: { jobId: string; output: VideoJobOutput; retryCount: number }) => void;
}

/**
 * Counts of the queue. The numbers are pg-boss's, from a monitor pass `counts()` asks for
 * (`boss.supervise`; pg-boss skips it when another instance ran one within
 * `monitorIntervalSeconds`); `oldestWaiting` is read live.
 */
export interface VideoQueueCounts {
  name: string;
  /** Waiting and runnable now. */
  ready: number;
  /** Waiting for their `startAfter` (re-scheduled polls included). */
  deferred: number;
  /** Waiting in total (ready + deferred + blocked). */
  queued: number;
  /** Being run by a worker. */
  active: number;
  /** Jobs in the dead-letter queue that are waiting. */
  deadLetters: number;
  /** The oldest waiting job: its id, creation time and when it may start. `null`: none waits. */
  oldestWaiting: { jobId: string; createdOn: string; startAfter: string; recordId: string | null } | null;
}

/** What {@link VideoQueue.sweep} did. */
export interface VideoQueueSweepReport {
  /** Stale non-terminal rows looked at. */
  examined: number;
  /** Rows that had no live job and got one. */
  resent: { recordId: string; jobId: string | null }[];
}

/** A running `work()` of one process. */
export interface VideoQueueWorker {
  /** Stops fetching and waits for the jobs in hand (`offWork` with `wait`). Idempotent. */
  stop(): Promise<void>;
}

/** The queue returned by {@link createVideoQueue}. */
export interface VideoQueue {
  /** The pg-boss queue name. */
  readonly name: string;
  /** Dead letters go here. */
  readonly deadLetterName: string;
  /** The recovery sweep's queue (and schedule) name. */
  readonly sweepName: string;
  /** Creates the queues (policy `stately`) and the sweep schedule. Idempotent; `enqueue`/`work` call it. */
  start(): Promise<void>;
  /**
   * Validates and plans the request, then sends a job whose `singletonKey` derives from the
   * idempotency key. A key already recorded in the ledger or already queued is not queued
   * again. Returns at once; no money is spent here.
   * @throws InvalidRequestError for an invalid request (field named), before anything is written
   */
  enqueue(request: GenerateVideoRequest, options?: EnqueueVideoOptions): Promise<EnqueuedVideo>;
  /** Runs jobs in this process until `signal` aborts or `stop()` is called. */
  work(options?: WorkVideoQueueOptions): Promise<VideoQueueWorker>;
  /** Counts per state and the oldest waiting job. */
  counts(): Promise<VideoQueueCounts>;
  /** The ledger row of an idempotency key (written by the job's first delivery), or `null`. */
  findRecord(idempotencyKey: string): Promise<VideoRecord | null>;
  /** Whether a job of this idempotency key is waiting or running. */
  isQueued(idempotencyKey: string): Promise<boolean>;
  /**
   * The recovery sweep: finds stale rows of this queue (`pending`, `submitted`, `generating`,
   * `persisting`, `timed_out`, `persist_failed`) whose job is gone, and sends them a new one.
   * Scheduled by `sweepCron`; callable by hand.
   */
  sweep(): Promise<VideoQueueSweepReport>;
}
