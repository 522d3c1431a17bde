import { InvalidRequestError, type CallOptions, type VideoProvider } from '@ring/video-conductor';
import { mapTaskStatus, parseTask, taskIdOf } from './map-task-status.js';
import { mapVideoRequest } from './map-video-request.js';
import { runwayVideoCapabilities } from './runway-capabilities.js';
import { createRunwayClient } from './runway-client.js';
import type { RunwayOptions } from './runway-options.js';

/**
 * Creates the Runway `VideoProvider` on the official `@runwayml/sdk`: text-to-video
 * (`gen4.5`) and image-to-video (`gen4.5`, `gen4_turbo`), polled through Runway's shared
 * task resource, cancellable.
 *
 * Retries: the SDK's own retries are off. `getStatus` and `cancel` retry any retryable
 * failure (5xx, 429, network, timeout) with backoff and jitter, honouring `Retry-After`.
 * `submit` spends credits and is re-sent **only** when the request provably started no task —
 * HTTP 429, HTTP 503 or a refused connection — never after a timeout, 500, 502, 504 or a reset
 * connection (the conductor then records `SUBMIT_OUTCOME_UNKNOWN`). An abort rejects at once
 * with the signal's reason and stops every retry.
 *
 * @example
 * ```ts
 * import { createRunwayVideoProvider } from '@ring/video-conductor/runway';
 *
 * const video = createRunwayVideoProvider(); // RUNWAYML_API_SECRET is read at the first call
 * const { requestId } = await video.submit({ operation: 'generate', model: 'gen4.5', prompt: 'A drone shot over Kyiv at dawn', durationSec: 5, aspectRatio: '16:9' });
 * const status = await video.getStatus(requestId);
 * ```
 */
export function createRunwayVideoProvider(options: RunwayOptions = {}): VideoProvider {
  const runway = createRunwayClient(options);

  const checkId = (requestId: string) => {
    if (typeof requestId !== 'string' || requestId.trim() === '') {
      throw new InvalidRequestError('requestId must be a non-empty string.', { field: 'requestId', provider: 'runway' });
    }
  };
  const taskOperation = (method: string, requestId: string) => `${method} /v1/tasks/${encodeURIComponent(requestId)}`;

  return {
    specificationVersion: 'v1',
    id: 'runway',
    capabilities: runwayVideoCapabilities,

    // https://docs.dev.runwayml.com/api/ (POST /v1/text_to_video, POST /v1/image_to_video)
    async submit(input, callOptions?: CallOptions) {
      callOptions?.signal?.throwIfAborted();
      const request = mapVideoRequest(input);
      const operation = `POST /v1/${request.endpoint}`;
      const created = await runway.run({ operation, billable: true, callOptions }, (client, requestOptions) =>
        request.endpoint === 'text_to_video'
          ? client.textToVideo.create(request.body, requestOptions)
          : client.imageToVideo.create(request.body, requestOptions),
      );
      const requestId = taskIdOf(created, operation);
      return request.warnings.length > 0 ? { requestId, warnings: request.warnings } : { requestId };
    },

    // https://docs.dev.runwayml.com/api/ (GET /v1/tasks/{id})
    async getStatus(requestId, callOptions?: CallOptions) {
      callOptions?.signal?.throwIfAborted();
      checkId(requestId);
      const operation = taskOperation('GET', requestId);
      const body: unknown = await runway.run({ operation, billable: false, requestId, callOptions }, (client, requestOptions) =>
        client.tasks.retrieve(requestId, requestOptions),
      );
      return mapTaskStatus(parseTask(body, operation, requestId), runway.apiKey());
    },

    // https://docs.dev.runwayml.com/api/ (DELETE /v1/tasks/{id}: cancels a pending, throttled or running task)
    async cancel(requestId, callOptions?: CallOptions) {
      callOptions?.signal?.throwIfAborted();
      checkId(requestId);
      await runway.run({ operation: taskOperation('DELETE', requestId), billable: false, requestId, callOptions }, (client, requestOptions) =>
        client.tasks.delete(requestId, requestOptions),
      );
    },
  };
}
