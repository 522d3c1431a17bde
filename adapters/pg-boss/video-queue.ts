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
   * The ledger row: written by this call (status `queued`, in one transaction with the job
   * when the ledger is the Postgres one), or the row of an earlier enqueue of the same key.
   * `null` only when another process enqueued the key at the same moment and its row is not
   * visible yet.
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
   * Validates and plans the request, checks the budgets, writes the ledger row (`queued`,
   * through `conductor.reserve`) and sends a job whose `singletonKey` derives from the
   * idempotency key — in one transaction when the ledger can open one (the Postgres ledger
   * sharing pg-boss's database), so there is never a row without a job or a job without a
   * row. With another ledger the row is written first; a row left without a job (the process
   * died in between) is given one by the sweep. A key already recorded or already queued is
   * not queued again. Returns at once; no money is spent here.
   * @throws InvalidRequestError for an invalid request (field named), before anything is written
   * @throws BudgetExceededError when a budget would be exceeded, before anything is written
   */
  enqueue(request: GenerateVideoRequest, options?: EnqueueVideoOptions): Promise<EnqueuedVideo>;
  /** Runs jobs in this process until `signal` aborts or `stop()` is called. */
  work(options?: WorkVideoQueueOptions): Promise<VideoQueueWorker>;
  /** Counts per state and the oldest waiting job. */
  counts(): Promise<VideoQueueCounts>;
  /** The ledger row of an idempotency key, or `null`. */
  findRecord(idempotencyKey: string): Promise<VideoRecord | null>;
  /** Whether a job of this idempotency key is waiting or running. */
  isQueued(idempotencyKey: string): Promise<boolean>;
  /**
   * The recovery sweep: finds stale rows of this queue (`queued`, `pending`, `submitted`,
   * `generating`, `persisting`, `timed_out`, `persist_failed`) whose job is gone, and sends
   * them a new one.
   * Scheduled by `sweepCron`; callable by hand.
   */
  sweep(): Promise<VideoQueueSweepReport>;
}
