import type { ImageProvider, VideoProvider } from '@ring/video-conductor';
import { createXaiImageProvider } from './xai-image-provider.js';
import type { XaiOptions } from './xai-options.js';
import { createXaiVideoProvider } from './xai-video-provider.js';

/**
 * The providers {@link createXai} returns.
 *
 * @example
 * ```ts
 * const { video, image }: XaiProviders = createXai();
 * ```
 */
export interface XaiProviders {
  /** Grok Imagine video: generate (text/image-to-video), edit, extend. */
  video: VideoProvider;
  /** Grok Imagine images, for first frames. */
  image: ImageProvider;
}

/**
 * Creates both xAI providers with one set of options. Nothing is read or sent until the
 * first call; the API key defaults to `process.env.XAI_API_KEY` read at that moment.
 *
 * @example
 * ```ts
 * import { createXai } from '@ring/video-conductor/xai';
 *
 * const xai = createXai({ timeoutMs: 30_000 });
 * const { requestId } = await xai.video.submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'Waves at dusk' });
 * const frame = await xai.image.generateImage({ prompt: 'A lighthouse at dusk' });
 * ```
 */
export function createXai(options: XaiOptions = {}): XaiProviders {
  return { video: createXaiVideoProvider(options), image: createXaiImageProvider(options) };
}
