import type { VideoOperation } from '../ports/video-provider.js';
import type { Warning } from '../ports/warning.js';

/** A change the resolver made to the requested quality mode. */
export interface PlanUpgrade {
  from: string;
  to: string;
  /** `image`: an image source needs an image-to-video mode; `remaster`: `remaster: true` asked for 720p. */
  reason: 'image' | 'remaster';
  /** The same, in a sentence. */
  detail: string;
}

/** What a request resolves to, before anything is spent. Plain JSON. */
export interface VideoPlan {
  /** Provider id of the presets, e.g. `xai`. */
  provider: string;
  /** The mode the request asked for (or the default). */
  requestedQualityMode: string;
  /** The mode that will be used, after upgrades. */
  qualityMode: string;
  model: string;
  resolution: string;
  operation: VideoOperation;
  prompt: string;
  /** Clip length in seconds; for extensions the length of the added segment; for edits not sent. */
  durationSec: number;
  /** Aspect ratio sent to the provider; `null` when an image starts the video and none was asked (it keeps the image's shape). */
  aspectRatio: string | null;
  /**
   * The image the video starts from, discriminated by `source`:
   * - `none`: text-to-video, an edit or an extension;
   * - `image-url`: the request's `imageUrl` (an https URL), sent as it is;
   * - `first-frame-prompt`: a first frame is generated from `prompt` with the image `model`
   *   (the presets' `firstFrame.model`) before the video is submitted.
   *
   * @example
   * ```ts
   * if (plan.image.source === 'first-frame-prompt') console.log(plan.image.prompt, plan.image.model);
   * ```
   */
  image:
    | { source: 'none' }
    | { source: 'image-url'; url: string }
    | { source: 'first-frame-prompt'; prompt: string; model: string };
  sourceVideoUrl?: string;
  /** Length of the source video in seconds, when the request gave it. */
  sourceVideoDurationSec?: number;
  /** Reference-to-video images (https URLs). */
  referenceImageUrls?: string[];
  /** `false`: a silent clip was asked. `undefined`: the provider's default. */
  generateAudio?: boolean;
  /** The frame the clip should end on (https URL). */
  lastFrameUrl?: string;
  /** End-user id forwarded to the provider. */
  user?: string;
  /** Estimated cost in USD: video seconds × rate, plus the first frame, plus input surcharges of known size. */
  estimatedCostUsd: number;
  cost: {
    /** USD per second of the effective mode. */
    usdPerSecond: number;
    /** duration × rate, in USD. */
    videoUsd: number;
    /** The first frame, in USD (0 without one). */
    firstFrameUsd: number;
    /** Inputs billed by the provider, in USD: input images and seconds of input video, where known (0 without). */
    inputUsd: number;
  };
  upgrades: PlanUpgrade[];
  /** Request fields the operation ignores, and other notes. */
  warnings: Warning[];
}
