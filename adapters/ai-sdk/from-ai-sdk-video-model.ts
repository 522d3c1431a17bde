import { randomUUID } from 'node:crypto';
import {
  InvalidRequestError,
  ModerationError,
  systemClock,
  systemSleep,
  UnsupportedCapabilityError,
  type ProviderVideoStatus,
  type VideoProvider,
  type VideoProviderCapabilities,
} from '@ring/video-conductor';
import { retryBillableRule, retryReadRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
import { aiSdkDefaultCapabilities } from './ai-sdk-capabilities.js';
import type { AiSdkStartResult, AiSdkStatusResult, AiSdkVideoModel, JSONValue } from './ai-sdk-types.js';
import { readConfirmedStatus, transientReadError, type StatusRead } from './confirm-failure.js';
import { aiSdkDefaultMaxRetries, type FromAiSdkVideoModelOptions } from './from-ai-sdk-video-model-options.js';
import { toVideoConductorError, type ModelCall } from './map-ai-sdk-error.js';
import { toAiSdkCallOptions } from './map-call-options.js';
import { toAiSdkResolution } from './map-resolution.js';
import { toProviderVideoStatus } from './map-status-result.js';
import { fromAiSdkWarnings } from './map-warnings.js';
import { defaultCostUsdOf } from './metadata-facts.js';
import { decodeOperationRequestId, encodeOperationRequestId } from './operation-request-id.js';
import { profileFor } from './profiles/index.js';

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
 *   `failed`. Videos returned as bytes become `data:` URLs the conductor downloads. A failure
 *   is **confirmed before it is final**: a re-read with backoff must say it again, unless the
 *   provider marked it final with a code of its own; a read that failed on the way (a 503, a
 *   dropped connection — which `@ai-sdk/fal` reports as a failed job) stays a retryable error.
 * - Per-provider tables (`profiles/`: fal, Google, Replicate) say where resolution goes, how
 *   moderation is signalled, whether a cost and an `idempotency-key` are taken.
 * - Errors become typed errors (`APICallError` 429 → `RateLimitError`, 5xx → retryable
 *   `ProviderError`, 400 → `InvalidRequestError`…), without headers, bodies or URL queries.
 * - `doStatus` is retried on any retryable failure; `doStart` only when no job can have
 *   started (429, 503, refused connection).
 *
 * @param model Any AI SDK 4.x video model (e.g. `fal.video('luma-dream-machine/ray-2-flash')`),
 *   typed structurally ({@link AiSdkVideoModel}) so mixed `@ai-sdk/provider` versions compile.
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
export function fromAiSdkVideoModel(model: AiSdkVideoModel, options: FromAiSdkVideoModelOptions = {}): VideoProvider {
  const id = options.id ?? (typeof model?.provider === 'string' && model.provider !== '' ? model.provider : 'ai-sdk');
  const doStart = model?.doStart as ((options: unknown) => PromiseLike<AiSdkStartResult>) | undefined;
  const doStatus = model?.doStatus as ((options: unknown) => PromiseLike<AiSdkStatusResult>) | undefined;
  if (typeof doStart !== 'function' || typeof doStatus !== 'function') {
    throw new UnsupportedCapabilityError(
      `The AI SDK video model "${String(model?.provider)}/${String(model?.modelId)}" has no doStart/doStatus: only models with the asynchronous start/status flow can be bridged, because only their jobs can be polled and resumed by request id`,
      { field: 'model', capability: 'doStart/doStatus', provider: id },
    );
  }
  const profile = profileFor(typeof model.provider === 'string' ? model.provider : '');
  const capabilities = resolveCapabilities(options, id);
  const retry = {
    maxRetries: Math.max(0, Math.floor(options.maxRetries ?? aiSdkDefaultMaxRetries)),
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
  };
  const clock = options.clock ?? systemClock;
  const mapResolution = options.mapResolution ?? ((resolution: string) => toAiSdkResolution(resolution));
  const costUsdOf = options.costUsdOf ?? (profile.reportsCost ? defaultCostUsdOf : () => undefined);
  const generateIdempotencyKey = options.generateIdempotencyKey ?? (() => `vc_${randomUUID()}`);
  const confirmation = {
    reads: Math.max(0, Math.floor(options.failureConfirmation?.reads ?? 3)),
    delayMs: Math.max(0, options.failureConfirmation?.delayMs ?? 1000),
  };

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
      // One key for every attempt of this submit, for providers that honour it; the others never see it.
      const headers = hasKey || !profile.sendsIdempotencyKey ? { ...callerHeaders } : { ...callerHeaders, 'idempotency-key': generateIdempotencyKey() };
      const { callOptions: startOptions, warnings } = toAiSdkCallOptions(input, {
        provider: id,
        modelId: model.modelId,
        capabilities,
        providerOptions: options.providerOptions,
        mapResolution,
        headers,
        signal,
        profile,
      });
      const start = async () => {
        try {
          return await doStart.call(model, startOptions);
        } catch (error) {
          const moderation = profile.moderationOfSubmitError(numberOf(error, 'statusCode') ?? 0, stringOf(error, 'responseBody'));
          if (moderation !== undefined) throw new ModerationError(moderation, { provider: id });
          throw error;
        }
      };
      const started = await withProviderRetry(() => attempt('doStart', signal, start), { ...retry, rule: retryBillableRule, signal });
      let requestId: string;
      try {
        requestId = encodeOperationRequestId(started.operation as JSONValue);
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
      const statusUrl = profile.statusUrlOf(operation);
      const statusOptions = {
        operation,
        ...(signal === undefined ? {} : { abortSignal: signal }),
        ...(callOptions?.headers === undefined ? {} : { headers: callOptions.headers }),
      };
      const readOnce = async (): Promise<StatusRead> => {
        if (statusUrl !== undefined) options.errorBodies?.take(statusUrl); // forget what an earlier read left
        let result: AiSdkStatusResult;
        try {
          result = await doStatus.call(model, statusOptions);
        } catch (error) {
          const thrown = profile.statusOfThrown(error);
          if (thrown !== undefined) return { thrown };
          throw error;
        }
        if (result.status !== 'error') return { result };
        const verdict = profile.classifyFailure({
          result,
          message: typeof result.error === 'string' ? result.error : String((result.error as { message?: unknown } | undefined)?.message ?? ''),
          headers: result.response?.headers,
          errorBody: statusUrl === undefined ? undefined : options.errorBodies?.take(statusUrl),
        });
        if (verdict.kind === 'transient') throw transientReadError(verdict, { provider: id, requestId, target: describeTarget(statusUrl) });
        return { result, verdict };
      };
      return readConfirmedStatus({
        read: () => withProviderRetry(() => attempt('doStatus', signal, readOnce, requestId), { ...retry, rule: retryReadRule, signal }),
        map: (result) => toProviderVideoStatus(result, costUsdOf, profile),
        confirmation,
        sleep: retry.sleep,
        signal,
        provider: id,
        requestId,
      });
    },
  };
}

/** Origin and path of the status URL (never its query), or `the provider`. */
function describeTarget(url: string | undefined): string {
  if (url === undefined) return 'the provider';
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the provider';
  }
}

function numberOf(error: unknown, key: string): number | undefined {
  const value = (error as Record<string, unknown> | null)?.[key];
  return typeof value === 'number' ? value : undefined;
}

function stringOf(error: unknown, key: string): string | undefined {
  const value = (error as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : undefined;
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
