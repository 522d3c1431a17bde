import type { ThumbnailSpec } from '../ports/thumbnail-renderer.js';
import type { VideoAudit } from '../ports/video-record.js';

/** Options of the thumbnail rendered beside a video (`true` uses the defaults). */
export type ThumbnailRequest = ThumbnailSpec;

/**
 * What an app asks for. Validated at the boundary: anything wrong throws
 * `InvalidRequestError` naming the field, before any provider call or ledger write.
 *
 * @example
 * ```ts
 * const request: GenerateVideoRequest = {
 *   prompt: 'A drone shot over Kyiv at dawn',
 *   qualityMode: 'production',
 *   durationSec: 6,
 *   aspectRatio: '9:16',
 *   audit: { actorId: 'user-42', clipId: 'intro' },
 * };
 * ```
 */
export interface GenerateVideoRequest {
  /** What the video shows. 1–4096 characters. */
  prompt: string;
  /** A mode of the presets (`draft`, `draft_i2v`, `production`, `production_i2v` by default). @default presets.defaultQualityMode ('draft') */
  qualityMode?: string;
  /** Starting frame (https URL); makes the job image-to-video and upgrades a text mode to its image mode. */
  imageUrl?: string;
  /** Prompt for a first frame the image provider makes before the video; same upgrade as `imageUrl`. */
  firstFramePrompt?: string;
  /** A video (https URL) to edit (default) or extend, see `operation`. */
  sourceVideoUrl?: string;
  /**
   * Length of `sourceVideoUrl` in seconds, when known: checked against the provider's limits
   * (xAI: edits at most 8.7 s, extensions of 2–15 s) and billed as input video in the estimate.
   * `undefined`: unknown (not checked, not estimated).
   */
  sourceVideoDurationSec?: number;
  /** What to do with `sourceVideoUrl`. Only valid with it. @default 'edit' */
  operation?: 'edit' | 'extend';
  /** Selects the 720p production preset of the requested mode. @default false */
  remaster?: boolean;
  /**
   * Clip length in whole seconds, within the provider's range (1–15 for xAI). For
   * `operation: 'extend'` it is the length of the **added** segment (2–10 s for xAI, default 6).
   * Ignored by edits (the output follows the source).
   * @default presets.defaultDurationSec (8); for extensions the provider's `extendDefaultDurationSec`
   */
  durationSec?: number;
  /**
   * One of the provider's aspect ratios (`16:9`, `9:16`, `1:1`, `4:3`, `3:4`, `3:2`, `2:3` for xAI).
   * When an image starts the video and no ratio is given, none is sent: the video keeps the
   * image's shape (an explicit ratio stretches the image), and the ratio is recorded as unknown.
   * @default presets.defaultAspectRatio ('16:9') for text-to-video
   */
  aspectRatio?: string;
  /**
   * Reference-to-video: https URLs of images whose subjects the video should show (xAI: 1–7,
   * clips of at most 10 s, at most 720p). Not with `imageUrl`, `firstFramePrompt` or `sourceVideoUrl`.
   */
  referenceImageUrls?: string[];
  /** `false` asks for a silent clip, where the provider can (xAI: yes). @default the provider's default (with audio) */
  generateAudio?: boolean;
  /** https URL of the frame the clip should end on, where the model can (xAI: `grok-imagine-video-1.5` only). */
  lastFrameUrl?: string;
  /** Render a thumbnail beside the video. `undefined`/`false`: none. */
  thumbnail?: boolean | ThumbnailRequest;
  /** Who asked and why; stored and indexed in the ledger. */
  audit?: VideoAudit;
  /** A second call with the same key never submits again: it returns or resumes the first job. 1–200 characters. */
  idempotencyKey?: string;
  /** Caller data stored with the ledger row (JSON values). */
  metadata?: Record<string, unknown>;
  /** End-user id forwarded to the provider for abuse monitoring. */
  user?: string;
}
