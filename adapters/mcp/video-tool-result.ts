import type { FirstFrameInfo, GenerateVideoResult, PlanUpgrade, SubmittedVideo, ThumbnailInfo, VideoPlan, VideoStatus, Warning } from '@ring/video-conductor';

/** Fields every finished result of the video tools carries. */
interface VideoToolResultBase {
  /** The ledger record of the job: pass it to `ring-video-status`. */
  recordId: string;
  /** Video provider id, e.g. `xai`. */
  provider: string;
  model: string;
  /** The effective quality mode, after upgrades. */
  qualityMode: string;
  /** Output resolution, e.g. `720p`. */
  resolution: string;
  operation: 'generate' | 'edit' | 'extend';
  /** What the preset estimated before submit, in USD. */
  estimatedCostUsd: number;
  /** What the provider reported (plus the first frame), in USD; `null` when it reported nothing. */
  actualCostUsd: number | null;
  /** The first frame the video started from; `null` for text-to-video. */
  firstFrame: FirstFrameInfo | null;
  /** The rendered thumbnail; `null` when none was asked for or made. */
  thumbnail: ThumbnailInfo | null;
  /** Hex sha256 of the stored video; `null` when not stored. */
  sha256: string | null;
  /** Size of the stored video in bytes; `null` when not stored. */
  sizeBytes: number | null;
  /** Changes the resolver made to the requested mode, and why. */
  upgrades: PlanUpgrade[];
  /** Ignored fields, a failed persist and other notes. */
  warnings: Warning[];
}

/** A video was made and stored. */
export interface VideoToolSuccess extends VideoToolResultBase {
  success: true;
  status: 'succeeded';
  video: {
    /** Where to read the video; see `urlExpiresAt`. */
    url: string;
    /** When `url` stops working (ISO 8601); `null`: permanent. Ask `ring-video-status` for a fresh one. */
    urlExpiresAt: string | null;
    /** Whether `url` points into the configured storage. */
    persisted: boolean;
    /** The provider's job id. */
    requestId: string;
    /** The ledger record (same as the top-level `recordId`). */
    recordId: string;
    /** Storage key, when persisted. */
    storageKey: string | null;
    contentType: string;
    /** Length of the clip in seconds as the provider reported it; `null` when not reported. */
    durationSec: number | null;
    aspectRatio: string | null;
  };
}

/** Moderation blocked the prompt, the first frame or the output: a normal outcome, not a tool error. */
export interface VideoToolModerated extends VideoToolResultBase {
  success: false;
  status: 'moderated';
  /** The provider's job id; `null` when the first frame was blocked before submit. */
  requestId: string | null;
  /** What the provider said, or a generic sentence. */
  message: string;
  video: null;
}

/**
 * The video was made (and paid for) but storing it failed: it is not stored. An operator stores
 * it with `video-conductor resume <recordId>` (or `conductor.persist`) before the provider's
 * temporary URL expires. The temporary URL itself is not handed out.
 */
export interface VideoToolNotStored extends VideoToolResultBase {
  success: false;
  status: 'persist_failed';
  /** The provider's job id. */
  requestId: string;
  /** Why storing failed, and what to run. */
  message: string;
  video: null;
}

/**
 * What `ring-video-create` (with `wait: true`) and `ring-video-status` (`result`, once the job
 * finished) answer — the fields of the conductor's `GenerateVideoResult`, as plain JSON. Check
 * `success`: `false` means moderation (`status: 'moderated'`) or a video made but not stored
 * (`status: 'persist_failed'`). The provider's temporary URL is never included: it expires at a
 * time the conductor cannot know.
 */
export type VideoToolResult = VideoToolSuccess | VideoToolModerated | VideoToolNotStored;

/** What `ring-video-create` answers with `wait: false`: the job is accepted and running. */
export interface VideoToolSubmitted {
  status: 'submitted';
  /** The ledger record: poll `ring-video-status` with it. */
  recordId: string;
  /** The provider's job id. */
  requestId: string;
  model: string;
  qualityMode: string;
  resolution: string;
  operation: 'generate' | 'edit' | 'extend';
  /** Requested clip length in seconds. */
  durationSec: number;
  /** `null`: unknown (an image starts the video and sets its shape). */
  aspectRatio: string | null;
  /** What the preset estimated, in USD. */
  estimatedCostUsd: number;
  upgrades: PlanUpgrade[];
  warnings: Warning[];
  /** What to do next, for the agent. */
  next: string;
}

