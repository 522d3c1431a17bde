import type { VideoProviderCapabilities } from '@ring/video-conductor';

/**
 * What the bridge declares when the options say nothing else. The AI SDK's video model
 * interface does not describe a model's limits, so the defaults are permissive and the
 * model itself rejects what it cannot do (as `InvalidRequestError` from its HTTP 400):
 *
 * - `textToVideo`, `imageToVideo`: `true`;
 * - `edit`, `extend`: `false` — the interface has no source-video field; enable them only
 *   with a `providerOptions` function that passes `sourceVideoUrl` the model's way;
 * - `cancel`: `false` — the interface has no cancel call (and the bridge refuses `true`);
 * - `durations`: 1–60 s;
 * - `resolutions`: `360p` … `2160p` (sent as 16:9 `{width}x{height}`, see `mapResolution`);
 * - `aspectRatios`: the common landscape, portrait and square ratios.
 *
 * Narrow them with the `capabilities` option so the conductor refuses impossible requests
 * before any money is spent.
 *
 * @example
 * ```ts
 * import { aiSdkDefaultCapabilities, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
 *
 * const provider = fromAiSdkVideoModel(model, { capabilities: { durations: { min: 4, max: 8 }, resolutions: ['720p', '1080p'] } });
 * aiSdkDefaultCapabilities.durations; // { min: 1, max: 60 }
 * ```
 */
export const aiSdkDefaultCapabilities: VideoProviderCapabilities = Object.freeze({
  textToVideo: true,
  imageToVideo: true,
  edit: false,
  extend: false,
  cancel: false,
  durations: Object.freeze({ min: 1, max: 60 }),
  resolutions: Object.freeze(['360p', '480p', '540p', '720p', '1080p', '1440p', '2160p']),
  aspectRatios: Object.freeze(['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3', '21:9', '9:21', '4:5', '5:4']),
});
