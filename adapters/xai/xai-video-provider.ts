import { InvalidRequestError, ModerationError, type VideoProvider } from '@ring/video-conductor';
import { mapSubmitResponse, mapVideoStatus } from './map-video-response.js';
import { mapVideoRequest, videoFieldNames } from './map-video-request.js';
import { retryBillableRule, retryReadRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
import { retrySettingsOf } from './retry.js';
import { xaiVideoCapabilities } from './xai-capabilities.js';
import { createXaiHttpClient } from './xai-http-client.js';
import type { XaiOptions } from './xai-options.js';

/**
 * Creates the xAI (Grok Imagine) `VideoProvider`: text-to-video, image-to-video, edit and
 * extend, polled by request id.
 *
 * Retries: `getStatus` is read-only and retries any retryable failure (5xx, 429, network,
 * timeout) with backoff and jitter, honouring `Retry-After`. `submit` spends money and is
 * re-sent **only** when the request provably started no job — HTTP 429, HTTP 503 or a
 * refused connection — never after a timeout, 500, 502, 504 or a reset connection. Such a
 * failure still has `isRetryable: true` when the cause is transient; whether to submit again
 * (and risk paying twice) is the caller's decision. An abort rejects at once with the
 * signal's reason and stops every retry.
 *
 * @example
 * ```ts
 * import { createXaiVideoProvider } from '@ring/video-conductor/xai';
 *
 * const video = createXaiVideoProvider(); // XAI_API_KEY is read at the first call
 * const { requestId } = await video.submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', resolution: '480p' });
 * const status = await video.getStatus(requestId);
 * ```
 */
export function createXaiVideoProvider(options: XaiOptions = {}): VideoProvider {
  const client = createXaiHttpClient(options);
  const retry = retrySettingsOf(options);

  return {
    specificationVersion: 'v1',
    id: 'xai',
    capabilities: xaiVideoCapabilities,

    // https://docs.x.ai/docs/guides/video-generation (POST /v1/videos/generations, /v1/videos/edits, /v1/videos/extensions)
    async submit(input, callOptions) {
      callOptions?.signal?.throwIfAborted();
      const { path, body, warnings } = mapVideoRequest(input);
      const response = await withProviderRetry(
        () => client.send({ method: 'POST', path, json: body, fieldNames: videoFieldNames, callOptions }),
        { ...retry, rule: retryBillableRule, signal: callOptions?.signal },
      );
      const requestId = mapSubmitResponse(response);
      return warnings.length > 0 ? { requestId, warnings } : { requestId };
    },

    // https://docs.x.ai/docs/guides/video-generation (GET /v1/videos/{request_id})
    async getStatus(requestId, callOptions) {
      callOptions?.signal?.throwIfAborted();
      if (typeof requestId !== 'string' || requestId.trim() === '') {
        throw new InvalidRequestError('requestId must be a non-empty string.', { field: 'requestId', provider: 'xai' });
      }
      let response;
      try {
        response = await withProviderRetry(
          () => client.send({ method: 'GET', path: `/videos/${encodeURIComponent(requestId)}`, requestId, callOptions }),
          { ...retry, rule: retryReadRule, signal: callOptions?.signal },
        );
      } catch (error) {
        // xAI may answer the status read of a blocked video with a billed HTTP 400 (docs/providers/xai.md).
        if (ModerationError.isInstance(error)) {
          return {
            state: 'moderated',
            message: error.message,
            ...(error.costUsd === undefined ? {} : { usage: { costUsd: error.costUsd } }),
          };
        }
        throw error;
      }
      return mapVideoStatus(response, client.apiKey(), client.clock.now());
    },
  };
}
