import type { UrlPolicyOptions } from '../net/url-policy.js';
import type { Clock, Sleep } from '../clock.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { ImageProvider } from '../ports/image-provider.js';
import type { Ledger } from '../ports/ledger.js';
import type { Storage } from '../ports/storage.js';
import type { ThumbnailRenderer } from '../ports/thumbnail-renderer.js';
import type { VideoProvider } from '../ports/video-provider.js';
import type { VideoRecord, VideoStatus } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';
import type { VideoPresets } from '../presets/video-presets.js';
import type { BudgetOptions } from './budget.js';
import type { ReadableVideoUrl } from './readable-url.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import type { VideoConductorEventListener } from './video-conductor-event.js';

/** How the conductor polls a provider. */
export interface PollingOptions {
  /** Wait between status calls, in ms, unless the provider asks for another (`retryAfterMs`). @default 5000 */
  intervalMs?: number;
  /** Random spread of each wait, as a fraction of it (0.2 → ±20 %), so many jobs do not poll in step. @default 0.2 */
  jitter?: number;
  /** How long a job may stay unfinished before `GenerationTimeoutError`, in ms. @default 600000 (10 min) */
  timeoutMs?: number;
}

/** Options of {@link createVideoConductor}. Every side effect is injected here. */
export interface VideoConductorOptions {
  /** Makes the videos. */
  provider: VideoProvider;
  /** Makes first frames from `firstFramePrompt`. `undefined`: requests with `firstFramePrompt` are rejected. */
  imageProvider?: ImageProvider;
  /** Where videos are copied. `undefined`: nothing is stored and `video.url` is the provider's temporary URL. */
  storage?: Storage;
  /**
   * Renders `thumbnail` requests after the video is stored (e.g. `createSharpThumbnailRenderer`
   * from `/thumbnail`). `undefined`: thumbnail requests get an `unsupported` warning.
   */
  thumbnailRenderer?: ThumbnailRenderer;
  /**
   * Durable job state. `undefined`: a process-local `MemoryLedger` (jobs cannot be resumed
   * after a restart — use the Postgres ledger in production).
   */
  ledger?: Ledger;
  /** Quality modes. @default the bundled xAI presets */
  presets?: VideoPresets;
  /** Downloads the finished video. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** @default the system clock */
  clock?: Clock;
  /** @default a `setTimeout` sleep that honours abort signals */
  sleep?: Sleep;
  /** Ids of new ledger rows. @default crypto.randomUUID */
  generateId?: () => string;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  polling?: PollingOptions;
  /** Prefix of storage keys; videos go to `${keyPrefix}${recordId}.mp4`. @default 'videos/' */
  keyPrefix?: string;
  /** Retries of a failed download or storage write (network, 5xx). @default 2 */
  persistRetries?: number;
  /**
   * A `pending` row younger than this (ms) is taken as still being submitted by another
   * process: resuming it throws `JOB_IN_PROGRESS` instead of declaring its submit lost.
   * @default 60000
   */
  pendingGraceMs?: number;
  /**
   * A download that sends nothing (no headers, or no bytes) for this long, in ms, is broken
   * off and retried. @default 60000
   */
  downloadStallTimeoutMs?: number;
  /**
   * Longest one download of a finished video may take, in ms, however steadily bytes arrive
   * (the stall timer alone restarts on every chunk, so a trickle would never end). On breach
   * the attempt is broken off with `ProviderError` `DOWNLOAD_TIMEOUT`, nothing is stored, and
   * the row ends `persist_failed` with the temporary URL kept for `persist()`/`resume()`.
   * @default 1800000 (30 minutes)
   */
  downloadTimeoutMs?: number;
  /**
   * Largest video stored, in bytes. A `Content-Length` above it is refused before any byte is
   * read; otherwise bytes are counted as they stream. On breach the job fails with
   * `ProviderError` `VIDEO_TOO_LARGE`, the partial object is removed from storage, and the
   * row ends `failed` keeping the temporary URL.
   * @default 2147483648 (2 GiB)
   */
  maxVideoBytes?: number;
  /**
   * What the download of a finished video may reach (every redirect hop is checked). The
   * default is strict: `https:` only, public addresses only, at most 5 redirects. A provider
   * serving on loopback (the local provider, tests) opts in with
   * `{ allowHttp: true, allowPrivateAddresses: true }`. A refused URL fails the download with
   * `URL_REFUSED` ("refused by URL policy"); the row ends `persist_failed` keeping the URL, so
   * `persist()` can store it once the policy allows it.
   * @default {} (https only, public addresses, 5 redirects, system DNS)
   */
  urlPolicy?: UrlPolicyOptions;
  /**
   * While this process runs a job, it touches the job's row this often (ms), so `recover` in
   * other processes (`staleAfterMs`, default 120 s) never takes over a live job — even during a
   * long submit or a long generation. Keep it well under `staleAfterMs`. @default 30000
   */
  heartbeatMs?: number;
  /** Spending limits checked before any money is spent (`BudgetExceededError`). `undefined`: none. */
  budget?: BudgetOptions;
  /**
   * Most jobs this conductor runs against the provider at once; further calls wait, in the
   * order they came. @default Infinity
   */
  maxConcurrentJobs?: number;
}

