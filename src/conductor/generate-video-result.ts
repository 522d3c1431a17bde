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

/** A video was made. */
export interface GenerateVideoSuccess extends GenerateVideoResultBase {
  success: true;
  /** `persist_failed` when the video could not be stored: `video.url` is then the temporary provider URL. */
  status: 'succeeded' | 'persist_failed';
  video: {
    /** The permanent storage URL when persisted, else the provider's temporary URL. */
    url: string;
    /** The provider's download URL (temporary: it expires). */
    temporaryUrl: string | null;
    /** Whether `url` points into your storage. */
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
 * What `generate` and `resume` return. Check `success`: `false` means moderation. Every
 * other failure throws a `VideoConductorError` after the ledger row was updated.
 */
export type GenerateVideoResult = GenerateVideoSuccess | GenerateVideoModerated;
