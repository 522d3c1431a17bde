/**
 * `@ring/video-conductor/ai-sdk` — a bridge from the [AI SDK](https://ai-sdk.dev)'s video
 * models to this package's `VideoProvider`. Any model with the asynchronous
 * `doStart`/`doStatus` flow (fal, Replicate, Google Veo, Kling, Luma, xAI…) gains presets,
 * the durable ledger, streamed persistence, budgets and crash-safe resume from the
 * conductor.
 *
 * - `ai` and `@ai-sdk/provider` are optional peer dependencies; the bridge only imports
 *   their types, and you bring the model (`@ai-sdk/xai`, `@ai-sdk/fal`, …).
 * - The AI SDK's opaque `operation` is serialised into the request id, so any process with
 *   a bridge over the same model resumes the job from its ledger row.
 * - Failures are typed (`RateLimitError`, `ProviderError`, `InvalidRequestError`…) and never
 *   carry headers, bodies or URL queries.
 *
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
 * import { createXai } from '@ai-sdk/xai';
 *
 * const provider = fromAiSdkVideoModel(createXai().video('grok-imagine-video'), {
 *   capabilities: { durations: { min: 1, max: 15 }, resolutions: ['480p', '720p'] },
 * });
 * const conductor = createVideoConductor({ provider, storage, ledger });
 * const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16' });
 * ```
 *
 * @module
 */
export { fromAiSdkVideoModel } from './from-ai-sdk-video-model.js';
export { aiSdkDefaultMaxRetries, type AiSdkResolution, type FromAiSdkVideoModelOptions } from './from-ai-sdk-video-model-options.js';
export { aiSdkDefaultCapabilities } from './ai-sdk-capabilities.js';
export { decodeOperationRequestId, encodeOperationRequestId, operationRequestIdPrefix } from './operation-request-id.js';
export { toAiSdkResolution } from './map-resolution.js';
export { statusFromFailureMessage } from './classify-failure.js';
export { defaultCostUsdOf } from './metadata-facts.js';
export type { AiSdkStartResult, AiSdkStatusResult, AiSdkVideoDataLike, AiSdkVideoModel, AiSdkWarningLike } from './ai-sdk-types.js';
export { createErrorBodyRecorder, type ErrorBodyRecorder, type ErrorBodyRecorderOptions, type RecordedErrorResponse } from './error-body-recorder.js';
export type { FailureConfirmation } from './confirm-failure.js';
export { falPresets, googleVeoPresets } from './ai-sdk-presets.js';
