import type { PlanUpgrade } from '../plan/video-plan.js';
import type { VideoOperation } from '../ports/video-provider.js';
import type { FirstFrameInfo, ThumbnailInfo } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';

/** Fields every result carries. */
interface GenerateVideoResultBase {
  /** The ledger row of the job. */
  recordId: string;
  /** Provider id, e.g. `xai`. */
  provider: string;
  model: string;
  /** The effective quality mode, after upgrades. */
  qualityMode: string;
  resolution: string;
  operation: VideoOperation;
  /** What the preset estimated before submit, in USD. */
  estimatedCostUsd: number;
  /** What the provider reported (plus the first frame), in USD; `null` when it reported nothing. */
  actualCostUsd: number | null;
  firstFrame: FirstFrameInfo | null;
  /** Changes the resolver made to the requested mode, and why. */
  upgrades: PlanUpgrade[];
  /** Ignored fields, a failed persist and other notes. */
  warnings: Warning[];
}

/** A video was made and stored (or, without a storage configured, left at the provider). */
export interface GenerateVideoSuccess extends GenerateVideoResultBase {
  success: true;
  status: 'succeeded';
  video: {
    /**
     * Where to read the video: your storage's URL when `persisted`, else (no storage configured)
     * the provider's temporary URL. See `urlExpiresAt`.
     */
    url: string;
    /**
     * When `url` stops working (ISO 8601), or `null` when it is permanent (a public base URL,
     * `file://`). Storages with expiring URLs (presigned S3) get a fresh `url` minted on every
     * `get`, `resume`, `persist` and `url(recordId)`; the ledger keeps the key, not the URL.
     */
    urlExpiresAt: string | null;
    /** The provider's download URL (temporary: it expires). */
    temporaryUrl: string | null;
    /** Whether `url` points into your storage (`false` only when the conductor has no storage). */
    persisted: boolean;
    /** The provider's job id. */
    requestId: string;
    /** The ledger row. */
    recordId: string;
    /** Storage key, when persisted. */
    storageKey: string | null;
    contentType: string;
    /** Length of the clip in seconds as reported by the provider; `null` when not reported. */
    durationSec: number | null;
    aspectRatio: string | null;
  };
  thumbnail: ThumbnailInfo | null;
  /** Hex sha256 of the stored bytes; `null` when not persisted. */
  sha256: string | null;
  /** Size of the stored video in bytes; `null` when not persisted. */
  sizeBytes: number | null;
}

/** Moderation blocked the prompt, the first frame or the output: a normal outcome, not an exception. */
export interface GenerateVideoModerated extends GenerateVideoResultBase {
  success: false;
  status: 'moderated';
  /** The provider's job id; `null` when the first frame was blocked before submit. */
  requestId: string | null;
  /** What the provider said, or a generic sentence. */
  message: string;
  video: null;
}

/**
 * The video was made — and paid for — but storing it failed: it is **not** in your storage.
 * The row is `persist_failed` and keeps the provider's temporary URL; `persist(recordId)` (or
 * `resume`) stores it, before that URL expires.
 */
export interface GenerateVideoNotStored extends GenerateVideoResultBase {
  success: false;
  status: 'persist_failed';
  /** The provider's job id. */
  requestId: string;
  /** The provider's temporary download URL (it expires, often within hours); `null` if unknown. */
  temporaryUrl: string | null;
  /** Why storing failed, and what to call. */
  message: string;
  video: null;
}

/**
 * What `generate`, `resume` and `persist` return. Check `success`: `true` means the video is
 * stored. `false` is an outcome, not an exception — `status` says which: `moderated`
 * (moderation blocked it) or `persist_failed` (made and paid for, not stored: call
 * `persist(recordId)`). Every other failure throws a `VideoConductorError` after the ledger
 * row was updated.
 *
 * @example
 * ```ts
 * const result = await conductor.generate({ prompt: 'A fox in the snow' });
 * if (result.success) console.log(result.video.url);
 * else if (result.status === 'persist_failed') await conductor.persist(result.recordId);
 * else console.log('moderated:', result.message);
 * ```
 */
export type GenerateVideoResult = GenerateVideoSuccess | GenerateVideoModerated | GenerateVideoNotStored;
