import type { Clock, ProviderVideoInput, Sleep, VideoProviderCapabilities } from '@ring/video-conductor';
import type { SharedV4ProviderMetadata, SharedV4ProviderOptions } from './ai-sdk-types.js';
import type { FailureConfirmation } from './confirm-failure.js';
import type { ErrorBodyRecorder } from './error-body-recorder.js';

/**
 * A `{width}x{height}` resolution, as the AI SDK's call options take it.
 * @example
 * ```ts
 * const resolution: AiSdkResolution = '1280x720';
 * ```
 */
export type AiSdkResolution = `${number}x${number}`;

/**
 * Options of {@link fromAiSdkVideoModel}. Every field is optional.
 * @example
 * ```ts
 * const options: FromAiSdkVideoModelOptions = {
 *   id: 'fal',
 *   capabilities: { durations: { min: 5, max: 10 }, resolutions: ['720p', '1080p'], aspectRatios: ['16:9', '9:16'] },
 *   providerOptions: { fal: { loop: true } },
 * };
 * ```
 */
export interface FromAiSdkVideoModelOptions {
  /**
   * Provider id stored in ledger rows and named in errors.
   * @default model.provider (e.g. `xai.video`), or `ai-sdk` when the model has none
   */
  id?: string;
  /**
   * Overrides of the declared capabilities; see {@link aiSdkDefaultCapabilities} for the
   * defaults. `edit`/`extend` need a `providerOptions` function (the AI SDK has no
   * source-video field); `cancel: true` is refused (it has no cancel call).
   */
  capabilities?: Partial<VideoProviderCapabilities>;
  /**
   * The AI SDK's `providerOptions` of every `doStart`, keyed by provider
   * (`{ fal: { loop: true } }`). A function receives the job and returns them — the way to
   * pass `sourceVideoUrl` for edits, or `user`, in the model's own terms.
   * @default {}
   * @example
   * ```ts
   * providerOptions: (input) =>
   *   input.operation === 'edit' ? { xai: { mode: 'edit-video', videoUrl: input.sourceVideoUrl! } } : {},
   * ```
   */
  providerOptions?: SharedV4ProviderOptions | ((input: ProviderVideoInput) => SharedV4ProviderOptions);
  /**
   * Turns a port resolution (`720p`) into the AI SDK's `{width}x{height}`. `undefined`
   * leaves the field out (with an `unsupported` warning).
   * @default `Np` → the 16:9 size of that height (`480p` → `854x480`, `720p` → `1280x720`,
   *   `1080p` → `1920x1080`), the convention AI SDK providers map back to tiers;
   *   `WxH` passes through.
   */
  mapResolution?: (resolution: string, aspectRatio: string | undefined) => AiSdkResolution | undefined;
  /**
   * The cost of a finished job in USD, from the status's provider metadata.
   * @default a `costUsd` number, or xAI's `costInUsdTicks` / 10^10, under any provider key
   */
  costUsdOf?: (providerMetadata: SharedV4ProviderMetadata | undefined) => number | undefined;
  /**
   * Repeats of a failed call after the first attempt. `doStatus` repeats any retryable
   * failure; `doStart` only failures that provably started no job (HTTP 429, 503, refused
   * connection). `0` disables retries.
   * @default 2
   */
  maxRetries?: number;
  /** Waits between retries. @default core's `systemSleep` */
  sleep?: Sleep;
  /** Jitter source in [0, 1). @default Math.random */
  random?: () => number;
  /** Reads the time, for HTTP-date `Retry-After` headers. @default core's `systemClock` */
  clock?: Clock;
  /**
   * Makes the `idempotency-key` header of each submit — sent only to providers whose API takes
   * it (not fal, Google or Replicate; see `docs/providers/`). A caller's own header is always sent.
   * @default () => `vc_${crypto.randomUUID()}`
   */
  generateIdempotencyKey?: () => string;
  /**
   * How a failure reported by the model is confirmed before it ends the job: re-reads with
   * backoff; only a failure seen again (or one the provider marks final with a code of its
   * own) ends it; a re-read that disagrees keeps the job followed (`STATUS_UNCONFIRMED`).
   * @default { reads: 3, delayMs: 1000 }
   */
  failureConfirmation?: FailureConfirmation;
  /**
   * The recorder whose `fetch` the AI SDK provider uses (`createErrorBodyRecorder`), so the
   * bridge reads error bodies the model drops — with `@ai-sdk/fal`, the only way to tell a
   * content-policy 422 (→ `moderated`) from another rejection. `undefined`: not used.
   */
  errorBodies?: ErrorBodyRecorder;
}

/**
 * Default of {@link FromAiSdkVideoModelOptions.maxRetries}.
 * @example
 * ```ts
 * aiSdkDefaultMaxRetries; // 2
 * ```
 */
export const aiSdkDefaultMaxRetries = 2;
