import { ModerationError, type CallOptions, type GeneratedImage, type ImageGenerationInput, type ImageProvider } from '@ring/video-conductor';
import { localFirstFramePng } from './local-video-fixture.js';
import { localOutcomeOf } from './local-video-job.js';

/**
 * An offline {@link ImageProvider} (id `local`) that pairs with the local video provider:
 * every first frame is the same 64×36 PNG test pattern, returned as bytes (`data`) at no
 * cost, so `firstFramePrompt` works without keys or network. A prompt containing
 * `[local:moderated]` is refused with a `ModerationError`.
 *
 * @example
 * ```ts
 * import { createLocalImageProvider, createLocalVideoProvider } from '@ring/video-conductor/local';
 *
 * const provider = createLocalVideoProvider();
 * const conductor = createVideoConductor({ provider, imageProvider: createLocalImageProvider(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, storage });
 * await conductor.generate({ prompt: 'The fox runs', firstFramePrompt: 'A fox in the snow' });
 * ```
 */
export function createLocalImageProvider(): ImageProvider & { readonly id: 'local' } {
  return {
    specificationVersion: 'v1',
    id: 'local',
    async generateImage(input: ImageGenerationInput, options: CallOptions = {}): Promise<GeneratedImage> {
      options.signal?.throwIfAborted();
      if (localOutcomeOf(input.prompt) === 'moderated') {
        throw new ModerationError('The local image provider moderated this prompt, as it asked ([local:moderated])', { provider: 'local' });
      }
      return { data: localFirstFramePng(), contentType: 'image/png', costUsd: 0 };
    },
  };
}