/** Per-call options of `generate`, `submit` and `resume`. */
export interface GenerateOptions {
  /** Stops waiting at once. The ledger row stays resumable once the provider accepted the job. */
  signal?: AbortSignal;
  /** Receives progress events. */
  onEvent?: VideoConductorEventListener;
  /** Overrides `polling.timeoutMs` for this call, in ms. */
  timeoutMs?: number;
  /**
   * What an abort does to a job the provider already accepted. `detach`: stop waiting; the
   * row stays resumable. `cancel`: also cancel it at the provider (when it can) and end the
   * row as `cancelled`. Before submit an abort always ends the row as `cancelled`.
   * @default 'detach'
   */
  onAbort?: 'detach' | 'cancel';
}

/** Options of {@link VideoConductor.recover}. */
export interface RecoverOptions {
  /** Names this worker in the rows it leases. @default `<hostname>:<pid>:<random>` */
  owner?: string;
  /** Only rows not updated for this long are taken as abandoned, in ms. @default 120000 */
  staleAfterMs?: number;
  /** How long the lease holds, in ms; keep it above the poll timeout. @default polling.timeoutMs + 60000 */
  leaseMs?: number;
  /** Most rows taken in one call. @default 10 */
  limit?: number;
}

/** What {@link VideoConductor.recover} did with each row it claimed. */
export interface RecoverReport {
  /** Rows leased by this call. */
  claimed: number;
  outcomes: {
    recordId: string;
    /** The row's status after recovery. */
    status: VideoStatus;
    /** Why it did not succeed, when it did not. */
    error?: { code: string; message: string };
  }[];
}

/** What {@link VideoConductor.submit} returns once the provider accepted the job. */
export interface SubmittedVideo {
  recordId: string;
  requestId: string;
  plan: VideoPlan;
  warnings: Warning[];
}

/** Options of {@link VideoConductor.reserve}. */
export interface ReserveOptions {
  /** Aborting before the row is written writes nothing. */
  signal?: AbortSignal;
  /**
   * Writes the row through this ledger instead of the conductor's — the same table bound to
   * a transaction, so the row commits (or rolls back) together with other work, such as a
   * queue job sent on the same connection. `undefined`: the conductor's ledger.
   */
  ledger?: Ledger;
}

/** What {@link VideoConductor.reserve} returns. */
export interface ReservedVideo {
  recordId: string;
  /** The row as written (`queued`), or the row an earlier call with the same idempotency key wrote, in whatever status it is now. */
  record: VideoRecord;
  /** The plan and its estimate, as counted by the budgets. */
  plan: VideoPlan;
  /** `false` when the idempotency key already had a row: nothing was written. */
  created: boolean;
}

/**
 * Turns requests into permanent videos. Stateless: all job state lives in the ledger, so any
 * process sharing the ledger can `resume` a job.
 */
