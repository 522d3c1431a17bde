import type { ImageGenerationInput } from '@ring/video-conductor';
import { xaiDefaultImageModelId } from './xai-model-ids.js';

/** xAI's image body fields and the port fields they come from. */
export const imageFieldNames: Readonly<Record<string, string>> = Object.freeze({
  prompt: 'prompt',
  model: 'model',
  aspect_ratio: 'aspectRatio',
});

/**
 * Maps a port input to the body of `POST /images/generations`: one image (`n: 1`), the
 * requested `response_format`, and `aspect_ratio` when given.
 */
export function mapImageRequest(
  input: ImageGenerationInput,
  responseFormat: 'url' | 'b64_json',
): Record<string, unknown> {
  return {
    model: input.model ?? xaiDefaultImageModelId,
    prompt: input.prompt,
    n: 1,
    response_format: responseFormat,
    ...(input.aspectRatio === undefined ? {} : { aspect_ratio: input.aspectRatio }),
  };
}
