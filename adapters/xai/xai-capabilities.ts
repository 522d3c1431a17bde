import type { VideoProviderCapabilities } from '@ring/video-conductor';

/**
 * What the xAI video API can do, as data: the conductor refuses impossible requests with
 * these before any money is spent. xAI has no cancel endpoint.
 *
 * @see https://docs.x.ai/docs/guides/video-generation
 * @example
 * ```ts
 * import { xaiVideoCapabilities } from '@ring/video-conductor/xai';
 * xaiVideoCapabilities.durations; // { min: 1, max: 15 }
 * ```
 */
export const xaiVideoCapabilities: VideoProviderCapabilities = Object.freeze({
  textToVideo: true,
  imageToVideo: true,
  edit: true,
  extend: true,
  cancel: false,
  durations: Object.freeze({ min: 1, max: 15 }),
  resolutions: Object.freeze(['480p', '720p']),
  aspectRatios: Object.freeze(['1:1', '16:9', '9:16', '4:3', '3:4', '3:2', '2:3']),
});