export interface VideoConductor {
  /** The presets in use. */
  readonly presets: VideoPresets;
  /** Resolves a request to its plan and estimated cost. No side effects. @throws InvalidRequestError */
  estimate(request: GenerateVideoRequest): VideoPlan;
  /**
   * Runs a job to its end: ledger row, first frame, submit, poll, persist. Moderation gives
   * `success: false, status: 'moderated'`; a video made but not stored gives
   * `success: false, status: 'persist_failed'` (call {@link persist}); other failures throw a
   * `VideoConductorError` after the row says so.
   */
  generate(request: GenerateVideoRequest, options?: GenerateOptions): Promise<GenerateVideoResult>;
  /**
   * Writes a job's row ahead of its run, spending nothing: validates and plans the request,
   * checks the budgets (the estimate counts from now on) and writes a `queued` row — or
   * returns the row of the same idempotency key. The job runs later, in any process sharing
   * the ledger: `submit` / `generate` with the same idempotency key, or `resume(recordId)`.
   * `recover()` does not touch queued rows; `cancel()` closes one without a provider call.
   * Queues build on it (`@ring/video-conductor/pg-boss` writes the row and its job in one
   * transaction through `options.ledger`).
   * @throws InvalidRequestError for an invalid request (field named), before anything is written
   * @throws BudgetExceededError when a budget would be exceeded, before anything is written
   */
  reserve(request: GenerateVideoRequest, options?: ReserveOptions): Promise<ReservedVideo>;
  /**
   * Starts a job and returns once the provider accepted it and the ledger holds its request id.
   * A `queued` row of the same idempotency key is taken and submitted.
   */
  submit(request: GenerateVideoRequest, options?: Omit<GenerateOptions, 'timeoutMs'>): Promise<SubmittedVideo>;
  /**
   * Continues a job from its ledger row (after `submit`, a timeout, an abort or a crash)
   * without paying again. A `queued` row is taken and run from its stored request.
   */
  resume(recordId: string, options?: GenerateOptions): Promise<GenerateVideoResult>;
  /**
   * The ledger row, or `null`. When the storage's URLs expire (presigned S3), the row keeps
   * only the key; the returned `url` (and the thumbnail's) is minted now, valid for
   * `storage.urlExpiresInSec`.
   */
  get(recordId: string): Promise<VideoRecord | null>;
  /**
   * Where the job's video can be read now: its permanent URL, or one minted now from its key
   * when the storage's URLs expire (`expiresAt` says until when); `null` when the job has no
   * stored video (not finished, failed, moderated, or `persist_failed`).
   *
   * @throws LedgerError `RECORD_NOT_FOUND` for an unknown id.
   * @example
   * ```ts
   * const readable = await conductor.url(recordId);
   * if (readable !== null) console.log(readable.url, readable.expiresAt ?? 'permanent');
   * ```
   */
  url(recordId: string): Promise<ReadableVideoUrl | null>;
  /**
   * Stores a finished video whose upload failed (`persist_failed`, or `persisting` left by a
   * crash) from its temporary URL. A `succeeded` row returns its result.
   */
  persist(recordId: string, options?: GenerateOptions): Promise<GenerateVideoResult>;
  /**
   * Cancels a job: at the provider when it can cancel, and in the ledger (`cancelled`). A job
   * whose video is already made is not cancelled (it is paid for): it is returned as it is.
   * The row's `error.providerCancelled` says which happened: `true` when the provider was told
   * to stop; `false` when only the row was closed — a provider without cancel (xAI) keeps
   * generating and billing an accepted job, and budgets keep counting its estimate.
   */
  cancel(recordId: string): Promise<VideoRecord>;
  /**
   * Takes over abandoned jobs: leases stale active rows (`claimStale`) and resumes each.
   * `submitted`/`generating` rows are polled; `persisting` rows are downloaded again from the
   * temporary URL (or fail with `TEMPORARY_URL_EXPIRED`); `pending` rows without a request id
   * fail with `SUBMIT_OUTCOME_UNKNOWN` — they are never submitted again. Safe to run from many
   * processes at once against one Postgres ledger.
   */
  recover(options?: RecoverOptions, callOptions?: Omit<GenerateOptions, 'onAbort'>): Promise<RecoverReport>;
}

/**
 * Default {@link VideoConductorOptions.maxVideoBytes}: 2 GiB.
 * @example
 * ```ts
 * defaultMaxVideoBytes; // 2147483648
 * ```
 */
export const defaultMaxVideoBytes = 2 * 1024 ** 3;

/**
 * Default {@link VideoConductorOptions.downloadTimeoutMs}: 30 minutes, in ms.
 * @example
 * ```ts
 * defaultDownloadTimeoutMs; // 1800000
 * ```
 */
export const defaultDownloadTimeoutMs = 30 * 60_000;
