import { InvalidRequestError, type ProviderVideoInput, type Warning } from '@ring/video-conductor';

/** The wire request for one video job. */
export interface XaiVideoWireRequest {
  /** Path below the base URL. */
  path: '/videos/generations' | '/videos/edits' | '/videos/extensions';
  body: Record<string, unknown>;
  /** Fields of the input this mode ignores (not sent). */
  warnings: Warning[];
}

/** xAI's video body fields and the port fields they come from (to name the field of a 400/422). */
export const videoFieldNames: Readonly<Record<string, string>> = Object.freeze({
  prompt: 'prompt',
  model: 'model',
  duration: 'durationSec',
  aspect_ratio: 'aspectRatio',
  resolution: 'resolution',
  image: 'imageUrl',
  video: 'sourceVideoUrl',
  reference_images: 'referenceImageUrls',
  generate_audio: 'generateAudio',
  last_frame: 'lastFrameUrl',
  user: 'user',
});

/**
 * Maps a port input to the xAI wire request (each field is a row of `docs/providers/xai.md`).
 *
 * - `generate`: `POST /videos/generations` with `prompt`, `model`, `duration`,
 *   `aspect_ratio` (only when given: an image-to-video without one keeps the image's shape),
 *   `resolution`, `image: { url }` (image-to-video), `reference_images: [{ url }]`,
 *   `generate_audio`, `last_frame: { url }` and `user`.
 * - `edit`: `POST /videos/edits` with `prompt`, `model`, `video: { url }`, `user`; duration,
 *   aspect ratio and resolution are ignored by xAI for edits, so they are not sent and each
 *   becomes an `unsupported` warning.
 * - `extend`: `POST /videos/extensions` with `prompt`, `model`, `video: { url }` and
 *   `duration` — the length of the **added** segment (xAI: 2–10 s, default 6). No `user`
 *   (neither the AI SDK nor the Python SDK sends it there); aspect ratio and resolution are
 *   ignored (warnings).
 *
 * Rejects (before anything is sent) an edit or extension without `sourceVideoUrl`, and a
 * non-integer duration (xAI takes whole seconds).
 */
export function mapVideoRequest(input: ProviderVideoInput): XaiVideoWireRequest {
  const warnings: Warning[] = [];
  const ignore = (field: keyof ProviderVideoInput, detail: string) => {
    if (input[field] !== undefined) warnings.push({ type: 'unsupported', field, detail });
  };

  if (input.durationSec !== undefined && !Number.isInteger(input.durationSec)) {
    throw new InvalidRequestError(`durationSec must be a whole number of seconds for xAI, got ${input.durationSec}.`, {
      field: 'durationSec',
      provider: 'xai',
    });
  }
  const common: Record<string, unknown> = { model: input.model, prompt: input.prompt };
  const user = input.user === undefined ? {} : { user: input.user };
  const generateOnly = (mode: string) => {
    ignore('referenceImageUrls', `xAI video ${mode} take no reference images; they are not sent.`);
    ignore('lastFrameUrl', `xAI video ${mode} take no last frame; it is not sent.`);
    ignore('generateAudio', `xAI video ${mode} take no audio toggle; it is not sent.`);
  };

  switch (input.operation) {
    case 'generate': {
      ignore('sourceVideoUrl', 'xAI text-to-video and image-to-video take no source video; use operation "edit" or "extend".');
      return {
        path: '/videos/generations',
        body: {
          ...common,
          ...(input.durationSec === undefined ? {} : { duration: input.durationSec }),
          ...(input.aspectRatio === undefined ? {} : { aspect_ratio: input.aspectRatio }),
          ...(input.resolution === undefined ? {} : { resolution: input.resolution }),
          ...(input.imageUrl === undefined ? {} : { image: { url: input.imageUrl } }),
          ...(input.referenceImageUrls === undefined ? {} : { reference_images: input.referenceImageUrls.map((url) => ({ url })) }),
          ...(input.generateAudio === undefined ? {} : { generate_audio: input.generateAudio }),
          ...(input.lastFrameUrl === undefined ? {} : { last_frame: { url: input.lastFrameUrl } }),
          ...user,
        },
        warnings,
      };
    }
    case 'edit':
    case 'extend': {
      const sourceVideoUrl = requireSourceVideo(input);
      const mode = input.operation === 'edit' ? 'edits' : 'extensions';
      if (input.operation === 'edit') {
        ignore('durationSec', 'xAI ignores duration for video edits; it is not sent.');
      }
      ignore('aspectRatio', `xAI ignores aspect ratio for video ${mode}; it is not sent.`);
      ignore('resolution', `xAI ignores resolution for video ${mode}; it is not sent.`);
      ignore('imageUrl', `xAI video ${mode} take no starting image; imageUrl is not sent.`);
      generateOnly(mode);
      if (input.operation === 'extend') ignore('user', 'xAI video extensions take no user (neither the AI SDK nor the Python SDK sends it); it is not sent.');
      return {
        path: input.operation === 'edit' ? '/videos/edits' : '/videos/extensions',
        body: {
          ...common,
          // The source video travels as `video: { url }` for edits and extensions
          // (docs/providers/xai.md, row "source video").
          video: { url: sourceVideoUrl },
          ...(input.operation === 'extend' && input.durationSec !== undefined ? { duration: input.durationSec } : {}),
          ...(input.operation === 'edit' ? user : {}),
        },
        warnings,
      };
    }
    default:
      throw new InvalidRequestError(`Unknown video operation "${String((input as { operation: unknown }).operation)}".`, {
        field: 'operation',
        provider: 'xai',
      });
  }
}

function requireSourceVideo(input: ProviderVideoInput): string {
  if (typeof input.sourceVideoUrl !== 'string' || input.sourceVideoUrl === '') {
    throw new InvalidRequestError(`sourceVideoUrl is required for operation "${input.operation}".`, {
      field: 'sourceVideoUrl',
      provider: 'xai',
    });
  }
  return input.sourceVideoUrl;
}
