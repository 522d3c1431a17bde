import { InvalidRequestError, UnsupportedCapabilityError, type ProviderVideoInput, type Warning } from '@ring/video-conductor';
import type { ImageToVideoCreateParams, TextToVideoCreateParams } from '@runwayml/sdk/resources';
import { runwayVideoModelIds, runwayVideoRatios, type RunwayVideoModelId } from './runway-capabilities.js';

/** Longest `promptText`, in UTF-16 code units (`@runwayml/sdk` 4.20.1, gen4.5 and gen4_turbo). */
const runwayMaxPromptLength = 1000;
/** Clip length sent when the input names none, in seconds (gen4.5 requires one). */
export const runwayDefaultDurationSec = 5;
/** Pixel ratio sent for image-to-video when the input names no aspect ratio (Runway requires one). */
const defaultImageRatio = '1280:720';

/** A create call, ready for the SDK: which endpoint and its body. */
export type RunwayVideoRequest =
  | { endpoint: 'text_to_video'; body: TextToVideoCreateParams.Gen4_5; warnings: Warning[] }
  | { endpoint: 'image_to_video'; body: ImageToVideoCreateParams.Gen4_5 | ImageToVideoCreateParams.Gen4Turbo; warnings: Warning[] };

const invalid = (message: string, field: string) => new InvalidRequestError(`Invalid Runway video request: ${message}`, { field, provider: 'runway' });

/**
 * Maps a port input to a Runway create body — before any network call, so every refusal
 * costs nothing:
 *
 * - no image → `POST /v1/text_to_video` (`gen4.5` only); an image → `POST /v1/image_to_video`
 *   with `promptImage` (`gen4.5`, `gen4_turbo`);
 * - `aspectRatio` `W:H` → Runway's pixel `ratio` (see `runwayVideoRatios`); one with no pixel
 *   ratio for this model and mode is an `InvalidRequestError` naming `aspectRatio`;
 * - `durationSec` must be a whole number of 2–10 s (default 5);
 * - edits, extensions, reference images and a last frame are `UnsupportedCapabilityError`s
 *   (ignoring them would give a wrong video); `resolution` other than 720p, audio on and
 *   `user` become `unsupported` warnings.
 *
 * @see https://docs.dev.runwayml.com/api/#tag/Start-generating/paths/~1v1~1text_to_video/post
 */
export function mapVideoRequest(input: ProviderVideoInput): RunwayVideoRequest {
  if (input.operation !== 'generate') {
    throw new UnsupportedCapabilityError(`Runway cannot ${input.operation} videos through this adapter`, {
      field: 'operation',
      capability: input.operation,
      provider: 'runway',
    });
  }
  if (input.referenceImageUrls !== undefined && input.referenceImageUrls.length > 0) {
    throw new UnsupportedCapabilityError('Runway gen4.5 and gen4_turbo take no reference images; remove referenceImageUrls', {
      field: 'referenceImageUrls',
      capability: 'referenceImages',
      provider: 'runway',
    });
  }
  if (input.lastFrameUrl !== undefined) {
    throw new UnsupportedCapabilityError('Runway gen4.5 and gen4_turbo take no last frame; remove lastFrameUrl', {
      field: 'lastFrameUrl',
      capability: 'lastFrame',
      provider: 'runway',
    });
  }
  const model = input.model as RunwayVideoModelId;
  if (!runwayVideoModelIds.includes(model)) {
    throw invalid(`model must be one of ${runwayVideoModelIds.join(', ')}, got ${JSON.stringify(input.model)}`, 'model');
  }
  const prompt = typeof input.prompt === 'string' ? input.prompt.trim() : '';
  if (prompt.length > runwayMaxPromptLength) throw invalid(`prompt must be at most ${runwayMaxPromptLength} characters, got ${prompt.length}`, 'prompt');
  const duration = input.durationSec ?? runwayDefaultDurationSec;
  if (!Number.isInteger(duration) || duration < 2 || duration > 10) {
    throw invalid(`durationSec must be a whole number from 2 to 10, got ${String(input.durationSec)}`, 'durationSec');
  }
  const warnings = ignoredFields(input);
  const hasImage = input.imageUrl !== undefined;

  if (!hasImage) {
    if (model !== 'gen4.5') throw invalid(`${model} needs a promptImage: give imageUrl (image-to-video)`, 'imageUrl');
    if (prompt === '') throw invalid('prompt must not be empty for text-to-video', 'prompt');
    const ratio = ratioOf(input.aspectRatio ?? '16:9', runwayVideoRatios.textToVideo, 'text-to-video');
    return { endpoint: 'text_to_video', body: { model, promptText: prompt, ratio, duration } as TextToVideoCreateParams.Gen4_5, warnings };
  }

  let ratio = defaultImageRatio;
  if (input.aspectRatio === undefined) {
    warnings.push({
      type: 'other',
      message: `Runway needs an output ratio for image-to-video and none was given: ${defaultImageRatio} (16:9) was sent; pass aspectRatio to match the image`,
    });
  } else {
    ratio = ratioOf(input.aspectRatio, runwayVideoRatios.imageToVideo, 'image-to-video');
  }
  const promptImage = input.imageUrl!;
  if (model === 'gen4.5') {
    if (prompt === '') throw invalid('prompt must not be empty for gen4.5', 'prompt');
    return { endpoint: 'image_to_video', body: { model, promptImage, promptText: prompt, ratio, duration } as ImageToVideoCreateParams.Gen4_5, warnings };
  }
  return {
    endpoint: 'image_to_video',
    body: { model, promptImage, ratio, duration, ...(prompt === '' ? {} : { promptText: prompt }) } as ImageToVideoCreateParams.Gen4Turbo,
    warnings,
  };
}

/** The pixel ratio of `aspectRatio` (a `W:H` ratio, or one of the pixel ratios itself). */
function ratioOf(aspectRatio: string, ratios: Readonly<Record<string, string>>, mode: string): string {
  const mapped = ratios[aspectRatio] ?? (Object.values(ratios).includes(aspectRatio) ? aspectRatio : undefined);
  if (mapped === undefined) {
    throw invalid(`aspectRatio ${JSON.stringify(aspectRatio)} has no Runway ratio for ${mode}; allowed: ${Object.keys(ratios).join(', ')}`, 'aspectRatio');
  }
  return mapped;
}

/** Fields valid for the port that Runway's gen4 models do not take. */
function ignoredFields(input: ProviderVideoInput): Warning[] {
  const warnings: Warning[] = [];
  if (input.resolution !== undefined && input.resolution !== '720p') {
    warnings.push({ type: 'unsupported', field: 'resolution', detail: `Runway renders these models at 720p; ${input.resolution} was not sent` });
  }
  if (input.generateAudio === true) {
    warnings.push({ type: 'unsupported', field: 'generateAudio', detail: 'gen4.5 and gen4_turbo make silent clips' });
  }
  if (input.user !== undefined) {
    warnings.push({ type: 'unsupported', field: 'user', detail: 'Runway takes no end-user id' });
  }
  return warnings;
}
