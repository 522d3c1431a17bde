import type { VideoOperation } from './video-provider.js';
import type { ThumbnailSpec } from './thumbnail-renderer.js';
import type { Warning } from './warning.js';

/**
 * Where a job stands in the ledger.
 *
 * `pending → submitted → generating → persisting → succeeded`, with the terminal
 * outcomes `moderated | failed | expired | timed_out | cancelled`, and `persist_failed`
 * when the video was made (and paid for) but could not be stored: the row keeps the
 * temporary URL and `conductor.resume(id)` stores it later. `timed_out` rows keep their
 * request id and can be resumed too.
 *
 * `queued` comes first for jobs written ahead of their run (`conductor.reserve`, a queue's
 * `enqueue`): the row and its estimate exist, budgets count it, nothing was sent to a
 * provider. A later `submit` / `generate` with its idempotency key, or `resume(id)`, moves it
 * to `pending` and runs it; `recover()` leaves it alone (no process owns it yet).
 */
export type VideoStatus =
  | 'queued'
  | 'pending'
  | 'submitted'
  | 'generating'
  | 'persisting'
  | 'succeeded'
  | 'persist_failed'
  | 'moderated'
  | 'failed'
  | 'expired'
  | 'timed_out'
  | 'cancelled';

/** Who asked for a video and why; each field is indexed by the Postgres ledger. */
export interface VideoAudit {
  /** The clip within a campaign or storyboard. */
  clipId?: string;
  /** The caller's request or pipeline run id. */
  pipelineRequestId?: string;
  /** A business reference (order, ticket, campaign code). */
  refCode?: string;
  /** The user or service that asked. */
  actorId?: string;
}

/** The first frame an image-to-video job started from. */
export interface FirstFrameInfo {
  /** `generated` when the conductor made it from `firstFramePrompt`; `provided` when it came as `imageUrl`. */
  source: 'generated' | 'provided';
  /** The URL handed to the video provider. */
  url: string;
  /** The prompt it was generated from (source `generated`). */
  prompt?: string;
  /** Image provider id and model (source `generated`). */
  provider?: string;
  model?: string;
  /** Storage key when the conductor stored it. */
  storageKey?: string;
  /** What the image cost in USD, when known. */
  costUsd?: number;
  contentType?: string;
}

/** A rendered thumbnail. */
export interface ThumbnailInfo {
  storageKey: string;
  url: string;
  contentType: string;
  width?: number;
  height?: number;
}

/** Why a job did not succeed (plain JSON, no secrets). */
export interface VideoRecordError {
  /** Stable code, e.g. `GENERATION_FAILED`, `PERSIST_FAILED`, `SUBMIT_OUTCOME_UNKNOWN`. */
  code: string;
  message: string;
  /** Whether the same step may succeed when tried again. */
  retryable?: boolean;
  /** The step that failed, e.g. `submit`, `poll`, `persist`. */
  step?: string;
  /**
   * For `CANCELLED`: `true` when the provider was told to stop the job; `false` when only the
   * ledger row was closed (the provider has no cancel, e.g. xAI) — the accepted job may then
   * still run and be billed there. `undefined` for other codes and for jobs cancelled before
   * the provider accepted them (nothing ran there).
   */
  providerCancelled?: boolean;
}

/**
 * One row of the `generated_videos` ledger. Plain JSON: everything needed to resume a job
 * (provider, model, request id) is here. Timestamps are ISO 8601 strings; absent values
 * are `null`.
 */
export interface VideoRecord {
  /** UUID, chosen by the conductor before the row is written. */
  id: string;
  createdAt: string;
  updatedAt: string;
  status: VideoStatus;
  /** Video provider id, e.g. `xai`. */
  provider: string;
  /** Provider model id. */
  model: string;
  /** The effective quality mode (after upgrades). */
  qualityMode: string;
  /** Output resolution, e.g. `720p`. */
  resolution: string;
  /** Requested clip length in seconds. */
  durationSec: number;
  aspectRatio: string | null;
  operation: VideoOperation;
  prompt: string;
  /** The image the video starts from (given or generated). */
  imageUrl: string | null;
  /** The video edited or extended. */
  sourceVideoUrl: string | null;
  /** The provider's job id; set the moment the provider accepted the job. */
  requestId: string | null;
  /** Caller-chosen key: a second call with the same key never pays twice. Unique. */
  idempotencyKey: string | null;
  /** Cost estimated from the preset before submit, in USD. */
  estimatedCostUsd: number;
  /** Cost reported by the provider (plus the first frame), in USD; `null` when not reported. */
  actualCostUsd: number | null;
  /** Key of the stored video. */
  storageKey: string | null;
  /** Permanent URL of the stored video. */
  url: string | null;
  /** The provider's (temporary) download URL. */
  temporaryUrl: string | null;
  /** Hex sha256 of the stored bytes. */
  sha256: string | null;
  /** Size of the stored video in bytes. */
  sizeBytes: number | null;
  /** Length of the produced clip in seconds, as reported by the provider. */
  outputDurationSec: number | null;
  firstFrame: FirstFrameInfo | null;
  thumbnail: ThumbnailInfo | null;
  error: VideoRecordError | null;
  audit: VideoAudit;
  /** The caller's `metadata`, exactly as given: the conductor never writes into it. */
  metadata: Record<string, unknown>;
  /**
   * The conductor's own notes on the job: the quality mode asked for, the plan's upgrades and
   * warnings, the thumbnail asked for. `null` for rows written by something else, and for rows
   * written before this field existed (those kept the notes in `metadata.videoConductor`,
   * which the conductor still reads).
   */
  conductor: ConductorRecordMetadata | null;
  /** Worker holding the lease while it resumes the row (`claimStale`). */
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
}

/**
 * What {@link Ledger.insert} takes: the row without timestamps and lease. `conductor` may be
 * left out (stored as `null`).
 */
export type NewVideoRecord = Omit<VideoRecord, 'createdAt' | 'updatedAt' | 'leaseOwner' | 'leaseExpiresAt' | 'conductor'> & {
  conductor?: ConductorRecordMetadata | null;
};

/** The fields an update may change. */
export type VideoRecordPatch = Partial<
  Omit<VideoRecord, 'id' | 'createdAt' | 'updatedAt' | 'provider' | 'operation' | 'idempotencyKey'>
>;

/**
 * The conductor's notes on a job, kept in {@link VideoRecord.conductor} (plain JSON). Every
 * field may be missing in rows written by other code.
 */
export interface ConductorRecordMetadata {
  /** The quality mode the request asked for (before upgrades). */
  requestedQualityMode?: string;
  /** The plan's upgrades of the quality mode, and why. */
  upgrades?: { from: string; to: string; reason: string; detail?: string }[];
  /** Warnings of the plan, the provider and the thumbnail renderer. */
  warnings?: Warning[];
  /** The thumbnail the request asked for, rendered once the video is stored. */
  thumbnail?: ThumbnailSpec;
  /**
   * While the row is `queued`: the request it runs from (without `audit`, `metadata` and
   * `idempotencyKey`, which are fields of the row). Removed when a call takes the job.
   */
  request?: { prompt: string } & Record<string, unknown>;
}
