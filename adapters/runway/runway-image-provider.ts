import { InvalidRequestError, ModerationError, ProviderError, type ImageProvider } from '@ring/video-conductor';
import type { TextToImageCreateParams } from '@runwayml/sdk/resources';
import { mapTaskStatus, parseTask, taskIdOf } from './map-task-status.js';
import { createRunwayClient } from './runway-client.js';
import type { RunwayOptions } from './runway-options.js';

/**
 * The image model used when the input names none: `gen4_image`, the Runway text-to-image
 * model that needs no reference image (`gen4_image_turbo` requires one to three).
 *
 * @example
 * ```ts
 * runwayDefaultImageModelId; // 'gen4_image'
 * ```
 */
export const runwayDefaultImageModelId = 'gen4_image';

/**
 * `W:H` aspect ratio → the 720p-class pixel ratio `gen4_image` takes (from
 * `TextToImageCreateParams.Gen4Image.ratio` of `@runwayml/sdk` 4.20.1).
 *
 * @example
 * ```ts
 * runwayImageRatios['9:16']; // '720:1280'
 * ```
 */
export const runwayImageRatios: Readonly<Record<string, string>> = Object.freeze({
  '16:9': '1280:720',
  '9:16': '720:1280',
  '1:1': '720:720',
  '4:3': '960:720',
  '3:4': '720:960',
  '21:9': '1680:720',
});

/**
 * Creates the Runway `ImageProvider` (first frames for image-to-video) on the official SDK:
 * `POST /v1/text_to_image` (billable: retried only when it provably started nothing), then
 * the task is read every {@link RunwayOptions.imagePollIntervalMs} until it ends. A
 * `SAFETY.*` failure rejects with `ModerationError`; another failure, or no result within
 * {@link RunwayOptions.imageTimeoutMs}, with a `ProviderError`. The result is the output URL
 * (it expires within 24–48 h; the conductor hands it straight to the video task) and its cost.
 *
 * @example
 * ```ts
 * import { createRunwayImageProvider } from '@ring/video-conductor/runway';
 *
 * const image = createRunwayImageProvider();
 * const { url, costUsd } = await image.generateImage({ prompt: 'A lighthouse at dusk', aspectRatio: '16:9' });
 * ```
 */
export function createRunwayImageProvider(options: RunwayOptions = {}): ImageProvider {
  const runway = createRunwayClient(options);
  const intervalMs = options.imagePollIntervalMs ?? 5000;
  const timeoutMs = options.imageTimeoutMs ?? 300_000;

  return {
    specificationVersion: 'v1',
    id: 'runway',

    // https://docs.dev.runwayml.com/api/ (POST /v1/text_to_image, then GET /v1/tasks/{id})
    async generateImage(input, callOptions) {
      const signal = callOptions?.signal;
      signal?.throwIfAborted();
      const model = input.model ?? runwayDefaultImageModelId;
      if (model !== runwayDefaultImageModelId) {
        throw new InvalidRequestError(`Invalid Runway image request: model must be ${runwayDefaultImageModelId}, got ${JSON.stringify(model)}`, { field: 'model', provider: 'runway' });
      }
      const prompt = typeof input.prompt === 'string' ? input.prompt.trim() : '';
      if (prompt === '' || prompt.length > 1000) {
        throw new InvalidRequestError('Invalid Runway image request: prompt must have 1 to 1000 characters', { field: 'prompt', provider: 'runway' });
      }
      const ratio = runwayImageRatios[input.aspectRatio ?? '16:9'];
      if (ratio === undefined) {
        throw new InvalidRequestError(
          `Invalid Runway image request: aspectRatio ${JSON.stringify(input.aspectRatio)} has no gen4_image ratio; allowed: ${Object.keys(runwayImageRatios).join(', ')}`,
          { field: 'aspectRatio', provider: 'runway' },
        );
      }
      const body = { model, promptText: prompt, ratio } as TextToImageCreateParams.Gen4Image;
      const operation = 'POST /v1/text_to_image';
      const created = await runway.run({ operation, billable: true, callOptions }, (client, requestOptions) => client.textToImage.create(body, requestOptions));
      const taskId = taskIdOf(created, operation);

      const deadline = runway.clock.now() + timeoutMs;
      const read = `GET /v1/tasks/${encodeURIComponent(taskId)}`;
      for (;;) {
        const task = parseTask(
          await runway.run({ operation: read, billable: false, requestId: taskId, callOptions }, (client, requestOptions) => client.tasks.retrieve(taskId, requestOptions)),
          read,
          taskId,
        );
        const status = mapTaskStatus(task, runway.apiKey());
        if (status.state === 'done') {
          return { url: status.video.url, contentType: 'image/png', ...(status.usage?.costUsd === undefined ? {} : { costUsd: status.usage.costUsd }) };
        }
        if (status.state === 'moderated') {
          throw new ModerationError(`Runway image task ${taskId} was blocked: ${status.message ?? 'moderation'}`, {
            provider: 'runway',
            requestId: taskId,
            ...(status.usage?.costUsd === undefined ? {} : { costUsd: status.usage.costUsd }),
          });
        }
        if (status.state === 'failed') {
          throw new ProviderError(`Runway image task ${taskId} failed: ${status.message}`, {
            provider: 'runway',
            code: 'GENERATION_FAILED',
            requestId: taskId,
            isRetryable: status.retryable,
            cause: { code: status.code },
          });
        }
        if (runway.clock.now() + intervalMs > deadline) {
          throw new ProviderError(`Runway image task ${taskId} did not finish within ${timeoutMs} ms`, { provider: 'runway', code: 'TIMEOUT', requestId: taskId, isRetryable: false });
        }
        await runway.sleep(intervalMs, signal);
      }
    },
  };
}
