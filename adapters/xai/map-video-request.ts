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
  user: 'user',
});

/**
 * Maps a port input to the xAI wire request.
 *
 * - `generate`: `POST /videos/generations` with `prompt`, `model`, `duration`,
 *   `aspect_ratio`, `resolution`, `image: { url }` (image-to-video) and `user`.
 * - `edit`: `POST /videos/edits` with `prompt`, `model`, `video: { url }`, `user`; duration,
 *   aspect ratio and resolution are ignored by xAI for edits, so they are not sent and each
 *   becomes an `unsupported` warning.
 * - `extend`: `POST /videos/extensions`, same shape as edits plus `duration` (xAI ignores
 *   aspect ratio and resolution for extensions: warnings).
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
      return {
        path: input.operation === 'edit' ? '/videos/edits' : '/videos/extensions',
        body: {
          ...common,
          // The source video travels as `video: { url }`, mirroring `image: { url }` of
          // image-to-video. The checked reference (shared/reference/xai-api.md) says only
          // "with the source video URL and a prompt" and does not pin the field name; see
          // https://docs.x.ai/docs/guides/video-generation and the API reference
          // https://docs.x.ai/docs/api-reference before changing it.
          video: { url: sourceVideoUrl },
          ...(input.operation === 'extend' && input.durationSec !== undefined ? { duration: input.durationSec } : {}),
          ...user,
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
