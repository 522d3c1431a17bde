/**
 * `@ring/video-conductor/runway` — the Runway adapter, on the official `@runwayml/sdk` (an
 * optional peer: `npm install @runwayml/sdk`): a `VideoProvider` (text-to-video with
 * `gen4.5`, image-to-video with `gen4.5` and `gen4_turbo`, cancel) and an `ImageProvider`
 * (`gen4_image` first frames), plus {@link runwayPresets}, the Runway quality modes.
 *
 * - The API secret comes from the `apiKey` option or `RUNWAYML_API_SECRET`, read at the
 *   first call; it never appears in an error, its `cause`, `toJSON()`, an event or a log
 *   (the SDK's logging is off).
 * - `@runwayml/sdk` is imported at the first call, so this module loads without it; a call
 *   then rejects with `InvalidRequestError` code `MISSING_PEER_DEPENDENCY`.
 * - Every request carries `X-Runway-Version` (`runwayDefaultVersion`, 2024-11-06).
 * - The SDK's own retries are off. Task reads and cancels retry transient failures with
 *   backoff and jitter, honouring `Retry-After`; billable creates retry only on HTTP 429,
 *   HTTP 503 or a refused connection.
 * - `W:H` aspect ratios become Runway pixel ratios (`16:9` → `1280:720`); one without a
 *   Runway ratio is refused before any call.
 *
 * @example
 * ```ts
 * import { createRunway } from '@ring/video-conductor/runway';
 *
 * const { video } = createRunway();
 * const { requestId } = await video.submit({ operation: 'generate', model: 'gen4.5', prompt: 'A drone shot over Kyiv at dawn', durationSec: 5, aspectRatio: '9:16' });
 * const status = await video.getStatus(requestId); // { state: 'pending', progress: 40 } … { state: 'done', video: { url } }
 * ```
 *
 * @see https://docs.dev.runwayml.com/
 * @module
 */
export { createRunway, type RunwayProviders } from './create-runway.js';
export { createRunwayVideoProvider } from './runway-video-provider.js';
export { createRunwayImageProvider, runwayDefaultImageModelId, runwayImageRatios } from './runway-image-provider.js';
export {
  runwayDefaultBaseURL,
  runwayDefaultMaxRetries,
  runwayDefaultTimeoutMs,
  runwayDefaultVersion,
  type RunwayOptions,
} from './runway-options.js';
export { runwayVideoCapabilities, runwayVideoModelIds, runwayVideoRatios, type RunwayVideoModelId } from './runway-capabilities.js';
export { runwayPresets } from './runway-presets.js';
export { runwayUsdPerCredit } from './map-task-status.js';
