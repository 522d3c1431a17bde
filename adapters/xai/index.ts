/**
 * `@ring/video-conductor/xai` — the xAI (Grok Imagine) adapter: a `VideoProvider`
 * (text-to-video, image-to-video, edit, extend) and an `ImageProvider` (first frames) over
 * the xAI REST API, with ky.
 *
 * - The API key comes from the `apiKey` option or `XAI_API_KEY`, read at the first call; it
 *   never appears in an error, its `cause`, `toJSON()`, an event or a log.
 * - Every failure is a `VideoConductorError` subclass naming the operation and target, e.g.
 *   `POST /v1/videos/generations failed with 503`.
 * - Status reads retry transient failures with backoff and jitter, honouring `Retry-After`.
 *   Billable POSTs retry only when the request provably started no job (HTTP 429, HTTP 503,
 *   refused connection).
 *
 * @example
 * ```ts
 * import { createXai } from '@ring/video-conductor/xai';
 *
 * const { video, image } = createXai();
 * const { requestId, warnings } = await video.submit({
 *   operation: 'generate',
 *   model: 'grok-imagine-video',
 *   prompt: 'A drone shot over Kyiv at dawn',
 *   durationSec: 6,
 *   aspectRatio: '9:16',
 *   resolution: '480p',
 * });
 * ```
 *
 * @see https://docs.x.ai/docs/guides/video-generation
 * @module
 */
export { createXai, type XaiProviders } from './create-xai.js';
export { createXaiVideoProvider } from './xai-video-provider.js';
export { createXaiImageProvider } from './xai-image-provider.js';
export { xaiDefaultBaseURL, xaiDefaultMaxRetries, xaiDefaultTimeoutMs, type XaiOptions } from './xai-options.js';
export { xaiVideoCapabilities } from './xai-capabilities.js';
export {
  xaiDefaultImageModelId,
  xaiImageModelIds,
  xaiVideoModelIds,
  type XaiImageModelId,
  type XaiVideoModelId,
} from './xai-model-ids.js';
export { xaiUserAgent } from './xai-version.js';
