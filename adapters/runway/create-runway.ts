import type { ImageProvider, VideoProvider } from '@ring/video-conductor';
import { createRunwayImageProvider } from './runway-image-provider.js';
import type { RunwayOptions } from './runway-options.js';
import { createRunwayVideoProvider } from './runway-video-provider.js';

/**
 * The providers {@link createRunway} returns.
 *
 * @example
 * ```ts
 * const { video, image }: RunwayProviders = createRunway();
 * ```
 */
export interface RunwayProviders {
  /** Runway video: text-to-video (`gen4.5`) and image-to-video (`gen4.5`, `gen4_turbo`), cancellable. */
  video: VideoProvider;
  /** Runway `gen4_image` text-to-image, for first frames. */
  image: ImageProvider;
}

/**
 * Creates both Runway providers with one set of options. Nothing is read, loaded or sent
 * until the first call: the key defaults to `process.env.RUNWAYML_API_SECRET` read at that
 * moment, and `@runwayml/sdk` (an optional peer) is imported then.
 *
 * @example
 * ```ts
 * import { createRunway } from '@ring/video-conductor/runway';
 *
 * const runway = createRunway({ timeoutMs: 30_000 });
 * const { requestId } = await runway.video.submit({ operation: 'generate', model: 'gen4.5', prompt: 'Waves at dusk', durationSec: 5, aspectRatio: '16:9' });
 * await runway.video.cancel?.(requestId);
 * ```
 */
export function createRunway(options: RunwayOptions = {}): RunwayProviders {
  return { video: createRunwayVideoProvider(options), image: createRunwayImageProvider(options) };
}
