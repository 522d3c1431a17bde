import type { VideoProviderCapabilities } from '@ring/video-conductor';

/**
 * The Runway video models this adapter maps: `gen4.5` (text-to-video and image-to-video)
 * and `gen4_turbo` (image-to-video only: it needs a `promptImage`).
 *
 * @example
 * ```ts
 * runwayVideoModelIds.includes('gen4_turbo'); // true
 * ```
 */
export const runwayVideoModelIds = Object.freeze(['gen4.5', 'gen4_turbo'] as const);

/**
 * A model id of {@link runwayVideoModelIds}.
 *
 * @example
 * ```ts
 * const model: RunwayVideoModelId = 'gen4.5';
 * ```
 */
export type RunwayVideoModelId = (typeof runwayVideoModelIds)[number];

/**
 * `W:H` aspect ratio → the pixel ratio Runway takes, for text-to-video (`gen4.5`:
 * `1280:720 | 720:1280` only) and image-to-video (`gen4.5` and `gen4_turbo`: six ratios).
 * From `TextToVideoCreateParams.Gen4_5.ratio` and `ImageToVideoCreateParams.Gen4_5.ratio` /
 * `Gen4Turbo.ratio` of `@runwayml/sdk` 4.20.1.
 *
 * @example
 * ```ts
 * runwayVideoRatios.imageToVideo['1:1']; // '960:960'
 * runwayVideoRatios.textToVideo['1:1'];  // undefined: gen4.5 text-to-video has no square output
 * ```
 */
export const runwayVideoRatios = Object.freeze({
  textToVideo: Object.freeze({ '16:9': '1280:720', '9:16': '720:1280' }) as Readonly<Record<string, string>>,
  imageToVideo: Object.freeze({
    '16:9': '1280:720',
    '9:16': '720:1280',
    '4:3': '1104:832',
    '3:4': '832:1104',
    '1:1': '960:960',
    '21:9': '1584:672',
  }) as Readonly<Record<string, string>>,
});

/**
 * What the Runway video API can do through this adapter, as data: the conductor refuses
 * impossible requests with these before any money is spent. Each limit, with its source, is
 * a row of the truth table in `docs/providers/runway.md`.
 *
 * - text-to-video (`gen4.5`) and image-to-video (`gen4.5`, `gen4_turbo`); no edit or
 *   extension through this adapter;
 * - 2–10 s, whole seconds; 720p outputs (the pixel ratios above are all 720p-class);
 * - text-to-video in 16:9 and 9:16 only; image-to-video also in 4:3, 3:4, 1:1 and 21:9;
 * - silent clips only (`generateAudio: false` is always met; `true` gives a warning);
 * - tasks can be cancelled (`DELETE /v1/tasks/{id}`).
 *
 * @see https://docs.dev.runwayml.com/api/
 * @example
 * ```ts
 * import { runwayVideoCapabilities } from '@ring/video-conductor/runway';
 * runwayVideoCapabilities.durations; // { min: 2, max: 10 }
 * runwayVideoCapabilities.cancel;    // true
 * ```
 */
export const runwayVideoCapabilities: VideoProviderCapabilities = Object.freeze({
  textToVideo: true,
  imageToVideo: true,
  edit: false,
  extend: false,
  cancel: true,
  durations: Object.freeze({ min: 2, max: 10 }),
  resolutions: Object.freeze(['720p']),
  aspectRatios: Object.freeze(Object.keys(runwayVideoRatios.textToVideo)),
  imageToVideoAspectRatios: Object.freeze(Object.keys(runwayVideoRatios.imageToVideo)),
  // gen4.5 and gen4_turbo make silent clips: asking for no audio is always met.
  audioToggle: true,
});
