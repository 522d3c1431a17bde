import type { ImageProvider } from '@ring/video-conductor';
import { mapImageRequest, imageFieldNames } from './map-image-request.js';
import { mapImageResponse } from './map-image-response.js';
import { retryBillableRule, withProviderRetry } from '@ring/video-conductor/provider-kit';
import { retrySettingsOf } from './retry.js';
import { createXaiHttpClient } from './xai-http-client.js';
import type { XaiOptions } from './xai-options.js';

/**
 * Creates the xAI `ImageProvider` (first frames for image-to-video), over
 * `POST /v1/images/generations`. With `imageResponseFormat: 'b64_json'` the bytes come back
 * in `data`; with `'url'` (the default) a temporary URL comes back in `url`.
 *
 * Generation is billable, so a failed call is re-sent only when it provably produced
 * nothing: HTTP 429, HTTP 503 or a refused connection. A moderated prompt rejects with
 * `ModerationError`.
 *
 * @example
 * ```ts
 * import { createXaiImageProvider } from '@ring/video-conductor/xai';
 *
 * const image = createXaiImageProvider({ imageResponseFormat: 'b64_json' });
 * const frame = await image.generateImage({ prompt: 'Kyiv skyline at dawn', aspectRatio: '9:16' });
 * frame.data; // Uint8Array
 * ```
 */
export function createXaiImageProvider(options: XaiOptions = {}): ImageProvider {
  const client = createXaiHttpClient(options);
  const retry = retrySettingsOf(options);
  const responseFormat = options.imageResponseFormat ?? 'url';

  return {
    specificationVersion: 'v1',
    id: 'xai',

    // https://docs.x.ai/docs/guides/image-generations (POST /v1/images/generations)
    async generateImage(input, callOptions) {
      callOptions?.signal?.throwIfAborted();
      const body = mapImageRequest(input, responseFormat);
      const response = await withProviderRetry(
        () => client.send({ method: 'POST', path: '/images/generations', json: body, fieldNames: imageFieldNames, callOptions }),
        { ...retry, rule: retryBillableRule, signal: callOptions?.signal },
      );
      return mapImageResponse(response);
    },
  };
}
