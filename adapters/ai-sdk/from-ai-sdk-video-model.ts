import { randomUUID } from 'node:crypto';
import {
  InvalidRequestError,
  systemClock,
  systemSleep,
  UnsupportedCapabilityError,
  type ProviderVideoStatus,
  type VideoProvider,
  type VideoProviderCapabilities,
} from '@ring/video-conductor';
import { aiSdkDefaultCapabilities } from './ai-sdk-capabilities.js';
import type { VideoModelV4, VideoModelV4OperationStartResult, VideoModelV4OperationStatusResult } from './ai-sdk-types.js';
import { aiSdkDefaultMaxRetries, type FromAiSdkVideoModelOptions } from './from-ai-sdk-video-model-options.js';
import { toAiSdkCallOptions } from './map-call-options.js';
import { toVideoConductorError, type ModelCall } from './map-ai-sdk-error.js';
import { toAiSdkResolution } from './map-resolution.js';
import { toProviderVideoStatus } from './map-status-result.js';
import { fromAiSdkWarnings } from './map-warnings.js';
import { defaultCostUsdOf } from './metadata-facts.js';
import { decodeOperationRequestId, encodeOperationRequestId } from './operation-request-id.js';
import { retryBillableRule, retryReadRule, withProviderRetry } from '@ring/video-conductor/provider-kit';

/**
 * Turns any AI SDK video model with the asynchronous `doStart`/`doStatus` flow (fal,
 * Replicate, Google Veo, Kling, Luma, xAI…) into this package's `VideoProvider`, so the
 * conductor adds presets, the ledger, streamed persistence, budgets and crash-safe resume.
 *
 * - `submit` → `doStart` (`n: 1`, prompt, duration, aspect ratio, `{width}x{height}`
 *   resolution, `imageUrl` as the AI SDK image file, abort signal, headers plus an
 *   `idempotency-key`). The opaque `operation` becomes the request id (`aisdk1.` + base64url
 *   JSON): a fresh bridge over the same model, in any process, polls it — which is what
 *   makes `resume` and `recover` work.
 * - `getStatus` → `doStatus`, mapped to `pending` / `done` / `moderated` / `expired` /
 *   `failed`. Videos returned as bytes become `data:` URLs the conductor downloads.
 * - Errors become typed errors (`APICallError` 429 → `RateLimitError`, 5xx → retryable
 *   `ProviderError`, 400 → `InvalidRequestError`…), without headers, bodies or URL queries.
 * - `doStatus` is retried on any retryable failure; `doStart` only when no job can have
 *   started (429, 503, refused connection).
 *
 * @param model An AI SDK `Experimental_VideoModelV4` (e.g. `xai.video('grok-imagine-video')`).
 * @throws UnsupportedCapabilityError when the model lacks `doStart`/`doStatus`, when
 *   `capabilities.cancel` is `true` (the AI SDK cannot cancel), or when `edit`/`extend` are
 *   enabled without a `providerOptions` function to carry the source video.
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
 * const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', durationSec: 6 });
 * ```
 */
