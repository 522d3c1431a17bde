import type { VideoProviderCapabilities } from '@ring/video-conductor';

/**
 * What the xAI video API can do, as data: the conductor refuses impossible requests with
 * these before any money is spent. xAI has no cancel endpoint. Each limit, with its public
 * source, is a row of the truth table in `docs/providers/xai.md`.
 *
 * - text/image-to-video: 1–15 s; `grok-imagine-video` renders 480p/720p, `grok-imagine-video-1.5` also 1080p;
 * - extensions add 2–10 s (default 6) to a source of 2–15 s; edits take a source of at most
 *   8.7 s and render at most 720p;
 * - reference-to-video: 1–7 images, at most 10 s, at most 720p;
 * - `generate_audio: false` turns the soundtrack off; `last_frame` is `grok-imagine-video-1.5` only.
 *
 * @see https://docs.x.ai/docs/guides/video-generation
 * @example
 * ```ts
 * import { xaiVideoCapabilities } from '@ring/video-conductor/xai';
 * xaiVideoCapabilities.durations; // { min: 1, max: 15 }
 * xaiVideoCapabilities.extendDurations; // { min: 2, max: 10 }
 * ```
 */
export const xaiVideoCapabilities: VideoProviderCapabilities = Object.freeze({
  textToVideo: true,
  imageToVideo: true,
  edit: true,
  extend: true,
  cancel: false,
  durations: Object.freeze({ min: 1, max: 15 }),
  resolutions: Object.freeze(['480p', '720p', '1080p']),
  aspectRatios: Object.freeze(['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3']),
  modelResolutions: Object.freeze({
    'grok-imagine-video': Object.freeze(['480p', '720p']),
    'grok-imagine-video-1.5': Object.freeze(['480p', '720p', '1080p']),
  }),
  extendDurations: Object.freeze({ min: 2, max: 10 }),
  extendDefaultDurationSec: 6,
  extendSourceDurations: Object.freeze({ min: 2, max: 15 }),
  editMaxSourceDurationSec: 8.7,
  editResolutions: Object.freeze(['480p', '720p']),
  referenceImages: Object.freeze({ min: 1, max: 7, maxDurationSec: 10, resolutions: Object.freeze(['480p', '720p']) }),
  audioToggle: true,
  lastFrameModels: Object.freeze(['grok-imagine-video-1.5']),
});
