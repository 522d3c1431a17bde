import {
  InvalidRequestError,
  UnsupportedCapabilityError,
  type ProviderVideoInput,
  type VideoProviderCapabilities,
  type Warning,
} from '@ring/video-conductor';
import type { SharedV4ProviderOptions, VideoModelV4CallOptions, VideoModelV4File } from './ai-sdk-types.js';
import type { FromAiSdkVideoModelOptions } from './from-ai-sdk-video-model-options.js';
import { parseDataUrl } from './parse-data-url.js';
import type { AiSdkProviderProfile } from './provider-profile.js';

/** What {@link toAiSdkCallOptions} needs besides the job. */
export interface CallOptionsContext {
  provider: string;
  modelId: string;
  capabilities: VideoProviderCapabilities;
  providerOptions: FromAiSdkVideoModelOptions['providerOptions'];
  mapResolution: NonNullable<FromAiSdkVideoModelOptions['mapResolution']>;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  /** Where this provider takes the port's fields (see `profiles/`). */
  profile: AiSdkProviderProfile;
}

/**
 * Maps a job to the AI SDK's `doStart` options, as `experimental_generateVideo` would build
 * them from `{ prompt: { text, image }, duration, aspectRatio, resolution }` with `n: 1`:
 *
 * - `durationSec` → `duration`; `aspectRatio` → `aspectRatio` (`W:H` only);
 *   `resolution` → `mapResolution(resolution, aspectRatio)` (`720p` → `1280x720`);
 * - `imageUrl` → `image`: `{ type: 'url', url }` for `http(s)`, `{ type: 'file', mediaType,
 *   data }` (bytes) for a `data:` URL;
 * - `providerOptions` from the bridge's option (called with the job when it is a function).
 *
 * The provider's profile then moves fields where its package reads them (fal: resolution into
 * `providerOptions.fal.resolution`) or drops what it would refuse, with a warning.
 *
 * What the interface cannot carry becomes an `unsupported` warning: a resolution or aspect
 * ratio in another format, `user` (unless `providerOptions` is a function, which may pass
 * it), a `sourceVideoUrl` on a `generate` job, a `model` other than the bridged model's.
 *
 * @throws UnsupportedCapabilityError for an operation the capabilities exclude.
 * @throws InvalidRequestError (field `imageUrl`) for an image URL that is neither `http(s)` nor `data:`.
 */
export function toAiSdkCallOptions(
  input: ProviderVideoInput,
  context: CallOptionsContext,
): { callOptions: VideoModelV4CallOptions; warnings: Warning[] } {
  const { provider, capabilities } = context;
  const warnings: Warning[] = [];
  checkOperation(input, capabilities, provider);

  if (input.model !== undefined && input.model !== '' && input.model !== context.modelId) {
    warnings.push({
      type: 'unsupported',
      field: 'model',
      detail: `the bridge always uses the AI SDK model it wraps ("${context.modelId}"), not "${input.model}"`,
    });
  }
  if (input.operation === 'generate' && input.sourceVideoUrl !== undefined) {
    warnings.push({ type: 'unsupported', field: 'sourceVideoUrl', detail: 'a generate job does not use a source video' });
  }

  let aspectRatio: VideoModelV4CallOptions['aspectRatio'];
  if (input.aspectRatio !== undefined) {
    if (/^\d+:\d+$/.test(input.aspectRatio) || input.aspectRatio === 'adaptive') {
      aspectRatio = input.aspectRatio as VideoModelV4CallOptions['aspectRatio'];
    } else {
      warnings.push({ type: 'unsupported', field: 'aspectRatio', detail: `"${input.aspectRatio}" is not in the AI SDK's {width}:{height} format` });
    }
  }

  const mapped = input.resolution === undefined ? undefined : context.mapResolution(input.resolution, input.aspectRatio);
  const placed = context.profile.placeOptions(input, mapped);
  if (input.resolution !== undefined && mapped === undefined && placed.providerOptions === undefined) {
    warnings.push({ type: 'unsupported', field: 'resolution', detail: `"${input.resolution}" has no {width}x{height} equivalent; the model's default is used` });
  }
  warnings.push(...placed.warnings);

  const dynamicOptions = typeof context.providerOptions === 'function';
  if (input.user !== undefined && !dynamicOptions) {
    warnings.push({
      type: 'unsupported',
      field: 'user',
      detail: 'the AI SDK has no end-user field; pass it through a providerOptions function',
    });
  }
  const callerOptions: SharedV4ProviderOptions =
    typeof context.providerOptions === 'function' ? context.providerOptions(input) : (context.providerOptions ?? {});
  // The profile's placements first, the caller's own options over them.
  const providerOptions: SharedV4ProviderOptions = { ...callerOptions };
  for (const [key, values] of Object.entries(placed.providerOptions ?? {})) {
    providerOptions[key] = { ...values, ...callerOptions[key] };
  }

  return {
    callOptions: {
      prompt: input.prompt,
      n: 1,
      aspectRatio,
      resolution: placed.resolution,
      duration: input.durationSec,
      fps: undefined,
      seed: undefined,
      image: input.imageUrl === undefined ? undefined : toVideoFile(input.imageUrl, provider),
      frameImages: undefined,
      inputReferences: undefined,
      generateAudio: undefined,
      providerOptions,
      ...(context.signal === undefined ? {} : { abortSignal: context.signal }),
      headers: context.headers,
    },
    warnings,
  };
}

function checkOperation(input: ProviderVideoInput, capabilities: VideoProviderCapabilities, provider: string): void {
  const capability =
    input.operation === 'edit' ? 'edit' : input.operation === 'extend' ? 'extend' : input.imageUrl === undefined ? 'textToVideo' : 'imageToVideo';
  if (!capabilities[capability]) {
    throw new UnsupportedCapabilityError(`The AI SDK bridge "${provider}" is not configured for ${capability} (capabilities.${capability} is false)`, {
      field: capability === 'edit' || capability === 'extend' ? 'operation' : capability === 'imageToVideo' ? 'imageUrl' : 'prompt',
      capability,
      provider,
    });
  }
}

/** The AI SDK's file shape of an image URL, as its own `normalizeImageData` builds it. */
function toVideoFile(url: string, provider: string): VideoModelV4File {
  if (/^https?:\/\//i.test(url)) return { type: 'url', url };
  if (/^data:/i.test(url)) {
    const parsed = parseDataUrl(url);
    if (parsed !== undefined && parsed.data.byteLength > 0) return { type: 'file', mediaType: parsed.mediaType ?? 'image/png', data: parsed.data };
    throw new InvalidRequestError('imageUrl is a malformed data: URL', { field: 'imageUrl', provider });
  }
  throw new InvalidRequestError('imageUrl must be an http(s) or data: URL', { field: 'imageUrl', provider });
}