/** The JSON form of a conductor result. Fields are copied one by one, so nothing internal slips out. */
export function toVideoToolResult(result: GenerateVideoResult): VideoToolResult {
  const costs = {
    provider: result.provider,
    model: result.model,
    qualityMode: result.qualityMode,
    resolution: result.resolution,
    operation: result.operation,
    estimatedCostUsd: result.estimatedCostUsd,
    actualCostUsd: result.actualCostUsd,
    firstFrame: result.firstFrame,
  };
  const notes = { upgrades: result.upgrades, warnings: result.warnings };
  if (!result.success && result.status === 'persist_failed') {
    return {
      success: false,
      status: 'persist_failed',
      recordId: result.recordId,
      requestId: result.requestId,
      message: `The video was made but not stored; an operator stores it with: video-conductor resume ${result.recordId}`,
      video: null,
      ...costs,
      thumbnail: null,
      sha256: null,
      sizeBytes: null,
      ...notes,
    };
  }
  if (!result.success) {
    return {
      success: false,
      status: 'moderated',
      recordId: result.recordId,
      requestId: result.requestId,
      message: result.message,
      video: null,
      ...costs,
      thumbnail: null,
      sha256: null,
      sizeBytes: null,
      ...notes,
    };
  }
  const { video } = result;
  return {
    success: true,
    status: result.status,
    recordId: result.recordId,
    video: {
      url: video.url,
      urlExpiresAt: video.urlExpiresAt,
      persisted: video.persisted,
      requestId: video.requestId,
      recordId: video.recordId,
      storageKey: video.storageKey,
      contentType: video.contentType,
      durationSec: video.durationSec,
      aspectRatio: video.aspectRatio,
    },
    sha256: result.sha256,
    sizeBytes: result.sizeBytes,
    ...costs,
    thumbnail: result.thumbnail,
    ...notes,
  };
}

/** The JSON form of a `conductor.submit` answer. */
export function toVideoToolSubmitted(submitted: SubmittedVideo): VideoToolSubmitted {
  const { plan } = submitted;
  return {
    status: 'submitted',
    recordId: submitted.recordId,
    requestId: submitted.requestId,
    model: plan.model,
    qualityMode: plan.qualityMode,
    resolution: plan.resolution,
    operation: plan.operation,
    durationSec: plan.durationSec,
    aspectRatio: plan.aspectRatio,
    estimatedCostUsd: plan.estimatedCostUsd,
    upgrades: plan.upgrades,
    warnings: submitted.warnings,
    next: `The job is running. Call ring-video-status with recordId "${submitted.recordId}" until its status is succeeded (or another final status).`,
  };
}

/** The answer of `ring-video-create` with `wait: false` when a queue is configured. */
export interface VideoToolQueued {
  status: 'queued' | VideoStatus;
  /** Whether this call queued the job (`false`: it was already queued, running or finished). */
  queued: boolean;
  /** The ledger row once a worker has taken the job; `null` before. */
  recordId: string | null;
  jobId: string | null;
  idempotencyKey: string;
  model: string;
  qualityMode: string;
  durationSec: number;
  estimatedCostUsd: number;
  next: string;
}

/** Turns a queue's `enqueue` answer into the tool's JSON answer. */
export function toVideoToolQueued(enqueued: { recordId: string | null; jobId: string | null; idempotencyKey: string; plan: VideoPlan; created: boolean; status: VideoStatus | null }): VideoToolQueued {
  return {
    status: enqueued.status ?? 'queued',
    queued: enqueued.created,
    recordId: enqueued.recordId,
    jobId: enqueued.jobId,
    idempotencyKey: enqueued.idempotencyKey,
    model: enqueued.plan.model,
    qualityMode: enqueued.plan.qualityMode,
    durationSec: enqueued.plan.durationSec,
    estimatedCostUsd: enqueued.plan.estimatedCostUsd,
    next: `The job is queued and survives this server. Call ring-video-status with ${enqueued.recordId === null ? `idempotencyKey "${enqueued.idempotencyKey}"` : `recordId "${enqueued.recordId}"`} until its status is succeeded (or another final status).`,
  };
}