export function fromAiSdkVideoModel(model: VideoModelV4, options: FromAiSdkVideoModelOptions = {}): VideoProvider {
  const id = options.id ?? (typeof model?.provider === 'string' && model.provider !== '' ? model.provider : 'ai-sdk');
  const doStart = model?.doStart;
  const doStatus = model?.doStatus;
  if (typeof doStart !== 'function' || typeof doStatus !== 'function') {
    throw new UnsupportedCapabilityError(
      `The AI SDK video model "${String(model?.provider)}/${String(model?.modelId)}" has no doStart/doStatus: only models with the asynchronous start/status flow can be bridged, because only their jobs can be polled and resumed by request id`,
      { field: 'model', capability: 'doStart/doStatus', provider: id },
    );
  }
  const capabilities = resolveCapabilities(options, id);
  const retry = {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? aiSdkDefaultMaxRetries)),
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
  };
  const clock = options.clock ?? systemClock;
  const mapResolution = options.mapResolution ?? ((resolution: string) => toAiSdkResolution(resolution));
  const costUsdOf = options.costUsdOf ?? defaultCostUsdOf;
  const generateIdempotencyKey = options.generateIdempotencyKey ?? (() => `vc_${randomUUID()}`);

  /** Runs one model call, mapping what it throws; an abort rejects with the signal's reason. */
  const attempt = async <T>(call: ModelCall, signal: AbortSignal | undefined, run: () => PromiseLike<T>, requestId?: string): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw toVideoConductorError(error, { provider: id, call, now: clock.now(), ...(requestId === undefined ? {} : { requestId }) });
    }
  };

  return {
    specificationVersion: 'v1',
    id,
    capabilities,

    async submit(input, callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const callerHeaders = callOptions?.headers ?? {};
      const hasKey = Object.keys(callerHeaders).some((name) => name.toLowerCase() === 'idempotency-key');
      // One key for every attempt of this submit: a provider that honours it starts one job however often we retry.
      const headers = hasKey ? { ...callerHeaders } : { ...callerHeaders, 'idempotency-key': generateIdempotencyKey() };
      const { callOptions: startOptions, warnings } = toAiSdkCallOptions(input, {
        provider: id,
        modelId: model.modelId,
        capabilities,
        providerOptions: options.providerOptions,
        mapResolution,
        headers,
        signal,
      });
      const started: VideoModelV4OperationStartResult = await withProviderRetry(() => attempt('doStart', signal, () => doStart.call(model, startOptions)), {
        ...retry,
        rule: retryBillableRule,
        signal,
      });
      let requestId: string;
      try {
        requestId = encodeOperationRequestId(started.operation);
      } catch (error) {
        throw toVideoConductorError(error, { provider: id, call: 'doStart', now: clock.now() });
      }
      const allWarnings = [...warnings, ...fromAiSdkWarnings(started.warnings)];
      return allWarnings.length > 0 ? { requestId, warnings: allWarnings } : { requestId };
    },

    async getStatus(requestId, callOptions): Promise<ProviderVideoStatus> {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      if (typeof requestId !== 'string' || requestId.trim() === '') {
        throw new InvalidRequestError('requestId must be a non-empty string.', { field: 'requestId', provider: id });
      }
      const operation = decodeOperationRequestId(requestId, id);
      const result: VideoModelV4OperationStatusResult = await withProviderRetry(
        () =>
          attempt(
            'doStatus',
            signal,
            () => doStatus.call(model, { operation, ...(signal === undefined ? {} : { abortSignal: signal }), ...(callOptions?.headers === undefined ? {} : { headers: callOptions.headers }) }),
            requestId,
          ),
        { ...retry, rule: retryReadRule, signal },
      );
      return toProviderVideoStatus(result, costUsdOf);
    },
  };
}

function resolveCapabilities(options: FromAiSdkVideoModelOptions, id: string): VideoProviderCapabilities {
  const capabilities: VideoProviderCapabilities = { ...aiSdkDefaultCapabilities, ...options.capabilities };
  if (capabilities.cancel) {
    throw new UnsupportedCapabilityError('capabilities.cancel cannot be true: the AI SDK video model interface has no cancel call', {
      field: 'capabilities.cancel',
      capability: 'cancel',
      provider: id,
    });
  }
  for (const operation of ['edit', 'extend'] as const) {
    if (capabilities[operation] && typeof options.providerOptions !== 'function') {
      throw new UnsupportedCapabilityError(
        `capabilities.${operation} needs a providerOptions function: the AI SDK call options have no source-video field, so the function must pass input.sourceVideoUrl in the model's own terms`,
        { field: `capabilities.${operation}`, capability: operation, provider: id },
      );
    }
  }
  return Object.freeze({
    ...capabilities,
    durations: Object.freeze({ ...capabilities.durations }),
    resolutions: Object.freeze([...capabilities.resolutions]),
    aspectRatios: Object.freeze([...capabilities.aspectRatios]),
  });
}
